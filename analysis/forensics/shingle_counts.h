// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "similarity/hashing.h"

#include <QtGlobal>

#include <atomic>
#include <span>
#include <vector>

namespace lineage::forensics {

// Document frequencies of a fixed set of shingle hashes (the suspect side's): an
// open-addressing table built once, then counted into from any number of threads (relaxed
// atomic increments: the counts are sums, so they never depend on the thread count).
// 12 bytes per slot, two slots per shingle at most.
class ShingleCounts
{
public:
    ShingleCounts() = default;
    explicit ShingleCounts(std::span<const similarity::ShingleHash> sortedUniqueKeys);

    // Counts one text's shingle set (sorted, unique): +1 for each shingle of the table.
    void countText(std::span<const similarity::ShingleHash> shingles);
    // Marks the shingles counted `threshold` times or more as common; returns how many.
    qint64 markCommon(quint32 threshold);
    bool isCommon(similarity::ShingleHash key) const;
    qint64 commonIn(std::span<const similarity::ShingleHash> shingles) const;
    qint64 size() const { return m_size; }
    qint64 bytes() const { return qint64(m_keys.size()) * 12; }

private:
    qint64 slotOf(similarity::ShingleHash key) const; // -1 when absent

    std::vector<similarity::ShingleHash> m_keys;
    std::vector<std::atomic<quint32>> m_counts; // top bit: common
    quint64 m_mask = 0;
    qint64 m_size = 0;
};

} // namespace lineage::forensics
