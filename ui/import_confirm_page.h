// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QLabel;

namespace lineage::ui {

class ImportWizard;

// The page before the import: what will be imported (the files, their kind and format), into
// which case, with which model label and role or document type, the zone of times without an
// offset, strict mode and the index. Nothing is written before its Import button.
class ImportConfirmPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportConfirmPage(ImportWizard *wizard);

    void initializePage() override;

    // The summary as shown, one "Name: value" line each, and the warning about a missing role (or empty).
    QString summaryText() const;
    QString warningText() const;

private:
    ImportWizard *m_wizard;
    QLabel *m_summary;
    QLabel *m_warning;
    QStringList m_lines;
};

} // namespace lineage::ui
