// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "core/feedback.h"
#include "core/result.h"
#include "qcustomplot_include.h"
#include "timeline/activity_series.h"
#include "timeline/timeline_events.h"

#include <QList>
#include <QMutex>
#include <QSharedPointer>
#include <QString>

#include <memory>
#include <vector>

namespace lineage::ui {

// Read connections for the timeline's workers, reused from one request to the next so that a
// zoom step does not pay for opening the case. Shared between the view and its running jobs
// (a job keeps the pool alive); close() drops the idle connections and makes returned ones
// close at once, so nothing stays open after the case is closed. Thread-safe.
class TimelineReaders
{
public:
    TimelineReaders(QString path, casefile::Investigator who);
    Result<std::unique_ptr<casefile::CaseFile>> acquire();
    void release(std::unique_ptr<casefile::CaseFile> file);
    void close();

private:
    const QString m_path;
    const casefile::Investigator m_who;
    QMutex m_mutex;
    std::vector<std::unique_ptr<casefile::CaseFile>> m_idle;
    bool m_closed = false;
};

// What one request of the timeline asks: a range of the case in buckets of a size, in a
// display zone, with the busiest accounts as lanes.
struct TimelineRequest
{
    quint64 generation = 0;
    qint64 fromUtc = 0;
    qint64 toUtc = 0;
    timeline::BucketSize bucket;
    QString zone = QStringLiteral("UTC");
    int accountLanes = 5; // 0: no account lanes
    bool withEvents = true;
    // Distinct accounts per bucket: the costliest part over a long range (per-account cells),
    // asked only for a clicked bucket.
    bool distinctAccounts = false;
    bool wholeCase = false; // the overview: the range is the case's, found by the worker
    int maxBuckets = 600; // for the whole case: the bucket is chosen to give at most this many
};

// One lane as the plot draws it: a step line per bucket (key: bucket start in seconds, the
// last bucket closed by a point at its end), built on the worker, in a linear and in a log
// form (empty buckets are NaN gaps there).
struct TimelineLane
{
    QString label;
    timeline::LaneKind kind = timeline::LaneKind::None; // None: every record
    qint64 id = 0;
    QSharedPointer<QCPGraphDataContainer> linear;
    QSharedPointer<QCPGraphDataContainer> log;
    double maxValue = 0;
    int seriesLane = -1; // index into TimelineFrame::series.lanes; -1: series.total
};

// A reply of the timeline's worker: the series, the events and findings in its range, and the
// plot's data containers. The UI thread only swaps the containers into the plot.
struct TimelineFrame
{
    TimelineRequest request;
    timeline::Series series;
    QList<timeline::TimelineEvent> events; // stored events and effective dates: the events lane
    QList<timeline::TimelineEvent> findings; // findings resting on records: a lane per kind
    QStringList findingLanes; // "finding: KIND", sorted
    QList<TimelineLane> lanes; // the total first, then the account lanes
    qint64 computeNs = 0; // series, events and containers
    bool isEmpty() const { return series.bucketCount() <= 0; }
    const timeline::SeriesLane &seriesOf(const TimelineLane &lane) const
    {
        return lane.seriesLane < 0 ? series.total : series.lanes.at(lane.seriesLane);
    }
    // The bucket holding `utcMs`, or -1 outside the frame.
    int bucketAt(qint64 utcMs) const;
};

// Computes a frame on the caller's thread (a worker) from a connection of its own. An empty
// case gives an empty frame. Polls `feedback`; errors are returned.
[[nodiscard]] Result<std::shared_ptr<TimelineFrame>>
buildTimelineFrame(casefile::Database &db, const TimelineRequest &request, Feedback &feedback);

} // namespace lineage::ui
