// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_frame.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lineage::ui {

using namespace lineage::timeline;

TimelineReaders::TimelineReaders(QString path, casefile::Investigator who)
    : m_path(std::move(path)), m_who(std::move(who))
{
}

Result<std::unique_ptr<casefile::CaseFile>> TimelineReaders::acquire()
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_closed)
            return makeError(ErrorCode::Canceled, QStringLiteral("The case was closed."));
        if (!m_idle.empty()) {
            auto file = std::move(m_idle.back());
            m_idle.pop_back();
            return file;
        }
    }
    return casefile::CaseFile::open(m_path, m_who, casefile::OpenMode::ReadOnly);
}

void TimelineReaders::release(std::unique_ptr<casefile::CaseFile> file)
{
    QMutexLocker lock(&m_mutex);
    if (!m_closed && file)
        m_idle.push_back(std::move(file));
    // else: `file` closes here, on the worker
}

void TimelineReaders::close()
{
    std::vector<std::unique_ptr<casefile::CaseFile>> idle;
    {
        QMutexLocker lock(&m_mutex);
        m_closed = true;
        idle.swap(m_idle);
    }
}

int TimelineFrame::bucketAt(qint64 utcMs) const
{
    const QVector<qint64> &edges = series.edges;
    if (edges.size() < 2 || utcMs < edges.front() || utcMs >= edges.back())
        return -1;
    return int(std::upper_bound(edges.begin(), edges.end(), utcMs) - edges.begin()) - 1;
}

namespace {

// A step line: the value of bucket i from its start to the start of the next, the last one
// closed by a point at the end of the range. Log form: empty buckets are gaps (NaN).
TimelineLane laneFrom(const QVector<qint64> &edges, const SeriesLane &series, int index)
{
    TimelineLane lane;
    lane.label = series.label;
    lane.kind = series.kind;
    lane.id = series.id;
    lane.seriesLane = index;
    const int n = int(edges.size()) - 1;
    QVector<QCPGraphData> linear(n + 1);
    QVector<QCPGraphData> log(n + 1);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int i = 0; i <= n; ++i) {
        const double key = double(edges[i]) / 1000.0;
        const double v = double(series.records[std::min(i, n - 1)]);
        linear[i] = QCPGraphData(key, v);
        log[i] = QCPGraphData(key, v > 0 ? v : nan);
        lane.maxValue = std::max(lane.maxValue, v);
    }
    lane.linear = QSharedPointer<QCPGraphDataContainer>::create();
    lane.linear->set(linear, true);
    lane.log = QSharedPointer<QCPGraphDataContainer>::create();
    lane.log->set(log, true);
    return lane;
}

} // namespace

Result<std::shared_ptr<TimelineFrame>> buildTimelineFrame(casefile::Database &db, const TimelineRequest &request,
                                                          Feedback &feedback)
{
    QElapsedTimer clock;
    clock.start();
    auto frame = std::make_shared<TimelineFrame>();
    frame->request = request;
    const auto zone = zoneFromSetting(request.zone);
    if (!zone)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("'%1' is not a time zone.").arg(request.zone));
    SeriesRequest sr;
    sr.zone = request.zone;
    sr.bucket = request.bucket;
    sr.fromUtc = request.fromUtc;
    sr.toUtc = request.toUtc;
    if (request.wholeCase) {
        // The case's span (hour-aligned) widened to its events, so that a release or an
        // effective date before the first record is on the overview too; then the bucket
        // that fits it.
        auto hours = caseRange(db, BucketSize { BucketSize::Unit::Hour, 1 }, *zone);
        if (!hours)
            return hours.error();
        if (!*hours)
            return frame;
        qint64 from = (*hours)->first, to = (*hours)->second;
        auto all = eventsIn(db, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max());
        if (!all)
            return all.error();
        const qint64 reach = 3 * (to - from) + 366LL * 86400000; // a stray date does not flatten the case
        for (const TimelineEvent &e : *all) {
            if (e.startUtc >= from - reach)
                from = std::min(from, e.startUtc);
            const qint64 end = e.endUtc.value_or(e.startUtc) + 1;
            if (end <= to + reach)
                to = std::max(to, end);
        }
        sr.bucket = BucketSize::forSpan(to - from, request.maxBuckets);
        sr.fromUtc = bucketStart(from, sr.bucket, *zone);
        sr.toUtc = bucketEnd(to - 1, sr.bucket, *zone);
        frame->request.bucket = sr.bucket;
        frame->request.fromUtc = sr.fromUtc;
        frame->request.toUtc = sr.toUtc;
    }
    if (sr.toUtc <= sr.fromUtc)
        return frame;
    if (request.accountLanes > 0) {
        sr.laneKind = LaneKind::Account;
        sr.topLanes = request.accountLanes;
    }
    sr.distinctAccounts = request.distinctAccounts;
    auto series = computeSeries(db, sr, feedback);
    if (!series)
        return series.error();
    frame->series = std::move(*series);
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Cancelled."));
    if (request.withEvents) {
        auto events = eventsIn(db, sr.fromUtc, sr.toUtc);
        if (!events)
            return events.error();
        for (TimelineEvent &e : *events) {
            if (e.lane.startsWith(QLatin1String("finding:"))) {
                frame->findings.append(e);
                if (!frame->findingLanes.contains(e.lane))
                    frame->findingLanes.append(e.lane);
            } else {
                frame->events.append(e);
            }
        }
        auto findings = findingEvents(db, sr.fromUtc, sr.toUtc);
        if (!findings)
            return findings.error();
        for (const TimelineEvent &e : *findings) {
            frame->findings.append(e);
            if (!frame->findingLanes.contains(e.lane))
                frame->findingLanes.append(e.lane);
        }
        frame->findingLanes.sort();
    }
    const Series &s = frame->series;
    frame->lanes.append(laneFrom(s.edges, s.total, -1));
    frame->lanes.first().label = QStringLiteral("All records");
    for (int i = 0; i < s.lanes.size(); ++i)
        frame->lanes.append(laneFrom(s.edges, s.lanes[i], i));
    frame->computeNs = clock.nsecsElapsed();
    return frame;
}

} // namespace lineage::ui
