// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ingest/import_options.h"

#include <QWizard>

namespace lineage::ui {

class CaseSession;
class ImportConfirmPage;
class ImportFilesPage;
class ImportPreviewPage;
class ImportRunPage;
class ImportSummaryPage;

// Imports evidence files into the open case: pick files and what they are, see the sniffed
// format and the first records with the field mapping (editable, savable as a profile),
// check what will be imported and click Import, run the import in the background with progress and cancel, then read
// the summary and the diagnostics. Each page is a class of its own; the wizard only holds them together.
class ImportWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { FilesPageId, PreviewPageId, ConfirmPageId, RunPageId, SummaryPageId };

    explicit ImportWizard(CaseSession *session, QWidget *parent = nullptr);

    CaseSession *session() const { return m_session; }
    ImportFilesPage *filesPage() const { return m_files; }
    ImportPreviewPage *previewPage() const { return m_preview; }
    ImportConfirmPage *confirmPage() const { return m_confirm; }
    ImportRunPage *runPage() const { return m_run; }
    ImportSummaryPage *summaryPage() const { return m_summary; }

    void setFiles(const QStringList &files);
    QStringList files() const;
    // What the files page and the preview page chose, for every file of this import.
    ingest::ImportOptions options() const;

signals:
    void previewReady();
    void importsFinished();

private:
    CaseSession *m_session;
    ImportFilesPage *m_files;
    ImportPreviewPage *m_preview;
    ImportConfirmPage *m_confirm;
    ImportRunPage *m_run;
    ImportSummaryPage *m_summary;
};

} // namespace lineage::ui
