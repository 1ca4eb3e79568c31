// SPDX-License-Identifier: GPL-3.0-or-later
#include "query_records_view.h"

#include "header_fit.h"
#include "query_records_model.h"
#include "record_details_dialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lineage::ui {

QueryRecordsView::QueryRecordsView(QueryRecordsModel *model, CaseSession *session, QWidget *parent)
    : QWidget(parent), m_model(model), m_session(session), m_label(new QLabel(this)),
      m_all(new QPushButton(tr("Show All Records"), this)), m_table(new QTableView(this))
{
    m_table->setObjectName(QStringLiteral("queryRecordsTable"));
    m_table->setModel(model);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    // Fixed row heights keep scrolling over millions of rows cheap.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = { 70, 230, 110, 110, 140, 110, 320, 320, 70, 90, 110, 200 };
    for (int column = 0; column < QueryRecordsModel::ColumnCount; ++column)
        m_table->setColumnWidth(column, widths[column]);
    keepHeadersReadable(m_table);
    m_all->setVisible(false);
    connect(m_all, &QPushButton::clicked, this, &QueryRecordsView::showAll);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_label, 1);
    bar->addWidget(m_all);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_table);
    connect(model, &QueryRecordsModel::reloaded, this, &QueryRecordsView::updateLabel);
    connect(model, &QueryRecordsModel::rowsInserted, this, &QueryRecordsView::updateLabel);
    connect(model, &QueryRecordsModel::modelReset, this, &QueryRecordsView::updateLabel);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) { showDetails(index.row()); });
    updateLabel();
}

RecordDetailsDialog *QueryRecordsView::showDetails(int row)
{
    const casefile::QueryRecordRow *record = m_model->record(row);
    if (!record)
        return nullptr;
    auto *dialog = new RecordDetailsDialog(m_session, record->id, this);
    dialog->show();
    return dialog;
}

void QueryRecordsView::showSource(qint64 sourceId, const QString &name)
{
    casefile::QueryRecordFilter filter;
    filter.sourceId = sourceId;
    m_filterText = tr("from %1 (source #%2)").arg(name).arg(sourceId);
    m_all->setVisible(true);
    m_model->setFilter(filter);
}

void QueryRecordsView::showAccount(qint64 accountId, const QString &name)
{
    casefile::QueryRecordFilter filter;
    filter.accountId = accountId;
    m_filterText = tr("of account %1").arg(name);
    m_all->setVisible(true);
    m_model->setFilter(filter);
}

void QueryRecordsView::showAll()
{
    m_filterText.clear();
    m_all->setVisible(false);
    m_model->setFilter({});
}

void QueryRecordsView::updateLabel()
{
    const QString count = m_model->isComplete()
        ? tr("%1 query records").arg(QLocale().toString(m_model->totalRecords()))
        : tr("%1+ query records, counting…").arg(QLocale().toString(m_model->totalRecords()));
    if (m_model->totalRecords() == 0 && m_filterText.isEmpty())
        m_label->setText(count
                         + tr(" · import provider logs with Case > Import Evidence (Ctrl+I) or drop the files here"));
    else
        m_label->setText(m_filterText.isEmpty() ? count : count + QLatin1Char(' ') + m_filterText);
}

} // namespace lineage::ui
