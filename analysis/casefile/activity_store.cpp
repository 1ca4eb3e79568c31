// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/activity_store.h"

#include <QStringList>

#include <algorithm>

namespace lineage::casefile {

namespace {

constexpr const char *kCaseColumns = "SELECT start_utc, -1, source_id, joined_source_id, model, records, tokens ";
constexpr const char *kAccountColumns
    = "SELECT start_utc, account_id, source_id, joined_source_id, model, records, tokens ";
constexpr const char *kRecordColumns
    = "SELECT q.time_utc, coalesce(q.account_id, 0), q.source_id, coalesce(q.joined_source_id, 0), "
      "coalesce(q.model, ''), 1, coalesce(q.prompt_tokens, 0) + coalesce(q.completion_tokens, 0) ";

// "r00, r01, ..." (or joined by another separator): the packed slot columns of a summary row.
QByteArray slotList(char prefix, int count, const char *separator)
{
    QByteArray sql;
    for (int h = 0; h < count; ++h)
        sql += (h ? separator : "") + QByteArray(1, prefix) + QByteArray::number(h).rightJustified(2, '0');
    return sql;
}

QByteArray hourColumnList(char prefix, const char *separator)
{
    return slotList(prefix, 24, separator);
}

QByteArray cursorSql(ActivityTable table)
{
    const QByteArray inRange = "WHERE start_utc >= ?1 AND start_utc < ?2 ";
    const QByteArray recordsInRange = "WHERE q.time_utc >= ?1 AND q.time_utc < ?2 ";
    switch (table) {
    case ActivityTable::CaseHours:
        return kCaseColumns + QByteArray("FROM activity_hours ") + inRange + "ORDER BY start_utc";
    case ActivityTable::CaseMinutes:
        // A row per hour: the cursor hands out its minutes (?1 floored to the hour by seek()).
        return "SELECT start_utc, -1, source_id, joined_source_id, model, " + slotList('r', 60, ", ") + ", "
            + slotList('t', 60, ", ") + " FROM activity_hours " + inRange + "ORDER BY start_utc";
    case ActivityTable::Records:
        return kRecordColumns + QByteArray("FROM query_records q ") + recordsInRange + "ORDER BY q.time_utc";
    case ActivityTable::HoursOfAccount:
        // A row per day: the cursor hands out its hours (?1 floored to the day by seek()).
        return "SELECT day_utc, account_id, source_id, joined_source_id, model, " + hourColumnList('r', ", ") + ", "
            + hourColumnList('t', ", ")
            + " FROM account_activity_days WHERE account_id = ?3 AND day_utc >= ?1 AND day_utc < ?2 ORDER BY day_utc";
    case ActivityTable::RecordsOfAccount:
        return kRecordColumns + QByteArray("FROM query_records q ") + recordsInRange
            + "AND q.account_id = ?3 ORDER BY q.time_utc";
    case ActivityTable::MatchingRecords:
        return kRecordColumns
            + QByteArray("FROM query_records q WHERE q.id IN (SELECT rowid >> 3 FROM search_index WHERE search_index "
                         "MATCH ?3 AND (rowid & 7) < 2) AND q.time_utc >= ?1 AND q.time_utc < ?2 ORDER BY q.time_utc");
    }
    return {};
}

} // namespace

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kHourMs = 3'600'000;

qint64 floorTo(qint64 t, qint64 unit)
{
    return t - (((t % unit) + unit) % unit);
}

} // namespace

Status ActivityCursor::seek(qint64 fromUtc, qint64 toUtc, qint64 accountId)
{
    if (!m_stmt.handle()) {
        auto stmt = Statement::prepare(m_reader.db(), cursorSql(m_table).constData());
        if (!stmt)
            return stmt.error();
        m_stmt = std::move(*stmt);
    }
    m_stmt.reset();
    qint64 from = fromUtc;
    if (m_table == ActivityTable::HoursOfAccount)
        from = floorTo(fromUtc, kDayMs);
    else if (m_table == ActivityTable::CaseMinutes)
        from = floorTo(fromUtc, kHourMs);
    m_stmt.bind(1, from).bind(2, toUtc);
    if (m_table == ActivityTable::HoursOfAccount || m_table == ActivityTable::RecordsOfAccount)
        m_stmt.bind(3, accountId);
    if (m_table == ActivityTable::MatchingRecords)
        m_stmt.bind(3, m_reader.match());
    m_from = fromUtc;
    m_to = toUtc;
    m_pending.clear();
    m_pendingAt = 0;
    m_haveRow = false;
    m_active = true;
    return {};
}

