// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <span>
#include <vector>

namespace lineage::similarity {

// MinHash signatures as in datasketch: permutation i maps a 64-bit shingle hash h to
// (a_i * h + b_i) mod (2^61 - 1), with a_i in [1, p) and b_i in [0, p) drawn from a
// SplitMix64 stream seeded by `seed`; the signature keeps each permutation's minimum.
// The empty set's signature is all kEmpty. Immutable after construction; sign() may be
// called from any number of threads.
class MinHasher
{
public:
    static constexpr quint64 kPrime = (quint64(1) << 61) - 1;
    static constexpr quint64 kEmpty = kPrime;

    explicit MinHasher(int numPerm = 128, quint64 seed = 1);

    int numPerm() const { return int(m_a.size()); }
    quint64 seed() const { return m_seed; }
    // Writes numPerm() values to `out`.
    void sign(std::span<const quint64> hashes, quint64 *out) const;

    // Fraction of equal positions: the MinHash estimate of the Jaccard similarity.
    static double estimate(std::span<const quint64> a, std::span<const quint64> b);

private:
    std::vector<quint64> m_a;
    std::vector<quint64> m_b;
    quint64 m_seed;
};

// LSH banding: `bands` bands of `rows` signature values each (bands * rows <= numPerm).
// Two texts become candidates when all rows of at least one band agree, which happens with
// probability 1 - (1 - s^rows)^bands for Jaccard s.
struct LshParams
{
    int bands = 0;
    int rows = 0;

    bool operator==(const LshParams &) const = default;

    // The bands and rows minimizing fpWeight * (false-positive area) + fnWeight *
    // (false-negative area) under the S-curve, the areas integrated over [0, threshold] and
    // [threshold, 1] (datasketch's _optimal_param; ties go to fewer bands, then fewer rows).
    static LshParams optimal(double threshold, int numPerm, double fpWeight = 0.5, double fnWeight = 0.5);
    // Probability that a pair with Jaccard s becomes a candidate.
    double candidateProbability(double s) const;
};

} // namespace lineage::similarity
