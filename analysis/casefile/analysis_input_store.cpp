// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/analysis_input_store.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace lineage::casefile {

namespace {

InputSource readSource(const Statement &s)
{
    return InputSource { s.int64(0), s.text(1), s.text(2), s.text(3) };
}

} // namespace

Result<qint64> AnalysisInputStore::completionRecordCount()
{
    return m_db.queryInt(
        "SELECT count(*) FROM query_records WHERE completion IS NOT NULL OR extra_completions IS NOT NULL");
}

Result<QList<ServedCompletions>> AnalysisInputStore::completions(qint64 afterId, int limit)
{
    auto stmt = Statement::prepare(m_db,
                                   "SELECT id, source_id, completion, extra_completions FROM query_records "
                                   "WHERE id > ? AND (completion IS NOT NULL OR extra_completions IS NOT NULL) "
                                   "ORDER BY id LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, afterId).bind(2, qint64(limit));
    return stmt->collect<ServedCompletions>([](const Statement &s) {
        ServedCompletions row;
        row.recordId = s.int64(0);
        row.sourceId = s.int64(1);
        row.choices.append(s.isNull(2) ? QString() : s.text(2));
        if (!s.isNull(3)) {
            const QJsonArray extra = QJsonDocument::fromJson(s.text(3).toUtf8()).array();
            for (const QJsonValue &v : extra)
                row.choices.append(v.toString());
        }
        return row;
    });
}

Result<QList<RecordProvenance>> AnalysisInputStore::provenance(const QList<qint64> &recordIds)
{
    auto stmt = Statement::prepare(m_db,
                                   "SELECT q.id, a.name, q.time_utc, q.time_offset, q.ip, q.model, q.custom_id, "
                                   "q.source_id, s.original_name, q.line, q.joined_source_id, j.original_name, "
                                   "q.joined_line, q.joined_side FROM query_records q "
                                   "JOIN sources s ON s.id = q.source_id "
                                   "LEFT JOIN accounts a ON a.id = q.account_id "
                                   "LEFT JOIN sources j ON j.id = q.joined_source_id WHERE q.id = ?");
    if (!stmt)
        return stmt.error();
    QList<RecordProvenance> rows;
    rows.reserve(recordIds.size());
    for (qint64 id : recordIds) {
        stmt->reset();
        stmt->bind(1, id);
        auto row = stmt->one<RecordProvenance>(
            [](const Statement &s) {
                RecordProvenance p;
                p.recordId = s.int64(0);
                p.account = s.text(1);
                p.timeUtc = s.optInt64(2);
                p.timeOffset = s.optInt64(3);
                p.ip = s.text(4);
                p.model = s.text(5);
                p.customId = s.text(6);
                p.sourceId = s.int64(7);
                p.sourceName = s.text(8);
                p.line = s.int64(9);
                p.joinedSourceId = s.optInt64(10);
                p.joinedSourceName = s.text(11);
                p.joinedLine = s.optInt64(12);
                p.joinedSide = s.text(13);
                return p;
            },
            makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no query record %1.").arg(id)));
        if (!row)
            return row.error();
        rows.append(*row);
    }
    return rows;
}

Result<QList<InputSource>> AnalysisInputStore::queryLogSources()
{
    auto stmt = Statement::prepare(m_db,
                                   "SELECT id, kind, original_name, sha256 FROM sources s WHERE kind = 'query-log' "
                                   "OR EXISTS (SELECT 1 FROM query_records q WHERE q.joined_source_id = s.id) "
                                   "ORDER BY id");
    if (!stmt)
        return stmt.error();
    return stmt->collect<InputSource>(readSource);
}

Result<QList<InputSource>> AnalysisInputStore::sources(const QList<qint64> &sourceIds)
{
    auto stmt = Statement::prepare(m_db, "SELECT id, kind, original_name, sha256 FROM sources WHERE id = ?");
    if (!stmt)
        return stmt.error();
    QList<InputSource> rows;
    for (qint64 id : sourceIds) {
        stmt->reset();
        stmt->bind(1, id);
        auto row = stmt->one<InputSource>(
            readSource, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no source %1.").arg(id)));
        if (!row)
            return row.error();
        rows.append(*row);
    }
    return rows;
}

Result<QStringList> AnalysisInputStore::loggedModels()
{
    auto stmt = Statement::prepare(
        m_db, "SELECT DISTINCT model FROM query_records WHERE model IS NOT NULL AND model <> '' ORDER BY model");
    if (!stmt)
        return stmt.error();
    auto rows = stmt->collect<QString>([](const Statement &s) { return s.text(0); });
    if (!rows)
        return rows.error();
    return QStringList(*rows);
}

} // namespace lineage::casefile
