// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace lineage::ui {

class QueryRecordsModel;

// The query-records tab: the lazy records table, how many records match, and the filter in
// force (a source chosen in the explorer) with a way back to all records.
class QueryRecordsView : public QWidget
{
    Q_OBJECT
public:
    explicit QueryRecordsView(QueryRecordsModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    void showSource(qint64 sourceId, const QString &name);
    void showAll();

private:
    void updateLabel();

    QueryRecordsModel *m_model;
    QLabel *m_label;
    QPushButton *m_all;
    QTableView *m_table;
    QString m_filterText;
};

} // namespace lineage::ui
