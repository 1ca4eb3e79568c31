// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "similarity/hashing.h"

#include <QtGlobal>

#include <span>

namespace lineage::similarity {

// Exact set measures on sorted, duplicate-free hash sets (shingle sets).

inline qint64 intersectionSize(std::span<const ShingleHash> a, std::span<const ShingleHash> b)
{
    qint64 n = 0;
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++n;
            ++i;
            ++j;
        }
    }
    return n;
}

// |A ∩ B| / |A ∪ B|; two empty sets have Jaccard 0 (nothing is shared).
inline double jaccard(qint64 intersection, qint64 sizeA, qint64 sizeB)
{
    const qint64 uni = sizeA + sizeB - intersection;
    return uni > 0 ? double(intersection) / double(uni) : 0.0;
}

// |A ∩ B| / |A|: how much of A is contained in B.
inline double containment(qint64 intersection, qint64 sizeA)
{
    return sizeA > 0 ? double(intersection) / double(sizeA) : 0.0;
}

inline double jaccard(std::span<const ShingleHash> a, std::span<const ShingleHash> b)
{
    return jaccard(intersectionSize(a, b), qint64(a.size()), qint64(b.size()));
}

} // namespace lineage::similarity
