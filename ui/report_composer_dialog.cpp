// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_composer_dialog.h"

#include "case_session.h"
#include "error_dialog.h"
#include "job_runner.h"
#include "report/pdf_renderer.h"
#include "report/report_writer.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPrintDialog>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {
// The resolution the report is laid out in for print and preview, as for the PDF.
const int kPrintDpi = 300;
} // namespace

ReportComposerDialog::ReportComposerDialog(CaseSession *session, JobRunner *jobs, QWidget *parent)
    : QDialog(parent), m_session(session), m_jobs(jobs), m_sections(new QListWidget(this)),
      m_previewButton(new QPushButton(tr("Pre&view..."), this)), m_printButton(new QPushButton(tr("&Print..."), this)),
      m_pdfButton(new QPushButton(tr("Save P&DF..."), this)), m_htmlButton(new QPushButton(tr("Save &HTML..."), this)),
      m_status(new QLabel(this))
{
    setWindowTitle(tr("Report"));
    setObjectName(QStringLiteral("reportComposer"));
    m_sections->setObjectName(QStringLiteral("reportSections"));
    for (report::Section s : report::allSections()) {
        auto *item = new QListWidgetItem(report::sectionTitle(s), m_sections);
        item->setData(Qt::UserRole, int(s));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Sections of the report (times in the case's display zone):"), this));
    layout->addWidget(m_sections);
    auto *row = new QHBoxLayout;
    row->addWidget(m_previewButton);
    row->addWidget(m_printButton);
    row->addWidget(m_pdfButton);
    row->addWidget(m_htmlButton);
    layout->addLayout(row);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_previewButton, &QPushButton::clicked, this, &ReportComposerDialog::preview);
    connect(m_printButton, &QPushButton::clicked, this, &ReportComposerDialog::print);
    connect(m_pdfButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Report as PDF"), {}, tr("PDF (*.pdf)"));
        if (!path.isEmpty())
            save(path);
    });
    connect(m_htmlButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Report as HTML"), {}, tr("HTML (*.html)"));
        if (!path.isEmpty())
            save(QString(), path);
    });
    connect(m_sections, &QListWidget::itemChanged, this, [this] {
        m_document.reset();
        updateButtons();
    });
    updateButtons();
}

QList<report::Section> ReportComposerDialog::selectedSections() const
{
    QList<report::Section> out;
    for (int i = 0; i < m_sections->count(); ++i)
        if (m_sections->item(i)->checkState() == Qt::Checked)
            out << report::Section(m_sections->item(i)->data(Qt::UserRole).toInt());
    return out;
}

void ReportComposerDialog::setSelectedSections(const QList<report::Section> &sections)
{
    for (int i = 0; i < m_sections->count(); ++i) {
        const auto s = report::Section(m_sections->item(i)->data(Qt::UserRole).toInt());
        m_sections->item(i)->setCheckState(sections.contains(s) ? Qt::Checked : Qt::Unchecked);
    }
}

void ReportComposerDialog::updateButtons()
{
    const bool any = !selectedSections().isEmpty() && m_session && m_session->isOpen();
    for (QPushButton *b : { m_previewButton, m_printButton, m_pdfButton, m_htmlButton })
        b->setEnabled(any);
}

void ReportComposerDialog::compose(std::function<void()> then)
{
    if (!m_session || !m_session->isOpen())
        return;
    using Composed = Result<report::ReportDocument>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    report::ReportOptions options;
    options.sections = selectedSections();
    m_status->setText(tr("Reading the case for the report..."));
    m_jobs->run<Composed>(
        QStringLiteral("report"), tr("Composing the report"),
        [path, who, options](Feedback &feedback) -> Composed {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            auto data = report::buildReport(**file, options, feedback);
            if (!data)
                return data.error();
            return report::composeReport(*data);
        },
        this,
        [this, then = std::move(then)](Composed composed) {
            if (!composed) {
                m_status->setText(composed.error().message);
                if (composed.error().code != ErrorCode::Canceled)
                    emit failed(composed.error().message);
                return;
            }
            m_document = std::move(*composed);
            m_status->setText(tr("The report is ready."));
            emit documentComposed();
            then();
        });
}

void ReportComposerDialog::paintOn(QPrinter *printer)
{
    if (!m_document)
        return;
    auto painted = report::paintReport(*m_document, *printer);
    if (!painted) {
        m_status->setText(painted.error().message);
        return;
    }
    m_lastPages = painted->pages;
    m_status->setText(tr("%n page(s).", nullptr, painted->pages));
}

void ReportComposerDialog::preview()
{
    compose([this] {
        auto *printer = new QPrinter(QPrinter::HighResolution);
        printer->setResolution(kPrintDpi);
        printer->setPageSize(QPageSize(QPageSize::A4));
        printer->setFullPage(true);
        auto *dialog = new QPrintPreviewDialog(printer, this);
        dialog->setObjectName(QStringLiteral("reportPreview"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QObject::destroyed, this, [printer] { delete printer; });
        connect(dialog, &QPrintPreviewDialog::paintRequested, this, &ReportComposerDialog::paintOn);
        dialog->resize(900, 1000);
        dialog->open();
        emit previewShown(dialog);
    });
}

void ReportComposerDialog::print()
{
    compose([this] {
        QPrinter printer(QPrinter::HighResolution);
        printer.setResolution(kPrintDpi);
        printer.setPageSize(QPageSize(QPageSize::A4));
        printer.setFullPage(true);
        QPrintDialog dialog(&printer, this);
        if (dialog.exec() == QDialog::Accepted)
            paintOn(&printer);
    });
}

void ReportComposerDialog::save(const QString &pdfPath, const QString &htmlPath)
{
    if (!m_session || !m_session->isOpen())
        return;
    using Written = Result<report::WrittenReport>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    report::ReportOptions options;
    options.sections = selectedSections();
    m_status->setText(tr("Writing the report..."));
    m_jobs->run<Written>(
        QStringLiteral("report"), tr("Writing the report"),
        [path, who, options, pdfPath, htmlPath](Feedback &feedback) -> Written {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return report::writeReport(**file, options, pdfPath, htmlPath, feedback);
        },
        this,
        [this](Written written) {
            if (!written) {
                m_status->setText(written.error().message);
                if (written.error().code != ErrorCode::Canceled) {
                    showError(this, tr("The report was not written."), written.error());
                    emit failed(written.error().message);
                }
                return;
            }
            m_status->setText(written->pdfPath.isEmpty()
                                  ? tr("Wrote %1.").arg(written->htmlPath)
                                  : tr("Wrote %1 (%n page(s)).", nullptr, written->pages).arg(written->pdfPath));
            emit saved(written->pdfPath, written->pages);
        });
}

} // namespace lineage::ui
