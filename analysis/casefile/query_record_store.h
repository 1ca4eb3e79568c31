// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/activity_writer.h"
#include "casefile/sqlite.h"
#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace lineage::casefile {

// One query record as stored (see query_records in resources/migrations/0001_initial.sql).
struct QueryRecordRow
{
    qint64 id = 0;
    qint64 sourceId = 0;
    qint64 line = 0;
    qint64 byteOffset = 0;
    qint64 byteLength = 0;
    std::optional<qint64> timeUtc;
    std::optional<qint64> timeOffset;
    qint64 accountId = 0;     // 0: none
    QString account;
    QString apiKey, org, ip, userAgent, model, endpoint, customId;
    std::optional<double> temperature, topP;
    std::optional<qint64> n, maxTokens, logprobs, topLogprobs;
    QString systemPrompt, prompt, completion;
    QStringList extraCompletions;
    QString finishReason;
    std::optional<qint64> promptTokens, completionTokens, httpStatus;
    QByteArray raw;           // kept with the record only for compressed input
    QString pendingJoin;      // "request"/"response": this half waits for its counterpart
    QString joinedSide;       // the half that joinedSourceId contributed
    std::optional<qint64> joinedSourceId, joinedLine, joinedByteOffset, joinedByteLength;
    QString sourceName; // the source's original file name (read APIs only)
    QString joinedSourceName; // the joined half's file name, when there is one
};

// A query record ready to be written: text as UTF-8 (converted on the parser's thread, so
// that the writing thread only binds), absent text as a null QByteArray. The text fields may
// be views (QByteArray::fromRawData) into `storage`, which a copy shares: keep them with it.
struct QueryRecordText
{
    QByteArray storage;
    qint64 line = 0;
    qint64 byteOffset = 0;
    qint64 byteLength = 0;
    std::optional<qint64> timeUtc;
    std::optional<qint64> timeOffset;
    QByteArray account;
    QByteArray apiKey, org, ip, userAgent, model, endpoint, customId;
    std::optional<double> temperature, topP;
    std::optional<qint64> n, maxTokens, logprobs, topLogprobs;
    QByteArray systemPrompt, prompt, completion;
    QByteArray extraCompletions;  // JSON array, or null
    QByteArray finishReason;
    std::optional<qint64> promptTokens, completionTokens, httpStatus;
    QByteArray raw;               // kept with the record only for compressed input
    QByteArray pendingJoin;       // "request"/"response": this half waits for its counterpart
};

// Narrows a fetch: every set member must match.
struct QueryRecordFilter
{
    std::optional<qint64> sourceId;
    std::optional<qint64> accountId;
    std::optional<qint64> fromUtc;   // inclusive, ms
    std::optional<qint64> toUtc;     // exclusive, ms

    // The filter's conditions on `query_records q`, each starting with " AND ", with named
    // parameters that bind() fills. Every reader of filtered records uses these, so that the
    // table's page anchors and its pages select the same rows.
    QByteArray sqlConditions() const;
    void bind(Statement &statement) const;
};

// Writes query records for one source during its import: statements are prepared once
// and reused, accounts are created on first sight and cached. Records are given their ids
// here (after the largest id in the case) and written up to kBatchRows at a time by one
// multi-row INSERT (SQLite then opens the table's and indexes' cursors once per batch, not
// once per record). insert() keeps a pointer to the row, whose bytes are bound without a
// copy: the row must stay alive and unchanged until flush(). findPending() and join() write
// what is batched first; the caller must call flush() before it reads query_records or
// commits. Used on the import's thread, inside the source's transaction (no other writer
// can take ids meanwhile). The activity summaries follow the records it writes (see
// ActivityWriter): finish() adds them before the commit. Errors are returned.
class QueryRecordWriter
{
public:
    static constexpr int kBatchRows = 64;

    QueryRecordWriter(Database &db, qint64 sourceId);

    [[nodiscard]] Status prepare();
    // Queues `row` (kept by pointer until flush()) for this writer's source; returns its id.
    [[nodiscard]] Result<qint64> insert(const QueryRecordText &row);
    // Writes the queued records.
    [[nodiscard]] Status flush();
    // Writes the queued records and the activity of everything written to the summaries;
    // call once the source is read, before the commit.
    [[nodiscard]] Status finish();
    // What the foreign keys of the written records require, checked once (for an import that
    // does not let SQLite check them row by row, see BulkWrite::uncheckForeignKeys()): this
    // writer's source exists and its hash names a stored original, and every account id
    // given to a record exists. Call after the source is finished, before the commit.
    [[nodiscard]] Status checkReferences();
    // The newest record holding only the `side` half of the exchange `customId`.
    [[nodiscard]] Result<std::optional<qint64>> findPending(const QString &customId, const QString &side);
    // Completes record `id` with the other half `row` from this writer's source; `row`
    // holds the half named by `side` ("request" or "response").
    [[nodiscard]] Status join(qint64 id, const QueryRecordText &row, const QString &side);
    [[nodiscard]] Result<qint64> accountId(const QByteArray &name);

private:
    Status bindRow(Statement &s, const QueryRecordText &row, int first);
    Status bindInsert(Statement &s, qint64 id, const QueryRecordText &row, int first);

    Database &m_db;
    qint64 m_sourceId;
    qint64 m_nextId = 0;
    QByteArray m_insertSql;                 // INSERT of one row
    QByteArray m_rowSql;                    // the VALUES tuple of one more row
    std::vector<Statement> m_inserts;       // [n]: the INSERT of n rows, once used
    QList<const QueryRecordText *> m_batch; // queued rows, owned by the caller
    Statement m_findPending;
    Statement m_joinRequest;
    Statement m_joinResponse;
    Statement m_insertAccount;
    Statement m_findAccount;
    QHash<QByteArray, qint64> m_accounts;
    ActivityWriter m_activity;
};

// Reads query records (GUI tables, exports, tests). Paging is by id (keyset), never OFFSET.
class QueryRecordStore
{
public:
    // Records with id > afterId matching `filter`, in id order, at most `limit`.
    [[nodiscard]] static Result<QList<QueryRecordRow>> fetch(Database &db, qint64 afterId, int limit,
                                                              const QueryRecordFilter &filter = {});
    [[nodiscard]] static Result<qint64> count(Database &db, const QueryRecordFilter &filter = {});
    [[nodiscard]] static Result<QueryRecordRow> get(Database &db, qint64 id);
    // The raw object behind a record, from the stored original (by offset) or from the
    // copy kept with the record. `joined`: the other Batch half's line instead.
    [[nodiscard]] static Result<QByteArray> raw(Database &db, qint64 id, bool joined = false);
};

} // namespace lineage::casefile
