// SPDX-License-Identifier: GPL-3.0-or-later
#include "document_view.h"

#include "case_session.h"
#include "casefile/diagnostic_store.h"
#include "job_runner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace lineage::ui {

using casefile::DocumentStore;

DocumentView::DocumentView(CaseSession *session, qint64 documentId, QWidget *parent)
    : QWidget(parent), m_session(session), m_id(documentId),
      m_header(new QLabel(tr("Reading document %1…").arg(documentId), this)),
      m_properties(new QPushButton(tr("&Properties…"), this)), m_pages(new QListWidget(this)),
      m_warning(new QLabel(this)), m_text(new QPlainTextEdit(this)),
      m_previous(new QPushButton(tr("&Previous Page"), this)), m_next(new QPushButton(tr("&Next Page"), this))
{
    setObjectName(QStringLiteral("documentView"));
    m_header->setObjectName(QStringLiteral("documentHeader"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_properties->setToolTip(tr("Change the document's type, parties and effective date"));
    m_properties->setEnabled(!session->isReadOnly());
    connect(m_properties, &QPushButton::clicked, this, [this] { emit propertiesRequested(m_id); });
    m_pages->setObjectName(QStringLiteral("documentPages"));
    m_pages->setMaximumWidth(220);
    m_pages->setIconSize(QSize(16, 16));
    m_warning->setObjectName(QStringLiteral("pageWarning"));
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setStyleSheet(QStringLiteral("color: #a04000;"));
    m_warning->setVisible(false);
    m_text->setObjectName(QStringLiteral("pageText"));
    m_text->setReadOnly(true);
    m_text->setPlaceholderText(tr("This page holds no text."));

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_properties);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_previous);
    buttons->addWidget(m_next);
    buttons->addStretch();
    rightLayout->addLayout(buttons);
    rightLayout->addWidget(m_warning);
    rightLayout->addWidget(m_text, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_pages);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_pages, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showPage(row + 1);
    });
    connect(m_previous, &QPushButton::clicked, this, [this] { showPage(m_shown - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showPage(m_shown + 1); });
    connect(session, &CaseSession::contentChanged, this, &DocumentView::load);
    load();
}

QString DocumentView::headerText() const
{
    return m_header->text();
}

QString DocumentView::pageWarning() const
{
    return m_warning->isVisible() ? m_warning->text() : QString();
}

void DocumentView::load()
{
    if (!m_session->isOpen())
        return;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const qint64 id = m_id;
    using Reply = Result<Loaded>;
    m_session->jobs()->run<Reply>(
        QStringLiteral("document-view-%1").arg(id), tr("Reading document %1").arg(id),
        [path, who, id](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            DocumentStore store((*file)->db());
            Loaded loaded;
            auto document = store.document(id);
            if (!document)
                return document.error();
            loaded.document = *document;
            auto pages = store.pages(id, true);
            if (!pages)
                return pages.error();
            loaded.pages = std::move(*pages);
            // The import's warnings about pages of this source name their page.
            auto diagnostics = casefile::DiagnosticStore::fetch((*file)->db(), document->sourceId, 0, 5000);
            if (diagnostics) {
                static const QRegularExpression kPage(QStringLiteral("^page (\\d+)\\b"));
                for (const casefile::DiagnosticRow &d : std::as_const(*diagnostics)) {
                    const auto match = kPage.match(d.reason);
                    if (d.severity == QLatin1String("warning") && match.hasMatch())
                        loaded.warnings[match.captured(1).toInt()] += d.reason;
                }
            }
            return loaded;
        },
        this,
        [this](Reply reply) {
            if (!reply) {
                m_header->setText(tr("Document %1 could not be read: %2").arg(m_id).arg(reply.error().message));
                emit loaded();
                return;
            }
            present(*reply);
            emit loaded();
        },
        JobRunner::Visibility::Quiet);
}

void DocumentView::present(const Loaded &loaded)
{
    const QLocale locale;
    const casefile::DocumentRow &d = loaded.document;
    QStringList parts { d.title.isEmpty() ? tr("Document %1").arg(d.id) : d.title, d.type,
                        tr("%n page(s)", nullptr, int(d.pageCount)) };
    if (!d.effectiveDate.isEmpty())
        parts << tr("effective %1").arg(d.effectiveDate);
    if (!d.parties.isEmpty())
        parts << tr("parties %1").arg(d.parties);
    parts << tr("%1 (source #%2)").arg(d.sourceName).arg(d.sourceId);
    m_header->setText(parts.join(QStringLiteral(" · ")));
    const int keep = m_shown;
    m_rows = loaded.pages;
    m_warnings = loaded.warnings;
    m_pages->blockSignals(true);
    m_pages->clear();
    for (const casefile::PageRow &page : std::as_const(m_rows)) {
        auto *item = new QListWidgetItem(
            tr("Page %1 · %2 chars").arg(page.pageNo).arg(locale.toString(page.text.size())), m_pages);
        if (m_warnings.contains(page.pageNo)) {
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
            item->setToolTip(m_warnings.value(page.pageNo));
        }
    }
    m_pages->blockSignals(false);
    showPage(keep > 0 && keep <= m_rows.size() ? keep : 1);
}

void DocumentView::showPage(int pageNo)
{
    if (pageNo < 1 || pageNo > m_rows.size()) {
        if (m_rows.isEmpty()) {
            m_text->clear();
            m_previous->setEnabled(false);
            m_next->setEnabled(false);
        }
        return;
    }
    m_shown = pageNo;
    const casefile::PageRow &page = m_rows.at(pageNo - 1);
    m_text->setPlainText(page.text);
    const QString warning = m_warnings.value(page.pageNo);
    m_warning->setText(warning.isEmpty() ? QString() : tr("Text may be missing here: %1").arg(warning));
    m_warning->setVisible(!warning.isEmpty());
    m_previous->setEnabled(pageNo > 1);
    m_next->setEnabled(pageNo < m_rows.size());
    if (m_pages->currentRow() != pageNo - 1) {
        m_pages->blockSignals(true);
        m_pages->setCurrentRow(pageNo - 1);
        m_pages->blockSignals(false);
    }
}

} // namespace lineage::ui
