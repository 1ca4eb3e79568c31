// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/query_record_store.h"

#include "casefile/evidence_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>

namespace lineage::casefile {

namespace {

// The data columns shared by insert and join, in bind order.
constexpr const char *kDataColumns[] = {
    "time_utc", "time_offset", "account_id", "api_key", "org", "ip", "user_agent", "model", "endpoint", "custom_id",
    "temperature", "top_p", "n", "max_tokens", "logprobs", "top_logprobs", "system_prompt", "prompt", "completion",
    "extra_completions", "finish_reason", "prompt_tokens", "completion_tokens", "http_status"};
constexpr int kDataCount = int(std::size(kDataColumns));

constexpr const char *kSelect
    = "SELECT q.id, q.source_id, q.line, q.byte_offset, q.byte_length, q.time_utc, q.time_offset, q.account_id, "
      "coalesce(a.name, ''), q.api_key, q.org, q.ip, q.user_agent, q.model, q.endpoint, q.custom_id, q.temperature, "
      "q.top_p, q.n, q.max_tokens, q.logprobs, q.top_logprobs, q.system_prompt, q.prompt, q.completion, "
      "q.extra_completions, q.finish_reason, q.prompt_tokens, q.completion_tokens, q.http_status, q.pending_join, "
      "q.joined_side, q.joined_source_id, q.joined_line, q.joined_byte_offset, q.joined_byte_length, "
      "coalesce(src.original_name, ''), coalesce(js.original_name, '') "
      "FROM query_records q LEFT JOIN accounts a ON a.id = q.account_id "
      "LEFT JOIN sources src ON src.id = q.source_id LEFT JOIN sources js ON js.id = q.joined_source_id ";

QueryRecordRow readRow(const Statement &s)
{
    QueryRecordRow r;
    int c = 0;
    r.id = s.int64(c++);
    r.sourceId = s.int64(c++);
    r.line = s.int64(c++);
    r.byteOffset = s.int64(c++);
    r.byteLength = s.int64(c++);
    r.timeUtc = s.optInt64(c++);
    r.timeOffset = s.optInt64(c++);
    r.accountId = s.optInt64(c++).value_or(0);
    r.account = s.text(c++);
    r.apiKey = s.text(c++);
    r.org = s.text(c++);
    r.ip = s.text(c++);
    r.userAgent = s.text(c++);
    r.model = s.text(c++);
    r.endpoint = s.text(c++);
    r.customId = s.text(c++);
    r.temperature = s.optReal(c++);
    r.topP = s.optReal(c++);
    r.n = s.optInt64(c++);
    r.maxTokens = s.optInt64(c++);
    r.logprobs = s.optInt64(c++);
    r.topLogprobs = s.optInt64(c++);
    r.systemPrompt = s.text(c++);
    r.prompt = s.text(c++);
    r.completion = s.text(c++);
    if (!s.isNull(c)) {
        const QJsonArray extra = QJsonDocument::fromJson(s.text(c).toUtf8()).array();
        for (const auto &v : extra)
            r.extraCompletions.append(v.toString());
    }
    ++c;
    r.finishReason = s.text(c++);
    r.promptTokens = s.optInt64(c++);
    r.completionTokens = s.optInt64(c++);
    r.httpStatus = s.optInt64(c++);
    r.pendingJoin = s.text(c++);
    r.joinedSide = s.text(c++);
    r.joinedSourceId = s.optInt64(c++);
    r.joinedLine = s.optInt64(c++);
    r.joinedByteOffset = s.optInt64(c++);
    r.joinedByteLength = s.optInt64(c++);
    r.sourceName = s.text(c++);
    r.joinedSourceName = s.text(c++);
    return r;
}

} // namespace

QByteArray QueryRecordFilter::sqlConditions() const
{
    QByteArray sql;
    if (sourceId)
        sql += " AND (q.source_id = :source OR q.joined_source_id = :source)";
    if (accountId)
        sql += " AND q.account_id = :account";
    if (fromUtc)
        sql += " AND q.time_utc >= :from";
    if (toUtc)
        sql += " AND q.time_utc < :to";
    return sql;
}

void QueryRecordFilter::bind(Statement &s) const
{
    auto bindNamed = [&](const char *name, const std::optional<qint64> &v) {
        if (!v)
            return;
        const int i = sqlite3_bind_parameter_index(s.handle(), name);
        if (i > 0)
            s.bind(i, *v);
    };
    bindNamed(":source", sourceId);
    bindNamed(":account", accountId);
    bindNamed(":from", fromUtc);
    bindNamed(":to", toUtc);
}

QueryRecordWriter::QueryRecordWriter(Database &db, qint64 sourceId) : m_db(db), m_sourceId(sourceId), m_activity(db) {}

Status QueryRecordWriter::prepare(qint64 expectedRows)
{
    QByteArray columns = "id, source_id, line, byte_offset, byte_length";
    QByteArray values = "(?, ?, ?, ?, ?";
    for (const char *c : kDataColumns) {
        columns += QByteArray(", ") + c;
        values += ", ?";
    }
    columns += ", raw, pending_join";
    values += ", ?, ?)";
    // OR FAIL: a failing row stops the statement without undoing the rows before it (no
    // statement journal needed); the import then fails and its transaction rolls back.
    const QByteArray insert = "INSERT OR FAIL INTO query_records (" + columns + ") VALUES " + values;
    m_insertSql = insert;
    m_rowSql = values;
    m_inserts.clear();
    m_inserts.resize(kBatchRows + 1);
    auto maxId = m_db.queryInt("SELECT coalesce(max(id), 0) FROM query_records");
    if (!maxId)
        return maxId.error();
    m_nextId = *maxId + 1;
    m_batch.reserve(kBatchRows);
    // Ids are dense: the largest tells how many records the indexes would be rebuilt over.
    if (expectedRows > 0 && *maxId <= expectedRows)
        if (auto s = deferIndexes(); !s)
            return s;
    // A response completes a request: its values win. A request completes a response: the
    // response's values stay and the request fills what is missing.
    QByteArray joinResponse = "UPDATE query_records SET ";
    QByteArray joinRequest = "UPDATE query_records SET ";
    for (const char *c : kDataColumns) {
        joinResponse += QByteArray(c) + " = coalesce(?, " + c + "), ";
        joinRequest += QByteArray(c) + " = coalesce(" + c + ", ?), ";
    }
    const QByteArray tail = "pending_join = NULL, joined_side = ?, joined_source_id = ?, joined_line = ?, "
                            "joined_byte_offset = ?, joined_byte_length = ?, joined_raw = ? WHERE id = ?";
    joinResponse += tail;
    joinRequest += tail;

    struct
    {
        Statement *target;
        const char *sql;
    } const statements[] = {
        {&m_joinResponse, joinResponse.constData()},
        {&m_joinRequest, joinRequest.constData()},
        {&m_findPending, "SELECT id FROM query_records WHERE custom_id = ? AND pending_join = ? ORDER BY id DESC LIMIT 1"},
        {&m_insertAccount, "INSERT INTO accounts (name) VALUES (?) ON CONFLICT (name) DO NOTHING"},
        {&m_findAccount, "SELECT id FROM accounts WHERE name = ?"},
    };
    for (const auto &s : statements) {
        auto stmt = Statement::prepare(m_db, s.sql);
        if (!stmt)
            return stmt.error();
        *s.target = std::move(*stmt);
    }
    return {};
}

Result<qint64> QueryRecordWriter::accountId(const QByteArray &name)
{
    if (const auto it = m_accounts.constFind(name); it != m_accounts.constEnd())
        return *it;
    if (auto s = m_insertAccount.bindText(1, name).run(); !s)
        return s.error();
    m_findAccount.bindText(1, name);
    auto row = m_findAccount.step();
    if (!row)
        return row.error();
    const qint64 id = m_findAccount.int64(0);
    m_findAccount.reset();
    m_accounts.insert(QByteArray(name.constData(), name.size()), id);  // a deep copy: `name` may be a view
    return id;
}

namespace {

// The bytes stay alive until the statement has run: no copy.
void bindUtf8(Statement &s, int i, const QByteArray &text)
{
    if (text.isNull())
        s.bindNull(i);
    else
        sqlite3_bind_text64(s.handle(), i, text.constData(), sqlite3_uint64(text.size()), SQLITE_STATIC, SQLITE_UTF8);
}

} // namespace

Status QueryRecordWriter::bindRow(Statement &s, const QueryRecordText &r, int first)
{
    int i = first;
    s.bind(i++, r.timeUtc);
    s.bind(i++, r.timeOffset);
    if (r.account.isEmpty()) {
        s.bindNull(i++);
    } else {
        auto account = accountId(r.account);
        if (!account)
            return account.error();
        s.bind(i++, *account);
    }
    for (const QByteArray *text : {&r.apiKey, &r.org, &r.ip, &r.userAgent, &r.model, &r.endpoint, &r.customId})
        bindUtf8(s, i++, *text);
    s.bind(i++, r.temperature);
    s.bind(i++, r.topP);
    for (const auto *v : {&r.n, &r.maxTokens, &r.logprobs, &r.topLogprobs})
        s.bind(i++, *v);
    for (const QByteArray *text : {&r.systemPrompt, &r.prompt, &r.completion, &r.extraCompletions, &r.finishReason})
        bindUtf8(s, i++, *text);
    for (const auto *v : {&r.promptTokens, &r.completionTokens, &r.httpStatus})
        s.bind(i++, *v);
    return {};
}

// The parameters of one row of the insert: id, source, position, data, raw, pending_join.
constexpr int kInsertParams = 5 + kDataCount + 2;

Status QueryRecordWriter::bindInsert(Statement &s, qint64 id, const QueryRecordText &r, int first)
{
    s.bind(first, id).bind(first + 1, m_sourceId).bind(first + 2, r.line).bind(first + 3, r.byteOffset)
        .bind(first + 4, r.byteLength);
    if (auto st = bindRow(s, r, first + 5); !st)
        return st;
    bindUtf8(s, first + 5 + kDataCount, r.raw);
    bindUtf8(s, first + 6 + kDataCount, r.pendingJoin);
    return {};
}

Result<qint64> QueryRecordWriter::insert(const QueryRecordText &r)
{
    if (r.timeUtc) {
        qint64 account = 0;
        if (!r.account.isEmpty()) {
            auto id = accountId(r.account);
            if (!id)
                return id.error();
            account = *id;
        }
        m_activity.add({ *r.timeUtc, account, m_sourceId, 0, r.model,
                         r.promptTokens.value_or(0) + r.completionTokens.value_or(0) });
        if (auto s = m_activity.writeIfFull(); !s)
            return s.error();
    }
    m_batch.append(&r);
    const qint64 id = m_nextId++;
    if (m_batch.size() == kBatchRows)
        if (auto s = flush(); !s)
            return s.error();
    return id;
}

Status QueryRecordWriter::flush()
{
    if (m_batch.isEmpty())
        return {};
    const int rows = int(m_batch.size());
    Statement &insert = m_inserts[size_t(rows)];
    if (!insert.handle()) {
        // One statement per batch size, prepared on first use.
        QByteArray sql = m_insertSql;
        for (int i = 1; i < rows; ++i)
            sql += ", " + m_rowSql;
        auto stmt = Statement::prepare(m_db, sql.constData());
        if (!stmt) {
            m_batch.clear();
            return stmt.error();
        }
        insert = std::move(*stmt);
    }
    const qint64 firstId = m_nextId - rows;
    Status status;
    for (int i = 0; i < rows && status; ++i)
        status = bindInsert(insert, firstId + i, *m_batch.at(i), 1 + i * kInsertParams);
    status = status ? insert.run() : status;
    if (!status)
        insert.reset();
    m_batch.clear();
    return status;
}

Status QueryRecordWriter::deferIndexes()
{
    auto indexes = Statement::prepare(m_db,
                                      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
                                      "tbl_name = 'query_records' AND sql IS NOT NULL AND sql NOT LIKE '% WHERE %' "
                                      "ORDER BY name");
    if (!indexes)
        return indexes.error();
    QList<std::pair<QByteArray, QByteArray>> found;
    for (;;) {
        auto row = indexes->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        found.append({ indexes->blob(0), indexes->blob(1) });
    }
    indexes->reset();
    for (const auto &[name, sql] : std::as_const(found)) {
        if (auto s = m_db.exec(("DROP INDEX \"" + name + "\"").constData()); !s)
            return s;
        m_deferredIndexes.append(sql);
    }
    return {};
}

Status QueryRecordWriter::buildDeferredIndexes()
{
    if (m_deferredIndexes.isEmpty())
        return {};
    // With temporary storage in memory SQLite's sorter allocates every key on its own; with
    // file storage it packs them into page-sized blocks (and spills to a file only past the
    // cache size, which the keys of an import stay far below). A refusal changes nothing.
    const auto tempStore = m_db.queryInt("PRAGMA temp_store");
    const bool memoryTemp = tempStore && *tempStore == 2;
    if (memoryTemp)
        (void)m_db.exec("PRAGMA temp_store = FILE");
    // Past the cache size the sorter writes sorted runs and merges them; with worker threads
    // it sorts and merges runs on the other cores while the main thread reads the table
    // (the index is the same either way).
    const int workers = std::clamp(QThread::idealThreadCount() - 1, 0, 4);
    if (workers > 0)
        (void)m_db.exec(("PRAGMA threads = " + QByteArray::number(workers)).constData());
    Status status;
    for (const QByteArray &sql : std::as_const(m_deferredIndexes))
        if (status = m_db.exec(sql.constData()); !status)
            break;
    if (workers > 0)
        (void)m_db.exec("PRAGMA threads = 0");
    if (memoryTemp)
        (void)m_db.exec("PRAGMA temp_store = MEMORY");
    m_deferredIndexes.clear();
    return status;
}

Status QueryRecordWriter::finish()
{
    if (auto s = flush(); !s)
        return s;
    if (auto s = buildDeferredIndexes(); !s)
        return s;
    return m_activity.finish();
}

Status QueryRecordWriter::checkReferences()
{
    if (auto s = flush(); !s)
        return s;
    auto source = Statement::prepare(m_db, "SELECT count(*) FROM sources s JOIN blobs b ON b.sha256 = s.sha256 WHERE s.id = ?");
    if (!source)
        return source.error();
    source->bind(1, m_sourceId);
    if (auto row = source->step(); !row)
        return row.error();
    if (source->int64(0) != 1)
        return makeError(ErrorCode::Internal, QStringLiteral("Source %1 does not name a stored original.").arg(m_sourceId));
    auto account = Statement::prepare(m_db, "SELECT count(*) FROM accounts WHERE id = ?");
    if (!account)
        return account.error();
    for (const qint64 id : std::as_const(m_accounts)) {
        account->bind(1, id);
        auto row = account->step();
        if (!row)
            return row.error();
        const bool found = account->int64(0) == 1;
        account->reset();
        if (!found)
            return makeError(ErrorCode::Internal, QStringLiteral("A query record names account %1, which does not exist.").arg(id));
    }
    return {};
}

Result<std::optional<qint64>> QueryRecordWriter::findPending(const QString &customId, const QString &side)
{
    if (auto s = flush(); !s)
        return s.error();
    m_findPending.bind(1, customId).bind(2, side);
    auto row = m_findPending.step();
    if (!row) {
        m_findPending.reset();
        return row.error();
    }
    std::optional<qint64> id;
    if (*row)
        id = m_findPending.int64(0);
    m_findPending.reset();
    return id;
}

Status QueryRecordWriter::join(qint64 id, const QueryRecordText &r, const QString &side)
{
    if (auto st = flush(); !st)
        return st;
    Statement &s = side == QLatin1String("response") ? m_joinResponse : m_joinRequest;
    if (auto st = bindRow(s, r, 1); !st) {
        s.reset();
        return st;
    }
    const int i = kDataCount + 1;
    s.bind(i, side);
    s.bind(i + 1, m_sourceId);
    s.bind(i + 2, r.line);
    s.bind(i + 3, r.byteOffset);
    s.bind(i + 4, r.byteLength);
    bindUtf8(s, i + 5, r.raw);
    s.bind(i + 6, id);
    // The record's activity before and after: the join may give it a time, an account, tokens.
    auto before = m_activity.contributionOf(id);
    if (!before) {
        s.reset();
        return before.error();
    }
    if (auto st = s.run(); !st)
        return st;
    auto after = m_activity.contributionOf(id);
    if (!after)
        return after.error();
    if (*before)
        m_activity.remove(**before);
    if (*after)
        m_activity.add(**after);
    return m_activity.writeIfFull();
}

Result<QList<QueryRecordRow>> QueryRecordStore::fetch(Database &db, qint64 afterId, int limit, const QueryRecordFilter &filter)
{
    const QByteArray sql = QByteArray(kSelect) + "WHERE q.id > :after" + filter.sqlConditions() + " ORDER BY q.id LIMIT :limit";
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(sqlite3_bind_parameter_index(stmt->handle(), ":after"), afterId);
    stmt->bind(sqlite3_bind_parameter_index(stmt->handle(), ":limit"), qint64(limit));
    filter.bind(*stmt);
    return stmt->collect<QueryRecordRow>(readRow);
}

Result<qint64> QueryRecordStore::count(Database &db, const QueryRecordFilter &filter)
{
    const QByteArray sql = "SELECT count(*) FROM query_records q WHERE 1" + filter.sqlConditions();
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    filter.bind(*stmt);
    auto row = stmt->step();
    if (!row)
        return row.error();
    return stmt->int64(0);
}

Result<QueryRecordRow> QueryRecordStore::get(Database &db, qint64 id)
{
    const QByteArray sql = QByteArray(kSelect) + "WHERE q.id = ?";
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->one<QueryRecordRow>(
        readRow, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no query record %1.").arg(id)));
}

Result<QByteArray> QueryRecordStore::raw(Database &db, qint64 id, bool joined)
{
    auto stmt = Statement::prepare(db, joined
        ? "SELECT s.sha256, q.joined_byte_offset, q.joined_byte_length, q.joined_raw FROM query_records q "
          "JOIN sources s ON s.id = q.joined_source_id WHERE q.id = ?"
        : "SELECT s.sha256, q.byte_offset, q.byte_length, q.raw FROM query_records q "
          "JOIN sources s ON s.id = q.source_id WHERE q.id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("Query record %1 has no %2 raw object.").arg(id).arg(joined ? QStringLiteral("joined") : QString()));
    if (!stmt->isNull(3))
        return stmt->blob(3);
    const QString sha = stmt->text(0);
    const qint64 offset = stmt->int64(1);
    const qint64 length = stmt->int64(2);
    EvidenceReader reader(db);
    return reader.read(sha, offset, length);
}

} // namespace lineage::casefile
