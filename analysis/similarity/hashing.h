// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>
#include <QtGlobal>

#include <cstring>

namespace lineage::similarity {

// 64-bit hashing of tokens and shingles. Stable across runs and machines of the same
// byte order (hashes are persisted in cases; Lineage builds for little-endian only).

// A shingle's hash, as kept in shingle sets and stored fingerprints: the low 32 bits of
// the 64-bit hash. Half the memory of 64 bits; two different shingles of a pair of
// 300-shingle texts share a hash with probability about 2e-5, and one such collision moves
// a Jaccard by about 1/600, so exact verification on these hashes gives the string sets'
// result except, rarely, for a pair within a hair of the threshold.
using ShingleHash = quint32;

// MurmurHash3's 64-bit finalizer: a bijective avalanche mix.
constexpr quint64 fmix64(quint64 k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

constexpr quint64 rotl64(quint64 x, int r)
{
    return (x << r) | (x >> (64 - r));
}

// Hash of a run of UTF-16 code units (8 bytes at a time, then the tail, then fmix64).
inline quint64 hashText(QStringView text, quint64 seed = 0)
{
    constexpr quint64 k1 = 0x87c37b91114253d5ULL;
    constexpr quint64 k2 = 0x4cf5ad432745937fULL;
    const auto *p = reinterpret_cast<const unsigned char *>(text.utf16());
    size_t n = size_t(text.size()) * 2;
    quint64 h = seed ^ (quint64(n) * 0x9E3779B97F4A7C15ULL);
    while (n >= 8) {
        quint64 v;
        std::memcpy(&v, p, 8);
        h = rotl64(h ^ rotl64(v * k1, 31) * k2, 27) * 5 + 0x52dce729;
        p += 8;
        n -= 8;
    }
    quint64 tail = 0;
    if (n)
        std::memcpy(&tail, p, n);
    h ^= rotl64(tail * k1, 31) * k2;
    return fmix64(h);
}

// Order-sensitive combination of token hashes into one shingle hash.
inline quint64 hashSequence(const quint64 *hashes, size_t count)
{
    quint64 h = 0x2545F4914F6CDD1DULL ^ quint64(count);
    for (size_t i = 0; i < count; ++i)
        h = fmix64(rotl64(h, 23) ^ hashes[i]) + 0x9E3779B97F4A7C15ULL;
    return fmix64(h);
}

// Order-sensitive hash of a run of 32-bit values (LSH band keys), two values per step.
inline quint64 hashValues32(const quint32 *values, size_t count)
{
    quint64 h = 0x2545F4914F6CDD1DULL ^ quint64(count);
    size_t i = 0;
    for (; i + 2 <= count; i += 2)
        h = fmix64(rotl64(h, 23) ^ (quint64(values[i]) | (quint64(values[i + 1]) << 32))) + 0x9E3779B97F4A7C15ULL;
    if (i < count)
        h = fmix64(rotl64(h, 23) ^ quint64(values[i])) + 0x9E3779B97F4A7C15ULL;
    return fmix64(h);
}

} // namespace lineage::similarity
