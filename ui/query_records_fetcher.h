// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "casefile/query_record_store.h"
#include "casefile/record_pager.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace lineage::ui {

struct AnchorsReply
{
    quint64 generation = 0;
    casefile::RecordPageAnchors anchors;
    std::optional<Error> error;
};

struct PageReply
{
    quint64 generation = 0;
    int page = 0;
    QList<casefile::QueryRecordRow> rows;
    std::optional<Error> error;
};

// Reads query records for the lazy records table on a thread of its own, with a read-only
// connection of its own (after DB Browser for SQLite's RowLoader). Lives on that thread; the
// model calls its slots through queued invocations and gets replies as queued signals that
// carry the request's generation, so the model can drop stale ones.
class QueryRecordsFetcher : public QObject
{
    Q_OBJECT
public:
    QueryRecordsFetcher() = default;
    ~QueryRecordsFetcher() override;

    // All on the fetcher's thread.
    void open(const QString &path, const casefile::Investigator &who);
    void close();
    // The anchors are scanned `partialRows` rows at a time, each chunk a queued call of its own
    // that sends the anchors so far (anchors.complete false until the last): page requests made
    // meanwhile are answered between two chunks. A scan stops when a later generation was asked
    // for (supersede()) or the case closed.
    void fetchAnchors(quint64 generation, const casefile::QueryRecordFilter &filter, int pageSize, qint64 partialRows);
    // Any thread: requests older than `generation` are stale.
    void supersede(quint64 generation) { m_latest.store(generation, std::memory_order_relaxed); }
    void fetchPage(quint64 generation, int page, qint64 firstId, int limit, const casefile::QueryRecordFilter &filter);

signals:
    void anchorsFetched(const lineage::ui::AnchorsReply &reply);
    void pageFetched(const lineage::ui::PageReply &reply);

private:
    void continueAnchors(quint64 generation, const casefile::QueryRecordFilter &filter,
                         casefile::RecordPageAnchors anchors, qint64 chunkRows);

    std::unique_ptr<casefile::CaseFile> m_file;
    std::optional<Error> m_openError;
    std::atomic<quint64> m_latest { 0 };
};

} // namespace lineage::ui

Q_DECLARE_METATYPE(lineage::ui::AnchorsReply)
Q_DECLARE_METATYPE(lineage::ui::PageReply)
