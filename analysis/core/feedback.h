// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

namespace lineage {

// Progress sink and cancel token for long synchronous core work (import, analysis,
// export), after QGIS's QgsFeedback. The caller owns it and may cancel() from any
// thread; the worker polls isCanceled() at least every ~50 ms and reports progress.
// The optional observer is called on the worker's thread, at most every
// `minInterval` (default 100 ms) plus once at each phase change; it must be
// thread-safe (the UI's job runner posts to the UI thread from it).
class Feedback
{
public:
    struct Progress
    {
        QString phase;
        qint64 done = 0;
        qint64 total = 0;      // 0 when unknown
        qint64 items = 0;      // records, texts, pages... done so far
        QString itemsLabel;    // "records", "texts"
    };
    using Observer = std::function<void(const Progress &)>;

    Feedback() = default;
    Feedback(const Feedback &) = delete;
    Feedback &operator=(const Feedback &) = delete;

    void cancel() { m_canceled.store(true, std::memory_order_relaxed); }
    bool isCanceled() const { return m_canceled.load(std::memory_order_relaxed); }

    void setObserver(Observer observer, std::chrono::milliseconds minInterval = std::chrono::milliseconds(100))
    {
        std::lock_guard lock(m_mutex);
        m_observer = std::move(observer);
        m_minInterval = minInterval;
    }

    void setPhase(const QString &phase, qint64 total = 0, const QString &itemsLabel = {})
    {
        std::lock_guard lock(m_mutex);
        m_progress = Progress{phase, 0, total, 0, itemsLabel};
        notifyLocked(true);
    }

    void setProgress(qint64 done, qint64 items = -1)
    {
        std::lock_guard lock(m_mutex);
        m_progress.done = done;
        if (items >= 0)
            m_progress.items = items;
        notifyLocked(false);
    }

    Progress progress() const
    {
        std::lock_guard lock(m_mutex);
        return m_progress;
    }

private:
    void notifyLocked(bool force)
    {
        if (!m_observer)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - m_lastNotify < m_minInterval)
            return;
        m_lastNotify = now;
        m_observer(m_progress);
    }

    std::atomic<bool> m_canceled{false};
    mutable std::mutex m_mutex;
    Progress m_progress;
    Observer m_observer;
    std::chrono::milliseconds m_minInterval{100};
    std::chrono::steady_clock::time_point m_lastNotify{};
};

// Convenience for "no feedback wanted": a static never-canceled instance per call site.
inline Feedback &nullFeedback()
{
    thread_local Feedback feedback;
    return feedback;
}

} // namespace lineage
