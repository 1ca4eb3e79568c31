// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/analysis_store.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace lineage::casefile {

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject objectOf(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

constexpr const char *kRunColumns
    = "SELECT r.id, r.kind, r.parameters, r.input_hashes, r.engine_version, r.versions, r.started_utc, "
      "r.finished_utc, r.status, r.message, r.summary, r.audit_seq, "
      "(SELECT count(*) FROM findings f WHERE f.run_id = r.id) FROM analysis_runs r ";

AnalysisRunRow readRun(const Statement &s)
{
    AnalysisRunRow row;
    row.id = s.int64(0);
    row.kind = s.text(1);
    row.parameters = objectOf(s.text(2));
    row.inputHashes = objectOf(s.text(3));
    row.engineVersion = s.text(4);
    row.versions = objectOf(s.text(5));
    row.startedUtc = s.int64(6);
    row.finishedUtc = s.optInt64(7);
    row.status = s.text(8);
    row.message = s.text(9);
    row.summary = objectOf(s.text(10));
    row.auditSeq = s.optInt64(11);
    row.findingCount = s.int64(12);
    return row;
}

Status prepareOnce(Database &db, Statement &stmt, const char *sql)
{
    if (stmt.handle())
        return {};
    auto prepared = Statement::prepare(db, sql);
    if (!prepared)
        return prepared.error();
    stmt = std::move(*prepared);
    return {};
}

} // namespace

const QStringList &AnalysisStore::strengths()
{
    static const QStringList kStrengths { QStringLiteral("strong"), QStringLiteral("moderate"),
                                          QStringLiteral("weak") };
    return kStrengths;
}

Result<qint64> AnalysisStore::nextAuditSeq()
{
    return m_db.queryInt("SELECT coalesce(max(seq), 0) + 1 FROM audit_log");
}

