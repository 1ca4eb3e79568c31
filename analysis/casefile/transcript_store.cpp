// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/transcript_store.h"

#include "casefile/case_file.h"

#include <QJsonObject>

namespace lineage::casefile {

namespace {

constexpr const char *kTranscriptColumns
    = "SELECT t.id, t.source_id, s.original_name, t.model_label, t.role, t.title, t.turn_count "
      "FROM transcripts t JOIN sources s ON s.id = t.source_id ";

TranscriptRow readTranscript(const Statement &s)
{
    TranscriptRow row;
    row.id = s.int64(0);
    row.sourceId = s.int64(1);
    row.sourceName = s.text(2);
    row.modelLabel = s.text(3);
    row.role = s.text(4);
    row.title = s.text(5);
    row.turnCount = s.int64(6);
    return row;
}

constexpr const char *kTurnColumns = "SELECT id, transcript_id, seq, conversation, system_prompt, prompt, answer, "
                                     "line, byte_offset, byte_length FROM turns ";

TurnRow readTurn(const Statement &s)
{
    TurnRow row;
    row.id = s.int64(0);
    row.transcriptId = s.int64(1);
    row.seq = s.int64(2);
    row.conversation = s.text(3);
    row.system = s.text(4);
    row.prompt = s.text(5);
    row.answer = s.text(6);
    row.line = s.optInt64(7);
    row.byteOffset = s.optInt64(8);
    row.byteLength = s.optInt64(9);
    return row;
}

QString nonNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

Status checkRole(const QString &role)
{
    if (!TranscriptStore::roles().contains(role))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("'%1' is not a transcript role; use one of %2.")
                             .arg(role, TranscriptStore::roles().join(QStringLiteral(", "))));
    return {};
}

} // namespace

const QStringList &TranscriptStore::roles()
{
    static const QStringList kRoles { unassignedRole(), QStringLiteral("provider"), QStringLiteral("suspect"),
                                      QStringLiteral("control"), QStringLiteral("protected-corpus") };
    return kRoles;
}

Result<qint64> TranscriptStore::insertTranscript(const TranscriptRow &transcript)
{
    if (auto s = checkRole(transcript.role); !s)
        return s.error();
    if (!m_insertTranscript.handle()) {
        auto stmt = Statement::prepare(
            m_db, "INSERT INTO transcripts (source_id, model_label, role, title, turn_count) VALUES (?, ?, ?, ?, 0)");
        if (!stmt)
            return stmt.error();
        m_insertTranscript = std::move(*stmt);
    }
    m_insertTranscript.bind(1, transcript.sourceId)
        .bind(2, nonNull(transcript.modelLabel))
        .bind(3, transcript.role)
        .bind(4, nonNull(transcript.title));
    if (auto s = m_insertTranscript.run(); !s)
        return s.error();
    return m_db.lastInsertRowId();
}

