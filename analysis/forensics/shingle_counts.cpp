// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/shingle_counts.h"

namespace lineage::forensics {

namespace {

using similarity::ShingleHash;

constexpr ShingleHash kEmptyKey = ~ShingleHash(0);
constexpr quint32 kCommonBit = 0x80000000u;

quint64 mix(ShingleHash x)
{
    return similarity::fmix64(quint64(x));
}

} // namespace

ShingleCounts::ShingleCounts(std::span<const ShingleHash> keys)
{
    quint64 capacity = 16;
    while (capacity < quint64(keys.size()) * 2)
        capacity <<= 1;
    m_mask = capacity - 1;
    m_keys.assign(size_t(capacity), kEmptyKey);
    m_counts = std::vector<std::atomic<quint32>>(size_t(capacity));
    for (const ShingleHash key : keys) {
        if (key == kEmptyKey)
            continue; // never a real shingle hash in practice; not counted
        quint64 slot = mix(key) & m_mask;
        while (m_keys[size_t(slot)] != kEmptyKey && m_keys[size_t(slot)] != key)
            slot = (slot + 1) & m_mask;
        if (m_keys[size_t(slot)] == kEmptyKey) {
            m_keys[size_t(slot)] = key;
            ++m_size;
        }
    }
}

qint64 ShingleCounts::slotOf(ShingleHash key) const
{
    if (m_keys.empty() || key == kEmptyKey)
        return -1;
    quint64 slot = mix(key) & m_mask;
    for (;;) {
        const ShingleHash k = m_keys[size_t(slot)];
        if (k == key)
            return qint64(slot);
        if (k == kEmptyKey)
            return -1;
        slot = (slot + 1) & m_mask;
    }
}

void ShingleCounts::countText(std::span<const ShingleHash> shingles)
{
    for (const ShingleHash s : shingles)
        if (const qint64 slot = slotOf(s); slot >= 0)
            m_counts[size_t(slot)].fetch_add(1, std::memory_order_relaxed);
}

qint64 ShingleCounts::markCommon(quint32 threshold)
{
    qint64 common = 0;
    for (size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i] == kEmptyKey)
            continue;
        const quint32 c = m_counts[i].load(std::memory_order_relaxed) & ~kCommonBit;
        if (threshold > 0 && c >= threshold) {
            m_counts[i].store(c | kCommonBit, std::memory_order_relaxed);
            ++common;
        } else {
            m_counts[i].store(c, std::memory_order_relaxed);
        }
    }
    return common;
}

bool ShingleCounts::isCommon(ShingleHash key) const
{
    const qint64 slot = slotOf(key);
    return slot >= 0 && (m_counts[size_t(slot)].load(std::memory_order_relaxed) & kCommonBit) != 0;
}

qint64 ShingleCounts::commonIn(std::span<const ShingleHash> shingles) const
{
    qint64 n = 0;
    for (const ShingleHash s : shingles)
        n += isCommon(s) ? 1 : 0;
    return n;
}

} // namespace lineage::forensics