Result<bool> ActivityCursor::step()
{
    auto row = m_stmt.step();
    if (!row || !*row) {
        m_active = false;
        m_stmt.reset();
    }
    return row;
}

Result<bool> ActivityCursor::nextSlot(ActivityCell &cell, int slotCount, qint64 slotMs)
{
    for (;;) {
        if (m_pendingAt < m_pending.size()) {
            cell = m_pending[m_pendingAt++];
            return true;
        }
        m_pending.clear();
        m_pendingAt = 0;
        if (!m_active && !m_haveRow)
            return false;
        // Every row of the next day or hour (one per source and model), its slots in time order.
        bool first = true;
        qint64 day = 0;
        for (;;) {
            if (!m_haveRow) {
                if (!m_active)
                    break;
                auto row = step();
                if (!row)
                    return row.error();
                if (!*row)
                    break;
                m_haveRow = true;
            }
            sqlite3_stmt *s = m_stmt.handle();
            const qint64 rowDay = sqlite3_column_int64(s, 0);
            if (!first && rowDay != day)
                break;
            first = false;
            day = rowDay;
            ActivityCell c;
            c.accountId = sqlite3_column_int64(s, 1);
            c.sourceId = sqlite3_column_int64(s, 2);
            c.joinedSourceId = sqlite3_column_int64(s, 3);
            c.model = m_reader.internModel(reinterpret_cast<const char *>(sqlite3_column_text(s, 4)),
                                           sqlite3_column_bytes(s, 4));
            for (int h = 0; h < slotCount; ++h) {
                c.records = sqlite3_column_int64(s, 5 + h);
                if (c.records == 0)
                    continue;
                c.start = day + h * slotMs;
                if (c.start < m_from || c.start >= m_to)
                    continue;
                c.tokens = sqlite3_column_int64(s, 5 + slotCount + h);
                m_pending.push_back(c);
            }
            m_haveRow = false;
        }
        std::stable_sort(m_pending.begin(), m_pending.end(),
                         [](const ActivityCell &a, const ActivityCell &b) { return a.start < b.start; });
        if (m_pending.empty() && !m_active && !m_haveRow)
            return false;
    }
}

