// SPDX-License-Identifier: GPL-3.0-or-later
#include "table_model.h"

#include "case_session.h"

#include <QTimer>

namespace lineage::ui {

using casefile::ColumnType;
using casefile::TableRow;

namespace {

constexpr int kShownChars = 160;
constexpr int kTipChars = 1200;

QString oneLine(const QString &text, int max)
{
    QString s = text.left(max + 1);
    s.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    if (text.size() > max)
        s = s.left(max) + QStringLiteral("…");
    return s;
}

} // namespace

TableModel::TableModel(const casefile::TableSpec &spec, CaseSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_spec(&spec), m_session(session), m_shown(spec.shownColumns()),
      m_anchorFetcher(new TableFetcher), m_pageFetcher(new TableFetcher)
{
    qRegisterMetaType<TablePageReply>();
    qRegisterMetaType<TableAnchorsReply>();
    m_anchorThread.setObjectName(QStringLiteral("table-anchors"));
    m_pageThread.setObjectName(QStringLiteral("table-pages"));
    m_anchorFetcher->moveToThread(&m_anchorThread);
    m_pageFetcher->moveToThread(&m_pageThread);
    connect(m_anchorFetcher, &TableFetcher::anchorsFetched, this, &TableModel::onAnchors, Qt::QueuedConnection);
    connect(m_pageFetcher, &TableFetcher::pageFetched, this, &TableModel::onPage, Qt::QueuedConnection);
    m_anchorThread.start();
    m_pageThread.start();
    connect(session, &CaseSession::caseOpened, this, &TableModel::openCase);
    connect(session, &CaseSession::caseClosing, this, &TableModel::closeCase);
    connect(session, &CaseSession::contentChanged, this, &TableModel::reload);
    connect(session, &CaseSession::infoChanged, this, [this] {
        emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
        if (rowCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    });
    if (session->isOpen())
        openCase();
}

TableModel::~TableModel()
{
    if (m_scan)
        m_scan->cancel();
    m_anchorThread.quit();
    m_pageThread.quit();
    m_anchorThread.wait();
    m_pageThread.wait();
    delete m_anchorFetcher;
    delete m_pageFetcher;
}

void TableModel::openCase()
{
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    for (TableFetcher *f : { m_anchorFetcher, m_pageFetcher })
        QMetaObject::invokeMethod(
            f, [f, path, who] { f->open(path, who); }, Qt::QueuedConnection);
    reload();
}

void TableModel::closeCase()
{
    clear();
    // The fetchers' connections must be gone before the case closes (one file left).
    for (TableFetcher *f : { m_anchorFetcher, m_pageFetcher })
        QMetaObject::invokeMethod(
            f, [f] { f->close(); }, Qt::BlockingQueuedConnection);
}

void TableModel::clear()
{
    ++m_generation;
    if (m_scan)
        m_scan->cancel();
    m_scan.reset();
    beginResetModel();
    m_anchors = {};
    m_rows = 0;
    m_pages.clear();
    m_wanted.clear();
    m_inFlight.clear();
    m_stale.clear();
    endResetModel();
}

void TableModel::setQuery(const casefile::TableQuery &query)
{
    m_query = query;
    reload();
}

void TableModel::reload()
{
    if (!m_session->isOpen())
        return;
    clear();
    const quint64 generation = m_generation;
    m_scan = std::make_shared<Feedback>();
    QMetaObject::invokeMethod(
        m_anchorFetcher,
        [f = m_anchorFetcher, generation, spec = m_spec, query = m_query, scan = m_scan] {
            f->fetchAnchors(generation, *spec, query, kPageSize, scan);
        },
        Qt::QueuedConnection);
    // The first page needs no anchor: it is read at once, beside the scan.
    m_inFlight.insert(0);
    request(0);
}

void TableModel::refreshMarks()
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        m_stale.insert(it.key());
        want(it.key());
    }
}

void TableModel::request(int page) const
{
    std::optional<casefile::TableAnchor> from;
    if (page > 0)
        from = m_anchors.anchors.at(page);
    QMetaObject::invokeMethod(
        m_pageFetcher,
        [f = m_pageFetcher, generation = m_generation, page, spec = m_spec, query = m_query, from] {
            f->fetchPage(generation, page, *spec, query, from, kPageSize);
        },
        Qt::QueuedConnection);
}

void TableModel::grow(qint64 rows)
{
    // QAbstractItemModel rows are ints: rows beyond cannot be shown.
    rows = qMin<qint64>(rows, std::numeric_limits<int>::max());
    if (rows <= m_rows)
        return;
    beginInsertRows({}, int(m_rows), int(rows - 1));
    m_rows = rows;
    endInsertRows();
}

void TableModel::onAnchors(const TableAnchorsReply &reply)
{
    if (reply.generation != m_generation)
        return;
    if (reply.error) {
        emit loadFailed(*reply.error);
        return;
    }
    m_anchors = reply.anchors;
    grow(m_anchors.total);
    if (m_anchors.complete) {
        m_scan.reset();
        emit countFinished();
    }
    pump();
}

void TableModel::onPage(const TablePageReply &reply)
{
    if (reply.generation != m_generation)
        return;
    m_inFlight.remove(reply.page);
    if (reply.error) {
        emit loadFailed(*reply.error);
        return;
    }
    m_stale.remove(reply.page);
    m_pages.insert(reply.page, Page { reply.rows, reply.starred, reply.tags, ++m_tick });
    while (m_pages.size() > kMaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            if (it->lastUsed < oldest->lastUsed)
                oldest = it;
        m_pages.erase(oldest);
    }
    if (reply.page == 0) {
        grow(reply.rows.size());
        emit reloaded();
    }
    const int first = reply.page * kPageSize;
    const int last = int(qMin<qint64>(first + kPageSize, m_rows)) - 1;
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, columnCount() - 1));
    emit pageLoaded(reply.page);
    pump();
}

