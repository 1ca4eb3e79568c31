// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/record_pager.h"

namespace lineage::casefile {

namespace {

// Steps `stmt` (record ids in order) into `anchors`: one anchor per page, the last id, the
// total. Polls `feedback` every 64k rows when given. Returns the rows read.
Result<qint64> scan(Statement &stmt, RecordPageAnchors &anchors, Feedback *feedback)
{
    qint64 rows = 0;
    for (;;) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            return rows;
        if (anchors.total % anchors.pageSize == 0)
            anchors.firstIds.append(stmt.int64(0));
        anchors.lastId = stmt.int64(0);
        ++anchors.total;
        ++rows;
        if (feedback && (anchors.total & 0xFFFF) == 0 && feedback->isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    }
}

} // namespace

Result<RecordPageAnchors> RecordPager::anchors(Database &db, const QueryRecordFilter &filter, int pageSize,
                                               Feedback &feedback)
{
    if (pageSize <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("page size must be positive"));
    // The same conditions as QueryRecordStore::fetch, so that anchors and pages agree.
    const QByteArray sql = "SELECT q.id FROM query_records q WHERE 1" + filter.sqlConditions() + " ORDER BY q.id";
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    filter.bind(*stmt);
    RecordPageAnchors out;
    out.pageSize = pageSize;
    if (auto rows = scan(*stmt, out, &feedback); !rows)
        return rows.error();
    out.complete = true;
    return out;
}

Status RecordPager::extend(Database &db, const QueryRecordFilter &filter, RecordPageAnchors &anchors, qint64 maxRows)
{
    if (anchors.pageSize <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("page size must be positive"));
    if (anchors.complete)
        return {};
    // The same conditions and order as anchors(), from the row after the last one scanned.
    const QByteArray sql = "SELECT q.id FROM query_records q WHERE q.id > :after" + filter.sqlConditions()
        + " ORDER BY q.id LIMIT :limit";
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(sqlite3_bind_parameter_index(stmt->handle(), ":after"), anchors.lastId);
    stmt->bind(sqlite3_bind_parameter_index(stmt->handle(), ":limit"), maxRows);
    filter.bind(*stmt);
    auto rows = scan(*stmt, anchors, nullptr);
    if (!rows)
        return rows.error();
    anchors.complete = *rows < maxRows;
    return {};
}

} // namespace lineage::casefile