Result<bool> ActivityCursor::next(ActivityCell &cell)
{
    if (m_table == ActivityTable::HoursOfAccount)
        return nextSlot(cell, 24, kHourMs);
    if (m_table == ActivityTable::CaseMinutes)
        return nextSlot(cell, 60, 60'000);
    if (!m_active)
        return false;
    auto row = step();
    if (!row)
        return row.error();
    if (!*row)
        return false;
    sqlite3_stmt *s = m_stmt.handle();
    cell.start = sqlite3_column_int64(s, 0);
    cell.accountId = sqlite3_column_int64(s, 1);
    cell.sourceId = sqlite3_column_int64(s, 2);
    cell.joinedSourceId = sqlite3_column_int64(s, 3);
    cell.model
        = m_reader.internModel(reinterpret_cast<const char *>(sqlite3_column_text(s, 4)), sqlite3_column_bytes(s, 4));
    cell.records = sqlite3_column_int64(s, 5);
    cell.tokens = sqlite3_column_int64(s, 6);
    return true;
}

ActivityReader::~ActivityReader() = default;

Result<ActivityCursor *> ActivityReader::cursor(ActivityTable table)
{
    m_cursors.push_back(std::unique_ptr<ActivityCursor>(new ActivityCursor(*this, table)));
    return m_cursors.back().get();
}

int ActivityReader::internModel(const char *utf8, int size)
{
    const QByteArrayView name(utf8 ? utf8 : "", utf8 ? size : 0);
    if (m_lastModel >= 0 && QByteArrayView(m_modelBytes.at(m_lastModel)) == name)
        return m_lastModel;
    const QByteArray key = name.toByteArray();
    auto it = m_modelIndex.constFind(key);
    if (it == m_modelIndex.constEnd()) {
        it = m_modelIndex.insert(key, int(m_models.size()));
        m_models.append(QString::fromUtf8(key));
        m_modelBytes.append(key);
    }
    m_lastModel = *it;
    return m_lastModel;
}

Result<std::optional<std::pair<qint64, qint64>>> ActivityStore::extent(Database &db)
{
    // Two subqueries: SQLite reads a lone min() or max() from the end of the time index, but
    // min() and max() in one select scan the whole index (540 ms at ten million records).
    auto stmt = Statement::prepare(
        db, "SELECT (SELECT min(time_utc) FROM query_records), (SELECT max(time_utc) FROM query_records)");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (stmt->isNull(0))
        return std::optional<std::pair<qint64, qint64>>();
    return std::optional<std::pair<qint64, qint64>>(std::pair { stmt->int64(0), stmt->int64(1) });
}

namespace {

constexpr const char *kAccountSelect
    = "SELECT a.id, a.name, coalesce(a.actor_id, 0), coalesce(r.name, ''), coalesce(t.records, 0), "
      "coalesce(t.tokens, 0) FROM accounts a LEFT JOIN actors r ON r.id = a.actor_id "
      "LEFT JOIN account_activity_totals t ON t.account_id = a.id ";

AccountActivity readAccount(const Statement &s)
{
    return { s.int64(0), s.text(1), s.int64(2), s.text(3), s.int64(4), s.int64(5) };
}

} // namespace

Result<QList<AccountActivity>> ActivityStore::accounts(Database &db, int limit)
{
    const QByteArray sql = QByteArray(kAccountSelect) + "ORDER BY coalesce(t.records, 0) DESC, a.id LIMIT ?";
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, qint64(limit));
    return stmt->collect<AccountActivity>(readAccount);
}

Result<QList<AccountActivity>> ActivityStore::accountsById(Database &db, const QList<qint64> &ids)
{
    const QByteArray sql = QByteArray(kAccountSelect) + "WHERE a.id = ?";
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    QList<AccountActivity> out;
    for (const qint64 id : ids) {
        stmt->bind(1, id);
        auto row = stmt->maybeOne<AccountActivity>(readAccount);
        stmt->reset();
        if (!row)
            return row.error();
        if (*row)
            out.append(**row);
    }
    return out;
}

Result<QList<ActorActivity>> ActivityStore::actors(Database &db)
{
    auto stmt
        = Statement::prepare(db,
                             "SELECT r.id, r.name, a.id, coalesce(t.records, 0), coalesce(t.tokens, 0) FROM actors r "
                             "LEFT JOIN accounts a ON a.actor_id = r.id "
                             "LEFT JOIN account_activity_totals t ON t.account_id = a.id ORDER BY r.id, a.id");
    if (!stmt)
        return stmt.error();
    QList<ActorActivity> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (out.isEmpty() || out.last().actorId != stmt->int64(0))
            out.append({ stmt->int64(0), stmt->text(1), {}, 0, 0 });
        if (!stmt->isNull(2)) {
            out.last().accountIds.append(stmt->int64(2));
            out.last().records += stmt->int64(3);
            out.last().tokens += stmt->int64(4);
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ActorActivity &a, const ActorActivity &b) { return a.records > b.records; });
    return out;
}

Result<QList<KeyActivity>> ActivityStore::sources(Database &db)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT s.id, s.original_name, coalesce((SELECT sum(records) FROM activity_hours h "
                                   "WHERE h.source_id = s.id OR h.joined_source_id = s.id), 0) AS n "
                                   "FROM sources s WHERE s.kind = 'query-log' ORDER BY n DESC, s.id");
    if (!stmt)
        return stmt.error();
    return stmt->collect<KeyActivity>([](const Statement &s) {
        return KeyActivity { s.int64(0), s.text(1), s.int64(2) };
    });
}

