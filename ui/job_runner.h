// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>
#include <optional>

namespace lineage::ui {

// What the progress widget shows for the running job.
struct JobProgress
{
    quint64 jobId = 0;
    QString title;
    QString phase;
    qint64 done = 0;
    qint64 total = 0; // 0: unknown, the bar is busy
    qint64 items = 0;
    QString itemsLabel;
    qint64 etaSeconds = -1; // -1: unknown
    double itemsPerSecond = 0;
};

// Runs synchronous core work (a function taking lineage::Feedback&) on the QtConcurrent
// pool and delivers its result on the thread that owns the runner (the UI thread).
// Every job has a key ("verify", "overview", ...); starting a job cancels the running job
// with the same key, and that job's reply is dropped when it arrives (generation tokens).
// invalidateAll() drops every pending reply, e.g. when the case is closed. Progress is read
// from the job's Feedback by a timer at most ten times a second. The destructor cancels
// the jobs and waits for their workers, so work must poll its Feedback.
class JobRunner : public QObject
{
    Q_OBJECT
public:
    enum class Visibility { Shown, Quiet }; // Quiet jobs (background loads) get no progress UI

    explicit JobRunner(QObject *parent = nullptr);
    ~JobRunner() override;

    // `work` runs on a worker and returns a T; `done` runs here with it unless the reply
    // went stale or `context` was destroyed meanwhile. Returns the job id.
    template<typename T>
    quint64 run(const QString &key, const QString &title, std::function<T(Feedback &)> work, QObject *context,
                std::function<void(T)> done, Visibility visibility = Visibility::Shown)
    {
        auto job = beginJob(key, title, visibility);
        auto slot = std::make_shared<std::optional<T>>();
        auto *watcher = new QFutureWatcher<void>(this);
        QPointer<QObject> guard(context);
        connect(watcher, &QFutureWatcher<void>::finished, this,
                [this, watcher, job, slot, guard, done = std::move(done)] {
                    watcher->deleteLater();
                    if (finishJob(job) && guard && slot->has_value())
                        done(std::move(**slot));
                });
        watcher->setFuture(
            QtConcurrent::run(&m_pool, [job, slot, work = std::move(work)] { slot->emplace(work(job->feedback)); }));
        job->watcher = watcher;
        return job->id;
    }

    void cancel(quint64 jobId);
    void cancelKey(const QString &key);
    // Cancels everything and drops every reply still to come.
    void invalidateAll();
    bool isRunning(const QString &key) const;
    int runningCount() const { return int(m_jobs.size()); }
    // Running jobs that show progress (Visibility::Shown); quiet background loads excluded.
    int shownCount() const;
    // Blocks until every worker has returned (replies are still delivered later through
    // the event loop). For shutdown and tests only; the UI never calls it.
    void waitForAll();

signals:
    void jobStarted(const lineage::ui::JobProgress &progress);
    void progressChanged(const lineage::ui::JobProgress &progress);
    void jobFinished(quint64 jobId, bool delivered);

private:
    struct Job
    {
        quint64 id = 0;
        quint64 generation = 0;
        QString key;
        QString title;
        Visibility visibility = Visibility::Shown;
        Feedback feedback;
        QElapsedTimer clock;
        QString lastPhase;
        QElapsedTimer phaseClock;
        QFutureWatcherBase *watcher = nullptr;
    };

    std::shared_ptr<Job> beginJob(const QString &key, const QString &title, Visibility visibility);
    // Removes the job; true when its reply is still wanted.
    bool finishJob(const std::shared_ptr<Job> &job);
    void pollProgress();
    JobProgress progressOf(Job &job);

    quint64 m_nextId = 1;
    QHash<QString, quint64> m_generation; // per key
    QHash<quint64, std::shared_ptr<Job>> m_jobs;
    QTimer m_poll;
    // Jobs run on a pool of their own, never on QThreadPool::globalInstance(): Qt's raster
    // painting hands work to the global pool and waits for it, so long jobs holding every
    // global thread would freeze the window's repaint.
    QThreadPool m_pool;
};

} // namespace lineage::ui

Q_DECLARE_METATYPE(lineage::ui::JobProgress)
