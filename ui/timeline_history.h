// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

namespace lineage::ui {

// The ranges the timeline showed, for back and forward (Alt+Left, Alt+Right) as in a web
// browser: a new view after going back drops the views ahead of it.
class TimelineHistory
{
public:
    struct View
    {
        qint64 fromUtc = 0;
        qint64 toUtc = 0;
        bool operator==(const View &) const = default;
    };

    // Records a view (nothing when it is the current one).
    void push(const View &view);
    bool canGoBack() const { return m_current > 0; }
    bool canGoForward() const { return m_current + 1 < m_views.size(); }
    View back();
    View forward();
    void clear();

private:
    QList<View> m_views;
    qsizetype m_current = -1;
};

} // namespace lineage::ui
