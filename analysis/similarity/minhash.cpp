// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/minhash.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lineage::similarity {

namespace {

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

// A number in [0, n) from the high 32 bits of a mixed 64-bit value.
inline quint32 scaled(quint64 g, quint32 n)
{
    return quint32(((g >> 32) * n) >> 32);
}

constexpr quint64 kProbeSalt = 0xD1B54A32D192ED03ULL;

} // namespace

MinHasher::MinHasher(int numPerm, quint64 seed)
    : m_numPerm(std::clamp(numPerm, 1, 65535)), m_seed(seed), m_mix(fmix64(seed ^ 0x9E3779B97F4A7C15ULL))
{
    m_probes.resize(size_t(m_numPerm) * kProbeDepth);
    for (int bin = 0; bin < m_numPerm; ++bin)
        for (int step = 0; step < kProbeDepth; ++step)
            m_probes[size_t(bin) * kProbeDepth + size_t(step)] = quint16(
                scaled(fmix64(m_mix ^ kProbeSalt ^ ((quint64(bin) << 32) | quint64(step))), quint32(m_numPerm)));
}

quint16 MinHasher::probe(int bin, int step) const
{
    if (step < kProbeDepth)
        return m_probes[size_t(bin) * kProbeDepth + size_t(step)];
    return quint16(scaled(fmix64(m_mix ^ kProbeSalt ^ ((quint64(bin) << 32) | quint64(step))), quint32(m_numPerm)));
}

void MinHasher::sign(std::span<const ShingleHash> hashes, SignatureValue *out) const
{
    const quint32 n = quint32(m_numPerm);
    std::fill(out, out + n, kEmpty);
    if (hashes.empty())
        return;
    // filled[b]: bin b holds a shingle (its value may still be kEmpty).
    thread_local std::vector<quint8> filled;
    filled.assign(n, 0);
    for (const ShingleHash h : hashes) {
        const quint64 g = fmix64(quint64(h) ^ m_mix);
        const quint32 bin = scaled(g, n);
        out[bin] = std::min(out[bin], SignatureValue(g));
        filled[bin] = 1;
    }
    // Optimal densification: every empty bin copies the first filled bin of its own probe
    // sequence. Only filled bins are read, so the copies never chain.
    for (quint32 bin = 0; bin < n; ++bin) {
        if (filled[bin])
            continue;
        int step = 0;
        for (; step < 64 * int(n); ++step) {
            const quint16 from = probe(int(bin), step);
            if (filled[from]) {
                out[bin] = out[from];
                break;
            }
        }
        if (step == 64 * int(n)) { // practically unreachable: fall back to the next filled bin
            for (quint32 k = 1; k < n; ++k) {
                const quint32 from = (bin + k) % n;
                if (filled[from]) {
                    out[bin] = out[from];
                    break;
                }
            }
        }
    }
}

double MinHasher::estimate(std::span<const SignatureValue> a, std::span<const SignatureValue> b)
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
