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
    AnchorsReply reply;
    reply.generation = generation;
    if (!m_file) {
        reply.error = m_openError.value_or(makeError(ErrorCode::Internal, tr("No case is open.")));
    } else {
        // A feedback that cancels itself once a later generation is asked for.
        class Superseded : public Feedback
        {
        public:
            Superseded(const std::atomic<quint64> &latest, quint64 generation)
                : m_latest(latest), m_generation(generation)
            {
            }
            bool stale() const { return m_latest.load(std::memory_order_relaxed) > m_generation; }

        private:
            const std::atomic<quint64> &m_latest;
            quint64 m_generation;
        } feedback(m_latest, generation);
        if (feedback.stale())
            return;
        auto anchors = casefile::RecordPager::anchors(
            m_file->db(), filter, pageSize, feedback,
            [&](const casefile::RecordPageAnchors &partial) {
                if (feedback.stale()) {
                    feedback.cancel();
                    return;
                }
                AnchorsReply progress;
                progress.generation = generation;
                progress.anchors = partial;
                emit anchorsFetched(progress);
            },
            partialRows);
        if (!anchors && anchors.error().code == ErrorCode::Canceled)
            return;
        if (anchors)
            reply.anchors = std::move(*anchors);
        else
            reply.error = anchors.error();
    }
    emit anchorsFetched(reply);
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
