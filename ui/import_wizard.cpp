// SPDX-License-Identifier: GPL-3.0-or-later
#include "import_wizard.h"

#include "import_confirm_page.h"
#include "import_files_page.h"
#include "import_preview_page.h"
#include "import_run_page.h"
#include "import_summary_page.h"

namespace lineage::ui {

ImportWizard::ImportWizard(CaseSession *session, QWidget *parent)
    : QWizard(parent), m_session(session), m_files(new ImportFilesPage(this)), m_preview(new ImportPreviewPage(this)),
      m_confirm(new ImportConfirmPage(this)), m_run(new ImportRunPage(this)), m_summary(new ImportSummaryPage(this))
{
    setObjectName(QStringLiteral("importWizard"));
    setWindowTitle(tr("Import Evidence"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(FilesPageId, m_files);
    setPage(PreviewPageId, m_preview);
    setPage(ConfirmPageId, m_confirm);
    setPage(RunPageId, m_run);
    setPage(SummaryPageId, m_summary);
    connect(m_preview, &ImportPreviewPage::previewReady, this, &ImportWizard::previewReady);
    connect(m_run, &ImportRunPage::importsFinished, this, &ImportWizard::importsFinished);
    resize(980, 680);
}

void ImportWizard::setFiles(const QStringList &files)
{
    m_files->setFiles(files);
}

QStringList ImportWizard::files() const
{
    return m_files->files();
}

ingest::ImportOptions ImportWizard::options() const
{
    ingest::ImportOptions options = m_files->options();
    m_preview->applyTo(options);
    return options;
}

} // namespace lineage::ui
