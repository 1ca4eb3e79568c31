// SPDX-License-Identifier: GPL-3.0-or-later
#include "query_records_fetcher.h"

namespace lineage::ui {

using casefile::CaseFile;

QueryRecordsFetcher::~QueryRecordsFetcher() = default;

void QueryRecordsFetcher::open(const QString &path, const casefile::Investigator &who)
{
    close();
    auto file = CaseFile::open(path, who, casefile::OpenMode::ReadOnly);
    if (file)
        m_file = std::move(*file);
    else
        m_openError = file.error();
}

void QueryRecordsFetcher::close()
{
    m_file.reset();
    m_openError.reset();
}

void QueryRecordsFetcher::fetchAnchors(quint64 generation, const casefile::QueryRecordFilter &filter, int pageSize,
                                       qint64 partialRows)
{
    if (!m_file) {
        AnchorsReply reply;
        reply.generation = generation;
        reply.error = m_openError.value_or(makeError(ErrorCode::Internal, tr("No case is open.")));
        emit anchorsFetched(reply);
        return;
    }
    casefile::RecordPageAnchors anchors;
    anchors.pageSize = pageSize;
    continueAnchors(generation, filter, std::move(anchors), std::max<qint64>(partialRows, 1));
}

void QueryRecordsFetcher::continueAnchors(quint64 generation, const casefile::QueryRecordFilter &filter,
                                          casefile::RecordPageAnchors anchors, qint64 chunkRows)
{
    // Superseded by a later request, or the case closed meanwhile: the scan ends here.
    if (!m_file || m_latest.load(std::memory_order_relaxed) > generation)
        return;
    AnchorsReply reply;
    reply.generation = generation;
    if (auto s = casefile::RecordPager::extend(m_file->db(), filter, anchors, chunkRows); !s) {
        reply.error = s.error();
        emit anchorsFetched(reply);
        return;
    }
    reply.anchors = anchors;
    emit anchorsFetched(reply);
    if (anchors.complete)
        return;
    // The next chunk after what is queued now: pages asked for meanwhile are read first, so
    // the rows in view come while ten million are still being counted.
    QMetaObject::invokeMethod(
        this,
        [this, generation, filter, anchors = std::move(anchors), chunkRows]() mutable {
            continueAnchors(generation, filter, std::move(anchors), chunkRows);
        },
        Qt::QueuedConnection);
}

void QueryRecordsFetcher::fetchPage(quint64 generation, int page, qint64 firstId, int limit,
                                    const casefile::QueryRecordFilter &filter)
{
    PageReply reply;
    reply.generation = generation;
    reply.page = page;
    if (!m_file) {
        reply.error = m_openError.value_or(makeError(ErrorCode::Internal, tr("No case is open.")));
    } else {
        // Keyset: the page's rows are the first `limit` matching ids from its anchor on.
        auto rows = casefile::QueryRecordStore::fetch(m_file->db(), firstId - 1, limit, filter);
        if (rows)
            reply.rows = std::move(*rows);
        else
            reply.error = rows.error();
    }
    emit pageFetched(reply);
}

} // namespace lineage::ui