Result<QList<KeyActivity>> ActivityStore::models(Database &db)
{
    auto stmt = Statement::prepare(
        db, "SELECT model, sum(records) AS n FROM activity_hours GROUP BY model ORDER BY n DESC, model");
    if (!stmt)
        return stmt.error();
    return stmt->collect<KeyActivity>([](const Statement &s) { return KeyActivity { 0, s.text(0), s.int64(1) }; });
}

// ---- comparison and rebuild -------------------------------------------------------------

namespace {

struct SummaryTable
{
    const char *name;
    const char *recompute; // SELECT of the table's rows, in its column order
};

// Each table recomputed from the records (the finest) or from the finer table's recomputation,
// as migration 0010 builds them. {} stands for the schema the recomputation reads from.
// An account's records per day, hour by hour (the 24 record and 24 token columns).
QByteArray accountDaysRecompute()
{
    QByteArray sql = "SELECT account_id, day_utc, source_id, joined_source_id, model";
    for (int h = 0; h < 24; ++h)
        sql += ", sum(h = " + QByteArray::number(h) + ") AS r" + QByteArray::number(h).rightJustified(2, '0');
    for (int h = 0; h < 24; ++h)
        sql += ", sum(CASE WHEN h = " + QByteArray::number(h) + " THEN tokens ELSE 0 END) AS t"
            + QByteArray::number(h).rightJustified(2, '0');
    sql += " FROM (SELECT coalesce(account_id, 0) AS account_id, "
           "time_utc - ((time_utc % 86400000) + 86400000) % 86400000 AS day_utc, "
           "(((time_utc % 86400000) + 86400000) % 86400000) / 3600000 AS h, source_id, "
           "coalesce(joined_source_id, 0) AS joined_source_id, coalesce(model, '') AS model, "
           "coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0) AS tokens "
           "FROM main.query_records WHERE time_utc IS NOT NULL) GROUP BY 1, 2, 3, 4, 5";
    return sql;
}

// The whole case per hour with its 60 minutes.
QByteArray caseHoursRecompute()
{
    QByteArray sql = "SELECT start_utc, source_id, joined_source_id, model, count(*) AS records, sum(tokens) AS tokens";
    for (int m = 0; m < 60; ++m)
        sql += ", sum(m = " + QByteArray::number(m) + ") AS r" + QByteArray::number(m).rightJustified(2, '0');
    for (int m = 0; m < 60; ++m)
        sql += ", sum(CASE WHEN m = " + QByteArray::number(m) + " THEN tokens ELSE 0 END) AS t"
            + QByteArray::number(m).rightJustified(2, '0');
    sql += " FROM (SELECT time_utc - ((time_utc % 3600000) + 3600000) % 3600000 AS start_utc, "
           "(((time_utc % 3600000) + 3600000) % 3600000) / 60000 AS m, source_id, "
           "coalesce(joined_source_id, 0) AS joined_source_id, coalesce(model, '') AS model, "
           "coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0) AS tokens "
           "FROM main.query_records WHERE time_utc IS NOT NULL) GROUP BY 1, 2, 3, 4";
    return sql;
}

struct SummaryTableText
{
    QByteArray name;
    QByteArray recompute;
};

// Each table recomputed from the records or from the finer table's recomputation, as
// migration 0010 builds them. {} stands for the schema the recomputation reads from.
const QList<SummaryTableText> &summaryTableTexts()
{
    static const QList<SummaryTableText> tables {
        { "account_activity_days", accountDaysRecompute() },
        { "activity_hours", caseHoursRecompute() },
        { "account_activity_totals",
          "SELECT account_id, sum(" + hourColumnList('r', " + ") + ") AS records, sum(" + hourColumnList('t', " + ")
              + ") AS tokens FROM {}account_activity_days GROUP BY 1" },
    };
    return tables;
}

QByteArray recomputeFrom(const SummaryTableText &t, const char *schema)
{
    QByteArray sql = t.recompute;
    sql.replace("{}", schema);
    return sql;
}

// Interrupts a long statement once `feedback` is canceled; restores the handler on exit.
class CancelGuard
{
public:
    CancelGuard(Database &db, Feedback &feedback) : m_db(db)
    {
        sqlite3_progress_handler(
            m_db.handle(), 20000, [](void *f) { return static_cast<Feedback *>(f)->isCanceled() ? 1 : 0; }, &feedback);
    }
    ~CancelGuard() { sqlite3_progress_handler(m_db.handle(), 0, nullptr, nullptr); }

private:
    Database &m_db;
};

Error canceledOr(const Error &error, Feedback &feedback)
{
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("The summary check was canceled."));
    return error;
}