void TableModel::want(int page) const
{
    m_wanted.removeOne(page);
    m_wanted.append(page);
    while (m_wanted.size() > kMaxWanted)
        m_wanted.removeFirst();
    if (!m_pumpQueued) {
        m_pumpQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_pumpQueued = false;
            pump();
        });
    }
}

void TableModel::pump() const
{
    QList<int> later;
    while (m_inFlight.size() < kMaxInFlight && !m_wanted.isEmpty()) {
        const int page = m_wanted.takeLast();
        if ((m_pages.contains(page) && !m_stale.contains(page)) || m_inFlight.contains(page))
            continue;
        if (page >= m_anchors.anchors.size()) {
            later << page; // its anchor is not scanned yet
            continue;
        }
        m_inFlight.insert(page);
        request(page);
    }
    for (int page : std::as_const(later))
        m_wanted.prepend(page);
}

const TableRow *TableModel::row(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const int page = row / kPageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        want(page);
        return nullptr;
    }
    it->lastUsed = ++m_tick;
    const int offset = row % kPageSize;
    return offset < it->rows.size() ? &it->rows.at(offset) : nullptr;
}

bool TableModel::isRowLoaded(int row) const
{
    const auto it = m_pages.constFind(row / kPageSize);
    return it != m_pages.constEnd() && row % kPageSize < it->rows.size();
}

bool TableModel::isStarred(int r) const
{
    const auto it = m_pages.constFind(r / kPageSize);
    return it != m_pages.constEnd() && r % kPageSize < it->starred.size() && it->starred.at(r % kPageSize);
}

QStringList TableModel::tags(int r) const
{
    const auto it = m_pages.constFind(r / kPageSize);
    return it != m_pages.constEnd() && r % kPageSize < it->tags.size() ? it->tags.at(r % kPageSize) : QStringList();
}

