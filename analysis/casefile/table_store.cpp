// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/table_store.h"

#include "casefile/search_index.h"

#include <QElapsedTimer>

namespace lineage::casefile {

namespace {

constexpr qint64 kPollRows = 1 << 14;

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
}

// The WHERE conditions of a query (each starting with " AND ") and their values in order.
struct Where
{
    QByteArray sql;
    QVariantList binds;
};

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// Marks sets up to Planning::drivingMarks drive a query (their items are read first, then
// sorted); a larger set is probed row by row along the sort key's index. A few hundred tagged
// records in ten million would otherwise cost a scan of the whole index before the first page.
// A larger set's first page is probed for at most probeBudgetMs: dense marks are found at
// once, but a million tagged records all at the far end of the order (the oldest, sorted
// newest first) took 8 s of probing ten million; past the budget the marks drive (0.9 s).
// The anchors walk every row of the result: probing walks the whole table, driving sorts the
// marks; up to drivingMarksForScan marks driving costs less on a table of millions.

Result<Where> buildWhere(const TableSpec &spec, const TableQuery &query, bool marksDrive = false)
{
    Where w;
    for (const FilterCondition &c : query.conditions) {
        const TableColumn *column = spec.column(c.column);
        if (!column)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("The %1 table has no column '%2' to filter by.").arg(spec.name, c.column));
        const QByteArray expr = !column->filterKey.isEmpty() ? column->filterKey
            : !column->sortKey.isEmpty()                     ? column->sortKey
                                                             : column->select;
        if (c.op == FilterOp::Equals && !column->equalsTemplate.isEmpty()) {
            w.sql += " AND " + column->equalsTemplate;
            for (qsizetype i = 0; i < column->equalsTemplate.count('?'); ++i)
                w.binds << c.value;
            continue;
        }
        switch (c.op) {
        case FilterOp::Equals:
            w.sql += " AND " + expr + " = ?";
            break;
        case FilterOp::NotEquals:
            w.sql += " AND " + expr + " != ?";
            break;
        case FilterOp::Less:
            w.sql += " AND " + expr + " < ?";
            break;
        case FilterOp::LessOrEqual:
            w.sql += " AND " + expr + " <= ?";
            break;
        case FilterOp::Greater:
            w.sql += " AND " + expr + " > ?";
            break;
        case FilterOp::GreaterOrEqual:
            w.sql += " AND " + expr + " >= ?";
            break;
        case FilterOp::Contains:
            w.sql += " AND " + expr + " LIKE ? ESCAPE '\\'";
            w.binds << likePattern(c.value.toString());
            continue;
        }
        w.binds << c.value;
    }
    if (!query.tag.isEmpty() && marksDrive) {
        w.sql += " AND " + spec.id
            + " IN (SELECT it.item_id FROM item_tags it WHERE it.tag_id = "
              "(SELECT tg.id FROM tags tg WHERE tg.name = ?) AND it.item_kind = ?)";
        w.binds << query.tag << spec.itemKind;
    } else if (!query.tag.isEmpty()) {
        w.sql += " AND EXISTS (SELECT 1 FROM item_tags it JOIN tags tg ON tg.id = it.tag_id WHERE tg.name = ? AND "
                 "it.item_kind = ? AND it.item_id = "
            + spec.id + ")";
        w.binds << query.tag << spec.itemKind;
    }
    if (query.starred && *query.starred && marksDrive) {
        w.sql += " AND " + spec.id + " IN (SELECT st.item_id FROM stars st WHERE st.item_kind = ?)";
        w.binds << spec.itemKind;
    } else if (query.starred) {
        w.sql += QByteArray(*query.starred ? " AND" : " AND NOT")
            + " EXISTS (SELECT 1 FROM stars st WHERE st.item_kind = ? AND st.item_id = " + spec.id + ")";
        w.binds << spec.itemKind;
    }
    if (!query.match.trimmed().isEmpty()) {
        if (!spec.matchCondition.isEmpty()) {
            const QString expression = SearchIndex::matchExpression(query.match);
            if (expression.isEmpty())
                return makeError(ErrorCode::InvalidInput,
                                 QStringLiteral("'%1' has no word to search for.").arg(query.match));
            w.sql += " AND " + spec.matchCondition;
            w.binds << expression;
        } else {
            QByteArray any;
            for (const TableColumn &c : spec.columns) {
                if (c.type != ColumnType::Text || !c.shown)
                    continue;
                any += QByteArray(any.isEmpty() ? "" : " OR ") + c.select + " LIKE ? ESCAPE '\\'";
                w.binds << likePattern(query.match.trimmed());
            }
            if (!any.isEmpty())
                w.sql += " AND (" + any + ")";
        }
    }
    return w;
}

