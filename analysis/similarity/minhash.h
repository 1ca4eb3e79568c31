// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "similarity/hashing.h"

#include <QtGlobal>

#include <span>
#include <vector>

namespace lineage::similarity {

// One value of a MinHash signature.
using SignatureValue = quint32;

// MinHash signatures by one-permutation hashing with optimal densification (Li, Owen and
// Zhang 2012; Shrivastava 2017). Each shingle hash is mixed once with the seed into 64
// bits g; the high bits pick one of numPerm bins ((g >> 32) * numPerm >> 32), the low 32
// bits are its value, and each bin keeps its minimum value. An empty bin i then takes the
// value of the first non-empty bin on a probe sequence fixed by (seed, i), the same for
// every set, so two sets agree on any bin with probability equal to their Jaccard
// similarity, as with independent permutations, at the cost of one hash per shingle
// instead of numPerm. The empty set's signature is all kEmpty. Immutable after
// construction; sign() may be called from any number of threads.
class MinHasher
{
public:
    static constexpr SignatureValue kEmpty = 0xffffffffu;
    // Recorded with every stored signature and result: which scheme made the values.
    static constexpr const char *kScheme = "oph-od/1";

    explicit MinHasher(int numPerm = 128, quint64 seed = 1);

    int numPerm() const { return m_numPerm; }
    quint64 seed() const { return m_seed; }
    // Writes numPerm() values to `out`. `hashes` need not be sorted nor unique.
    void sign(std::span<const ShingleHash> hashes, SignatureValue *out) const;

    // Fraction of equal positions: the MinHash estimate of the Jaccard similarity.
    static double estimate(std::span<const SignatureValue> a, std::span<const SignatureValue> b);

private:
    int m_numPerm;
    quint64 m_seed;
    quint64 m_mix; // seed of the shingle mix
    // Probe sequences of the densification: m_probes[i * kProbeDepth + t] is the bin that
    // empty bin i tries at step t (steps past kProbeDepth are computed on the fly).
    static constexpr int kProbeDepth = 16;
    std::vector<quint16> m_probes;
    quint16 probe(int bin, int step) const;
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
