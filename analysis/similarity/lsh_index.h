// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "similarity/fingerprints.h"
#include "similarity/minhash.h"

#include <vector>

namespace lineage::similarity {

// A MinHash LSH index over the signatures of a corpus (texts 0..n-1 of a Fingerprints).
// Per band, the band keys of all texts sorted with their text numbers: 12 bytes per text
// and band. Texts without shingles are not indexed. Built once, then read-only:
// candidates() may be called from any number of threads.
class LshIndex
{
public:
    LshIndex() = default;
    // Indexes the signatures of `corpus` (which must have them) with `params`, one band per
    // work item across `threads`. When `feedback` is canceled during the build the index is
    // incomplete: the caller checks feedback.isCanceled() and discards it.
    LshIndex(const Fingerprints &corpus, LshParams params, int threads = 0, Feedback &feedback = nullFeedback());

    const LshParams &params() const { return m_params; }
    qint64 size() const { return m_size; }

    // Texts sharing at least one band with `signature`, sorted ascending, without duplicates.
    void candidates(std::span<const quint64> signature, std::vector<quint32> &out) const;

    // Every pair (i < j) of indexed texts sharing a band, sorted, without duplicates;
    // packed as (i << 32) | j.
    std::vector<quint64> candidatePairs() const;

    // The key of band `band` of a signature.
    quint64 bandKey(std::span<const quint64> signature, int band) const;

private:
    LshParams m_params;
    qint64 m_size = 0;
    std::vector<std::vector<quint64>> m_keys; // per band, sorted
    std::vector<std::vector<quint32>> m_ids; // per band, parallel to m_keys
};

} // namespace lineage::similarity
