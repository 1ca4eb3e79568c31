// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_properties_dialog.h"

#include "time_zone_chooser.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lineage::ui {

CasePropertiesDialog::CasePropertiesDialog(const casefile::CaseInfo &info, QWidget *parent)
    : QDialog(parent), m_info(info), m_title(new QLineEdit(info.title, this)),
      m_number(new QLineEdit(info.caseNumber, this)), m_investigator(new QLineEdit(info.investigator, this)),
      m_classification(new QLineEdit(info.classification, this)), m_zone(new TimeZoneChooser(this))
{
    setWindowTitle(tr("Case Properties"));
    setObjectName(QStringLiteral("casePropertiesDialog"));
    m_classification->setPlaceholderText(tr("e.g. CONFIDENTIAL - ATTORNEYS' EYES ONLY (shown as a banner)"));
    m_zone->setValue(info.displayTimeZone);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("Case &number:"), m_number);
    form->addRow(tr("&Investigator:"), m_investigator);
    form->addRow(tr("&Classification:"), m_classification);
    form->addRow(tr("Display time &zone:"), m_zone);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // A case needs a title: the core refuses an empty one, so the dialog does too.
    auto updateOk
        = [this, buttons] { buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_title->text().trimmed().isEmpty()); };
    connect(m_title, &QLineEdit::textChanged, this, updateOk);
    updateOk();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

casefile::CaseInfo CasePropertiesDialog::info() const
{
    casefile::CaseInfo info = m_info;
    info.title = m_title->text().trimmed();
    info.caseNumber = m_number->text().trimmed();
    info.investigator = m_investigator->text().trimmed();
    info.classification = m_classification->text().trimmed();
    info.displayTimeZone = m_zone->value();
    return info;
}

} // namespace lineage::ui
