// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_explorer_dock.h"

#include "case_explorer_model.h"
#include "item_properties.h"

#include <QHeaderView>
#include <QMenu>
#include <QTreeView>

namespace lineage::ui {

CaseExplorerDock::CaseExplorerDock(CaseExplorerModel *model, QWidget *parent)
    : QDockWidget(tr("Case Explorer"), parent), m_model(model), m_view(new QTreeView(this))
{
    setObjectName(QStringLiteral("caseExplorerDock"));
    m_view->setObjectName(QStringLiteral("caseExplorerView"));
    m_view->setModel(model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(0, 200);
    setWidget(m_view);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (!hasItemProperties(index))
            return;
        auto *menu = new QMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        const QPersistentModelIndex item(index);
        menu->addAction(tr("&Properties..."), this, [this, item] {
            if (item.isValid())
                emit propertiesRequested(item);
        });
        menu->popup(m_view->viewport()->mapToGlobal(pos));
    });
    connect(model, &CaseExplorerModel::reloaded, this, [this] {
        // Branches with a few items open; long lists stay folded.
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex branch = m_model->index(row, 0);
            m_view->setExpanded(branch, m_model->rowCount(branch) > 0 && m_model->rowCount(branch) <= 50);
        }
    });
}

} // namespace lineage::ui
