// SPDX-License-Identifier: GPL-3.0-or-later
#include "preferences_dialog.h"

#include "app_settings.h"
#include "casefile/investigator.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace lineage::ui {

PreferencesDialog::PreferencesDialog(QWidget *parent) : QDialog(parent), m_investigator(new QLineEdit(this))
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));
    const QString osUser = casefile::Investigator::current().osUser;
    m_investigator->setText(AppSettings().investigatorName());
    m_investigator->setPlaceholderText(osUser);

    auto *note = new QLabel(tr("Your name is written into the audit log of every case you change, "
                               "next to the operating-system user (%1).")
                                .arg(osUser),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Investigator &name:"), m_investigator);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void PreferencesDialog::save() const
{
    const QString name = m_investigator->text().trimmed();
    AppSettings().setInvestigatorName(name.isEmpty() ? casefile::Investigator::current().osUser : name);
}

} // namespace lineage::ui
