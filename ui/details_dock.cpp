// SPDX-License-Identifier: GPL-3.0-or-later
#include "details_dock.h"

#include "annotation_controller.h"
#include "case_session.h"
#include "job_runner.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lineage::ui {

DetailsDock::DetailsDock(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QDockWidget(tr("Details"), parent), m_session(session), m_controller(annotations), m_text(new QTextBrowser(this)),
      m_star(new QPushButton(tr("Star"), this)), m_comment(new QPushButton(tr("Comment…"), this)),
      m_exhibit(new QPushButton(tr("Add as Exhibit"), this))
{
    setObjectName(QStringLiteral("detailsDock"));
    m_text->setObjectName(QStringLiteral("detailsText"));
    auto *box = new QWidget(this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_star);
    buttons->addWidget(m_comment);
    buttons->addWidget(m_exhibit);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_text);
    setWidget(box);
    connect(m_star, &QPushButton::clicked, this, [this] {
        if (m_item)
            m_controller->setStar(m_item->kind, { m_item->id }, !m_annotations.starred);
    });
    connect(m_comment, &QPushButton::clicked, this, [this] {
        if (!m_item)
            return;
        bool ok = false;
        const QString body = QInputDialog::getMultiLineText(
            this, tr("Comment"), tr("Comment on %1 %2:").arg(m_item->kind).arg(m_item->id), {}, &ok);
        if (ok && !body.trimmed().isEmpty())
            m_controller->addComment(*m_item, body);
    });
    connect(m_exhibit, &QPushButton::clicked, this, [this] {
        if (m_item)
            m_controller->addExhibit(*m_item, {});
    });
    connect(annotations, &AnnotationController::changed, this, &DetailsDock::load);
    connect(session, &CaseSession::caseClosing, this, [this] {
        m_item.reset();
        m_fields.clear();
        m_annotations = {};
        render();
    });
    render();
}

void DetailsDock::showItem(const casefile::ItemRef &item, const QList<QPair<QString, QString>> &fields)
{
    const bool same = m_item && *m_item == item;
    m_item = item;
    m_fields = fields;
    if (!same)
        m_annotations = {};
    render();
    load();
}

void DetailsDock::load()
{
    if (!m_item || !m_session->isOpen())
        return;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const casefile::ItemRef item = *m_item;
    using Loaded = Result<casefile::ItemAnnotations>;
    m_session->jobs()->run<Loaded>(
        QStringLiteral("details"), tr("Reading the item's annotations"),
        [path, who, item](Feedback &) -> Loaded {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return casefile::AnnotationStore::forItem((*file)->db(), item);
        },
        this,
        [this, item](Loaded loaded) {
            if (!loaded || !m_item || !(*m_item == item))
                return;
            m_annotations = *loaded;
            render();
            emit annotationsLoaded();
        },
        JobRunner::Visibility::Quiet);
}

void DetailsDock::render()
{
    const bool writable = m_item && m_session->isOpen() && !m_session->isReadOnly();
    for (QPushButton *b : { m_star, m_comment, m_exhibit })
        b->setEnabled(writable);
    m_star->setText(m_annotations.starred ? tr("Unstar") : tr("Star"));
    if (!m_item) {
        m_text->setHtml(tr("<p><i>Select a row to see it in full.</i></p>"));
        return;
    }
    QString html = QStringLiteral("<h3>%1 %2%3</h3><table>")
                       .arg(m_item->kind.toHtmlEscaped())
                       .arg(m_item->id)
                       .arg(m_annotations.starred ? QStringLiteral(" ★") : QString());
    for (const auto &f : std::as_const(m_fields))
        html += QStringLiteral("<tr><td valign='top'><b>%1</b></td><td style='white-space: pre-wrap'>%2</td></tr>")
                    .arg(f.first.toHtmlEscaped(), f.second.toHtmlEscaped());
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Tags:"),
                     m_annotations.tags.isEmpty() ? tr("none")
                                                  : m_annotations.tags.join(QStringLiteral(", ")).toHtmlEscaped());
    for (const auto &e : std::as_const(m_annotations.exhibits))
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Exhibit %1:").arg(e.number), e.caption.toHtmlEscaped());
    for (const auto &c : std::as_const(m_annotations.comments))
        html += QStringLiteral("<p><b>%1</b>, %2: %3</p>")
                    .arg(c.author.toHtmlEscaped(), m_session->zone().format(c.createdUtc), c.body.toHtmlEscaped());
    m_text->setHtml(html);
}

QString DetailsDock::text() const
{
    return m_text->toPlainText();
}

} // namespace lineage::ui