Result<qint64> TranscriptStore::insertTurn(const TurnRow &turn)
{
    if (!m_insertTurn.handle()) {
        auto stmt = Statement::prepare(m_db,
                                       "INSERT INTO turns (transcript_id, seq, conversation, system_prompt, prompt, "
                                       "answer, line, byte_offset, byte_length) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!stmt)
            return stmt.error();
        m_insertTurn = std::move(*stmt);
        auto count = Statement::prepare(m_db, "UPDATE transcripts SET turn_count = turn_count + 1 WHERE id = ?");
        if (!count)
            return count.error();
        m_countTurn = std::move(*count);
    }
    m_insertTurn.bind(1, turn.transcriptId)
        .bind(2, turn.seq)
        .bind(3, nonNull(turn.conversation))
        .bind(4, nonNull(turn.system))
        .bind(5, nonNull(turn.prompt))
        .bind(6, nonNull(turn.answer))
        .bind(7, turn.line)
        .bind(8, turn.byteOffset)
        .bind(9, turn.byteLength);
    if (auto s = m_insertTurn.run(); !s)
        return s.error();
    const qint64 id = m_db.lastInsertRowId();
    m_countTurn.bind(1, turn.transcriptId);
    if (auto s = m_countTurn.run(); !s)
        return s.error();
    return id;
}

Result<QList<TranscriptRow>> TranscriptStore::transcripts(std::optional<qint64> sourceId)
{
    const QByteArray sql
        = QByteArray(kTranscriptColumns) + (sourceId ? "WHERE t.source_id = ? " : "") + "ORDER BY t.id";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    if (sourceId)
        stmt->bind(1, *sourceId);
    return stmt->collect<TranscriptRow>(readTranscript);
}

Result<TranscriptRow> TranscriptStore::transcript(qint64 id)
{
    const QByteArray sql = QByteArray(kTranscriptColumns) + "WHERE t.id = ?";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->one<TranscriptRow>(
        readTranscript, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no transcript %1.").arg(id)));
}

Result<QList<TurnRow>> TranscriptStore::turns(qint64 transcriptId, qint64 afterSeq, int limit)
{
    const QByteArray sql = QByteArray(kTurnColumns) + "WHERE transcript_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, transcriptId).bind(2, afterSeq).bind(3, qint64(limit));
    return stmt->collect<TurnRow>(readTurn);
}

Result<TurnRow> TranscriptStore::turn(qint64 turnId)
{
    const QByteArray sql = QByteArray(kTurnColumns) + "WHERE id = ?";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, turnId);
    return stmt->one<TurnRow>(
        readTurn, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no turn %1.").arg(turnId)));
}

Result<QList<TurnRow>> TranscriptStore::findTurns(qint64 transcriptId, const QString &text, int limit, qint64 *total)
{
    QString pattern = text;
    pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
    constexpr const char *kMatch = "WHERE transcript_id = ?1 AND (prompt LIKE ?2 ESCAPE '\\' OR answer LIKE ?2 "
                                   "ESCAPE '\\' OR system_prompt LIKE ?2 ESCAPE '\\') ";
    if (total) {
        auto count = Statement::prepare(m_db, (QByteArray("SELECT count(*) FROM turns ") + kMatch).constData());
        if (!count)
            return count.error();
        count->bind(1, transcriptId).bind(2, pattern);
        auto n = count->one<qint64>([](const Statement &s) { return s.int64(0); },
                                    makeError(ErrorCode::Internal, QStringLiteral("The turns could not be counted.")));
        if (!n)
            return n.error();
        *total = *n;
    }
    const QByteArray sql = QByteArray(kTurnColumns) + kMatch + "ORDER BY seq LIMIT ?3";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, transcriptId).bind(2, pattern).bind(3, qint64(limit));
    return stmt->collect<TurnRow>(readTurn);
}

Result<TurnRow> TranscriptStore::turnBySeq(qint64 transcriptId, qint64 seq)
{
    const QByteArray sql = QByteArray(kTurnColumns) + "WHERE transcript_id = ? AND seq = ?";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, transcriptId).bind(2, seq);
    return stmt->one<TurnRow>(
        readTurn,
        makeError(ErrorCode::InvalidInput, QStringLiteral("Transcript %1 has no turn %2.").arg(transcriptId).arg(seq)));
}

Result<QList<TranscriptRow>> TranscriptStore::unassigned(const std::optional<QList<qint64>> &among)
{
    const QByteArray sql = QByteArray(kTranscriptColumns) + "WHERE t.role = ? ORDER BY t.id";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, unassignedRole());
    auto rows = stmt->collect<TranscriptRow>(readTranscript);
    if (!rows || !among)
        return rows;
    QList<TranscriptRow> wanted;
    for (const TranscriptRow &row : std::as_const(*rows))
        if (among->contains(row.id))
            wanted.append(row);
    return wanted;
}

Error TranscriptStore::missingRoles(const QList<TranscriptRow> &rows)
{
    QStringList names;
    for (const TranscriptRow &row : rows)
        names << QStringLiteral("%1 (%2, %3)").arg(row.id).arg(row.modelLabel, row.sourceName);
    const QString which = rows.size() == 1
        ? QStringLiteral("Transcript %1 has no role yet.").arg(names.value(0))
        : QStringLiteral("%1 transcripts have no role yet: %2.").arg(rows.size()).arg(names.join(QStringLiteral(", ")));
    return makeError(ErrorCode::InvalidInput,
                     which
                         + QStringLiteral(" A role says what a model is in the case; give each one (provider, "
                                          "suspect, control or protected-corpus) before running this analysis."));
}

Status TranscriptStore::updateTranscript(CaseFile &file, qint64 id, const QString &modelLabel, const QString &role)
{
    if (auto s = checkRole(role); !s)
        return s;
    if (modelLabel.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A transcript needs a model label."));
    TranscriptStore store(file.db());
    auto old = store.transcript(id);
    if (!old)
        return old.error();
    if (old->modelLabel == modelLabel && old->role == role)
        return {};
    const QJsonObject before { { QStringLiteral("model_label"), old->modelLabel },
                               { QStringLiteral("role"), old->role } };
    const QJsonObject after { { QStringLiteral("model_label"), modelLabel }, { QStringLiteral("role"), role } };
    return file.auditedChange(QStringLiteral("transcript.edit"), QStringLiteral("transcript:%1").arg(id),
                              QJsonObject { { QStringLiteral("before"), before }, { QStringLiteral("after"), after } },
                              [&]() -> Result<QJsonObject> {
                                  auto update = Statement::prepare(
                                      file.db(), "UPDATE transcripts SET model_label = ?, role = ? WHERE id = ?");
                                  if (!update)
                                      return update.error();
                                  update->bind(1, modelLabel).bind(2, role).bind(3, id);
                                  if (auto s = update->run(); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

} // namespace lineage::casefile