// Whether the query's marks (tag, star) are at most `limit`: few enough to drive it.
Result<bool> marksDrive(Database &db, const TableSpec &spec, const TableQuery &query, qint64 limit)
{
    if (query.tag.isEmpty() && !(query.starred && *query.starred))
        return false;
    qint64 marks = std::numeric_limits<qint64>::max();
    if (!query.tag.isEmpty()) {
        auto stmt = Statement::prepare(db,
                                       "SELECT count(*) FROM (SELECT 1 FROM item_tags it WHERE it.tag_id = "
                                       "(SELECT id FROM tags WHERE name = ?) AND it.item_kind = ? LIMIT ?)");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, query.tag).bind(2, spec.itemKind).bind(3, limit + 1);
        if (auto row = stmt->step(); !row)
            return row.error();
        marks = stmt->int64(0);
    }
    if (query.starred && *query.starred) {
        auto stmt = Statement::prepare(db, "SELECT count(*) FROM (SELECT 1 FROM stars WHERE item_kind = ? LIMIT ?)");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, spec.itemKind).bind(2, limit + 1);
        if (auto row = stmt->step(); !row)
            return row.error();
        marks = qMin(marks, stmt->int64(0));
    }
    return marks <= limit;
}

Result<QByteArray> sortKeyOf(const TableSpec &spec, const TableQuery &query)
{
    if (query.sortColumn.isEmpty())
        return spec.id;
    const TableColumn *column = spec.column(query.sortColumn);
    if (!column)
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("The %1 table has no column '%2' to sort by.").arg(spec.name, query.sortColumn));
    if (!column->sortable())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The %1 column '%2' cannot be sorted (it has no index); filter it instead.")
                             .arg(spec.name, query.sortColumn));
    return column->sortKey;
}

QByteArray columnsSql(const TableSpec &spec)
{
    QByteArray sql;
    for (int i : spec.shownColumns())
        sql += ", " + spec.columns[i].select;
    return sql;
}

TableRow readRow(const Statement &s, int values)
{
    TableRow r;
    r.id = s.int64(0);
    r.key = s.value(1);
    r.values.reserve(values);
    for (int i = 0; i < values; ++i)
        r.values << s.value(2 + i);
    return r;
}

Status bindAll(Statement &s, const QVariantList &binds, int first = 1)
{
    for (int i = 0; i < binds.size(); ++i)
        s.bindVariant(first + i, binds[i]);
    return {};
}

Result<QList<TableRow>> run(Database &db, const QByteArray &sql, const QVariantList &binds, int values)
{
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    (void)bindAll(*stmt, binds);
    return stmt->collect<TableRow>([values](const Statement &s) { return readRow(s, values); });
}

// The query's rows in its order, with its binds: the select of every full read and first page.
Result<Where> orderedSelect(const TableSpec &spec, const TableQuery &query, bool marksDrive = false)
{
    auto where = buildWhere(spec, query, marksDrive);
    if (!where)
        return where.error();
    auto key = sortKeyOf(spec, query);
    if (!key)
        return key.error();
    const QByteArray dir = query.descending ? " DESC" : "";
    where->sql = "SELECT " + spec.id + ", " + *key + columnsSql(spec) + " FROM " + spec.from + " WHERE 1" + where->sql
        + " ORDER BY " + *key + dir + ", " + spec.id + dir;
    return where;
}

