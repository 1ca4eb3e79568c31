// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "casefile/table_store.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>

namespace lineage::ui {

// A page of a table and the marks (star, tags) of its rows.
struct TablePageReply
{
    quint64 generation = 0;
    int page = 0; // -1: the first rows, read before the anchors are known
    QList<casefile::TableRow> rows;
    QList<bool> starred; // per row
    QList<QStringList> tags; // per row
    std::optional<Error> error;
};

struct TableAnchorsReply
{
    quint64 generation = 0;
    casefile::TableAnchors anchors;
    std::optional<Error> error;
};

// Reads a case table for TableModel on a thread of its own, with a read-only connection of
// its own. The model keeps two: one scans anchors (seconds over ten million rows), the other
// reads pages meanwhile. Lives on its thread; called through queued invocations; replies are
// queued signals carrying the request's generation. A scan stops when its Feedback is
// canceled (a newer filter or order), through the same connection's interrupt.
class TableFetcher : public QObject
{
    Q_OBJECT
public:
    TableFetcher() = default;
    ~TableFetcher() override;

    void open(const QString &path, const casefile::Investigator &who);
    void close();
    void fetchAnchors(quint64 generation, const casefile::TableSpec &spec, const casefile::TableQuery &query,
                      int pageSize, std::shared_ptr<Feedback> feedback);
    void fetchPage(quint64 generation, int page, const casefile::TableSpec &spec, const casefile::TableQuery &query,
                   std::optional<casefile::TableAnchor> from, int limit);

signals:
    void anchorsFetched(const lineage::ui::TableAnchorsReply &reply);
    void pageFetched(const lineage::ui::TablePageReply &reply);

private:
    std::unique_ptr<casefile::CaseFile> m_file;
    std::optional<Error> m_openError;
};

} // namespace lineage::ui

Q_DECLARE_METATYPE(lineage::ui::TablePageReply)
Q_DECLARE_METATYPE(lineage::ui::TableAnchorsReply)
