// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
    explicit ShingleCounts(std::span<const quint64> sortedUniqueKeys);

    // Counts one text's shingle set (sorted, unique): +1 for each shingle of the table.
    void countText(std::span<const quint64> shingles);
    // Marks the shingles counted `threshold` times or more as common; returns how many.
    qint64 markCommon(quint32 threshold);
    bool isCommon(quint64 key) const;
    qint64 commonIn(std::span<const quint64> shingles) const;
    qint64 size() const { return m_size; }
    qint64 bytes() const { return qint64(m_keys.size()) * 12; }

private:
    qint64 slotOf(quint64 key) const; // -1 when absent

    std::vector<quint64> m_keys;
    std::vector<std::atomic<quint32>> m_counts; // top bit: common
    quint64 m_mask = 0;
    qint64 m_size = 0;
};

} // namespace lineage::forensics
