// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <bitset>
#include <cstdint>
#include <limits>
#include <sqlite3.h>
#include <vector>

namespace lineage::casefile {

// The canonical digests behind the row ledger (row_ledger.h) and its verification.
//
// A row's leaf is the first 16 bytes of SHA-256 over "lineage-row", its row id and its
// column values in schema order, each typed: 0 NULL; 1 INTEGER, 8 bytes little-endian;
// 2 REAL, IEEE 754 bits, 8 bytes little-endian; 3 TEXT and 4 BLOB, an 8-byte length and
// the bytes (TEXT in UTF-8). A column of REAL affinity holds a REAL even where SQLite
// stores a whole number as an integer. A table's rows are grouped in chunks of 1,024 row
// ids (chunk = rowid >> 10); a chunk's leaves are a 128-byte presence bitmap and the
// leaves of the present rows in id order, and its digest is SHA-256 over "lineage-chunk",
// the table name, the chunk number and the leaves. A WITHOUT ROWID table is one chunk,
// kWholeTable, whose "leaves" are a SHA-256 over all its rows in key order.

using Leaf = std::array<unsigned char, 16>;
using Digest = std::array<unsigned char, 32>;

constexpr int kChunkBits = 10;
constexpr qint64 kChunkRows = qint64(1) << kChunkBits;
constexpr qint64 kWholeTable = std::numeric_limits<qint64>::min();

inline qint64 chunkOf(qint64 rowid)
{
    return rowid >> kChunkBits;
}
inline int slotOf(qint64 rowid)
{
    return int(rowid & (kChunkRows - 1));
}

QString toHex(const Digest &d);
QString toHex(const Leaf &l);

// Hashes rows, one at a time, into leaves. Not thread-safe; one per thread. Values are
// taken from a statement's columns (verification) or from sqlite3_value (the ledger's
// pre-update hook); both give the same leaf for the same row.
class RowHasher
{
public:
    RowHasher();
    ~RowHasher();
    RowHasher(const RowHasher &) = delete;
    RowHasher &operator=(const RowHasher &) = delete;

    void begin(qint64 rowid);
    void addValue(sqlite3_value *value, bool realAffinity);
    void addColumn(sqlite3_stmt *stmt, int column, bool realAffinity);
    Leaf finishLeaf();
    Digest finishDigest();

    // The serialized values so far (for a whole-table digest, which streams rows).
    const char *data() const { return m_buffer.data(); }
    qint64 size() const { return m_size; }

    static Digest sha256(const QByteArray &bytes);

private:
    void addInteger(qint64 v);
    void addReal(double v);
    void addBytes(unsigned char tag, const void *data, qint64 size);
    void append(const void *data, size_t size);
    void appendTagged(unsigned char tag, quint64 v);

    std::vector<char> m_buffer;
    qint64 m_size = 0;
    struct Context;
    Context *m_context;
};

// Streams many byte strings into one SHA-256 (a whole-table digest, a per-table root).
class StreamDigest
{
public:
    StreamDigest();
    ~StreamDigest();
    StreamDigest(const StreamDigest &) = delete;
    StreamDigest &operator=(const StreamDigest &) = delete;
    void add(const void *data, qint64 size);
    void add(const QByteArray &bytes) { add(bytes.constData(), bytes.size()); }
    void addInt64(qint64 v);
    Digest finish();

private:
    struct Context;
    Context *m_context;
};

// The leaves of one chunk: which of its 1,024 row ids exist, and their leaves.
class ChunkLeaves
{
public:
    ChunkLeaves() = default;
    // Parses stored leaves; false when they are not well formed.
    bool parse(const QByteArray &stored);
    QByteArray serialize() const;

    bool contains(int slot) const { return m_present.test(size_t(slot)); }
    const Leaf &leaf(int slot) const { return m_leaves[size_t(slot)]; }
    void set(int slot, const Leaf &leaf);
    void remove(int slot);
    int count() const { return int(m_present.count()); }
    bool isEmpty() const { return m_present.none(); }

    static Digest digest(const QByteArray &table, qint64 chunk, const QByteArray &serialized);

private:
    std::bitset<kChunkRows> m_present;
    std::array<Leaf, kChunkRows> m_leaves {};
};

} // namespace lineage::casefile
