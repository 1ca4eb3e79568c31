// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/diagnostic_store.h"

#include <QWizardPage>

class QLabel;
class QTableWidget;

namespace lineage::ui {

class ImportWizard;

// Last page of the import wizard: per file what was imported (format, records,
// diagnostics, time, MB/s, SHA-256) or why not, and the diagnostics of the imported
// sources (file, line, column, reason, raw bytes), read from the case on a worker.
class ImportSummaryPage : public QWizardPage
{
    Q_OBJECT
public:
    static constexpr int kDiagnosticsShown = 1000;

    explicit ImportSummaryPage(ImportWizard *wizard);

    void initializePage() override;

    QTableWidget *filesTable() const { return m_files; }
    QTableWidget *diagnosticsTable() const { return m_diagnostics; }

signals:
    void diagnosticsLoaded();

private:
    struct Loaded
    {
        QString fileName;
        QList<casefile::DiagnosticRow> rows;
    };

    ImportWizard *m_wizard;
    QTableWidget *m_files;
    QLabel *m_diagnosticsLabel;
    QTableWidget *m_diagnostics;
};

} // namespace lineage::ui
