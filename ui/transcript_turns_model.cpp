// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcript_turns_model.h"

#include "case_session.h"
#include "job_runner.h"

#include <QLocale>

namespace lineage::ui {

using casefile::TranscriptStore;
using casefile::TurnRow;

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

struct Found
{
    QList<TurnRow> turns;
    qint64 total = 0;
};

} // namespace

TranscriptTurnsModel::TranscriptTurnsModel(CaseSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
{
    connect(session, &CaseSession::caseClosing, this, [this] {
        beginResetModel();
        m_transcript = {};
        clear();
        endResetModel();
    });
}

void TranscriptTurnsModel::clear()
{
    ++m_generation;
    m_pages.clear();
    m_requested.clear();
    m_matches.clear();
    m_matchTotal = 0;
    m_searching = false;
}

void TranscriptTurnsModel::setTranscript(const casefile::TranscriptRow &transcript)
{
    beginResetModel();
    clear();
    m_search.clear();
    m_transcript = transcript;
    endResetModel();
}

void TranscriptTurnsModel::search(const QString &text)
{
    const QString wanted = text.trimmed();
    beginResetModel();
    clear();
    m_search = wanted;
    m_searching = !wanted.isEmpty();
    endResetModel();
    if (!m_searching || !m_session->isOpen()) {
        emit searchFinished();
        return;
    }
    const quint64 generation = m_generation;
    const qint64 id = m_transcript.id;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    using Reply = Result<Found>;
    m_session->jobs()->run<Reply>(
        QStringLiteral("transcript-search-%1").arg(id), tr("Searching transcript %1").arg(id),
        [path, who, id, wanted](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            Found found;
            auto turns = TranscriptStore((*file)->db()).findTurns(id, wanted, kMaxMatches, &found.total);
            if (!turns)
                return turns.error();
            found.turns = std::move(*turns);
            return found;
        },
        this,
        [this, generation](Reply reply) {
            if (generation != m_generation)
                return;
            if (!reply) {
                emit loadFailed(reply.error());
                emit searchFinished();
                return;
            }
            beginResetModel();
            m_matches = std::move(reply->turns);
            m_matchTotal = reply->total;
            endResetModel();
            emit searchFinished();
        },
        JobRunner::Visibility::Quiet);
}

void TranscriptTurnsModel::fetch(int page) const
{
    if (m_requested.contains(page) || !m_session->isOpen())
        return;
    m_requested.insert(page);
    const quint64 generation = m_generation;
    const qint64 id = m_transcript.id;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    using Reply = Result<QList<TurnRow>>;
    auto *self = const_cast<TranscriptTurnsModel *>(this);
    m_session->jobs()->run<Reply>(
        QStringLiteral("transcript-turns-%1-%2").arg(id).arg(page), tr("Reading turns"),
        [path, who, id, page](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return TranscriptStore((*file)->db()).turns(id, qint64(page) * kPageSize, kPageSize);
        },
        self,
        [self, generation, page](Reply reply) {
            if (generation != self->m_generation)
                return;
            if (!reply) {
                self->m_requested.remove(page);
                emit self->loadFailed(reply.error());
                return;
            }
            self->m_pages.insert(page, std::move(*reply));
            const int first = page * kPageSize;
            const int last = qMin(first + kPageSize, self->rowCount()) - 1;
            if (last >= first)
                emit self->dataChanged(self->index(first, 0), self->index(last, ColumnCount - 1));
            emit self->pageLoaded(page);
        },
        JobRunner::Visibility::Quiet);
}

const TurnRow *TranscriptTurnsModel::turn(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    if (m_searching)
        return &m_matches.at(row);
    const int page = row / kPageSize;
    const auto it = m_pages.constFind(page);
    if (it == m_pages.constEnd()) {
        fetch(page);
        return nullptr;
    }
    const int offset = row % kPageSize;
    return offset < it->size() ? &it->at(offset) : nullptr;
}

bool TranscriptTurnsModel::isRowLoaded(int row) const
{
    if (row < 0 || row >= rowCount())
        return false;
    if (m_searching)
        return true;
    const auto it = m_pages.constFind(row / kPageSize);
    return it != m_pages.constEnd() && row % kPageSize < it->size();
}

int TranscriptTurnsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_searching ? int(m_matches.size())
                       : int(qMin<qint64>(m_transcript.turnCount, std::numeric_limits<int>::max()));
}

int TranscriptTurnsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TranscriptTurnsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::TextAlignmentRole)
        return {};
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column == Prompt || column == Answer ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const TurnRow *t = turn(index.row());
    if (!t) {
        if (role != Qt::DisplayRole)
            return {};
        if (column == Turn && !m_searching)
            return index.row() + 1;
        return column == Prompt ? QVariant(tr("loading…")) : QVariant();
    }
    const QLocale locale;
    if (role == Qt::ToolTipRole) {
        if (column == Prompt)
            return t->prompt.left(kTipChars);
        if (column == Answer)
            return t->answer.left(kTipChars);
        if (column == Turn && t->line)
            return tr("line %1 of the source").arg(*t->line);
        return {};
    }
    switch (column) {
    case Turn:
        return t->seq;
    case Prompt:
        return oneLine(t->prompt, kShownChars);
    case Answer:
        return oneLine(t->answer, kShownChars);
    case PromptChars:
        return locale.toString(t->prompt.size());
    case AnswerChars:
        return locale.toString(t->answer.size());
    default:
        return {};
    }
}

QVariant TranscriptTurnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Turn:
        return tr("Turn");
    case Prompt:
        return tr("Prompt");
    case Answer:
        return tr("Answer");
    case PromptChars:
        return tr("Prompt chars");
    case AnswerChars:
        return tr("Answer chars");
    default:
        return {};
    }
}

} // namespace lineage::ui
