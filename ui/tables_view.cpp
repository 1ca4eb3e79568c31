// SPDX-License-Identifier: GPL-3.0-or-later
#include "tables_view.h"

#include "case_table_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace lineage::ui {

TablesView::TablesView(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QWidget(parent), m_session(session), m_annotations(annotations), m_chooser(new QComboBox(this)),
      m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("tablesView"));
    m_chooser->setObjectName(QStringLiteral("tableChooser"));
    for (const auto &spec : casefile::TableSpec::builtIn())
        m_chooser->addItem(spec.title, spec.name);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Table:"), this));
    top->addWidget(m_chooser);
    top->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_stack);
    connect(m_chooser, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_stack->setCurrentWidget(table(m_chooser->itemData(i).toString())); });
    m_stack->setCurrentWidget(table(m_chooser->itemData(0).toString()));
}

CaseTableView *TablesView::table(const QString &name)
{
    if (auto *t = m_tables.value(name))
        return t;
    const casefile::TableSpec *spec = casefile::TableSpec::find(name);
    if (!spec)
        return nullptr;
    auto *t = new CaseTableView(*spec, m_session, m_annotations, m_stack);
    m_stack->addWidget(t);
    m_tables.insert(name, t);
    connect(t, &CaseTableView::currentItemChanged, this, &TablesView::currentItemChanged);
    return t;
}

void TablesView::showTable(const QString &name)
{
    const int i = m_chooser->findData(name);
    if (i >= 0)
        m_chooser->setCurrentIndex(i);
}

CaseTableView *TablesView::currentTable() const
{
    return qobject_cast<CaseTableView *>(m_stack->currentWidget());
}

} // namespace lineage::ui
