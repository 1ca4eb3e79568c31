// SPDX-License-Identifier: GPL-3.0-or-later
#include "findings_export_actions.h"

#include "case_session.h"
#include "error_dialog.h"
#include "job_runner.h"
#include "report/findings_export.h"

#include <QAction>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>

namespace lineage::ui {

FindingsExportActions::FindingsExportActions(CaseSession *session, QWidget *window)
    : QObject(window), m_session(session), m_window(window), m_json(new QAction(tr("Export Findings as &JSON…"), this)),
      m_pan(new QAction(tr("Export Shared Passages as &PAN XML…"), this))
{
    m_json->setObjectName(QStringLiteral("exportFindingsJsonAction"));
    m_pan->setObjectName(QStringLiteral("exportFindingsPanAction"));
    connect(m_json, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(m_window, tr("Export Findings"),
                                                          QStringLiteral("findings.json"), tr("JSON (*.json)"));
        if (!path.isEmpty())
            exportTo(Format::Json, path);
    });
    connect(m_pan, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(m_window, tr("Folder for the PAN XML Files"));
        if (!dir.isEmpty())
            exportTo(Format::Pan, dir);
    });
    connect(this, &FindingsExportActions::exported, this, [this](const QString &summary, const QString &error) {
        if (!m_window || !m_window->isVisible())
            return;
        if (error.isEmpty())
            QMessageBox::information(m_window, tr("Findings Exported"), summary);
    });
    if (m_session) {
        connect(m_session, &CaseSession::caseOpened, this, &FindingsExportActions::updateEnabled);
        connect(m_session, &CaseSession::caseClosed, this, &FindingsExportActions::updateEnabled);
    }
    updateEnabled();
}

void FindingsExportActions::addTo(QMenu *menu)
{
    menu->addAction(m_json);
    menu->addAction(m_pan);
}

void FindingsExportActions::updateEnabled()
{
    const bool writable = m_session && m_session->isOpen() && !m_session->isReadOnly();
    m_json->setEnabled(writable);
    m_pan->setEnabled(writable);
}

void FindingsExportActions::exportTo(Format format, const QString &path)
{
    if (!m_session || !m_session->isOpen())
        return;
    const QString casePath = m_session->path();
    const auto who = m_session->investigator();
    using Reply = Result<report::FindingsExportSummary>;
    m_session->jobs()->run<Reply>(
        QStringLiteral("findings-export"), tr("Export findings"),
        [casePath, who, format, path](Feedback &feedback) -> Reply {
            auto file = CaseSession::openWriter(casePath, who);
            if (!file)
                return file.error();
            return format == Format::Json ? report::FindingsExport::toJson(**file, std::nullopt, path, feedback)
                                          : report::FindingsExport::toPan(**file, std::nullopt, path, feedback);
        },
        this,
        [this, format](Reply reply) {
            if (!reply) {
                if (reply.error().code != ErrorCode::Canceled && m_window)
                    showError(m_window, tr("The findings were not exported"), reply.error());
                emit exported({}, reply.error().message);
                return;
            }
            QString text = format == Format::Json
                ? tr("%n finding(s) written, recorded in the audit trail:", nullptr, int(reply->findings))
                : tr("%n shared passage(s) written, recorded in the audit trail:", nullptr, int(reply->detections));
            for (const auto &f : reply->files)
                text += QStringLiteral("\n%1\nSHA-256 %2").arg(f.path, f.sha256);
            if (reply->files.isEmpty())
                text += tr("\n(no finding has shared passages; no file was written)");
            m_session->notifyContentChanged();
            emit exported(text, {});
        },
        JobRunner::Visibility::Shown);
}

} // namespace lineage::ui
