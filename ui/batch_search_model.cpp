// SPDX-License-Identifier: GPL-3.0-or-later
#include "batch_search_model.h"

#include "search_results_model.h"

#include <QLocale>

#include <algorithm>
#include <numeric>

namespace lineage::ui {

namespace {

QString firstHitText(const casefile::BatchSearchResult &r)
{
    if (r.hits.isEmpty())
        return {};
    const casefile::SearchHit &h = r.hits.front();
    return QStringLiteral("%1 %2 · %3 · %4")
        .arg(h.itemKind)
        .arg(h.itemId)
        .arg(h.sourceName, SearchResultsModel::placeOf(h));
}

} // namespace

BatchSearchModel::BatchSearchModel(QObject *parent) : QAbstractTableModel(parent) { }

void BatchSearchModel::setResults(QList<casefile::BatchSearchResult> results)
{
    beginResetModel();
    m_results = std::move(results);
    m_order.resize(m_results.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    endResetModel();
}

void BatchSearchModel::clear()
{
    setResults({});
}

const casefile::BatchSearchResult *BatchSearchModel::result(int row) const
{
    if (row < 0 || row >= m_order.size())
        return nullptr;
    return &m_results[m_order[row]];
}

int BatchSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

int BatchSearchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BatchSearchModel::data(const QModelIndex &index, int role) const
{
    const casefile::BatchSearchResult *r = index.isValid() ? result(index.row()) : nullptr;
    if (!r)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Term:
            return r->term;
        case Count:
            return r->error.isEmpty() ? QLocale().toString(r->count) : QString();
        case FirstHit:
            return firstHitText(*r);
        case Snippet:
            return r->hits.isEmpty() ? r->error : r->hits.front().snippet;
        }
    } else if (role == Qt::ToolTipRole && index.column() == Snippet && !r->error.isEmpty()) {
        return r->error;
    } else if (role == Qt::TextAlignmentRole && index.column() == Count) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::UserRole && index.column() == Count) {
        return r->count;
    }
    return {};
}

QVariant BatchSearchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Term:
        return tr("String");
    case Count:
        return tr("Hits");
    case FirstHit:
        return tr("Best hit");
    case Snippet:
        return tr("Snippet");
    }
    return {};
}

void BatchSearchModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<int> oldRows;
    for (const QModelIndex &i : before)
        oldRows << m_order[i.row()];
    const auto key = [&](int i) -> QVariant {
        const auto &r = m_results[i];
        switch (column) {
        case Count:
            return r.count;
        case FirstHit:
            return firstHitText(r);
        case Snippet:
            return r.hits.isEmpty() ? r.error : r.hits.front().snippet;
        default:
            return r.term;
        }
    };
    std::stable_sort(m_order.begin(), m_order.end(), [&](int a, int b) {
        const QVariant ka = key(a), kb = key(b);
        const int c = QVariant::compare(ka, kb) == QPartialOrdering::Less ? -1
            : QVariant::compare(ka, kb) == QPartialOrdering::Greater      ? 1
                                                                          : 0;
        return order == Qt::AscendingOrder ? c < 0 : c > 0;
    });
    QModelIndexList after;
    for (qsizetype k = 0; k < before.size(); ++k)
        after << index(int(m_order.indexOf(oldRows[k])), before[k].column());
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace lineage::ui
