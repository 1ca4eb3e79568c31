// SPDX-License-Identifier: GPL-3.0-or-later
#include "job_runner.h"

#include <QThread>

#include <algorithm>

namespace lineage::ui {

JobRunner::JobRunner(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<JobProgress>();
    m_poll.setInterval(100); // at most ten progress updates a second
    connect(&m_poll, &QTimer::timeout, this, &JobRunner::pollProgress);
    // Jobs mostly wait on the disk and the database: a few may run side by side even on two cores.
    m_pool.setMaxThreadCount(qMax(4, QThread::idealThreadCount()));
}

JobRunner::~JobRunner()
{
    for (const auto &job : std::as_const(m_jobs))
        job->feedback.cancel();
    waitForAll();
}

std::shared_ptr<JobRunner::Job> JobRunner::beginJob(const QString &key, const QString &title, Visibility visibility)
{
    cancelKey(key);
    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    job->generation = ++m_generation[key];
    job->key = key;
    job->title = title;
    job->visibility = visibility;
    job->clock.start();
    job->phaseClock.start();
    m_jobs.insert(job->id, job);
    if (visibility == Visibility::Shown) {
        emit jobStarted(progressOf(*job));
        if (!m_poll.isActive())
            m_poll.start();
    }
    return job;
}

bool JobRunner::finishJob(const std::shared_ptr<Job> &job)
{
    // A job the user canceled still reports (its result says so); a superseded or
    // invalidated one does not.
    const bool current = m_jobs.remove(job->id) > 0 && m_generation.value(job->key) == job->generation;
    if (shownCount() == 0)
        m_poll.stop();
    emit jobFinished(job->id, current);
    return current;
}

void JobRunner::cancel(quint64 jobId)
{
    if (auto job = m_jobs.value(jobId))
        job->feedback.cancel();
}

void JobRunner::cancelKey(const QString &key)
{
    for (const auto &job : std::as_const(m_jobs))
        if (job->key == key)
            job->feedback.cancel();
}

void JobRunner::invalidateAll()
{
    for (const auto &job : std::as_const(m_jobs))
        job->feedback.cancel();
    for (auto it = m_generation.begin(); it != m_generation.end(); ++it)
        ++it.value();
}

bool JobRunner::isRunning(const QString &key) const
{
    return std::any_of(m_jobs.cbegin(), m_jobs.cend(), [&](const auto &job) { return job->key == key; });
}

void JobRunner::waitForAll()
{
    const auto jobs = m_jobs.values();
    for (const auto &job : jobs)
        if (job->watcher)
            job->watcher->waitForFinished();
}

JobProgress JobRunner::progressOf(Job &job)
{
    const Feedback::Progress p = job.feedback.progress();
    if (p.phase != job.lastPhase) {
        job.lastPhase = p.phase;
        job.phaseClock.restart();
    }
    JobProgress out;
    out.jobId = job.id;
    out.title = job.title;
    out.phase = p.phase;
    out.done = p.done;
    out.total = p.total;
    out.items = p.items;
    out.itemsLabel = p.itemsLabel;
    const double seconds = double(job.phaseClock.elapsed()) / 1000.0;
    if (p.total > 0 && p.done > 0 && seconds > 0.5)
        out.etaSeconds = qint64(seconds * double(p.total - p.done) / double(p.done));
    if (seconds > 0.5)
        out.itemsPerSecond = double(p.items) / seconds;
    return out;
}

int JobRunner::shownCount() const
{
    return int(std::count_if(m_jobs.cbegin(), m_jobs.cend(), [](const auto &j) { return j->visibility == Visibility::Shown; }));
}

void JobRunner::pollProgress()
{
    // Reports the most recent visible job; the widget shows one job at a time.
    std::shared_ptr<Job> latest;
    for (const auto &job : std::as_const(m_jobs))
        if (job->visibility == Visibility::Shown && (!latest || job->id > latest->id))
            latest = job;
    if (latest)
        emit progressChanged(progressOf(*latest));
}

} // namespace lineage::ui
