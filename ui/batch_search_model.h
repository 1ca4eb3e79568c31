// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/batch_search.h"

#include <QAbstractTableModel>

namespace lineage::ui {

// The outcome of a batch search, one row a string: the string, how many index entries match
// it, where its best hit is and that hit's snippet. A click on the header sorts (by count the
// strings with most hits first). Holds its results; set whole on the UI thread.
class BatchSearchModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Term, Count, FirstHit, Snippet, ColumnCount };

    explicit BatchSearchModel(QObject *parent = nullptr);

    void setResults(QList<casefile::BatchSearchResult> results);
    void clear();
    // In the order they were searched (the CSV's order), whatever the view's sort.
    const QList<casefile::BatchSearchResult> &results() const { return m_results; }
    const casefile::BatchSearchResult *result(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    QList<casefile::BatchSearchResult> m_results;
    QList<int> m_order; // row -> index into m_results
};

} // namespace lineage::ui
