// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_actions.h"

#include "case_session.h"
#include "error_dialog.h"
#include "job_runner.h"
#include "report/case_bundle.h"
#include "report_composer_dialog.h"

#include <QAction>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>

namespace lineage::ui {

ReportActions::ReportActions(CaseSession *session, JobRunner *jobs, QWidget *window)
    : QObject(window), m_session(session), m_jobs(jobs), m_window(window),
      m_report(new QAction(tr("&Report..."), this)), m_export(new QAction(tr("E&xport Case Bundle..."), this)),
      m_open(new QAction(tr("Open Case &Bundle..."), this))
{
    m_report->setObjectName(QStringLiteral("reportAction"));
    m_export->setObjectName(QStringLiteral("exportBundleAction"));
    m_open->setObjectName(QStringLiteral("openBundleAction"));
    connect(m_report, &QAction::triggered, this, [this] {
        auto *dialog = new ReportComposerDialog(m_session, m_jobs, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    connect(m_export, &QAction::triggered, this, [this] {
        const QString path
            = QFileDialog::getSaveFileName(m_window, tr("Export Case Bundle"), {}, tr("Case bundle (*.zip)"));
        if (path.isEmpty())
            return;
        const QString key = QFileDialog::getOpenFileName(m_window, tr("Signing Key (Cancel: unsigned)"), {},
                                                         tr("Ed25519 private key (*.pem);;All files (*)"));
        exportBundle(path, key);
    });
    connect(m_open, &QAction::triggered, this, [this] {
        const QString bundle
            = QFileDialog::getOpenFileName(m_window, tr("Open Case Bundle"), {}, tr("Case bundle (*.zip)"));
        if (bundle.isEmpty())
            return;
        const QString dir = QFileDialog::getExistingDirectory(m_window, tr("Restore the Bundle into"));
        if (!dir.isEmpty())
            openBundle(bundle, dir);
    });
    if (m_session) {
        connect(m_session, &CaseSession::caseOpened, this, &ReportActions::updateEnabled);
        connect(m_session, &CaseSession::caseClosed, this, &ReportActions::updateEnabled);
    }
    updateEnabled();
}

void ReportActions::addTo(QMenu *menu)
{
    menu->addAction(m_report);
    menu->addAction(m_export);
    menu->addAction(m_open);
}

void ReportActions::updateEnabled()
{
    const bool open = m_session && m_session->isOpen();
    m_report->setEnabled(open);
    m_export->setEnabled(open);
}

void ReportActions::exportBundle(const QString &bundlePath, const QString &signingKey)
{
    if (!m_session || !m_session->isOpen())
        return;
    using Exported = Result<report::ExportedBundle>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_jobs->run<Exported>(
        QStringLiteral("bundle"), tr("Exporting the case bundle"),
        [path, who, bundlePath, signingKey](Feedback &feedback) -> Exported {
            auto file = CaseSession::openWriter(path, who);
            if (!file)
                return file.error();
            return report::exportBundle(**file, bundlePath, report::ExportOptions { signingKey, true }, feedback);
        },
        this,
        [this](Exported exported) {
            if (!exported) {
                if (exported.error().code != ErrorCode::Canceled)
                    showError(m_window, tr("The case bundle was not exported."), exported.error());
                return;
            }
            if (m_session)
                m_session->notifyContentChanged(); // the export's audit entry
            emit bundleExported(exported->path, exported->signedBundle);
        });
}

void ReportActions::openBundle(const QString &bundlePath, const QString &directory)
{
    using Opened = Result<report::OpenedBundle>;
    m_jobs->run<Opened>(
        QStringLiteral("bundle"), tr("Verifying the case bundle"),
        [bundlePath, directory](Feedback &feedback) -> Opened {
            return report::openBundle(bundlePath, directory, feedback);
        },
        this,
        [this](Opened opened) {
            if (!opened) {
                if (opened.error().code != ErrorCode::Canceled)
                    showError(m_window, tr("The case bundle was not opened."), opened.error());
                return;
            }
            const auto &v = opened->verification;
            QMessageBox::information(m_window, tr("Case Bundle Verified"),
                                     v.signedBundle
                                         ? tr("The bundle verified; it is signed by key %1.").arg(v.fingerprint)
                                         : tr("The bundle verified; it is not signed."));
            if (m_session)
                m_session->open(opened->casePath);
            emit bundleOpened(opened->casePath);
        });
}

} // namespace lineage::ui