// The first page of the query, its marks driving or probed.
Result<QList<TableRow>> fetchPage(Database &db, const TableSpec &spec, const TableQuery &query, bool drive, int limit)
{
    auto select = orderedSelect(spec, query, drive);
    if (!select)
        return select.error();
    select->binds << limit;
    return run(db, select->sql + " LIMIT ?", select->binds, int(spec.shownColumns().size()));
}

} // namespace

TableStore::Planning &TableStore::planning()
{
    static Planning p;
    return p;
}

Result<QByteArray> TableStore::selectSql(const TableSpec &spec, const TableQuery &query)
{
    auto select = orderedSelect(spec, query);
    if (!select)
        return select.error();
    return select->sql;
}

Result<QList<TableRow>> TableStore::fetch(Database &db, const TableSpec &spec, const TableQuery &query,
                                          const std::optional<TableAnchor> &from, int limit)
{
    // The first page may let few marks drive; a page from an anchor seeks along the key.
    auto drive = from ? Result<bool>(false) : marksDrive(db, spec, query, planning().drivingMarks);
    if (!drive)
        return drive.error();
    const bool marks = !query.tag.isEmpty() || (query.starred && *query.starred);
    if (!from && !*drive && marks) {
        // Many marks: probe under the budget, else let them drive.
        struct Budget
        {
            QElapsedTimer clock;
            qint64 limitMs = 0;
            bool spent = false;
        } budget;
        budget.limitMs = planning().probeBudgetMs;
        budget.clock.start();
        sqlite3_progress_handler(
            db.handle(), 1000,
            [](void *b) {
                auto *budget = static_cast<Budget *>(b);
                budget->spent = budget->spent || budget->clock.elapsed() >= budget->limitMs;
                return budget->spent ? 1 : 0;
            },
            &budget);
        auto probed = fetchPage(db, spec, query, false, limit);
        sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr);
        if (probed || !budget.spent)
            return probed;
        return fetchPage(db, spec, query, true, limit);
    }
    if (!from)
        return fetchPage(db, spec, query, *drive, limit);
    auto where = buildWhere(spec, query, false);
    if (!where)
        return where.error();
    auto keyOr = sortKeyOf(spec, query);
    if (!keyOr)
        return keyOr.error();
    const QByteArray key = *keyOr;
    const int values = int(spec.shownColumns().size());
    const QByteArray dir = query.descending ? " DESC" : "";
    const QByteArray head
        = "SELECT " + spec.id + ", " + key + columnsSql(spec) + " FROM " + spec.from + " WHERE 1" + where->sql;
    const QByteArray order = " ORDER BY " + key + dir + ", " + spec.id + dir + " LIMIT ?";
    const char *idFrom = query.descending ? " <= ?" : " >= ?";
    if (key == spec.id) {
        QVariantList binds = where->binds;
        binds << from->id << limit;
        return run(db, head + " AND " + spec.id + idFrom + order, binds, values);
    }
    // Two seeks, both exact on the sort key's index (SQLite does not seek on a row-value
    // comparison over an expression index): the rest of the anchor's key from its id on,
    // then the keys after it.
    QVariantList binds = where->binds;
    binds << from->key << from->id << limit;
    auto first
        = run(db, head + " AND " + key + " = ? AND " + spec.id + idFrom + " ORDER BY " + spec.id + dir + " LIMIT ?",
              binds, values);
    if (!first || first->size() >= limit)
        return first;
    binds = where->binds;
    binds << from->key << qint64(limit - first->size());
    auto rest = run(db, head + " AND " + key + (query.descending ? " < ?" : " > ?") + order, binds, values);
    if (!rest)
        return rest.error();
    first->append(*rest);
    return first;
}

