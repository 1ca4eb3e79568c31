// SPDX-License-Identifier: GPL-3.0-or-later
#include "exhibits_model.h"

#include <QDateTime>
#include <QMimeData>

namespace lineage::ui {

ExhibitsModel::ExhibitsModel(QObject *parent) : QAbstractTableModel(parent) { }

void ExhibitsModel::setExhibits(QList<casefile::ExhibitRow> exhibits, QStringList labels)
{
    beginResetModel();
    m_rows = std::move(exhibits);
    m_labels = std::move(labels);
    while (m_labels.size() < m_rows.size())
        m_labels << QString();
    endResetModel();
}

void ExhibitsModel::clear()
{
    setExhibits({}, {});
}

const casefile::ExhibitRow *ExhibitsModel::exhibit(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int ExhibitsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExhibitsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExhibitsModel::data(const QModelIndex &index, int role) const
{
    const casefile::ExhibitRow *e = index.isValid() ? exhibit(index.row()) : nullptr;
    if (!e)
        return {};
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Number:
            return role == Qt::EditRole ? QVariant(e->number) : QVariant(tr("Exhibit %1").arg(e->number));
        case Item: {
            const QString label = m_labels.value(index.row());
            return label.isEmpty() ? QStringLiteral("%1 %2").arg(e->item.kind).arg(e->item.id) : label;
        }
        case Caption:
            return e->caption;
        case Added:
            return m_formatTime ? m_formatTime(e->createdUtc)
                                : QDateTime::fromMSecsSinceEpoch(e->createdUtc, Qt::UTC).toString(Qt::ISODate);
        }
    } else if (role == Qt::ToolTipRole && index.column() == Caption) {
        return tr("Double-click or F2 to edit the caption; drag a row to renumber");
    }
    return {};
}

QVariant ExhibitsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Number:
        return tr("No.");
    case Item:
        return tr("Item");
    case Caption:
        return tr("Caption");
    case Added:
        return tr("Added");
    }
    return {};
}

Qt::ItemFlags ExhibitsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (index.column() == Caption)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ExhibitsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const casefile::ExhibitRow *e = index.isValid() ? exhibit(index.row()) : nullptr;
    if (!e || role != Qt::EditRole || index.column() != Caption)
        return false;
    const QString caption = value.toString().trimmed();
    if (caption == e->caption)
        return false;
    emit captionEdited(*e, caption); // shown once written
    return false;
}

Qt::DropActions ExhibitsModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList ExhibitsModel::mimeTypes() const
{
    return { QString::fromLatin1(kMimeType) };
}

QMimeData *ExhibitsModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(kMimeType), QByteArray::number(indexes.front().row()));
    return data;
}

bool ExhibitsModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int, const QModelIndex &) const
{
    return data && action == Qt::MoveAction && data->hasFormat(QString::fromLatin1(kMimeType));
}

int ExhibitsModel::targetNumber(int fromRow, int beforeRow) const
{
    const int n = rowCount();
    if (fromRow < 0 || fromRow >= n)
        return 0;
    beforeRow = qBound(0, beforeRow, n);
    // Dropped before row `beforeRow`: it lands there, or one up when it came from above.
    const int to = beforeRow > fromRow ? beforeRow - 1 : beforeRow;
    if (to == fromRow)
        return 0;
    return m_rows[to].number;
}

bool ExhibitsModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                 const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    bool ok = false;
    const int from = data->data(QString::fromLatin1(kMimeType)).toInt(&ok);
    if (!ok || !exhibit(from))
        return false;
    // Dropped on a row: before it; below the last row: at the end.
    const int before = row >= 0 ? row : parent.isValid() ? parent.row() : rowCount();
    const int number = targetNumber(from, before);
    if (number > 0)
        emit moveRequested(m_rows[from], number);
    return false; // the rows are not moved here: the case renumbers and the model is set again
}

} // namespace lineage::ui
