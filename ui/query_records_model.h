// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/query_record_store.h"
#include "casefile/record_pager.h"
#include "core/result.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QThread>

namespace lineage::ui {

class CaseSession;
class QueryRecordsFetcher;
struct AnchorsReply;
struct PageReply;

// The case's query records as a lazy table over millions of rows. The row count and one
// anchor id per page of 256 rows come first (RecordPager); a page is fetched by keyset
// (QueryRecordStore::fetch from its anchor) when a view first asks for one of its rows,
// on the fetcher's thread, and arrives as dataChanged for its rows. The most recently
// wanted pages are fetched first, at most two at a time, and about fifty pages stay cached.
// Replies carry a generation token; those of an earlier filter or case are dropped. Times
// are shown in the case's display zone, named in the header.
class QueryRecordsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Id,
        Time,
        Account,
        Model,
        Endpoint,
        Ip,
        Prompt,
        Completion,
        FinishReason,
        PromptTokens,
        CompletionTokens,
        Source,
        ColumnCount
    };
    static constexpr int kPageSize = 256;
    static constexpr int kMaxCachedPages = 48;
    static constexpr int kMaxInFlight = 2;
    static constexpr int kMaxWanted = 8;

    explicit QueryRecordsModel(CaseSession *session, QObject *parent = nullptr);
    ~QueryRecordsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setFilter(const casefile::QueryRecordFilter &filter);
    const casefile::QueryRecordFilter &filter() const { return m_filter; }
    void reload();

    // The row's record when its page is loaded, else nullptr (and the page is requested).
    const casefile::QueryRecordRow *record(int row) const;
    bool isRowLoaded(int row) const;
    int cachedPageCount() const { return int(m_pages.size()); }
    qint64 totalRecords() const { return m_anchors.total; }
    // False while the count runs: the rows so far are shown, more follow (rowsInserted).
    bool isComplete() const { return m_anchors.complete; }
    // Rows counted between two growths of the table while it counts (tests make it small).
    void setCountStep(qint64 rows) { m_countStep = rows; }

signals:
    void reloaded();
    void pageLoaded(int page);
    void loadFailed(const lineage::Error &error);

private:
    struct Page
    {
        QList<casefile::QueryRecordRow> rows;
        quint64 lastUsed = 0;
    };
    void openCase();
    void closeCase();
    void clear();
    void want(int page) const;
    void pump() const;
    void onAnchors(const AnchorsReply &reply);
    void onPage(const PageReply &reply);

    CaseSession *m_session;
    QThread m_thread;
    QueryRecordsFetcher *m_fetcher;
    casefile::QueryRecordFilter m_filter;
    quint64 m_generation = 0;
    qint64 m_countStep = 1 << 18;
    casefile::RecordPageAnchors m_anchors;
    // Caches touched from const data(): the model's own bookkeeping, not its visible state.
    mutable QHash<int, Page> m_pages;
    mutable QList<int> m_wanted; // most recent last
    mutable QSet<int> m_inFlight;
    mutable quint64 m_tick = 0;
    mutable bool m_pumpQueued = false;
};

} // namespace lineage::ui
