// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QString>

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

struct StoredSignature
{
    std::vector<quint64> shingles; // sorted ascending
    std::vector<quint64> signature; // MinHash values
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
    // Removes every stored fingerprint (derived data: computed again when next needed).
    [[nodiscard]] Result<qint64> clear();

    // uint64 arrays <-> little-endian BLOBs.
    static QByteArray toBlob(const std::vector<quint64> &values);
    static std::optional<std::vector<quint64>> fromBlob(const QByteArray &blob);

private:
    Database &m_db;
    Statement m_find;
    Statement m_put;
};

} // namespace lineage::casefile
