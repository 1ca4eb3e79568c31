// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QMenu>
#include <QPointer>

namespace lineage::ui {

class AnalysisDialog;
class CaseSession;
class JobRunner;

// The Analyze menu: one entry per analysis kind of the core. An entry opens the kind's
// parameter dialog; Run starts the analysis on a worker (the job runner shows progress
// and a cancel button), which stores the run and its findings in the case; the explorer
// then lists them. Enabled while a writable case is open.
class AnalyzeMenu : public QMenu
{
    Q_OBJECT
public:
    AnalyzeMenu(CaseSession *session, JobRunner *jobs, QWidget *parent = nullptr);

    // Opens the dialog of `kind` (once the case's model labels are read); the dialog is
    // returned through dialogOpened().
    void startKind(const QString &kind);
    // Runs `kind` with `parameters` on a worker.
    void run(const QString &kind, const QJsonObject &parameters);

signals:
    void dialogOpened(lineage::ui::AnalysisDialog *dialog);
    // The run was stored: its id, status ("complete", "canceled", "failed") and findings.
    void analysisFinished(qint64 runId, const QString &status, int findings, const QString &message);

private:
    void updateState();

    QPointer<CaseSession> m_session;
    QPointer<JobRunner> m_jobs;
};

} // namespace lineage::ui