Result<qint64> TableStore::count(Database &db, const TableSpec &spec, const TableQuery &query)
{
    auto where = buildWhere(spec, query);
    if (!where)
        return where.error();
    const QByteArray sql = "SELECT count(*) FROM " + spec.from + " WHERE 1" + where->sql;
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    (void)bindAll(*stmt, where->binds);
    auto row = stmt->step();
    if (!row)
        return row.error();
    return stmt->int64(0);
}

Result<TableAnchors> TableStore::anchors(Database &db, const TableSpec &spec, const TableQuery &query, int pageSize,
                                         Feedback &feedback, const std::function<void(const TableAnchors &)> &partial,
                                         qint64 partialRows)
{
    if (pageSize <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("page size must be positive"));
    auto drive = marksDrive(db, spec, query, TableStore::planning().drivingMarksForScan);
    if (!drive)
        return drive.error();
    auto where = buildWhere(spec, query, *drive);
    if (!where)
        return where.error();
    auto key = sortKeyOf(spec, query);
    if (!key)
        return key.error();
    const QByteArray dir = query.descending ? " DESC" : "";
    // Only the key and the id: the scan stays inside the sort key's index.
    const QByteArray sql = "SELECT " + spec.id + ", " + *key + " FROM " + spec.from + " WHERE 1" + where->sql
        + " ORDER BY " + *key + dir + ", " + spec.id + dir;
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    (void)bindAll(*stmt, where->binds);
    TableAnchors out;
    out.pageSize = pageSize;
    const bool byId = *key == spec.id;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error().code == ErrorCode::Sql && feedback.isCanceled() ? canceled() : row.error();
        if (!*row)
            break;
        if (out.total % pageSize == 0) {
            const qint64 id = stmt->int64(0);
            out.anchors.append({ byId ? QVariant(id) : stmt->value(1), id });
        }
        ++out.total;
        if (out.total % kPollRows == 0 && feedback.isCanceled())
            return canceled();
        if (partial && out.total % partialRows == 0)
            partial(out);
    }
    out.complete = true;
    return out;
}

Status TableStore::forEach(Database &db, const TableSpec &spec, const TableQuery &query, Feedback &feedback,
                           const std::function<Status(const TableRow &)> &visit)
{
    auto select = orderedSelect(spec, query);
    if (!select)
        return select.error();
    auto stmt = Statement::prepare(db, select->sql.constData());
    if (!stmt)
        return stmt.error();
    (void)bindAll(*stmt, select->binds);
    const int values = int(spec.shownColumns().size());
    for (qint64 n = 1;; ++n) {
        auto row = stmt->step();
        if (!row)
            return feedback.isCanceled() ? Status(canceled()) : Status(row.error());
        if (!*row)
            return {};
        if (auto s = visit(readRow(*stmt, values)); !s)
            return s;
        if (n % kPollRows == 0 && feedback.isCanceled())
            return canceled();
    }
}

Status TableStore::forEachId(Database &db, const TableSpec &spec, const TableQuery &query, Feedback &feedback,
                             const std::function<Status(qint64)> &visit)
{
    auto where = buildWhere(spec, query);
    if (!where)
        return where.error();
    const QByteArray sql
        = "SELECT " + spec.id + " FROM " + spec.from + " WHERE 1" + where->sql + " ORDER BY " + spec.id;
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    (void)bindAll(*stmt, where->binds);
    for (qint64 n = 1;; ++n) {
        auto row = stmt->step();
        if (!row)
            return feedback.isCanceled() ? Status(canceled()) : Status(row.error());
        if (!*row)
            return {};
        if (auto s = visit(stmt->int64(0)); !s)
            return s;
        if (n % kPollRows == 0 && feedback.isCanceled())
            return canceled();
    }
}

} // namespace lineage::casefile
