// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/query_record_store.h"
#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>

#include <functional>

namespace lineage::casefile {

// Where each page of a filtered, id-ordered list of query records starts, so that a lazy
// table can jump to any row and fetch its page by keyset (QueryRecordStore::fetch with
// afterId = anchor - 1), never by OFFSET.
struct RecordPageAnchors
{
    qint64 total = 0;
    int pageSize = 0;
    QList<qint64> firstIds; // firstIds[p] is the id of row p * pageSize
    bool complete = false; // false: the anchors of the rows scanned so far (a partial reply)
    qint64 lastId = 0; // the id of the last row scanned
};

// Computes page anchors with one index scan over the matching ids (memory: one id per page).
// Stateless; runs on the connection it is given, on a worker. Polls cancel every 64k rows.
class RecordPager
{
public:
    [[nodiscard]] static Result<RecordPageAnchors> anchors(Database &db, const QueryRecordFilter &filter, int pageSize,
                                                           Feedback &feedback = nullFeedback());
    // Scans at most `maxRows` more rows after `anchors.lastId` into `anchors` (pageSize set; a
    // first call starts from empty anchors), and marks them complete when the scan ended. A
    // reader thread can answer other requests between two calls.
    [[nodiscard]] static Status extend(Database &db, const QueryRecordFilter &filter, RecordPageAnchors &anchors,
                                       qint64 maxRows);
};

} // namespace lineage::casefile
