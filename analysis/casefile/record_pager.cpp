// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/record_pager.h"

namespace lineage::casefile {

Result<RecordPageAnchors> RecordPager::anchors(Database &db, const QueryRecordFilter &filter, int pageSize,
                                               Feedback &feedback)
{
    if (pageSize <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("page size must be positive"));
    // Same conditions as QueryRecordStore::fetch, so that anchors and pages agree.
    QByteArray sql = "SELECT q.id FROM query_records q WHERE 1";
    if (filter.sourceId)
        sql += " AND (q.source_id = :source OR q.joined_source_id = :source)";
    if (filter.accountId)
        sql += " AND q.account_id = :account";
    if (filter.fromUtc)
        sql += " AND q.time_utc >= :from";
    if (filter.toUtc)
        sql += " AND q.time_utc < :to";
    sql += " ORDER BY q.id";
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    auto bindNamed = [&](const char *name, const std::optional<qint64> &value) {
        if (!value)
            return;
        const int index = sqlite3_bind_parameter_index(stmt->handle(), name);
        if (index > 0)
            stmt->bind(index, *value);
    };
    bindNamed(":source", filter.sourceId);
    bindNamed(":account", filter.accountId);
    bindNamed(":from", filter.fromUtc);
    bindNamed(":to", filter.toUtc);

    RecordPageAnchors out;
    out.pageSize = pageSize;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (out.total % pageSize == 0)
            out.firstIds.append(stmt->int64(0));
        ++out.total;
        if ((out.total & 0xFFFF) == 0 && feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    }
    return out;
}

} // namespace lineage::casefile
