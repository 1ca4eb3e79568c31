// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "casefile/table_spec.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>
#include <QVariant>

#include <functional>
#include <optional>

namespace lineage::casefile {

// One row of a case table: its item id, its sort key and the values of the spec's shown
// columns (TableSpec::shownColumns() order; NULL as an invalid QVariant).
struct TableRow
{
    qint64 id = 0;
    QVariant key;
    QVariantList values;
};

// Where a row is in a table's order: its sort key and id. Fetching "from an anchor" seeks
// there through the sort key's index (keyset), never by OFFSET.
struct TableAnchor
{
    QVariant key;
    qint64 id = 0;
};

// The anchors of every page of a table's rows: anchors[p] is row p * pageSize. Partial
// while the scan runs (complete false): total counts the rows scanned so far.
struct TableAnchors
{
    qint64 total = 0;
    int pageSize = 0;
    QList<TableAnchor> anchors;
    bool complete = false;
};

// Reads the tables of TableSpec::builtIn() (and later ones) with a TableQuery's filter and
// order, all in SQL. Stateless; runs on the connection it is given, on any one thread; a
// long call polls `feedback` every 16k rows and can also be stopped by Database::interrupt().
// An unknown or unsortable column is an InvalidInput error naming it.
class TableStore
{
public:
    // How a tag or star filter is planned: marks sets up to `drivingMarks` are read first and
    // sorted (to `drivingMarksForScan` for the anchors' walk); a larger set's first page is
    // probed along the sort key for `probeBudgetMs`, then driven. Defaults suit ten million
    // rows; tests change them to reach each plan on a small case.
    struct Planning
    {
        qint64 drivingMarks = 250000;
        qint64 drivingMarksForScan = 2000000;
        qint64 probeBudgetMs = 150;
    };
    static Planning &planning();

    // At most `limit` rows in the query's order, from `from` on (inclusive), or from the first.
    [[nodiscard]] static Result<QList<TableRow>> fetch(Database &db, const TableSpec &spec, const TableQuery &query,
                                                       const std::optional<TableAnchor> &from, int limit);
    [[nodiscard]] static Result<qint64> count(Database &db, const TableSpec &spec, const TableQuery &query);
    // Scans the query's (key, id) pairs in order, one index scan, keeping one anchor per page.
    // `partial` (optional) receives the anchors found so far about every `partialRows` rows.
    [[nodiscard]] static Result<TableAnchors> anchors(Database &db, const TableSpec &spec, const TableQuery &query,
                                                      int pageSize, Feedback &feedback = nullFeedback(),
                                                      const std::function<void(const TableAnchors &)> &partial = {},
                                                      qint64 partialRows = 1 << 20);
    // Every row in order, one statement (memory does not grow with the table); stops at the
    // first error `visit` returns.
    [[nodiscard]] static Status forEach(Database &db, const TableSpec &spec, const TableQuery &query,
                                        Feedback &feedback, const std::function<Status(const TableRow &)> &visit);
    // The ids of every row the query selects, in id order.
    [[nodiscard]] static Status forEachId(Database &db, const TableSpec &spec, const TableQuery &query,
                                          Feedback &feedback, const std::function<Status(qint64)> &visit);
    // The SQL a query runs (for the benchmark's EXPLAIN and for logs).
    [[nodiscard]] static Result<QByteArray> selectSql(const TableSpec &spec, const TableQuery &query);
};

} // namespace lineage::casefile
