// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/lsh_index.h"

#include "similarity/hashing.h"
#include "similarity/parallel.h"

#include <algorithm>
#include <numeric>

namespace lineage::similarity {

LshIndex::LshIndex(const Fingerprints &corpus, LshParams params, int threads, Feedback &feedback)
    : m_params(params), m_size(corpus.size())
{
    Q_ASSERT(corpus.hasSignatures());
    Q_ASSERT(params.bands * params.rows <= corpus.numPerm);
    m_keys.resize(size_t(params.bands));
    m_ids.resize(size_t(params.bands));
    std::vector<quint32> indexed;
    indexed.reserve(size_t(m_size));
    for (qint64 i = 0; i < m_size; ++i) {
        if (!corpus.shinglesOf(i).empty())
            indexed.push_back(quint32(i));
    }
    // Bands are independent: one band per work item.
    feedback.setPhase(QStringLiteral("Indexing signatures"), params.bands, QStringLiteral("bands"));
    parallelChunks(params.bands, 1, threads, feedback, [&](qint64 band, qint64, qint64) {
        std::vector<std::pair<quint64, quint32>> entries;
        entries.reserve(indexed.size());
        for (const quint32 id : indexed)
            entries.emplace_back(bandKey(corpus.signatureOf(id), int(band)), id);
        std::sort(entries.begin(), entries.end());
        auto &keys = m_keys[size_t(band)];
        auto &ids = m_ids[size_t(band)];
        keys.resize(entries.size());
        ids.resize(entries.size());
        for (size_t k = 0; k < entries.size(); ++k) {
            keys[k] = entries[k].first;
            ids[k] = entries[k].second;
        }
    });
}

quint64 LshIndex::bandKey(std::span<const quint64> signature, int band) const
{
    return hashSequence(signature.data() + size_t(band) * size_t(m_params.rows), size_t(m_params.rows));
}

void LshIndex::candidates(std::span<const quint64> signature, std::vector<quint32> &out) const
{
    out.clear();
    for (int band = 0; band < m_params.bands; ++band) {
        const auto &keys = m_keys[size_t(band)];
        const quint64 key = bandKey(signature, band);
        auto [lo, hi] = std::equal_range(keys.begin(), keys.end(), key);
        const auto &ids = m_ids[size_t(band)];
        for (auto it = lo; it != hi; ++it)
            out.push_back(ids[size_t(it - keys.begin())]);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::vector<quint64> LshIndex::candidatePairs() const
{
    std::vector<quint64> pairs;
    for (int band = 0; band < m_params.bands; ++band) {
        const auto &keys = m_keys[size_t(band)];
        const auto &ids = m_ids[size_t(band)];
        size_t start = 0;
        while (start < keys.size()) {
            size_t end = start + 1;
            while (end < keys.size() && keys[end] == keys[start])
                ++end;
            // ids within a run of equal keys are ascending (entries were sorted by key, id).
            for (size_t i = start; i < end; ++i)
                for (size_t j = i + 1; j < end; ++j)
                    pairs.push_back((quint64(ids[i]) << 32) | ids[j]);
            start = end;
        }
        // Keep memory bounded by deduplicating as we go.
        std::sort(pairs.begin(), pairs.end());
        pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    }
    return pairs;
}

} // namespace lineage::similarity
