// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_history.h"

namespace lineage::ui {

namespace {
constexpr qsizetype kMaxViews = 200;
}

void TimelineHistory::push(const View &view)
{
    if (m_current >= 0 && m_views[m_current] == view)
        return;
    m_views.resize(m_current + 1);
    m_views.append(view);
    if (m_views.size() > kMaxViews)
        m_views.removeFirst();
    m_current = m_views.size() - 1;
}

TimelineHistory::View TimelineHistory::back()
{
    if (canGoBack())
        --m_current;
    return m_views.value(m_current);
}

TimelineHistory::View TimelineHistory::forward()
{
    if (canGoForward())
        ++m_current;
    return m_views.value(m_current);
}

void TimelineHistory::clear()
{
    m_views.clear();
    m_current = -1;
}

} // namespace lineage::ui
