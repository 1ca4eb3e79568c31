// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "similarity/fingerprints.h"
#include "similarity/minhash.h"

#include <algorithm>
#include <vector>

namespace lineage::similarity {

// A MinHash LSH index over the signatures of a corpus (texts 0..n-1). Per band, the 32-bit
// band keys of all texts packed with their text numbers ((key << 32) | text) and sorted: 8
// bytes per text and band. (Two different bands agreeing on a 32-bit key by chance only
// add a candidate, which exact verification drops.) Texts without shingles are not
// indexed. Built once, then read-only: candidates() may be called from any number of
// threads.
//
// A corpus too large to keep its signatures can be indexed batch by batch: construct with
// the parameters, add() each batch's fingerprints in order, then finish(); the batch's
// signatures may be dropped after add().
class LshIndex
{
public:
    LshIndex() = default;
    // Indexes the signatures of `corpus` (which must have them) with `params`, one band per
    // work item across `threads`. When `feedback` is canceled during the build the index is
    // incomplete: the caller checks feedback.isCanceled() and discards it.
    LshIndex(const Fingerprints &corpus, LshParams params, int threads = 0, Feedback &feedback = nullFeedback());
    // An empty index to fill with add() and finish().
    explicit LshIndex(LshParams params) : m_params(params), m_entries(size_t(std::max(0, params.bands))) { }

    // Appends the texts of `batch` (with signatures) as texts size()..size()+batch.size()-1.
    void add(const Fingerprints &batch);
    // Sorts the bands (one per work item); needed once after the last add().
    void finish(int threads = 0, Feedback &feedback = nullFeedback());

    const LshParams &params() const { return m_params; }
    qint64 size() const { return m_size; }
    qint64 bytes() const;

    // Texts sharing at least one band with `signature`, sorted ascending, without duplicates.
    void candidates(std::span<const SignatureValue> signature, std::vector<quint32> &out) const;

    // Every pair (i < j) of indexed texts sharing a band, sorted, without duplicates;
    // packed as (i << 32) | j.
    std::vector<quint64> candidatePairs() const;

    // The key of band `band` of a signature.
    quint32 bandKey(std::span<const SignatureValue> signature, int band) const;

private:
    LshParams m_params;
    qint64 m_size = 0;
    std::vector<std::vector<quint64>> m_entries; // per band, (key << 32) | text, sorted
};

} // namespace lineage::similarity
