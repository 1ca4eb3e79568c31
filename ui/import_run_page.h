// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ingest/importer.h"

#include <QWizardPage>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace lineage::ui {

class ImportWizard;
struct JobProgress;

// How one file's import ended: its summary, or why it did not happen (refused duplicate,
// unreadable file, canceled).
struct ImportOutcome
{
    QString path;
    std::optional<ingest::ImportSummary> summary;
    std::optional<Error> error;
};

// Third page of the import wizard: imports the files one after another on a worker, each
// as one source in one transaction, with a progress bar (bytes, records, rate, ETA) and a
// Cancel button. Canceling rolls the current file back and skips the rest. Moves on to the
// summary when done.
class ImportRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportRunPage(ImportWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    bool isRunning() const { return m_jobId != 0; }
    void cancel();
    const QList<ImportOutcome> &outcomes() const { return m_outcomes; }
    QString statusText() const;

signals:
    void importsFinished();

private:
    void showProgress(const JobProgress &progress);
    void finished(const QList<ImportOutcome> &outcomes);

    ImportWizard *m_wizard;
    QLabel *m_file;
    QProgressBar *m_bar;
    QLabel *m_status;
    QPushButton *m_cancel;
    quint64 m_jobId = 0;
    bool m_done = false;
    QList<ImportOutcome> m_outcomes;
};

} // namespace lineage::ui
