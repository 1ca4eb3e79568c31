// SPDX-License-Identifier: GPL-3.0-or-later
#include "import_confirm_page.h"

#include "case_session.h"
#include "import_files_page.h"
#include "import_preview_page.h"
#include "import_wizard.h"

#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

namespace lineage::ui {

using ingest::SourceKind;
using ingest::TranscriptRole;

namespace {

QString kindText(SourceKind kind)
{
    switch (kind) {
    case SourceKind::QueryLog:
        return ImportConfirmPage::tr("query log");
    case SourceKind::Transcript:
        return ImportConfirmPage::tr("transcript");
    case SourceKind::Document:
        return ImportConfirmPage::tr("document");
    }
    return {};
}

QString roleText(TranscriptRole role)
{
    switch (role) {
    case TranscriptRole::Unassigned:
        return ImportConfirmPage::tr("not assigned");
    case TranscriptRole::Provider:
        return ImportConfirmPage::tr("provider");
    case TranscriptRole::Suspect:
        return ImportConfirmPage::tr("suspect");
    case TranscriptRole::Control:
        return ImportConfirmPage::tr("control");
    case TranscriptRole::ProtectedCorpus:
        return ImportConfirmPage::tr("protected corpus");
    }
    return {};
}

// One line of the summary, as a table row and as plain text.
void addRow(QString &html, QStringList &lines, const QString &name, const QString &value)
{
    html += QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>")
                .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    lines << QStringLiteral("%1: %2").arg(name, value);
}

} // namespace

ImportConfirmPage::ImportConfirmPage(ImportWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_summary(new QLabel(this)), m_warning(new QLabel(this))
{
    setTitle(tr("Ready to Import"));
    setSubTitle(tr("Check what will be imported. Nothing is written to the case before you click Import."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Import"));
    m_summary->setObjectName(QStringLiteral("importConfirmSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->setObjectName(QStringLiteral("importConfirmWarning"));
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #a04000;"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_warning);
    layout->addStretch();
}

void ImportConfirmPage::initializePage()
{
    const ingest::ImportOptions o = m_wizard->options();
    const CaseSession *session = m_wizard->session();
    QStringList names;
    for (const QString &path : m_wizard->files())
        names << QFileInfo(path).fileName();
    m_lines.clear();
    // The preview's format (sniffed or chosen there) when one file is imported.
    QString format = o.format;
    if (format.isEmpty())
        format = m_wizard->files().size() == 1 ? m_wizard->previewPage()->chosenFormat()
                                               : tr("as each file's content reads");
    QString html = QStringLiteral("<table>");
    addRow(html, m_lines, tr("Into the case"), tr("%1 (%2)").arg(session->info().title, session->path()));
    addRow(html, m_lines, tr("Files"), names.join(QStringLiteral(", ")));
    addRow(html, m_lines, tr("Kind"), kindText(o.kind));
    addRow(html, m_lines, tr("Format"), format);
    if (o.kind == SourceKind::Transcript) {
        addRow(html, m_lines, tr("Model label"),
               o.modelLabel.isEmpty() ? tr("as the file names its generator") : o.modelLabel);
        addRow(html, m_lines, tr("Role"), roleText(o.role));
    }
    if (o.kind == SourceKind::Document)
        addRow(html, m_lines, tr("Document type"), ingest::documentTypeName(o.docType));
    addRow(html, m_lines, tr("Times without offset"), o.timeZone.isEmpty() ? QStringLiteral("UTC") : o.timeZone);
    addRow(html, m_lines, tr("Bad records"),
           o.strict ? tr("stop the import") : tr("listed as diagnostics, the rest imported"));
    addRow(html, m_lines, tr("Full-text index"), o.buildIndex ? tr("built now") : tr("built later, in the background"));
    addRow(html, m_lines, tr("Recorded as the work of"), session->investigator().name);
    html += QStringLiteral("</table>");
    m_summary->setText(html);
    m_warning->setText(o.kind == SourceKind::Transcript && o.role == TranscriptRole::Unassigned
                           ? tr("No role is given: the transcripts stay unassigned, and analyses that compare "
                                "models will name them until a role is set in Transcript Properties. Go Back to "
                                "choose one.")
                           : QString());
    m_warning->setVisible(!m_warning->text().isEmpty());
}

QString ImportConfirmPage::summaryText() const
{
    return m_lines.join(QLatin1Char('\n'));
}

QString ImportConfirmPage::warningText() const
{
    return m_warning->text();
}

} // namespace lineage::ui
