// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QString>
#include <QtEndian>

#include <optional>
#include <vector>

namespace lineage::casefile {

// Which text a stored fingerprint belongs to and how it was made. All fields are part of
// the key: a fingerprint is found only for the same text (SHA-256 of its UTF-8 bytes),
// tokenizer version tag and parameters.
struct SignatureKey
{
    QString itemKind; // "record", "turn", "page", ...
    qint64 itemId = 0;
    QString field; // "completion", "answer", ...
    QString textSha256; // lowercase hex
    QString tokenizer;
    QString parameters;
};

// The blobs' element widths follow the signature scheme named in SignatureKey::parameters
// (rows of older schemes are never read back: their parameters differ).
struct StoredSignature
{
    std::vector<quint32> shingles; // sorted ascending
    std::vector<quint32> signature; // MinHash values
};

// Stored text fingerprints (table text_signatures, schema version 2), so that a second
// similarity run over the same texts does not recompute them. Borrows a Database that
// must outlive it and be used from one thread; prepares its statements on first use.
// put() should run inside the caller's transaction for bulk writes. Errors are returned;
// a malformed stored blob is reported as ErrorCode::Corrupt.
class SignatureStore
{
public:
    explicit SignatureStore(Database &db) : m_db(db) { }

    [[nodiscard]] Result<std::optional<StoredSignature>> find(const SignatureKey &key);
    // Inserts or replaces the fingerprint of `key`.
    [[nodiscard]] Status put(const SignatureKey &key, const StoredSignature &value);
    [[nodiscard]] Result<qint64> count();
    // Removes every fingerprint made with a tokenizer other than `tokenizer` (after an upgrade).
    [[nodiscard]] Result<qint64> removeOtherTokenizers(const QString &tokenizer);

    // Unsigned integer arrays <-> little-endian BLOBs.
    template<typename T> static QByteArray toBlob(const std::vector<T> &values)
    {
        QByteArray blob(qsizetype(values.size() * sizeof(T)), Qt::Uninitialized);
        char *out = blob.data();
        for (const T v : values) {
            qToLittleEndian(v, out);
            out += sizeof(T);
        }
        return blob;
    }
    template<typename T> static std::optional<std::vector<T>> fromBlob(const QByteArray &blob)
    {
        if (blob.size() % qsizetype(sizeof(T)) != 0)
            return std::nullopt;
        std::vector<T> values(size_t(blob.size()) / sizeof(T));
        const char *in = blob.constData();
        for (T &v : values) {
            v = qFromLittleEndian<T>(in);
            in += sizeof(T);
        }
        return values;
    }

private:
    Database &m_db;
    Statement m_find;
    Statement m_put;
};

} // namespace lineage::casefile
