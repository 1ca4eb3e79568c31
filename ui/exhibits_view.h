// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QTableView;

namespace lineage::ui {

class AnnotationController;
class CaseSession;
class ExhibitsModel;

// The report's exhibits as an ordered, numbered list: drag a row to renumber (or Move Up /
// Move Down), edit a caption in place (F2), remove. Every change goes through the annotation
// controller (audited, undoable); the list is read again on a worker after each change.
class ExhibitsView : public QWidget
{
    Q_OBJECT
public:
    ExhibitsView(CaseSession *session, AnnotationController *annotations, QWidget *parent = nullptr);

    ExhibitsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString statusText() const;

    void reload();
    // Moves the exhibit in `row` by `delta` places (-1 up, +1 down).
    void moveRow(int row, int delta);
    void removeRow(int row);
    // The table's context menu for the current row (Move Up, Move Down, Edit Caption,
    // Remove), as a right-click shows it; owned by the view.
    QMenu *contextMenu();

signals:
    void loaded();

private:
    void updateButtons();

    CaseSession *m_session;
    AnnotationController *m_annotations;
    ExhibitsModel *m_model;
    QTableView *m_table;
    QLabel *m_status;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_remove;
    QMenu *m_menu = nullptr;
    QAction *m_upAction;
    QAction *m_downAction;
    QAction *m_captionAction;
    QAction *m_removeAction;
};

} // namespace lineage::ui
