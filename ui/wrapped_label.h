// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace lineage::ui {

// A plain-text label for messages of any length: the text wraps at the label's width to at
// most maximumLines() lines, the last one elided ("…") when more remains, and the whole
// text is the tooltip. It never asks for more width than it is given, so a long message
// neither widens the window nor is clipped by it.
class WrappedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit WrappedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    QString fullText() const { return m_full; }
    void setMaximumLines(int lines);
    int maximumLines() const { return m_maxLines; }
    // True when part of the text is not shown (only the tooltip holds it all).
    bool isElided() const { return m_elided; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayout();

    QString m_full;
    int m_maxLines = 3;
    bool m_elided = false;
};

} // namespace lineage::ui
