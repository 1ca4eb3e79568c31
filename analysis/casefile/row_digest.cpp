// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/row_digest.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <openssl/evp.h>

namespace lineage::casefile {

namespace {

// SHA-256, fetched once (an implicit fetch per digest costs more than hashing a row).
const EVP_MD *sha256Method()
{
    static EVP_MD *md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

constexpr char kRowTag[] = "lineage-row";
constexpr char kChunkTag[] = "lineage-chunk";
constexpr int kBitmapBytes = int(kChunkRows / 8);

template<typename Array> QString hexOf(const Array &a)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(a.data()), qsizetype(a.size())).toHex());
}

} // namespace

QString toHex(const Digest &d)
{
    return hexOf(d);
}

QString toHex(const Leaf &l)
{
    return hexOf(l);
}

struct RowHasher::Context
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

RowHasher::RowHasher() : m_context(new Context)
{
    m_buffer.resize(4096);
}

RowHasher::~RowHasher()
{
    delete m_context;
}

inline void RowHasher::append(const void *data, size_t size)
{
    if (size_t(m_size) + size > m_buffer.size())
        m_buffer.resize(std::max(m_buffer.size() * 2, size_t(m_size) + size));
    std::memcpy(m_buffer.data() + m_size, data, size);
    m_size += qint64(size);
}

inline void RowHasher::appendTagged(unsigned char tag, quint64 v)
{
    char bytes[9];
    bytes[0] = char(tag);
    qToLittleEndian(v, bytes + 1);
    append(bytes, sizeof bytes);
}

void RowHasher::begin(qint64 rowid)
{
    m_size = 0;
    append(kRowTag, sizeof kRowTag);
    char bytes[8];
    qToLittleEndian(rowid, bytes);
    append(bytes, 8);
}

void RowHasher::addInteger(qint64 v)
{
    appendTagged(1, quint64(v));
}

void RowHasher::addReal(double v)
{
    quint64 bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    appendTagged(2, bits);
}

void RowHasher::addBytes(unsigned char tag, const void *data, qint64 size)
{
    appendTagged(tag, quint64(size));
    if (size > 0)
        append(data, size_t(size));
}

void RowHasher::addValue(sqlite3_value *value, bool realAffinity)
{
    switch (sqlite3_value_type(value)) {
    case SQLITE_INTEGER:
        if (realAffinity)
            addReal(double(sqlite3_value_int64(value)));
        else
            addInteger(sqlite3_value_int64(value));
        break;
    case SQLITE_FLOAT:
        addReal(sqlite3_value_double(value));
        break;
    case SQLITE_TEXT: {
        const unsigned char *text = sqlite3_value_text(value);
        addBytes(3, text, sqlite3_value_bytes(value));
        break;
    }
    case SQLITE_BLOB: {
        const void *blob = sqlite3_value_blob(value);
        addBytes(4, blob, sqlite3_value_bytes(value));
        break;
    }
    default: {
        const char zero = 0;
        append(&zero, 1);
        break;
    }
    }
}

void RowHasher::addColumn(sqlite3_stmt *stmt, int column, bool realAffinity)
{
    switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
        if (realAffinity)
            addReal(double(sqlite3_column_int64(stmt, column)));
        else
            addInteger(sqlite3_column_int64(stmt, column));
        break;
    case SQLITE_FLOAT:
        addReal(sqlite3_column_double(stmt, column));
        break;
    case SQLITE_TEXT: {
        const unsigned char *text = sqlite3_column_text(stmt, column);
        addBytes(3, text, sqlite3_column_bytes(stmt, column));
        break;
    }
    case SQLITE_BLOB: {
        const void *blob = sqlite3_column_blob(stmt, column);
        addBytes(4, blob, sqlite3_column_bytes(stmt, column));
        break;
    }
    default: {
        const char zero = 0;
        append(&zero, 1);
        break;
    }
    }
}

Digest RowHasher::finishDigest()
{
    Digest d {};
    unsigned int length = 0;
    EVP_DigestInit_ex2(m_context->ctx, sha256Method(), nullptr);
    EVP_DigestUpdate(m_context->ctx, m_buffer.data(), size_t(m_size));
    EVP_DigestFinal_ex(m_context->ctx, d.data(), &length);
    return d;
}

Leaf RowHasher::finishLeaf()
{
    const Digest d = finishDigest();
    Leaf leaf;
    std::memcpy(leaf.data(), d.data(), leaf.size());
    return leaf;
}

Digest RowHasher::sha256(const QByteArray &bytes)
{
    StreamDigest s;
    s.add(bytes);
    return s.finish();
}

struct StreamDigest::Context
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

StreamDigest::StreamDigest() : m_context(new Context)
{
    EVP_DigestInit_ex2(m_context->ctx, sha256Method(), nullptr);
}

StreamDigest::~StreamDigest()
{
    delete m_context;
}

void StreamDigest::add(const void *data, qint64 size)
{
    if (size > 0)
        EVP_DigestUpdate(m_context->ctx, data, size_t(size));
}

void StreamDigest::addInt64(qint64 v)
{
    char bytes[8];
    qToLittleEndian(v, bytes);
    add(bytes, 8);
}

Digest StreamDigest::finish()
{
    Digest d {};
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context->ctx, d.data(), &length);
    return d;
}

bool ChunkLeaves::parse(const QByteArray &stored)
{
    m_present.reset();
    if (stored.size() < kBitmapBytes)
        return false;
    const auto *bitmap = reinterpret_cast<const unsigned char *>(stored.constData());
    for (int i = 0; i < int(kChunkRows); ++i)
        if (bitmap[i / 8] & (1u << (i % 8)))
            m_present.set(size_t(i));
    if (stored.size() != kBitmapBytes + qsizetype(m_present.count()) * qsizetype(sizeof(Leaf))) {
        m_present.reset();
        return false;
    }
    const char *at = stored.constData() + kBitmapBytes;
    for (int i = 0; i < int(kChunkRows); ++i) {
        if (!m_present.test(size_t(i)))
            continue;
        std::memcpy(m_leaves[size_t(i)].data(), at, sizeof(Leaf));
        at += sizeof(Leaf);
    }
    return true;
}

QByteArray ChunkLeaves::serialize() const
{
    QByteArray out(kBitmapBytes + qsizetype(m_present.count()) * qsizetype(sizeof(Leaf)), '\0');
    auto *bitmap = reinterpret_cast<unsigned char *>(out.data());
    char *at = out.data() + kBitmapBytes;
    for (int i = 0; i < int(kChunkRows); ++i) {
        if (!m_present.test(size_t(i)))
            continue;
        bitmap[i / 8] |= (1u << (i % 8));
        std::memcpy(at, m_leaves[size_t(i)].data(), sizeof(Leaf));
        at += sizeof(Leaf);
    }
    return out;
}

void ChunkLeaves::set(int slot, const Leaf &leaf)
{
    m_present.set(size_t(slot));
    m_leaves[size_t(slot)] = leaf;
}

void ChunkLeaves::remove(int slot)
{
    m_present.reset(size_t(slot));
}

Digest ChunkLeaves::digest(const QByteArray &table, qint64 chunk, const QByteArray &serialized)
{
    StreamDigest s;
    s.add(kChunkTag, sizeof kChunkTag);
    s.add(table);
    s.add("\0", 1);
    s.addInt64(chunk);
    s.add(serialized);
    return s.finish();
}

} // namespace lineage::casefile
