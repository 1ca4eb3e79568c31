// SPDX-License-Identifier: GPL-3.0-or-later
#include "table_fetcher.h"

#include "casefile/annotation_store.h"

namespace lineage::ui {

using casefile::CaseFile;

TableFetcher::~TableFetcher() = default;

void TableFetcher::open(const QString &path, const casefile::Investigator &who)
{
    close();
    auto file = CaseFile::open(path, who, casefile::OpenMode::ReadOnly);
    if (file)
        m_file = std::move(*file);
    else
        m_openError = file.error();
}

void TableFetcher::close()
{
    m_file.reset();
    m_openError.reset();
}

void TableFetcher::fetchAnchors(quint64 generation, const casefile::TableSpec &spec, const casefile::TableQuery &query,
                                int pageSize, std::shared_ptr<Feedback> feedback)
{
    TableAnchorsReply reply;
    reply.generation = generation;
    if (feedback->isCanceled())
        return; // superseded while queued
    if (!m_file) {
        reply.error = m_openError.value_or(makeError(ErrorCode::Internal, tr("No case is open.")));
        emit anchorsFetched(reply);
        return;
    }
    // Partial anchors go out as the scan runs, so the table grows while it counts.
    auto anchors = casefile::TableStore::anchors(
        m_file->db(), spec, query, pageSize, *feedback,
        [&](const casefile::TableAnchors &partial) {
            if (feedback->isCanceled())
                return;
            TableAnchorsReply progress;
            progress.generation = generation;
            progress.anchors = partial;
            emit anchorsFetched(progress);
        },
        1 << 18);
    if (!anchors && anchors.error().code == ErrorCode::Canceled)
        return;
    if (anchors)
        reply.anchors = std::move(*anchors);
    else
        reply.error = anchors.error();
    emit anchorsFetched(reply);
}

void TableFetcher::fetchPage(quint64 generation, int page, const casefile::TableSpec &spec,
                             const casefile::TableQuery &query, std::optional<casefile::TableAnchor> from, int limit)
{
    TablePageReply reply;
    reply.generation = generation;
    reply.page = page;
    if (!m_file) {
        reply.error = m_openError.value_or(makeError(ErrorCode::Internal, tr("No case is open.")));
        emit pageFetched(reply);
        return;
    }
    auto rows = casefile::TableStore::fetch(m_file->db(), spec, query, from, limit);
    if (!rows) {
        reply.error = rows.error();
        emit pageFetched(reply);
        return;
    }
    reply.rows = std::move(*rows);
    QList<qint64> ids;
    ids.reserve(reply.rows.size());
    for (const auto &r : std::as_const(reply.rows))
        ids << r.id;
    auto starred = casefile::AnnotationStore::starredAmong(m_file->db(), spec.itemKind, ids);
    auto tags = casefile::AnnotationStore::tagsAmong(m_file->db(), spec.itemKind, ids);
    if (!starred || !tags) {
        reply.error = !starred ? starred.error() : tags.error();
        emit pageFetched(reply);
        return;
    }
    const QSet<qint64> star(starred->begin(), starred->end());
    for (qint64 id : std::as_const(ids)) {
        reply.starred << star.contains(id);
        reply.tags << tags->value(id);
    }
    emit pageFetched(reply);
}

} // namespace lineage::ui
