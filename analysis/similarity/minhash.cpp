// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/minhash.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lineage::similarity {

namespace {

// GCC and Clang's 128-bit integer (__extension__ keeps -Wpedantic quiet).
__extension__ typedef unsigned __int128 UInt128;

quint64 splitmix64(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

inline quint64 reduce61(quint64 x)
{
    x = (x & MinHasher::kPrime) + (x >> 61);
    return x >= MinHasher::kPrime ? x - MinHasher::kPrime : x;
}

// Simpson's rule on [a, b] with an even number of intervals.
template<typename F> double integrate(F f, double a, double b, int intervals = 256)
{
    if (b <= a)
        return 0.0;
    const double h = (b - a) / intervals;
    double sum = f(a) + f(b);
    for (int i = 1; i < intervals; ++i)
        sum += f(a + i * h) * (i % 2 ? 4.0 : 2.0);
    return sum * h / 3.0;
}

} // namespace

MinHasher::MinHasher(int numPerm, quint64 seed) : m_seed(seed)
{
    numPerm = std::max(1, numPerm);
    m_a.reserve(size_t(numPerm));
    m_b.reserve(size_t(numPerm));
    quint64 state = seed;
    for (int i = 0; i < numPerm; ++i) {
        quint64 a;
        do {
            a = splitmix64(state) >> 3; // < 2^61
        } while (a == 0 || a >= kPrime);
        quint64 b;
        do {
            b = splitmix64(state) >> 3;
        } while (b >= kPrime);
        m_a.push_back(a);
        m_b.push_back(b);
    }
}

namespace {

// (a * x + b) mod p for a, x, b < p: the product is below 2^122; 2^61 = 1 (mod p) folds its
// high part onto the low 61 bits, and one more fold plus a conditional subtraction reduces.
inline quint64 permute(quint64 a, quint64 x, quint64 b)
{
    const UInt128 prod = static_cast<UInt128>(a) * x;
    quint64 v = (quint64(prod) & MinHasher::kPrime) + quint64(prod >> 61) + b; // < 2^63
    v = (v & MinHasher::kPrime) + (v >> 61);
    return v >= MinHasher::kPrime ? v - MinHasher::kPrime : v;
}

} // namespace

void MinHasher::sign(std::span<const quint64> hashes, quint64 *out) const
{
    const size_t n = m_a.size();
    thread_local std::vector<quint64> xs;
    xs.resize(hashes.size());
    for (size_t j = 0; j < hashes.size(); ++j)
        xs[j] = reduce61(hashes[j]);
    const quint64 *a = m_a.data();
    const quint64 *b = m_b.data();
    const quint64 *x = xs.data();
    const size_t m = xs.size();
    // Four permutations at a time over all hashes: four independent minimum chains.
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        quint64 m0 = kEmpty, m1 = kEmpty, m2 = kEmpty, m3 = kEmpty;
        for (size_t j = 0; j < m; ++j) {
            m0 = std::min(m0, permute(a[i], x[j], b[i]));
            m1 = std::min(m1, permute(a[i + 1], x[j], b[i + 1]));
            m2 = std::min(m2, permute(a[i + 2], x[j], b[i + 2]));
            m3 = std::min(m3, permute(a[i + 3], x[j], b[i + 3]));
        }
        out[i] = m0;
        out[i + 1] = m1;
        out[i + 2] = m2;
        out[i + 3] = m3;
    }
    for (; i < n; ++i) {
        quint64 mi = kEmpty;
        for (size_t j = 0; j < m; ++j)
            mi = std::min(mi, permute(a[i], x[j], b[i]));
        out[i] = mi;
    }
}

double MinHasher::estimate(std::span<const quint64> a, std::span<const quint64> b)
{
    const size_t n = std::min(a.size(), b.size());
    if (n == 0)
        return 0.0;
    size_t equal = 0;
    for (size_t i = 0; i < n; ++i)
        equal += a[i] == b[i];
    return double(equal) / double(n);
}

double LshParams::candidateProbability(double s) const
{
    return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

LshParams LshParams::optimal(double threshold, int numPerm, double fpWeight, double fnWeight)
{
    threshold = std::clamp(threshold, 0.0, 1.0);
    LshParams best { 1, std::max(1, numPerm) };
    double bestError = std::numeric_limits<double>::infinity();
    for (int b = 1; b <= numPerm; ++b) {
        for (int r = 1; r <= numPerm / b; ++r) {
            const LshParams p { b, r };
            const double fp = integrate([&](double s) { return p.candidateProbability(s); }, 0.0, threshold);
            const double fn = integrate([&](double s) { return 1.0 - p.candidateProbability(s); }, threshold, 1.0);
            const double error = fp * fpWeight + fn * fnWeight;
            if (error < bestError) {
                bestError = error;
                best = p;
            }
        }
    }
    return best;
}

} // namespace lineage::similarity
