// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/search_index.h"

#include <QAbstractTableModel>

namespace lineage::ui {

// The hits of one full-text search, as the search view lists them: kind, source file, place
// (line or page), field and a snippet with the match in [brackets]. Holds its hits; set
// whole on the UI thread.
class SearchResultsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Kind, Source, Place, Field, Snippet, ColumnCount };

    explicit SearchResultsModel(QObject *parent = nullptr);

    void setHits(QList<casefile::SearchHit> hits);
    void clear();
    const casefile::SearchHit *hit(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "line 12", "page 3", or "turn" when the transcript gives no line.
    static QString placeOf(const casefile::SearchHit &hit);

private:
    QList<casefile::SearchHit> m_hits;
};

} // namespace lineage::ui
