// SPDX-License-Identifier: GPL-3.0-or-later
#include "date_candidates_model.h"

namespace lineage::ui {

namespace {

// The text around a date, cut to a few words either side so that the date itself stays
// visible in a narrow column (the whole context is the tooltip).
QString shortContext(const ingest::DateCandidate &c)
{
    constexpr qsizetype kSide = 22;
    const QString &text = c.context;
    const qsizetype at = text.indexOf(c.matched);
    if (at < 0)
        return text;
    const qsizetype from = qMax<qsizetype>(0, at - kSide);
    const qsizetype to = qMin<qsizetype>(text.size(), at + c.matched.size() + kSide);
    QString cut = text.mid(from, to - from);
    if (from > 0 && !cut.startsWith(QStringLiteral("…")))
        cut.prepend(QStringLiteral("…"));
    if (to < text.size() && !cut.endsWith(QStringLiteral("…")))
        cut.append(QStringLiteral("…"));
    return cut;
}

} // namespace

DateCandidatesModel::DateCandidatesModel(QObject *parent) : QAbstractTableModel(parent) { }

int DateCandidatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DateCandidatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DateCandidatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ingest::DateCandidate &c = row.item.candidate;
    if (role == Qt::CheckStateRole && index.column() == Date)
        return (row.checked || row.item.eventId) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole && index.column() == Context)
        return c.context;
    if (role == Qt::TextAlignmentRole && index.column() == Page)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Date:
        return c.date.toString(Qt::ISODate);
    case Page:
        return c.pageNo;
    case Written:
        return c.matched;
    case Context:
        return role == Qt::EditRole ? c.context : shortContext(c);
    case Title:
        return row.title;
    case Timeline:
        return row.item.eventId ? tr("event %1").arg(row.item.eventId) : QString();
    default:
        return {};
    }
}

bool DateCandidatesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Row &row = m_rows[index.row()];
    if (row.item.eventId)
        return false;
    if (role == Qt::CheckStateRole && index.column() == Date) {
        setChecked(index.row(), value.value<Qt::CheckState>() == Qt::Checked);
        return true;
    }
    if (role == Qt::EditRole && index.column() == Title) {
        const QString title = value.toString().trimmed();
        if (title.isEmpty() || title == row.title)
            return false;
        row.title = title;
        emit dataChanged(index, index, { Qt::DisplayRole, Qt::EditRole });
        return true;
    }
    return false;
}

Qt::ItemFlags DateCandidatesModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    // A date already on the timeline shows its tick but cannot be added twice.
    if (m_rows.at(index.row()).item.eventId)
        return Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == Date)
        flags |= Qt::ItemIsUserCheckable;
    if (index.column() == Title)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant DateCandidatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Date:
        return tr("Date");
    case Page:
        return tr("Page");
    case Written:
        return tr("As written");
    case Context:
        return tr("Text around it");
    case Title:
        return tr("Event title");
    case Timeline:
        return tr("Timeline");
    default:
        return {};
    }
}

void DateCandidatesModel::setCandidates(const QList<DateCandidateItem> &items, const QString &documentName)
{
    beginResetModel();
    m_rows.clear();
    for (const DateCandidateItem &item : items)
        m_rows.append({ item, QStringLiteral("%1: %2").arg(documentName, item.candidate.matched), false });
    endResetModel();
    emit checkedChanged();
}

void DateCandidatesModel::setChecked(int row, bool checked)
{
    if (row < 0 || row >= m_rows.size() || m_rows[row].item.eventId || m_rows[row].checked == checked)
        return;
    m_rows[row].checked = checked;
    const QModelIndex at = index(row, Date);
    emit dataChanged(at, at, { Qt::CheckStateRole });
    emit checkedChanged();
}

QList<int> DateCandidatesModel::checkedRows() const
{
    QList<int> rows;
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].checked)
            rows.append(i);
    return rows;
}

} // namespace lineage::ui
