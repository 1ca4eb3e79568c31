// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_data.h"
#include "report/report_document.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QListWidget;
class QPrinter;
class QPrintPreviewDialog;
class QPushButton;
class QLabel;

namespace lineage::ui {

class CaseSession;
class JobRunner;

// File > Report...: the analyst picks the sections, then previews (QPrintPreviewDialog),
// prints (QPrintDialog) or saves the report as PDF or HTML. The report is read and composed
// on a worker (JobRunner, with progress and cancel), from the worker's own read-only
// connection; only the page layout for preview and print runs here, on the UI thread, as
// QPrinter requires. Saving runs wholly on the worker, through the same core call as
// `lineage-cli report`.
class ReportComposerDialog : public QDialog
{
    Q_OBJECT
public:
    ReportComposerDialog(CaseSession *session, JobRunner *jobs, QWidget *parent = nullptr);

    QList<report::Section> selectedSections() const;
    void setSelectedSections(const QList<report::Section> &sections);

    // Composes the report on a worker, then opens the preview (previewShown() follows).
    void preview();
    // Composes the report on a worker, then asks for a printer and prints.
    void print();
    // Writes the PDF (and HTML when `htmlPath` is not empty) on a worker; saved() follows.
    void save(const QString &pdfPath, const QString &htmlPath = {});

    // Pages of the last layout for preview or print.
    int lastPageCount() const { return m_lastPages; }

signals:
    void documentComposed();
    void previewShown(QPrintPreviewDialog *dialog);
    void saved(const QString &pdfPath, int pages);
    void failed(const QString &message);

private:
    void compose(std::function<void()> then);
    void paintOn(QPrinter *printer);
    void updateButtons();

    QPointer<CaseSession> m_session;
    JobRunner *m_jobs;
    QListWidget *m_sections;
    QPushButton *m_previewButton;
    QPushButton *m_printButton;
    QPushButton *m_pdfButton;
    QPushButton *m_htmlButton;
    QLabel *m_status;
    std::optional<report::ReportDocument> m_document;
    int m_lastPages = 0;
};

} // namespace lineage::ui
