// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lineage::casefile {

class CaseFile;

// One transcript as listed in the case explorer.
struct TranscriptRow
{
    qint64 id = 0;
    qint64 sourceId = 0;
    QString sourceName; // the source's original file name (read APIs only)
    QString modelLabel;
    QString role; // "unassigned", "provider", "suspect", "control", "protected-corpus"
    QString title;
    qint64 turnCount = 0;
};

// One prompt/answer turn and where it sits in its source.
struct TurnRow
{
    qint64 id = 0;
    qint64 transcriptId = 0;
    qint64 seq = 0;
    QString conversation;
    QString system;
    QString prompt;
    QString answer;
    std::optional<qint64> line;
    std::optional<qint64> byteOffset;
    std::optional<qint64> byteLength;
};

// The transcripts and turns tables. Inserts are used by the import pipeline inside the
// source's transaction (statements are prepared once and reused); reads serve the views.
// Borrows a connection and is used on that connection's thread only. Errors are returned.
class TranscriptStore
{
public:
    explicit TranscriptStore(Database &db) : m_db(db) { }

    // The roles a transcript may have: "unassigned" (no claim made yet, what an import
    // without a role gives), then the four claims.
    static const QStringList &roles();
    static QString unassignedRole() { return QStringLiteral("unassigned"); }

    [[nodiscard]] Result<qint64> insertTranscript(const TranscriptRow &transcript);
    // Inserts the turn and counts it in its transcript's turn_count.
    [[nodiscard]] Result<qint64> insertTurn(const TurnRow &turn);

    // Transcripts of one source, or of the whole case, ordered by id.
    [[nodiscard]] Result<QList<TranscriptRow>> transcripts(std::optional<qint64> sourceId = std::nullopt);
    [[nodiscard]] Result<TranscriptRow> transcript(qint64 id);
    // Keyset page: up to `limit` turns with seq > afterSeq, in order.
    [[nodiscard]] Result<QList<TurnRow>> turns(qint64 transcriptId, qint64 afterSeq = -1, int limit = 500);
    [[nodiscard]] Result<TurnRow> turn(qint64 turnId);
    // Turns of a transcript whose prompt, system message or answer contains `text` (ASCII
    // letters in any case), in order, at most `limit`; `total` gets how many match in all.
    [[nodiscard]] Result<QList<TurnRow>> findTurns(qint64 transcriptId, const QString &text, int limit,
                                                   qint64 *total = nullptr);
    // The turn with number `seq` (1-based, as listed) of a transcript. The import numbers a
    // transcript's turns 1, 2, 3, ... without gaps, so turn n is row n - 1 of a listing.
    [[nodiscard]] Result<TurnRow> turnBySeq(qint64 transcriptId, qint64 seq);

    // Transcripts without a role, ordered by id (of `among` only, when given). An analysis
    // that sets models against each other calls this first and refuses with
    // missingRoles(list) instead of guessing what a model is.
    [[nodiscard]] Result<QList<TranscriptRow>> unassigned(const std::optional<QList<qint64>> &among = std::nullopt);
    // An error naming every transcript of `rows` (id, model label, file) that needs a role.
    static Error missingRoles(const QList<TranscriptRow> &rows);

    // Changes a transcript's model label and role, audited with old and new values.
    [[nodiscard]] static Status updateTranscript(CaseFile &file, qint64 id, const QString &modelLabel,
                                                 const QString &role);

private:
    Database &m_db;
    Statement m_insertTranscript;
    Statement m_insertTurn;
    Statement m_countTurn;
};

} // namespace lineage::casefile
