// SPDX-License-Identifier: GPL-3.0-or-later
#include "wrapped_label.h"

#include <QFontMetrics>
#include <QResizeEvent>
#include <QTextDocument>
#include <QTextLayout>

namespace lineage::ui {

WrappedLabel::WrappedLabel(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false); // the lines are broken here, at the width the layout gives
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setMinimumWidth(1);
}

void WrappedLabel::setFullText(const QString &text)
{
    m_full = text;
    setToolTip(text.isEmpty() ? QString() : Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal));
    relayout();
}

void WrappedLabel::setMaximumLines(int lines)
{
    m_maxLines = std::max(1, lines);
    relayout();
}

void WrappedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        relayout();
}

void WrappedLabel::relayout()
{
    const int width = std::max(1, contentsRect().width() - 2 * margin() - 2 * std::max(0, indent()));
    const QFontMetrics metrics(font());
    QStringList shown;
    qsizetype lastStart = -1; // where the last shown line starts in m_full
    bool more = false;
    qsizetype offset = 0;
    const QStringList paragraphs = m_full.split(QLatin1Char('\n'));
    for (const QString &paragraph : paragraphs) {
        if (more)
            break;
        QTextLayout layout(paragraph, font());
        layout.beginLayout();
        bool any = false;
        for (;;) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(width);
            any = true;
            if (shown.size() == m_maxLines) {
                more = true;
                break;
            }
            lastStart = offset + line.textStart();
            shown << paragraph.mid(line.textStart(), line.textLength()).trimmed();
        }
        layout.endLayout();
        if (!any && !more) {
            if (shown.size() == m_maxLines) {
                more = true;
                break;
            }
            lastStart = offset;
            shown << QString();
        }
        offset += paragraph.size() + 1;
    }
    m_elided = more;
    if (more && !shown.isEmpty()) {
        // The last line runs on into what is not shown and ends in an ellipsis.
        QString rest = m_full.mid(lastStart).simplified();
        if (metrics.horizontalAdvance(rest) <= width)
            rest += QStringLiteral(" …");
        shown.last() = metrics.elidedText(rest, Qt::ElideRight, width);
    }
    QLabel::setText(shown.join(QLatin1Char('\n')));
}

} // namespace lineage::ui
