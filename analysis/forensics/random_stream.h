// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <cmath>
#include <numbers>
#include <vector>

namespace lineage::forensics {

// Deterministic random numbers for bootstrap resampling and Monte Carlo calibration:
// splitmix64 streams, numbered, so that stream i (a bootstrap replicate) is the same
// whichever thread draws it and in whatever order. bench/forensics/kinship_reference.py
// implements the same streams bit for bit. A RandomStream is a value; not shared
// between threads.
class RandomStream
{
public:
    static constexpr quint64 kGolden = 0x9E3779B97F4A7C15ULL;

    // Stream number `index` of `seed`.
    RandomStream(quint64 seed, quint64 index) : m_state(seed ^ ((index + 1) * 0xD1B54A32D192ED03ULL)) { }

    quint64 next()
    {
        m_state += kGolden;
        quint64 z = m_state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    // Uniform integer in [0, n).
    qint64 below(qint64 n) { return qMin<qint64>(qint64(uniform() * double(n)), n - 1); }

private:
    quint64 m_state;
};

// How often each of n items is drawn in bootstrap replicate `rep` (n draws with replacement).
inline void bootstrapCounts(quint64 seed, qint64 rep, qint64 n, std::vector<qint32> &counts)
{
    counts.assign(size_t(n), 0);
    RandomStream stream(seed, quint64(rep));
    for (qint64 i = 0; i < n; ++i)
        ++counts[size_t(stream.below(n))];
}

// `count` standard normal deviates (Box-Muller on successive pairs of uniforms of stream 0).
inline std::vector<double> standardNormals(quint64 seed, qint64 count)
{
    std::vector<double> out(size_t((count + 1) / 2 * 2));
    RandomStream stream(seed, 0);
    for (size_t i = 0; i < out.size(); i += 2) {
        const double u1 = 1.0 - stream.uniform();
        const double u2 = stream.uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        out[i] = r * std::cos(2.0 * std::numbers::pi * u2);
        out[i + 1] = r * std::sin(2.0 * std::numbers::pi * u2);
    }
    out.resize(size_t(count));
    return out;
}

} // namespace lineage::forensics
