// SPDX-License-Identifier: GPL-3.0-or-later
#include "query_records_model.h"

#include "case_session.h"
#include "query_records_fetcher.h"

#include <QLocale>
#include <QTimer>

namespace lineage::ui {

using casefile::QueryRecordRow;

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

QVariant optional(const std::optional<qint64> &v)
{
    return v ? QVariant(*v) : QVariant();
}

} // namespace

QueryRecordsModel::QueryRecordsModel(CaseSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session), m_fetcher(new QueryRecordsFetcher)
{
    qRegisterMetaType<AnchorsReply>();
    qRegisterMetaType<PageReply>();
    m_thread.setObjectName(QStringLiteral("query-records-fetcher"));
    m_fetcher->moveToThread(&m_thread);
    connect(m_fetcher, &QueryRecordsFetcher::anchorsFetched, this, &QueryRecordsModel::onAnchors, Qt::QueuedConnection);
    connect(m_fetcher, &QueryRecordsFetcher::pageFetched, this, &QueryRecordsModel::onPage, Qt::QueuedConnection);
    m_thread.start();

    connect(session, &CaseSession::caseOpened, this, &QueryRecordsModel::openCase);
    connect(session, &CaseSession::caseClosing, this, &QueryRecordsModel::closeCase);
    connect(session, &CaseSession::contentChanged, this, &QueryRecordsModel::reload);
    connect(session, &CaseSession::infoChanged, this, [this] {
        emit headerDataChanged(Qt::Horizontal, Time, Time);
        if (rowCount() > 0)
            emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
    });
    if (session->isOpen())
        openCase();
}

QueryRecordsModel::~QueryRecordsModel()
{
    m_thread.quit();
    m_thread.wait();
    delete m_fetcher;
}

void QueryRecordsModel::openCase()
{
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    QMetaObject::invokeMethod(
        m_fetcher, [f = m_fetcher, path, who] { f->open(path, who); }, Qt::QueuedConnection);
    reload();
}

void QueryRecordsModel::closeCase()
{
    clear();
    // The fetcher's connection must be gone before the case closes, so that closing leaves
    // one self-contained file. Waits for at most the page being read.
    QMetaObject::invokeMethod(
        m_fetcher, [f = m_fetcher] { f->close(); }, Qt::BlockingQueuedConnection);
}

void QueryRecordsModel::clear()
{
    ++m_generation;
    beginResetModel();
    m_anchors = {};
    m_pages.clear();
    m_wanted.clear();
    m_inFlight.clear();
    endResetModel();
}

void QueryRecordsModel::setFilter(const casefile::QueryRecordFilter &filter)
{
    m_filter = filter;
    reload();
}

void QueryRecordsModel::reload()
{
    if (!m_session->isOpen())
        return;
    clear();
    const quint64 generation = m_generation;
    m_fetcher->supersede(generation);
    QMetaObject::invokeMethod(
        m_fetcher,
        [f = m_fetcher, generation, filter = m_filter, step = m_countStep] {
            f->fetchAnchors(generation, filter, kPageSize, step);
        },
        Qt::QueuedConnection);
}

void QueryRecordsModel::onAnchors(const AnchorsReply &reply)
{
    if (reply.generation != m_generation)
        return;
    if (reply.error) {
        emit loadFailed(*reply.error);
        return;
    }
    // Rows beyond what a view can address are not shown; QAbstractItemModel rows are ints.
    // Partial anchors only add rows at the end: the rows shown stay, the view grows.
    const qint64 rows = qMin<qint64>(reply.anchors.total, std::numeric_limits<int>::max());
    const qint64 before = m_anchors.total;
    if (rows > before)
        beginInsertRows({}, int(before), int(rows - 1));
    m_anchors = reply.anchors;
    m_anchors.total = std::max(rows, before);
    if (rows > before)
        endInsertRows();
    pump();
    if (m_anchors.complete)
        emit reloaded();
}

void QueryRecordsModel::onPage(const PageReply &reply)
{
    if (reply.generation != m_generation)
        return;
    m_inFlight.remove(reply.page);
    if (reply.error) {
        emit loadFailed(*reply.error);
        return;
    }
    m_pages.insert(reply.page, Page { reply.rows, ++m_tick });
    while (m_pages.size() > kMaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            if (it->lastUsed < oldest->lastUsed)
                oldest = it;
        m_pages.erase(oldest);
    }
    const int first = reply.page * kPageSize;
    const int last = qMin(first + kPageSize, rowCount()) - 1;
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    emit pageLoaded(reply.page);
    pump();
}

