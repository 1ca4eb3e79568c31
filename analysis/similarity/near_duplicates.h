// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "similarity/fingerprints.h"
#include "similarity/lsh_index.h"

#include <vector>

namespace lineage::similarity {

enum class PairMeasure {
    Jaccard, // |A ∩ B| / |A ∪ B| >= threshold
    Containment, // max(|A ∩ B| / |A|, |A ∩ B| / |B|) >= threshold (one text inside the other)
};

struct NearDuplicateOptions
{
    double threshold = 0.5;
    PairMeasure measure = PairMeasure::Jaccard;
    // Weights for choosing LSH bands and rows (LshParams::optimal). Recall-heavy by default:
    // a missed copy is worse than more candidates, and every candidate is verified exactly.
    // (datasketch's own default is 0.5 / 0.5.)
    double fpWeight = 0.05;
    double fnWeight = 0.95;
    LshParams lsh; // explicit bands/rows; {0, 0} = optimal for the threshold
    int threads = 0; // 0 = every core; results never depend on it

    LshParams lshParams(int numPerm) const;
};

// One verified pair: `a` numbers a text of the query side (or of the corpus, for pairs
// within one corpus, with a < b), `b` a text of the corpus. The measures are exact, on
// the shingle sets: shared shingles, Jaccard, and how much of each side the other contains.
struct PairMatch
{
    qint64 a = 0;
    qint64 b = 0;
    qint64 shared = 0;
    double jaccard = 0.0;
    double containmentA = 0.0; // |A ∩ B| / |A|
    double containmentB = 0.0; // |A ∩ B| / |B|

    bool operator==(const PairMatch &) const = default;
};

struct NearDuplicateResult
{
    std::vector<PairMatch> pairs; // sorted by (a, b)
    qint64 candidates = 0; // pairs verified exactly
    LshParams lsh; // bands and rows used ({0, 0} for exact search)
    QString fingerprint; // the corpus's Fingerprints::parameters (tokenizer version
                         // tag, shingle size, permutations, seed)
};

// The exact measures of one pair of shingle sets.
PairMatch measurePair(qint64 a, qint64 b, std::span<const ShingleHash> setA, std::span<const ShingleHash> setB);
bool passes(const PairMatch &pair, const NearDuplicateOptions &options);

// LSH candidates, then exact verification of every candidate (precision 1 by
// construction). All-pairs within `corpus` (a < b), or `queries` against `corpus`
// (one-to-many, or all pairs across two corpora) through a prebuilt or a fresh index.
// Canceled -> ErrorCode::Canceled; fingerprints without signatures -> InvalidInput.
[[nodiscard]] Result<NearDuplicateResult> nearDuplicatesWithin(const Fingerprints &corpus,
                                                               const NearDuplicateOptions &options,
                                                               Feedback &feedback = nullFeedback());
[[nodiscard]] Result<NearDuplicateResult> nearDuplicatesAgainst(const Fingerprints &queries, const Fingerprints &corpus,
                                                                const LshIndex &index,
                                                                const NearDuplicateOptions &options,
                                                                Feedback &feedback = nullFeedback());
[[nodiscard]] Result<NearDuplicateResult> nearDuplicatesAgainst(const Fingerprints &queries, const Fingerprints &corpus,
                                                                const NearDuplicateOptions &options,
                                                                Feedback &feedback = nullFeedback());

// The exact baseline: every pair that shares at least one shingle is measured exactly
// (an inverted index over shingles finds them; pairs sharing nothing have Jaccard 0), so
// the result is what comparing all pairs would give. Same output format as above.
[[nodiscard]] Result<NearDuplicateResult> exactNearDuplicatesWithin(const Fingerprints &corpus,
                                                                    const NearDuplicateOptions &options,
                                                                    Feedback &feedback = nullFeedback());
[[nodiscard]] Result<NearDuplicateResult> exactNearDuplicatesAgainst(const Fingerprints &queries,
                                                                     const Fingerprints &corpus,
                                                                     const NearDuplicateOptions &options,
                                                                     Feedback &feedback = nullFeedback());

} // namespace lineage::similarity
