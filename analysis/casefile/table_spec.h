// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/query_record_store.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace lineage::casefile {

enum class ColumnType {
    Integer,
    Real,
    Text,
    Time, // UTC milliseconds since the epoch
};

// One column of a case table: what it is called, how its cell is read and how it sorts and
// filters in SQL. A plain value; the SQL text stays with the table specs in this folder.
struct TableColumn
{
    QString key; // stable name for filters, sorts and exports: "model"
    QString title; // shown in headers: "Model"
    ColumnType type = ColumnType::Text;
    QByteArray select; // the cell's SQL expression
    QByteArray sortKey; // a never-NULL expression an index covers; empty: the column does not sort
    QByteArray filterKey; // compared by filters; empty: sortKey, else select
    // For '=' only: a condition with '?' placeholders, each bound to the value (a lookup by
    // name, or two columns at once). Empty: "<filterKey> = ?".
    QByteArray equalsTemplate;
    bool shown = true; // false: a filter-only column, not read nor exported

    bool sortable() const { return !sortKey.isEmpty(); }
};

// A case table as the lazy tables, the exports and the bulk annotations see it: the rows of
// one item kind with their columns. Specs are built once and shared read-only.
struct TableSpec
{
    QString name; // "records", as the command line names it
    QString title; // "Query records"
    QString itemKind; // the annotations' item_kind: "record"
    QByteArray from; // FROM clause, the item table first
    QByteArray id; // the item id expression, unique and never NULL: "q.id"
    QList<TableColumn> columns;
    // Full-text condition with one '?' for an FTS5 MATCH expression; empty: a text match is
    // a LIKE over the text columns.
    QByteArray matchCondition;

    int columnIndex(const QString &key) const; // among all columns; -1 when absent
    const TableColumn *column(const QString &key) const;
    QList<int> shownColumns() const;

    // The built-in tables: records, turns, documents, accounts, actors, diagnostics, audit.
    static const QList<TableSpec> &builtIn();
    // A built-in table, or one of the analyses' tables (findings, account-risk); nullptr if none.
    static const TableSpec *find(const QString &name);
    // The names find() knows, built-in tables first.
    static QStringList names();
    static const TableSpec &records();
    // The findings of every analysis run (item kind "finding"); not among builtIn(): the
    // command line lists findings through `lineage-cli findings`.
    static const TableSpec &findings();
    // "account-risk": the ranked accounts of the account analysis, the account-risk findings of the complete
    // `accounts` runs, one row per measured account (or actor, when a run grouped by actor).
    // The item kind is "finding" (a row is its account-risk finding: stars, tags and exhibits
    // mark that finding; the finding's ids are unique across runs, an account's are not).
    // Filter "run=N" for one run, "run=0" for the latest complete run (what the Accounts tab
    // shows first); unfiltered, every complete run's rows. "account_id=N" selects the rows
    // measuring account N. Columns read the payload with json_extract: a run has one row an
    // account, thousands at most, so the sorts and filters scan without an index. Not among
    // builtIn(): the Accounts tab shows it.
    static const TableSpec &accountRisk();
};

enum class FilterOp { Equals, NotEquals, Less, LessOrEqual, Greater, GreaterOrEqual, Contains };

struct FilterCondition
{
    QString column; // TableColumn::key
    FilterOp op = FilterOp::Equals;
    QVariant value;
};

// What a table shows: its filter and its order. Rows are ordered by the sort column's key,
// ties by id (both ascending or both descending), so every row has one place.
struct TableQuery
{
    QString sortColumn; // empty: by id
    bool descending = false;
    QList<FilterCondition> conditions;
    QString tag; // only items carrying this tag
    std::optional<bool> starred; // only starred (true) or unstarred (false) items
    QString match; // text match: full-text query, or a substring

    // The same rows as `filter` selects (source, account id, time range).
    static TableQuery fromRecordFilter(const QueryRecordFilter &filter);
    // Parses "KEY=VALUE", "KEY!=V", "KEY<V", "KEY<=V", "KEY>V", "KEY>=V", "KEY~TEXT" (contains),
    // "tag=NAME", "starred", "unstarred", "match=QUERY"; times as ISO 8601 (UTC unless an
    // offset is given) or milliseconds. Errors name the term.
    [[nodiscard]] Status addFilter(const TableSpec &spec, const QString &term);
    // A JSON form for audit entries and saved views.
    QJsonObject toJson() const;
};

} // namespace lineage::casefile
