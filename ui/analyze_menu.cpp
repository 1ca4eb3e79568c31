// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyze_menu.h"

#include "analysis_dialog.h"
#include "case_session.h"
#include "casefile/transcript_store.h"
#include "error_dialog.h"
#include "forensics/analysis_runner.h"
#include "forensics/kind_registry.h"
#include "job_runner.h"

#include <algorithm>

namespace lineage::ui {

AnalyzeMenu::AnalyzeMenu(CaseSession *session, JobRunner *jobs, QWidget *parent)
    : QMenu(tr("&Analyze"), parent), m_session(session), m_jobs(jobs)
{
    setObjectName(QStringLiteral("analyzeMenu"));
    for (const forensics::AnalysisKind *kind : forensics::analysisKinds()) {
        QAction *action = addAction(tr("%1...").arg(kind->title()));
        action->setObjectName(QStringLiteral("analyze_") + kind->name());
        action->setStatusTip(kind->description());
        const QString name = kind->name();
        connect(action, &QAction::triggered, this, [this, name] { startKind(name); });
    }
    connect(session, &CaseSession::caseOpened, this, &AnalyzeMenu::updateState);
    connect(session, &CaseSession::caseClosed, this, &AnalyzeMenu::updateState);
    updateState();
}

void AnalyzeMenu::updateState()
{
    const bool writable = m_session && m_session->isOpen() && !m_session->isReadOnly();
    for (QAction *action : actions())
        action->setEnabled(writable);
}

void AnalyzeMenu::startKind(const QString &name)
{
    const forensics::AnalysisKind *kind = forensics::findKind(name);
    if (!kind || !m_session || !m_session->isOpen())
        return;
    using Labels = Result<QStringList>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_jobs->run<Labels>(
        QStringLiteral("analysis-labels"), tr("Reading model labels"),
        [path, who](Feedback &) -> Labels {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            auto rows = casefile::TranscriptStore((*file)->db()).transcripts();
            if (!rows)
                return rows.error();
            QStringList labels;
            for (const auto &t : *rows)
                if (!labels.contains(t.modelLabel))
                    labels << t.modelLabel;
            std::sort(labels.begin(), labels.end());
            return labels;
        },
        this,
        [this, kind](Labels labels) {
            auto *dialog = new AnalysisDialog(*kind, labels ? *labels : QStringList(), parentWidget());
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            const QString name = kind->name();
            connect(dialog, &QDialog::accepted, this, [this, dialog, name] { run(name, dialog->parameters()); });
            connect(m_session, &CaseSession::caseClosing, dialog, &QWidget::close);
            dialog->open();
            emit dialogOpened(dialog);
        },
        JobRunner::Visibility::Quiet);
}

void AnalyzeMenu::run(const QString &name, const QJsonObject &parameters)
{
    const forensics::AnalysisKind *kind = forensics::findKind(name);
    if (!kind || !m_session || !m_session->isOpen())
        return;
    using Outcome = Result<forensics::RunOutcome>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_jobs->run<Outcome>(
        QStringLiteral("analysis"), tr("Analyzing: %1").arg(kind->title()),
        [path, who, name, parameters](Feedback &feedback) -> Outcome {
            // The worker's own connection: the run is written there, in one audited change.
            auto file = CaseSession::openWriter(path, who);
            if (!file)
                return file.error();
            return forensics::runAnalysis(**file, forensics::RunRequest { name, parameters, 0 }, feedback);
        },
        this,
        [this, kind](Outcome outcome) {
            if (!outcome) {
                showError(parentWidget(), tr("The analysis %1 did not run.").arg(kind->title()), outcome.error());
                return;
            }
            if (m_session)
                m_session->notifyContentChanged();
            emit analysisFinished(outcome->run.id, outcome->run.status, int(outcome->findings.size()),
                                  outcome->run.message);
        });
}

} // namespace lineage::ui
