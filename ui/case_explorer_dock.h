// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDockWidget>

class QTreeView;

namespace lineage::ui {

class CaseExplorerModel;

// Dock with the case explorer tree; branches stay expanded across reloads. Transcripts and
// documents have a context menu with "Properties...".
class CaseExplorerDock : public QDockWidget
{
    Q_OBJECT
public:
    CaseExplorerDock(CaseExplorerModel *model, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }

signals:
    // "Properties..." was chosen in the context menu of a transcript or document.
    void propertiesRequested(const QModelIndex &index);

private:
    CaseExplorerModel *m_model;
    QTreeView *m_view;
};

} // namespace lineage::ui
