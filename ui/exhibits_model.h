// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/annotation_store.h"

#include <QAbstractTableModel>

namespace lineage::ui {

// The case's exhibits in number order, one row each: number, what it is, caption, when
// added. Rows are dragged to a new place and captions edited in place; the model changes
// nothing itself but asks (moveRequested, captionEdited) and is set whole again once the
// change is written. Holds its rows; UI thread.
class ExhibitsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Number, Item, Caption, Added, ColumnCount };
    static constexpr const char *kMimeType = "application/x-lineage-exhibit";

    explicit ExhibitsModel(QObject *parent = nullptr);

    // `labels[i]` names the item of `exhibits[i]` ("record 12 (acct_5, …)").
    void setExhibits(QList<casefile::ExhibitRow> exhibits, QStringList labels);
    void clear();
    const casefile::ExhibitRow *exhibit(int row) const;
    void setZoneFormatter(std::function<QString(qint64)> format) { m_formatTime = std::move(format); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    // The number an exhibit dragged from `fromRow` gets when dropped before row `beforeRow`
    // (rowCount() for the end); 0 when it stays where it is.
    int targetNumber(int fromRow, int beforeRow) const;

signals:
    void moveRequested(const lineage::casefile::ExhibitRow &exhibit, int number);
    void captionEdited(const lineage::casefile::ExhibitRow &exhibit, const QString &caption);

private:
    QList<casefile::ExhibitRow> m_rows;
    QStringList m_labels;
    std::function<QString(qint64)> m_formatTime;
};

} // namespace lineage::ui
