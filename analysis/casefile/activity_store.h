// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace lineage::casefile {

// One row of activity: a summary cell (its first millisecond, UTC) or a single record (its
// time). accountId is -1 for the whole-case tables, 0 for records without an account.
// model indexes ActivityReader::models().
struct ActivityCell
{
    qint64 start = 0;
    qint64 accountId = 0;
    qint64 sourceId = 0;
    qint64 joinedSourceId = 0;
    int model = 0;
    qint64 records = 0;
    qint64 tokens = 0;
};

// Where a cursor reads activity from.
enum class ActivityTable {
    CaseHours, // activity_hours: the whole case per hour, by source and model
    CaseMinutes, // the minutes of activity_hours
    Records, // query_records by time: one row per record
    HoursOfAccount, // the hours of one account (account_activity_days)
    RecordsOfAccount, // query_records of one account, by time
    MatchingRecords, // query_records whose text matches a full-text query (ActivityReader::setMatch)
};

class ActivityReader;

// Steps through the rows of one ActivityTable whose start lies in [from, to), in time order.
// Owned by its reader; seek() may be called again for the next range (the statement is
// prepared once).
class ActivityCursor
{
public:
    [[nodiscard]] Status seek(qint64 fromUtc, qint64 toUtc, qint64 accountId = 0);
    // The next row, false at the end of the range.
    [[nodiscard]] Result<bool> next(ActivityCell &cell);
    ActivityTable table() const { return m_table; }

private:
    friend class ActivityReader;
    ActivityCursor(ActivityReader &reader, ActivityTable table) : m_reader(reader), m_table(table) { }

    Result<bool> step();
    Result<bool> nextSlot(ActivityCell &cell, int slotCount, qint64 slotMs);

    ActivityReader &m_reader;
    ActivityTable m_table;
    Statement m_stmt;
    bool m_active = false;
    qint64 m_from = 0;
    qint64 m_to = 0;
    // Packed rows (HoursOfAccount, CaseMinutes): the slots of the day or hour read, in time
    // order, and a row read ahead.
    std::vector<ActivityCell> m_pending;
    size_t m_pendingAt = 0;
    bool m_haveRow = false;
};

// Reads the activity summaries and the records behind them for the timeline. Borrows a
// connection (a worker's own, usually read-only) and must be used on its thread. Model names
// are numbered in the order first met (models()). Errors are returned.
class ActivityReader
{
public:
    explicit ActivityReader(Database &db) : m_db(db) { }
    ~ActivityReader();

    // A cursor over `table` (kept until the reader goes).
    [[nodiscard]] Result<ActivityCursor *> cursor(ActivityTable table);
    // The full-text query (an FTS5 MATCH expression) MatchingRecords cursors select by.
    void setMatch(const QString &matchExpression) { m_match = matchExpression; }
    const QString &match() const { return m_match; }

    const QList<QString> &models() const { return m_models; }
    // The index of a model name, -1 when none was met.
    int modelIndex(const QString &name) const { return m_modelIndex.value(name.toUtf8(), -1); }
    // The index of `utf8`, numbered when first met.
    int internModel(const char *utf8, int size);

    Database &db() { return m_db; }

private:
    Database &m_db;
    QString m_match;
    std::vector<std::unique_ptr<ActivityCursor>> m_cursors;
    QList<QString> m_models;
    QList<QByteArray> m_modelBytes;
    QHash<QByteArray, int> m_modelIndex;
    int m_lastModel = -1;
};

// An account with its activity over the whole case.
struct AccountActivity
{
    qint64 accountId = 0;
    QString name;
    qint64 actorId = 0; // 0: none
    QString actor;
    qint64 records = 0;
    qint64 tokens = 0;
};

// An actor (a group of accounts), its member accounts and their activity together.
struct ActorActivity
{
    qint64 actorId = 0;
    QString name;
    QList<qint64> accountIds;
    qint64 records = 0;
    qint64 tokens = 0;
};

// A lane key of the whole case (a source, a model) with its record count.
struct KeyActivity
{
    qint64 id = 0; // source id (0 for models)
    QString name; // source file name, or model name
    qint64 records = 0;
};

// What a comparison of the stored summaries with a recomputation found, per table.
struct ActivityDifference
{
    QString table;
    qint64 missing = 0; // cells a recomputation has that are not stored (or stored otherwise)
    qint64 unexpected = 0; // stored cells a recomputation does not have (or has otherwise)
    QString example; // the first differing cell, as text
};

struct ActivityCheck
{
    qint64 cells = 0; // stored cells compared, over all tables
    QList<ActivityDifference> differences;
    bool ok() const { return differences.isEmpty(); }
};

// Whole-case facts about activity and the summaries' upkeep. Stateless; runs on the
// connection given, on the caller's thread. Errors are returned.
class ActivityStore
{
public:
    // The summary tables, finest first (all derived from query_records).
    static const QStringList &summaryTables();

    // The first and last record time, nothing when no record has a time.
    [[nodiscard]] static Result<std::optional<std::pair<qint64, qint64>>> extent(Database &db);
    // Accounts by activity, busiest first (ties by id); `limit` < 0: all.
    [[nodiscard]] static Result<QList<AccountActivity>> accounts(Database &db, int limit = -1);
    [[nodiscard]] static Result<QList<AccountActivity>> accountsById(Database &db, const QList<qint64> &ids);
    [[nodiscard]] static Result<QList<ActorActivity>> actors(Database &db);
    // Query-log sources and models with their records (a joined record counts for both its
    // sources), busiest first.
    [[nodiscard]] static Result<QList<KeyActivity>> sources(Database &db);
    [[nodiscard]] static Result<QList<KeyActivity>> models(Database &db);

    // Recomputes every summary from query_records and compares it with what is stored.
    // Read-only; polls `feedback` (a long comparison is interrupted on cancel).
    [[nodiscard]] static Result<ActivityCheck> compare(Database &db, Feedback &feedback = nullFeedback());
    // Replaces the summaries with a recomputation, in the caller's transaction.
    [[nodiscard]] static Status rebuild(Database &db, Feedback &feedback = nullFeedback());
};

} // namespace lineage::casefile
