// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/account_activity_store.h"

#include <QHash>

namespace lineage::casefile {

namespace {

QByteArrayView view(sqlite3_stmt *s, int col)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(s, col));
    if (!text)
        return {};
    return QByteArrayView(text, sqlite3_column_bytes(s, col));
}

qint64 intOr(sqlite3_stmt *s, int col, qint64 fallback = -1)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? fallback : sqlite3_column_int64(s, col);
}

} // namespace

Result<QList<AccountSummaryRow>> AccountActivityStore::accounts()
{
    // The count walks the (account_id, time_utc) index only.
    auto counts = Statement::prepare(
        m_db, "SELECT account_id, count(*) FROM query_records WHERE account_id IS NOT NULL GROUP BY account_id");
    if (!counts)
        return counts.error();
    QHash<qint64, qint64> perAccount;
    for (;;) {
        auto row = counts->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        perAccount.insert(counts->int64(0), counts->int64(1));
    }
    auto names = Statement::prepare(m_db,
                                    "SELECT a.id, a.name, a.actor_id, coalesce(r.name, '') FROM accounts a "
                                    "LEFT JOIN actors r ON r.id = a.actor_id ORDER BY a.id");
    if (!names)
        return names.error();
    auto all = names->collect<AccountSummaryRow>([](const Statement &s) {
        AccountSummaryRow a;
        a.id = s.int64(0);
        a.name = s.text(1);
        a.actorId = s.optInt64(2);
        a.actor = s.text(3);
        return a;
    });
    if (!all)
        return all.error();
    QList<AccountSummaryRow> out;
    out.reserve(perAccount.size());
    for (AccountSummaryRow &a : *all) {
        a.records = perAccount.value(a.id);
        if (a.records > 0)
            out.append(a);
    }
    return out;
}

Result<qint64> AccountActivityStore::recordsWithoutAccount()
{
    return m_db.queryInt("SELECT count(*) FROM query_records WHERE account_id IS NULL");
}

Status AccountActivityStore::scan(Feedback &feedback, const std::function<void(const ActivityRow &)> &visit)
{
    auto maxId = m_db.queryInt("SELECT coalesce(max(id), 0) FROM query_records");
    if (!maxId)
        return maxId.error();
    // Columns in table order: SQLite decodes a record's header once and reads forward.
    auto stmt = Statement::prepare(m_db,
                                   "SELECT id, source_id, time_utc, time_offset, account_id, api_key, org, ip, "
                                   "user_agent, temperature, n, max_tokens, logprobs, top_logprobs, system_prompt, "
                                   "prompt, finish_reason, prompt_tokens, completion_tokens FROM query_records "
                                   "ORDER BY id");
    if (!stmt)
        return stmt.error();
    feedback.setPhase(QStringLiteral("Reading query records"), *maxId, QStringLiteral("records"));
    sqlite3_stmt *s = stmt->handle();
    ActivityRow row;
    qint64 seen = 0;
    for (;;) {
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW)
            return sqlError(m_db, QStringLiteral("Reading the query records failed."));
        row.id = sqlite3_column_int64(s, 0);
        row.sourceId = sqlite3_column_int64(s, 1);
        row.timeUtc = sqlite3_column_type(s, 2) == SQLITE_NULL ? std::nullopt
                                                               : std::optional<qint64>(sqlite3_column_int64(s, 2));
        row.timeOffset = sqlite3_column_type(s, 3) == SQLITE_NULL ? std::nullopt
                                                                  : std::optional<qint64>(sqlite3_column_int64(s, 3));
        row.accountId = intOr(s, 4, 0);
        row.apiKey = view(s, 5);
        row.org = view(s, 6);
        row.ip = view(s, 7);
        row.userAgent = view(s, 8);
        row.temperature = sqlite3_column_type(s, 9) == SQLITE_NULL ? qQNaN() : sqlite3_column_double(s, 9);
        row.n = intOr(s, 10);
        row.maxTokens = intOr(s, 11);
        row.logprobs = intOr(s, 12);
        row.topLogprobs = intOr(s, 13);
        row.systemPrompt = view(s, 14);
        row.prompt = view(s, 15);
        row.finishReason = view(s, 16);
        row.promptTokens = intOr(s, 17);
        row.completionTokens = intOr(s, 18);
        visit(row);
        if ((++seen & 4095) == 0) {
            if (feedback.isCanceled())
                return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
            feedback.setProgress(row.id, seen);
        }
    }
    feedback.setProgress(*maxId, seen);
    return {};
}

} // namespace lineage::casefile
