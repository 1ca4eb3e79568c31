// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/annotation_store.h"

#include <QWidget>

class QComboBox;
class QStackedWidget;

namespace lineage::ui {

class AnnotationController;
class CaseSession;
class CaseTableView;

// The case's tables (TableSpec::builtIn(): query records, turns, documents, diagnostics, the
// audit log) behind a chooser, each a CaseTableView made when first shown.
class TablesView : public QWidget
{
    Q_OBJECT
public:
    TablesView(CaseSession *session, AnnotationController *annotations, QWidget *parent = nullptr);

    void showTable(const QString &name);
    CaseTableView *table(const QString &name); // made when missing
    CaseTableView *currentTable() const;

signals:
    void currentItemChanged(const casefile::ItemRef &item, const QList<QPair<QString, QString>> &fields);

private:
    CaseSession *m_session;
    AnnotationController *m_annotations;
    QComboBox *m_chooser;
    QStackedWidget *m_stack;
    QHash<QString, CaseTableView *> m_tables;
};

} // namespace lineage::ui
