// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/lsh_index.h"

#include "similarity/hashing.h"
#include "similarity/parallel.h"

#include <algorithm>

namespace lineage::similarity {

LshIndex::LshIndex(const Fingerprints &corpus, LshParams params, int threads, Feedback &feedback) : LshIndex(params)
{
    add(corpus);
    finish(threads, feedback);
}

void LshIndex::add(const Fingerprints &batch)
{
    Q_ASSERT(batch.hasSignatures());
    Q_ASSERT(m_params.bands * m_params.rows <= batch.numPerm);
    const qint64 n = batch.size();
    for (auto &band : m_entries)
        band.reserve(band.size() + size_t(n));
    for (qint64 i = 0; i < n; ++i) {
        if (batch.shinglesOf(i).empty())
            continue;
        const auto signature = batch.signatureOf(i);
        const quint64 id = quint64(m_size + i);
        for (int band = 0; band < m_params.bands; ++band)
            m_entries[size_t(band)].push_back((quint64(bandKey(signature, band)) << 32) | id);
    }
    m_size += n;
}

void LshIndex::finish(int threads, Feedback &feedback)
{
    // Bands are independent: one band per work item.
    feedback.setPhase(QStringLiteral("Indexing signatures"), m_params.bands, QStringLiteral("bands"));
    parallelChunks(m_params.bands, 1, threads, feedback, [&](qint64 band, qint64, qint64) {
        auto &entries = m_entries[size_t(band)];
        std::sort(entries.begin(), entries.end());
        entries.shrink_to_fit();
    });
}

qint64 LshIndex::bytes() const
{
    qint64 total = 0;
    for (const auto &band : m_entries)
        total += qint64(band.capacity() * sizeof(quint64));
    return total;
}

quint32 LshIndex::bandKey(std::span<const SignatureValue> signature, int band) const
{
    return quint32(hashValues32(signature.data() + size_t(band) * size_t(m_params.rows), size_t(m_params.rows)));
}

void LshIndex::candidates(std::span<const SignatureValue> signature, std::vector<quint32> &out) const
{
    out.clear();
    for (int band = 0; band < m_params.bands; ++band) {
        const auto &entries = m_entries[size_t(band)];
        const quint64 key = quint64(bandKey(signature, band)) << 32;
        for (auto it = std::lower_bound(entries.begin(), entries.end(), key);
             it != entries.end() && (*it >> 32) == (key >> 32); ++it)
            out.push_back(quint32(*it));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::vector<quint64> LshIndex::candidatePairs() const
{
    std::vector<quint64> pairs;
    for (int band = 0; band < m_params.bands; ++band) {
        const auto &entries = m_entries[size_t(band)];
        size_t start = 0;
        while (start < entries.size()) {
            size_t end = start + 1;
            while (end < entries.size() && (entries[end] >> 32) == (entries[start] >> 32))
                ++end;
            // Texts within a run of equal keys are ascending (the entries are sorted).
            for (size_t i = start; i < end; ++i)
                for (size_t j = i + 1; j < end; ++j)
                    pairs.push_back((quint64(quint32(entries[i])) << 32) | quint32(entries[j]));
            start = end;
        }
        // Keep memory bounded by deduplicating as we go.
        std::sort(pairs.begin(), pairs.end());
        pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    }
    return pairs;
}

} // namespace lineage::similarity
