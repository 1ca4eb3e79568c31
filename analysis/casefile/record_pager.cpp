// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/record_pager.h"

namespace lineage::casefile {

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
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (out.total % pageSize == 0)
            out.firstIds.append(stmt->int64(0));
        out.lastId = stmt->int64(0);
        ++out.total;
        if ((out.total & 0xFFFF) == 0 && feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    }
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
    qint64 rows = 0;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (anchors.total % anchors.pageSize == 0)
            anchors.firstIds.append(stmt->int64(0));
        anchors.lastId = stmt->int64(0);
        ++anchors.total;
        ++rows;
    }
    anchors.complete = rows < maxRows;
    return {};
}

} // namespace lineage::casefile
