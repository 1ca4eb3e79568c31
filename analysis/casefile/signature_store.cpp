// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/signature_store.h"

#include <QDateTime>
#include <QtEndian>

namespace lineage::casefile {

Result<std::optional<StoredSignature>> SignatureStore::find(const SignatureKey &key)
{
    if (!m_find.handle()) {
        auto stmt = Statement::prepare(m_db,
                                       "SELECT shingle_count, shingles, signature FROM text_signatures "
                                       "WHERE item_kind = ?1 AND item_id = ?2 AND field = ?3 AND tokenizer = ?4 "
                                       "AND parameters = ?5 AND text_sha256 = ?6");
        if (!stmt)
            return stmt.error();
        m_find = std::move(*stmt);
    }
    m_find.reset();
    m_find.bind(1, key.itemKind)
        .bind(2, key.itemId)
        .bind(3, key.field)
        .bind(4, key.tokenizer)
        .bind(5, key.parameters)
        .bind(6, key.textSha256);
    auto row = m_find.step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<StoredSignature>();
    auto shingles = fromBlob<decltype(StoredSignature::shingles)::value_type>(m_find.blob(1));
    auto signature = fromBlob<decltype(StoredSignature::signature)::value_type>(m_find.blob(2));
    const qint64 count = m_find.int64(0);
    m_find.reset();
    if (!shingles || !signature || qint64(shingles->size()) != count)
        return makeError(
            ErrorCode::Corrupt,
            QStringLiteral("A stored text fingerprint is damaged (%1 %2).").arg(key.itemKind).arg(key.itemId));
    return std::optional<StoredSignature>(StoredSignature { std::move(*shingles), std::move(*signature) });
}

Status SignatureStore::put(const SignatureKey &key, const StoredSignature &value)
{
    if (!m_put.handle()) {
        auto stmt = Statement::prepare(m_db,
                                       "INSERT OR REPLACE INTO text_signatures (item_kind, item_id, field, "
                                       "text_sha256, tokenizer, parameters, shingle_count, shingles, signature, "
                                       "created_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        if (!stmt)
            return stmt.error();
        m_put = std::move(*stmt);
    }
    m_put.bind(1, key.itemKind)
        .bind(2, key.itemId)
        .bind(3, key.field)
        .bind(4, key.textSha256)
        .bind(5, key.tokenizer)
        .bind(6, key.parameters)
        .bind(7, qint64(value.shingles.size()))
        .bind(8, toBlob(value.shingles))
        .bind(9, toBlob(value.signature))
        .bind(10, QDateTime::currentMSecsSinceEpoch());
    return m_put.run();
}

Result<qint64> SignatureStore::count()
{
    return m_db.queryInt("SELECT count(*) FROM text_signatures");
}

Result<qint64> SignatureStore::removeOtherTokenizers(const QString &tokenizer)
{
    auto stmt = Statement::prepare(m_db, "DELETE FROM text_signatures WHERE tokenizer <> ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, tokenizer);
    if (auto s = stmt->run(); !s)
        return s.error();
    return qint64(m_db.changes());
}

} // namespace lineage::casefile