Result<QString> firstRow(Database &db, const QByteArray &sql)
{
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return QString();
    QStringList cells;
    for (int c = 0; c < stmt->columnCount(); ++c)
        cells << QStringLiteral("%1=%2").arg(QString::fromUtf8(sqlite3_column_name(stmt->handle(), c)),
                                             stmt->isNull(c) ? QStringLiteral("NULL") : stmt->text(c));
    return cells.join(QStringLiteral(", "));
}

} // namespace

const QStringList &ActivityStore::summaryTables()
{
    static const QStringList names = [] {
        QStringList n;
        for (const SummaryTableText &t : summaryTableTexts())
            n << QString::fromLatin1(t.name);
        return n;
    }();
    return names;
}

Result<ActivityCheck> ActivityStore::compare(Database &db, Feedback &feedback)
{
    CancelGuard guard(db, feedback);
    ActivityCheck check;
    feedback.setPhase(QStringLiteral("Recomputing the activity summaries"), summaryTableTexts().size());
    // The recomputation goes to temporary tables (allowed on a read-only connection).
    auto dropAll = [&] {
        for (const SummaryTableText &t : summaryTableTexts())
            (void)db.exec(("DROP TABLE IF EXISTS temp." + t.name).constData());
    };
    dropAll();
    int done = 0;
    for (const SummaryTableText &t : summaryTableTexts()) {
        const QByteArray create = "CREATE TEMP TABLE " + t.name + " AS " + recomputeFrom(t, "temp.");
        if (auto s = db.exec(create.constData()); !s) {
            dropAll();
            return canceledOr(s.error(), feedback);
        }
        const QByteArray stored = "SELECT * FROM main." + t.name;
        const QByteArray expected = "SELECT * FROM temp." + t.name;
        auto count
            = [&](const QByteArray &sql) { return db.queryInt(("SELECT count(*) FROM (" + sql + ")").constData()); };
        const QByteArray missingSql = expected + " EXCEPT " + stored;
        const QByteArray unexpectedSql = stored + " EXCEPT " + expected;
        auto missing = count(missingSql);
        auto unexpected = count(unexpectedSql);
        auto cells = db.queryInt(("SELECT count(*) FROM main." + t.name).constData());
        if (!missing || !unexpected || !cells) {
            dropAll();
            return canceledOr(!missing ? missing.error() : !unexpected ? unexpected.error() : cells.error(), feedback);
        }
        check.cells += *cells;
        if (*missing || *unexpected) {
            ActivityDifference d { QString::fromLatin1(t.name), *missing, *unexpected, {} };
            auto example = firstRow(db, *missing ? missingSql + " LIMIT 1" : unexpectedSql + " LIMIT 1");
            if (example)
                d.example = (*missing ? QStringLiteral("expected ") : QStringLiteral("stored ")) + *example;
            check.differences.append(d);
        }
        feedback.setProgress(++done);
    }
    dropAll();
    return check;
}

Status ActivityStore::rebuild(Database &db, Feedback &feedback)
{
    CancelGuard guard(db, feedback);
    feedback.setPhase(QStringLiteral("Rebuilding the activity summaries"), summaryTableTexts().size());
    for (const SummaryTableText &t : summaryTableTexts())
        if (auto s = db.exec(("DELETE FROM main." + t.name).constData()); !s)
            return canceledOr(s.error(), feedback);
    int done = 0;
    for (const SummaryTableText &t : summaryTableTexts()) {
        const QByteArray insert = "INSERT INTO main." + t.name + " " + recomputeFrom(t, "main.");
        if (auto s = db.exec(insert.constData()); !s)
            return canceledOr(s.error(), feedback);
        feedback.setProgress(++done);
    }
    return {};
}

} // namespace lineage::casefile
