// SPDX-License-Identifier: GPL-3.0-or-later
#include "search_results_model.h"

#include <QLocale>

namespace lineage::ui {

SearchResultsModel::SearchResultsModel(QObject *parent) : QAbstractTableModel(parent) {}

void SearchResultsModel::setHits(QList<casefile::SearchHit> hits)
{
    beginResetModel();
    m_hits = std::move(hits);
    endResetModel();
}

void SearchResultsModel::clear()
{
    setHits({});
}

const casefile::SearchHit *SearchResultsModel::hit(int row) const
{
    return row >= 0 && row < m_hits.size() ? &m_hits.at(row) : nullptr;
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

int SearchResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SearchResultsModel::placeOf(const casefile::SearchHit &hit)
{
    if (hit.itemKind == QLatin1String("page"))
        return tr("page %1").arg(QLocale().toString(hit.page));
    if (hit.line > 0)
        return tr("line %1").arg(QLocale().toString(hit.line));
    return hit.itemKind == QLatin1String("turn") ? tr("turn #%1").arg(hit.itemId) : QString();
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    const casefile::SearchHit *h = index.isValid() ? hit(index.row()) : nullptr;
    if (!h)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Kind:
            if (h->itemKind == QLatin1String("record"))
                return tr("Query record");
            if (h->itemKind == QLatin1String("turn"))
                return tr("Transcript turn");
            if (h->itemKind == QLatin1String("page"))
                return tr("Document page");
            return h->itemKind;
        case Source:
            return h->sourceName;
        case Place:
            return placeOf(*h);
        case Field:
            return h->field;
        case Snippet:
            return h->snippet;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Snippet)
        return h->snippet;
    if (role == Qt::ToolTipRole && index.column() == Source)
        return tr("source #%1").arg(h->sourceId);
    return {};
}

QVariant SearchResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Kind:
        return tr("Kind");
    case Source:
        return tr("Source");
    case Place:
        return tr("Place");
    case Field:
        return tr("Field");
    case Snippet:
        return tr("Match");
    default:
        return {};
    }
}

} // namespace lineage::ui
