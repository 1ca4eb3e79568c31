// SPDX-License-Identifier: GPL-3.0-or-later
#include "header_fit.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QTableView>

namespace lineage::ui {

namespace {

void fit(QTableView *view)
{
    QHeaderView *header = view->horizontalHeader();
    if (!view->model())
        return;
    // The last section may stretch; the others are widened to their text when needed.
    for (int column = 0; column < view->model()->columnCount(); ++column) {
        const int wanted = header->sectionSizeHint(column);
        if (view->columnWidth(column) < wanted)
            view->setColumnWidth(column, wanted);
    }
}

} // namespace

void keepHeadersReadable(QTableView *view)
{
    fit(view);
    QAbstractItemModel *model = view->model();
    if (!model)
        return;
    QObject::connect(model, &QAbstractItemModel::headerDataChanged, view, [view] { fit(view); });
    QObject::connect(model, &QAbstractItemModel::modelReset, view, [view] { fit(view); });
    QObject::connect(model, &QAbstractItemModel::columnsInserted, view, [view] { fit(view); });
}

} // namespace lineage::ui
