// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace lineage::ui {

class CaseSession;
class QueryRecordsModel;
class RecordDetailsDialog;

// The query-records tab: the lazy records table, how many records match, and the filter in
// force (a source chosen in the explorer) with a way back to all records. Activating a row
// (double-click, Enter) opens the record in full.
class QueryRecordsView : public QWidget
{
    Q_OBJECT
public:
    QueryRecordsView(QueryRecordsModel *model, CaseSession *session, QWidget *parent = nullptr);
    // Opens the full record behind a row (when its page is loaded).
    RecordDetailsDialog *showDetails(int row);

    QTableView *table() const { return m_table; }
    void showSource(qint64 sourceId, const QString &name);
    // Only the records of one account (as the logs name it).
    void showAccount(qint64 accountId, const QString &name);
    void showAll();

private:
    void updateLabel();

    QueryRecordsModel *m_model;
    CaseSession *m_session;
    QLabel *m_label;
    QPushButton *m_all;
    QTableView *m_table;
    QString m_filterText;
};

} // namespace lineage::ui