void QueryRecordsModel::want(int page) const
{
    m_wanted.removeOne(page);
    m_wanted.append(page);
    while (m_wanted.size() > kMaxWanted)
        m_wanted.removeFirst(); // scrolled past: not worth reading any more
    if (!m_pumpQueued) {
        // Requests go out after the view's paint pass, newest first.
        m_pumpQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_pumpQueued = false;
            pump();
        });
    }
}

void QueryRecordsModel::pump() const
{
    while (m_inFlight.size() < kMaxInFlight && !m_wanted.isEmpty()) {
        const int page = m_wanted.takeLast();
        if (m_pages.contains(page) || m_inFlight.contains(page) || page >= m_anchors.firstIds.size())
            continue;
        m_inFlight.insert(page);
        const quint64 generation = m_generation;
        const qint64 firstId = m_anchors.firstIds.at(page);
        QMetaObject::invokeMethod(
            m_fetcher,
            [f = m_fetcher, generation, page, firstId, filter = m_filter] {
                f->fetchPage(generation, page, firstId, kPageSize, filter);
            },
            Qt::QueuedConnection);
    }
}

const QueryRecordRow *QueryRecordsModel::record(int row) const
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

bool QueryRecordsModel::isRowLoaded(int row) const
{
    const auto it = m_pages.constFind(row / kPageSize);
    return it != m_pages.constEnd() && row % kPageSize < it->rows.size();
}

int QueryRecordsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_anchors.total);
}

int QueryRecordsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryRecordsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::TextAlignmentRole)
        return {};
    const QueryRecordRow *r = record(index.row());
    if (!r)
        return role == Qt::DisplayRole && index.column() == Prompt ? QVariant(tr("loading…")) : QVariant();
    const int column = index.column();
    if (role == Qt::TextAlignmentRole) {
        if (column == Id || column == PromptTokens || column == CompletionTokens)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Time:
            if (!r->timeUtc)
                return tr("No time in the record");
            return tr("%1\nWritten with offset %2 s")
                .arg(DisplayZone::formatUtc(*r->timeUtc))
                .arg(r->timeOffset.value_or(0));
        case Prompt:
            return r->systemPrompt.isEmpty()
                ? r->prompt.left(kTipChars)
                : tr("System: %1\n\n%2").arg(r->systemPrompt.left(kTipChars / 2), r->prompt.left(kTipChars));
        case Completion:
            return r->completion.left(kTipChars);
        case Source:
            return tr("%1 (source #%2), line %3, byte offset %4, %5 bytes")
                .arg(r->sourceName)
                .arg(r->sourceId)
                .arg(r->line)
                .arg(r->byteOffset)
                .arg(r->byteLength);
        default:
            return {};
        }
    }
    switch (column) {
    case Id:
        return r->id;
    case Time:
        return r->timeUtc ? m_session->zone().format(*r->timeUtc) : QString();
    case Account:
        return r->account;
    case Model:
        return r->model;
    case Endpoint:
        return r->endpoint;
    case Ip:
        return r->ip;
    case Prompt:
        return oneLine(r->prompt, kShownChars);
    case Completion:
        return oneLine(r->completion, kShownChars);
    case FinishReason:
        return r->finishReason;
    case PromptTokens:
        return optional(r->promptTokens);
    case CompletionTokens:
        return optional(r->completionTokens);
    case Source:
        return tr("%1, line %2").arg(r->sourceName, QLocale().toString(r->line));
    default:
        return {};
    }
}

QVariant QueryRecordsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Id");
    case Time:
        return m_session->zone().header(tr("Time"));
    case Account:
        return tr("Account");
    case Model:
        return tr("Model");
    case Endpoint:
        return tr("Endpoint");
    case Ip:
        return tr("IP");
    case Prompt:
        return tr("Prompt");
    case Completion:
        return tr("Completion");
    case FinishReason:
        return tr("Finish");
    case PromptTokens:
        return tr("Prompt tokens");
    case CompletionTokens:
        return tr("Completion tokens");
    case Source:
        return tr("Source");
    default:
        return {};
    }
}

} // namespace lineage::ui
