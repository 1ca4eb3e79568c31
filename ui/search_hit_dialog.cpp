// SPDX-License-Identifier: GPL-3.0-or-later
#include "search_hit_dialog.h"

#include "display_zone.h"
#include "search_results_model.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QSplitter>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

QTextEdit *textView(const QString &name, const QString &text, QWidget *parent)
{
    auto *edit = new QTextEdit(parent);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setPlainText(text);
    return edit;
}

// Marks the terms in `edit`; scrolls to the first mark without selecting it.
void markTerms(QTextEdit *edit, const QStringList &terms)
{
    QTextCharFormat mark;
    mark.setFontWeight(QFont::Bold);
    mark.setBackground(QColor(255, 230, 120));
    QTextCursor first;
    QTextDocument *document = edit->document();
    for (const QString &term : terms) {
        for (QTextCursor c = document->find(term); !c.isNull(); c = document->find(term, c)) {
            c.mergeCharFormat(mark);
            if (first.isNull() || c.position() < first.position())
                first = c;
        }
    }
    if (!first.isNull()) {
        first.clearSelection();
        edit->setTextCursor(first);
    }
}

// A heading over a text pane: "Answer (matched)".
QWidget *titled(const QString &title, QTextEdit *edit, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(title, box);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    layout->addWidget(label);
    layout->addWidget(edit, 1);
    return box;
}

} // namespace

QStringList searchTerms(const QString &query)
{
    QStringList terms;
    QString current;
    bool quoted = false;
    const auto flush = [&] {
        if (!current.trimmed().isEmpty())
            terms << current.trimmed();
        current.clear();
    };
    for (const QChar c : query) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            flush();
        } else if (c.isSpace() && !quoted) {
            flush();
        } else if (c != QLatin1Char('*')) {
            current += c;
        }
    }
    flush();
    return terms;
}

SearchHitDialog::SearchHitDialog(const casefile::SearchHit &hit, const QString &query, const DisplayZone &zone,
                                 QWidget *parent)
    : QDialog(parent), m_context(new QLabel(this)), m_matched(textView(QStringLiteral("searchHitText"), hit.text, this))
{
    setObjectName(QStringLiteral("searchHitDialog"));
    const bool turn = hit.itemKind == QLatin1String("turn");
    const QString place = SearchResultsModel::placeOf(hit);
    setWindowTitle(tr("%1, %2 (%3)").arg(hit.sourceName, place, hit.field));

    QStringList lines;
    if (turn) {
        lines << tr("Model: %1 (transcript %2)").arg(hit.modelLabel).arg(hit.parentId);
        lines << tr("Source: %1, %2").arg(hit.sourceName, place);
    } else if (hit.itemKind == QLatin1String("page")) {
        lines << tr("Document: %1 (document %2)")
                     .arg(hit.parentTitle.isEmpty() ? tr("untitled") : hit.parentTitle)
                     .arg(hit.parentId);
        lines << tr("Source: %1, %2").arg(hit.sourceName, place);
    } else {
        lines << tr("Model: %1").arg(hit.modelLabel) << tr("Source: %1, %2").arg(hit.sourceName, place);
    }
    if (hit.timeUtc)
        lines << tr("%1: %2").arg(zone.header(tr("Time")), zone.format(*hit.timeUtc));
    else if (turn)
        lines << tr("Time: the transcript gives none");
    lines << tr("Matched in the %1").arg(hit.field);
    m_context->setObjectName(QStringLiteral("searchHitContext"));
    m_context->setTextFormat(Qt::PlainText);
    m_context->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_context->setText(lines.join(QLatin1Char('\n')));

    const QStringList terms = searchTerms(query);
    markTerms(m_matched, terms);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_context);
    if (hit.itemKind == QLatin1String("page")) {
        layout->addWidget(m_matched, 1);
    } else {
        // The exchange in reading order: prompt above the answer, whichever matched.
        const bool promptMatched = hit.field == QLatin1String("prompt");
        m_other = textView(QStringLiteral("searchHitOther"), hit.other, this);
        markTerms(m_other, terms);
        const QString matchedTitle = promptMatched
            ? tr("Prompt (matched)")
            : tr("%1 (matched)").arg(hit.field == QLatin1String("completion") ? tr("Completion") : tr("Answer"));
        const QString otherTitle = promptMatched
            ? (hit.itemKind == QLatin1String("record") ? tr("Completion") : tr("Answer"))
            : tr("Prompt");
        auto *split = new QSplitter(Qt::Vertical, this);
        QWidget *matched = titled(matchedTitle, m_matched, split);
        QWidget *other = titled(otherTitle, m_other, split);
        split->addWidget(promptMatched ? matched : other);
        split->addWidget(promptMatched ? other : matched);
        layout->addWidget(split, 1);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 600);
}

QString SearchHitDialog::contextText() const
{
    return m_context->text();
}

} // namespace lineage::ui
