// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/record_pager.h"

namespace lineage::casefile {

Result<RecordPageAnchors> RecordPager::anchors(Database &db, const QueryRecordFilter &filter, int pageSize,
                                               Feedback &feedback, const Partial &partial, qint64 partialRows)
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
        ++out.total;
        if ((out.total & 0xFFFF) == 0 && feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
        if (partial && partialRows > 0 && out.total % partialRows == 0)
            partial(out);
    }
    out.complete = true;
    return out;
}

} // namespace lineage::casefile