Result<qint64> AnalysisStore::insertRun(const AnalysisRunRow &run)
{
    auto stmt = Statement::prepare(m_db,
                                   "INSERT INTO analysis_runs (kind, parameters, input_hashes, engine_version, "
                                   "versions, started_utc, finished_utc, status, message, summary, audit_seq) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, run.kind)
        .bind(2, compact(run.parameters))
        .bind(3, compact(run.inputHashes))
        .bind(4, run.engineVersion)
        .bind(5, compact(run.versions))
        .bind(6, run.startedUtc)
        .bind(7, run.finishedUtc)
        .bind(8, run.status)
        .bind(9, run.message.isNull() ? QStringLiteral("") : run.message)
        .bind(10, compact(run.summary))
        .bind(11, run.auditSeq);
    if (auto s = stmt->run(); !s)
        return s.error();
    return m_db.lastInsertRowId();
}

Result<qint64> AnalysisStore::insertFinding(qint64 runId, const FindingRow &finding)
{
    if (!strengths().contains(finding.strength))
        return makeError(ErrorCode::Internal, QStringLiteral("'%1' is not a finding strength.").arg(finding.strength));
    if (auto s = prepareOnce(m_db, m_insertFinding,
                             "INSERT INTO findings (run_id, seq, kind, strength, subject, score, statistic, p_value, "
                             "explanation, payload, refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        !s)
        return s.error();
    if (auto s = prepareOnce(m_db, m_insertRef,
                             "INSERT INTO finding_refs (finding_id, item_kind, item_id, relation) VALUES (?, ?, ?, ?)");
        !s)
        return s.error();
    if (auto s = prepareOnce(m_db, m_insertSpan,
                             "INSERT INTO finding_spans (finding_id, item_kind, item_id, field, start, length, "
                             "relation, passage) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        !s)
        return s.error();
    // findings.refs (schema 1) keeps a compact copy of the refs for readers of that column.
    QJsonArray refs;
    for (const FindingRef &r : finding.refs)
        refs.append(QStringLiteral("%1:%2").arg(r.itemKind).arg(r.itemId));
    m_insertFinding.bind(1, runId)
        .bind(2, finding.seq)
        .bind(3, finding.kind)
        .bind(4, finding.strength)
        .bind(5, finding.subject.isNull() ? QStringLiteral("") : finding.subject)
        .bind(6, finding.score)
        .bind(7, finding.statistic)
        .bind(8, finding.pValue)
        .bind(9, finding.explanation.isNull() ? QStringLiteral("") : finding.explanation)
        .bind(10, compact(finding.payload))
        .bind(11, QString::fromUtf8(QJsonDocument(refs).toJson(QJsonDocument::Compact)));
    if (auto s = m_insertFinding.run(); !s)
        return s.error();
    const qint64 id = m_db.lastInsertRowId();
    for (const FindingRef &r : finding.refs) {
        m_insertRef.bind(1, id).bind(2, r.itemKind).bind(3, r.itemId).bind(4, r.relation);
        if (auto s = m_insertRef.run(); !s)
            return s.error();
    }
    for (const FindingSpan &span : finding.spans) {
        m_insertSpan.bind(1, id)
            .bind(2, span.itemKind)
            .bind(3, span.itemId)
            .bind(4, span.field)
            .bind(5, span.start)
            .bind(6, span.length)
            .bind(7, span.relation)
            .bind(8, span.passage);
        if (auto s = m_insertSpan.run(); !s)
            return s.error();
    }
    return id;
}

Result<QList<AnalysisRunRow>> AnalysisStore::runs()
{
    const QByteArray sql = QByteArray(kRunColumns) + "ORDER BY r.id";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    return stmt->collect<AnalysisRunRow>(readRun);
}

Result<AnalysisRunRow> AnalysisStore::run(qint64 id)
{
    const QByteArray sql = QByteArray(kRunColumns) + "WHERE r.id = ?";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->one<AnalysisRunRow>(
        readRun, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no analysis run %1.").arg(id)));
}

Result<QList<FindingRow>> AnalysisStore::findings(std::optional<qint64> runId)
{
    return readFindings("run_id", runId.value_or(0), runId.has_value());
}

Result<QList<FindingCount>> AnalysisStore::findingCounts()
{
    auto stmt = Statement::prepare(m_db,
                                   "SELECT kind, strength, count(*) FROM findings GROUP BY kind, strength "
                                   "ORDER BY kind, strength");
    if (!stmt)
        return stmt.error();
    return stmt->collect<FindingCount>([](const Statement &s) {
        return FindingCount { s.text(0), s.text(1), s.int64(2) };
    });
}

Result<FindingRow> AnalysisStore::finding(qint64 id)
{
    auto rows = readFindings("id", id, true);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no finding %1.").arg(id));
    return rows->first();
}

Result<QList<FindingRow>> AnalysisStore::readFindings(const char *column, qint64 value, bool filter)
{
    const QByteArray where = filter ? QByteArray("WHERE f.") + column + " = ? " : QByteArray();
    const QByteArray sql = "SELECT f.id, f.run_id, f.seq, f.kind, f.strength, f.subject, f.score, f.statistic, "
                           "f.p_value, f.explanation, f.payload FROM findings f "
        + where + "ORDER BY f.run_id, f.seq, f.id";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    if (filter)
        stmt->bind(1, value);
    auto rows = stmt->collect<FindingRow>([](const Statement &s) {
        FindingRow row;
        row.id = s.int64(0);
        row.runId = s.int64(1);
        row.seq = s.int64(2);
        row.kind = s.text(3);
        row.strength = s.text(4);
        row.subject = s.text(5);
        row.score = s.optReal(6);
        row.statistic = s.optReal(7);
        row.pValue = s.optReal(8);
        row.explanation = s.text(9);
        row.payload = objectOf(s.text(10));
        return row;
    });
    if (!rows)
        return rows.error();
    QHash<qint64, qsizetype> at;
    for (qsizetype i = 0; i < rows->size(); ++i)
        at.insert((*rows)[i].id, i);
    const QByteArray join
        = filter ? QByteArray(" JOIN findings f ON f.id = x.finding_id WHERE f.") + column + " = ?" : QByteArray();
    const QByteArray refSql
        = "SELECT x.finding_id, x.item_kind, x.item_id, x.relation FROM finding_refs x" + join + " ORDER BY x.id";
    auto refs = Statement::prepare(m_db, refSql.constData());
    if (!refs)
        return refs.error();
    if (filter)
        refs->bind(1, value);
    for (;;) {
        auto row = refs->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (auto it = at.constFind(refs->int64(0)); it != at.constEnd())
            (*rows)[*it].refs.append(FindingRef { refs->text(1), refs->int64(2), refs->text(3) });
    }
    const QByteArray spanSql = "SELECT x.finding_id, x.item_kind, x.item_id, x.field, x.start, x.length, x.relation, "
                               "x.passage FROM finding_spans x"
        + join + " ORDER BY x.id";
    auto spans = Statement::prepare(m_db, spanSql.constData());
    if (!spans)
        return spans.error();
    if (filter)
        spans->bind(1, value);
    for (;;) {
        auto row = spans->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (auto it = at.constFind(spans->int64(0)); it != at.constEnd())
            (*rows)[*it].spans.append(FindingSpan { spans->text(1), spans->int64(2), spans->text(3), spans->int64(4),
                                                    spans->int64(5), spans->text(6), spans->optInt64(7) });
    }
    return rows;
}

} // namespace lineage::casefile