int TableModel::specColumn(int column) const
{
    return column >= FirstDataColumn && column - FirstDataColumn < m_shown.size() ? m_shown[column - FirstDataColumn]
                                                                                  : -1;
}

int TableModel::modelColumn(const QString &key) const
{
    const int c = m_spec->columnIndex(key);
    const int i = int(m_shown.indexOf(c));
    return c < 0 || i < 0 ? -1 : FirstDataColumn + i;
}

int TableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

int TableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstDataColumn + int(m_shown.size());
}

QString TableModel::cellText(int r, int column) const
{
    const TableRow *tr = row(r);
    if (!tr)
        return {};
    if (column == StarColumn)
        return isStarred(r) ? QStringLiteral("★") : QString();
    if (column == TagsColumn)
        return tags(r).join(QStringLiteral(", "));
    const int c = specColumn(column);
    if (c < 0)
        return {};
    const QVariant v = tr->values.value(column - FirstDataColumn);
    if (!v.isValid() || v.isNull())
        return {};
    if (m_spec->columns[c].type == ColumnType::Time)
        return m_session->zone().format(v.toLongLong());
    return v.toString();
}

QVariant TableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    if (role == ColumnKeyRole)
        return specColumn(column) >= 0 ? m_spec->columns[specColumn(column)].key : QString();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::TextAlignmentRole && role != ItemIdRole)
        return {};
    const TableRow *r = row(index.row());
    if (!r)
        return role == Qt::DisplayRole && column == FirstDataColumn ? QVariant(tr("loading…")) : QVariant();
    if (role == ItemIdRole)
        return r->id;
    const int c = specColumn(column);
    const ColumnType type = c >= 0 ? m_spec->columns[c].type : ColumnType::Text;
    if (role == Qt::TextAlignmentRole) {
        if (type == ColumnType::Integer || type == ColumnType::Real)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (column == StarColumn)
            return QVariant(Qt::AlignCenter);
        return {};
    }
    const QString text = cellText(index.row(), column);
    // Reals read at a glance (six significant digits); the tooltip, copy and export keep all.
    if (type == ColumnType::Real && !text.isEmpty()) {
        const double v = r->values.value(column - FirstDataColumn).toDouble();
        const QString shown = QString::number(v, 'g', 6);
        if (role == Qt::ToolTipRole)
            return shown == text ? QVariant() : QVariant(text);
        return shown;
    }
    if (role == Qt::ToolTipRole) {
        if (type == ColumnType::Time && !text.isEmpty())
            return DisplayZone::formatUtc(r->values.value(column - FirstDataColumn).toLongLong());
        return text.size() > kShownChars || text.contains(QLatin1Char('\n')) ? QVariant(text.left(kTipChars))
                                                                             : QVariant();
    }
    return oneLine(text, kShownChars);
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const int c = specColumn(section);
    if (role == ColumnKeyRole)
        return c >= 0 ? m_spec->columns[c].key : QString();
    if (role == SortableRole)
        return c >= 0 && m_spec->columns[c].sortable();
    if (role == Qt::ToolTipRole && c >= 0 && !m_spec->columns[c].sortable())
        return tr("This column does not sort (it has no index); filter it with %1~TEXT.").arg(m_spec->columns[c].key);
    if (role != Qt::DisplayRole)
        return {};
    if (section == StarColumn)
        return QStringLiteral("★");
    if (section == TagsColumn)
        return tr("Tags");
    const auto &column = m_spec->columns[c];
    return column.type == ColumnType::Time ? m_session->zone().header(column.title) : column.title;
}

void TableModel::sort(int column, Qt::SortOrder order)
{
    const int c = specColumn(column);
    if (c < 0 || !m_spec->columns[c].sortable())
        return;
    const QString key = m_spec->columns[c].key;
    if (m_query.sortColumn == key && m_query.descending == (order == Qt::DescendingOrder))
        return;
    m_query.sortColumn = key;
    m_query.descending = order == Qt::DescendingOrder;
    reload();
}

} // namespace lineage::ui
