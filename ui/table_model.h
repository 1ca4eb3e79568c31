// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/table_store.h"
#include "table_fetcher.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QThread>

#include <memory>

namespace lineage::ui {

class CaseSession;

// Any case table (TableSpec: records, turns, documents, diagnostics, audit log, and later
// findings or accounts with a spec of their own) as a lazy table over millions of rows, with
// its filter and order done in SQL. On open, a new filter or a new order, the first page is
// read at once while the anchors (one (key, id) per page of 256 rows) are scanned on a second
// worker; the table grows as the scan reports, and any page with a known anchor is read by
// keyset when a view first asks for one of its rows. About fifty pages stay cached; replies
// of an earlier query or case are dropped. Columns: a star, the tags, then the spec's shown
// columns. Times are shown in the case's display zone, named in the header.
class TableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum { StarColumn = 0, TagsColumn = 1, FirstDataColumn = 2 };
    enum Role { ItemIdRole = Qt::UserRole + 1, ColumnKeyRole, SortableRole };
    static constexpr int kPageSize = 256;
    static constexpr int kMaxCachedPages = 48;
    static constexpr int kMaxInFlight = 2;
    static constexpr int kMaxWanted = 8;

    TableModel(const casefile::TableSpec &spec, CaseSession *session, QObject *parent = nullptr);
    ~TableModel() override;

    const casefile::TableSpec &spec() const { return *m_spec; }
    const casefile::TableQuery &query() const { return m_query; }
    // A new filter and order; the order stays when `query` names none and keepOrder is set.
    void setQuery(const casefile::TableQuery &query);
    void reload();
    // Reads the marks (stars, tags) of the cached pages again, after an annotation change.
    void refreshMarks();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The row when its page is loaded, else nullptr (and the page is requested).
    const casefile::TableRow *row(int row) const;
    bool isRowLoaded(int row) const;
    bool isStarred(int row) const;
    QStringList tags(int row) const;
    // Spec column index of a model column, -1 for the star and tag columns.
    int specColumn(int column) const;
    int modelColumn(const QString &key) const;
    bool isComplete() const { return m_anchors.complete; }
    qint64 totalRows() const { return m_rows; }
    int cachedPageCount() const { return int(m_pages.size()); }
    // The text a cell shows (also for copying as TSV).
    QString cellText(int row, int column) const;

signals:
    void reloaded(); // the first rows of a new query are in
    void countFinished(); // the anchors scan is complete: rowCount() is the total
    void pageLoaded(int page);
    void loadFailed(const lineage::Error &error);

private:
    struct Page
    {
        QList<casefile::TableRow> rows;
        QList<bool> starred;
        QList<QStringList> tags;
        quint64 lastUsed = 0;
    };
    void openCase();
    void closeCase();
    void clear();
    void grow(qint64 rows);
    void want(int page) const;
    void pump() const;
    void request(int page) const;
    void onAnchors(const TableAnchorsReply &reply);
    void onPage(const TablePageReply &reply);

    const casefile::TableSpec *m_spec;
    CaseSession *m_session;
    QList<int> m_shown; // spec column per data column
    QThread m_anchorThread, m_pageThread;
    TableFetcher *m_anchorFetcher;
    TableFetcher *m_pageFetcher;
    casefile::TableQuery m_query;
    quint64 m_generation = 0;
    std::shared_ptr<Feedback> m_scan;
    casefile::TableAnchors m_anchors;
    qint64 m_rows = 0;
    mutable QHash<int, Page> m_pages;
    mutable QList<int> m_wanted; // most recent last
    mutable QSet<int> m_inFlight;
    mutable QSet<int> m_stale; // cached, but their marks are to be read again
    mutable quint64 m_tick = 0;
    mutable bool m_pumpQueued = false;
};

} // namespace lineage::ui
