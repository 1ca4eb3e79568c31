// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "display_zone.h"
#include "ingest/importer.h"

#include <QAbstractTableModel>

namespace lineage::ui {

// The first records of a file as the chosen format reads them, for the import wizard:
// query records (time in the case's zone, account, model, prompt, completion), transcript
// turns or document pages, whichever the preview holds.
class ImportPreviewModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit ImportPreviewModel(QObject *parent = nullptr);

    void setPreview(const ingest::ImportPreview &preview, const DisplayZone &zone);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    enum class Shape { Records, Turns, Pages };
    Shape m_shape = Shape::Records;
    ingest::ImportPreview m_preview;
    DisplayZone m_zone;
};

} // namespace lineage::ui
