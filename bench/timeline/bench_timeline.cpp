// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline over a large case (built by run_bench.py through the real import): how long a
// series takes on the worker (buildTimelineFrame: series, events, plot containers) for the
// whole case, one day, 20 lanes, zoom steps and zone switches; how long the plot takes to
// swap a frame in and replot; the longest stall of the UI thread while the Timeline view zooms
// step by step. Peer, in the same run on the same file: the same series by a plain GROUP BY
// over query_records with its index on time (fixed-width buckets: the obvious way), checked
// to give the same counts where the buckets agree, and the ratio.
#include "case_session.h"
#include "casefile/case_file.h"
#include "job_runner.h"
#include "timeline_frame.h"
#include "timeline_plot.h"
#include "timeline_view.h"
#include "timeline_zone_box.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <sqlite3.h>
#include <time.h>

using namespace lineage;
using namespace lineage::timeline;
using lineage::ui::TimelineFrame;
using lineage::ui::TimelineRequest;

namespace {

const casefile::Investigator kWho { QStringLiteral("bench"), QStringLiteral("bench") };

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Stats
{
    double median = 0, max = 0;
};

Stats stats(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return { ms.isEmpty() ? 0 : ms[ms.size() / 2], ms.isEmpty() ? 0 : ms.last() };
}

// CPU time of the calling thread: on a machine shared with other work, wall time measures
// the queue for the cores as much as the work; both are printed.
double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// The obvious way: fixed-width buckets by integer division, top accounts by a GROUP BY, the
// lanes by a second GROUP BY; distinct accounts per bucket too. Returns the total per bucket.
QVector<qint64> peerSeries(sqlite3 *db, qint64 from, qint64 to, qint64 width, qint64 offsetMs, int lanes)
{
    const int n = int((to - from + width - 1) / width);
    QVector<qint64> total(n, 0);
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT (time_utc + ?4 - ?1) / ?3 AS b, count(*), "
                       "sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)), count(DISTINCT account_id) "
                       "FROM query_records WHERE time_utc >= ?1 AND time_utc < ?2 GROUP BY b",
                       -1, &s, nullptr);
    sqlite3_bind_int64(s, 1, from);
    sqlite3_bind_int64(s, 2, to);
    sqlite3_bind_int64(s, 3, width);
    sqlite3_bind_int64(s, 4, offsetMs);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const qint64 b = sqlite3_column_int64(s, 0);
        if (b >= 0 && b < n)
            total[b] = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    if (lanes > 0) {
        QList<qint64> top;
        sqlite3_prepare_v2(db,
                           "SELECT account_id FROM query_records WHERE time_utc >= ?1 AND time_utc < ?2 AND "
                           "account_id IS NOT NULL GROUP BY account_id ORDER BY count(*) DESC LIMIT ?3",
                           -1, &s, nullptr);
        sqlite3_bind_int64(s, 1, from);
        sqlite3_bind_int64(s, 2, to);
        sqlite3_bind_int(s, 3, lanes);
        while (sqlite3_step(s) == SQLITE_ROW)
            top << sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        // One query per lane through the (account_id, time_utc) index.
        for (qint64 account : top) {
            sqlite3_prepare_v2(db,
                               "SELECT (time_utc + ?4 - ?1) / ?3 AS b, count(*), "
                               "sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)) FROM query_records "
                               "WHERE account_id = ?5 AND time_utc >= ?1 AND time_utc < ?2 GROUP BY b",
                               -1, &s, nullptr);
            sqlite3_bind_int64(s, 1, from);
            sqlite3_bind_int64(s, 2, to);
            sqlite3_bind_int64(s, 3, width);
            sqlite3_bind_int64(s, 4, offsetMs);
            sqlite3_bind_int64(s, 5, account);
            while (sqlite3_step(s) == SQLITE_ROW) { }
            sqlite3_finalize(s);
        }
    }
    return total;
}

struct Case
{
    QString name;
    qint64 from = 0, to = 0; // 0, 0: the whole case
    QString zone = QStringLiteral("UTC");
    int lanes = 5;
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case to read (run_bench.py builds it)."));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Runs of each measure."),
                                    QStringLiteral("N"), QStringLiteral("5"));
    p.addOption(repeat);
    p.addHelpOption();
    p.process(app);
    if (p.positionalArguments().size() != 1)
        p.showHelp(2);
    const QString path = p.positionalArguments().first();
    const int runs = std::max(1, p.value(repeat).toInt());
    auto file = casefile::CaseFile::open(path, kWho, casefile::OpenMode::ReadOnly);
    if (!file) {
        out() << "cannot open " << path << ": " << file.error().message << Qt::endl;
        return 2;
    }
    sqlite3 *peer = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &peer, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        out() << "peer cannot open the case" << Qt::endl;
        return 2;
    }
    sqlite3_stmt *count = nullptr;
    sqlite3_prepare_v2(peer,
                       "SELECT count(*), count(DISTINCT account_id), min(time_utc), max(time_utc) FROM query_records",
                       -1, &count, nullptr);
    sqlite3_step(count);
    const qint64 records = sqlite3_column_int64(count, 0);
    out() << "case: " << records << " records, " << sqlite3_column_int64(count, 1) << " accounts, "
          << isoInZone(sqlite3_column_int64(count, 2), QTimeZone::utc()) << " to "
          << isoInZone(sqlite3_column_int64(count, 3), QTimeZone::utc()) << Qt::endl;
    sqlite3_finalize(count);

    Feedback feedback;
    // The whole case as the overview finds it.
    TimelineRequest overview;
    overview.wholeCase = true;
    overview.accountLanes = 0;
    auto whole = ui::buildTimelineFrame((*file)->db(), overview, feedback);
    if (!whole || (*whole)->isEmpty()) {
        out() << "no series: " << (whole ? QStringLiteral("empty case") : whole.error().message) << Qt::endl;
        return 2;
    }
    const qint64 caseFrom = (*whole)->request.fromUtc, caseTo = (*whole)->request.toUtc;
    const qint64 day = 86400000;
    const qint64 burstDay = QDateTime(QDate(2025, 2, 12), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();

    ui::TimelinePlot plot;
    plot.resize(1400, 800);
    plot.show();
    plot.setOverview(*whole);
    plot.replot();

    const int buckets = 466; // what a 1400-pixel plot asks for (3 pixels a bucket)
    QList<Case> cases {
        { QStringLiteral("overview (whole case, no lanes)"), 0, 0, QStringLiteral("UTC"), 0 },
        { QStringLiteral("full range, 5 lanes"), 0, 0, QStringLiteral("UTC"), 5 },
        { QStringLiteral("full range, 20 lanes"), 0, 0, QStringLiteral("UTC"), 20 },
        { QStringLiteral("one day, 5 lanes"), burstDay, burstDay + day, QStringLiteral("UTC"), 5 },
        { QStringLiteral("one day, 20 lanes"), burstDay, burstDay + day, QStringLiteral("UTC"), 20 },
        { QStringLiteral("zone switch: full range, Europe/Berlin"), 0, 0, QStringLiteral("Europe/Berlin"), 5 },
        { QStringLiteral("zone switch: full range, America/New_York"), 0, 0, QStringLiteral("America/New_York"), 5 },
        { QStringLiteral("zone switch: one day, Asia/Kolkata"), burstDay, burstDay + day,
          QStringLiteral("Asia/Kolkata"), 5 }
    };
    // Zoom steps: the span halved about the burst, from the whole case down to an hour.
    {
        qint64 span = caseTo - caseFrom;
        const qint64 centre = burstDay + day / 2;
        int step = 1;
        while (span > 3600000) {
            span /= 2;
            cases.append({ QStringLiteral("zoom step %1 (%2 h)").arg(step++).arg(span / 3600000.0, 0, 'f', 1),
                           std::max(caseFrom, centre - span / 2), std::min(caseTo, centre + span / 2),
                           QStringLiteral("UTC"), 5 });
        }
    }

    out() << "\nmedians of " << runs << " runs, thread CPU ms (wall ms)\n"
          << "measure | bucket | buckets | series on the worker | plot swap+replot | peer GROUP BY | CPU ratio "
             "peer/ours\n";
    QList<double> zoomOurs, zoomPeer, zoomReplot;
    double worstSeries = 0, worstReplot = 0, worstSeriesCpu = 0, worstReplotCpu = 0;
    for (const Case &c : cases) {
        const auto zone = zoneFromSetting(c.zone).value_or(QTimeZone::utc());
        TimelineRequest r;
        r.zone = c.zone;
        r.accountLanes = c.lanes;
        r.wholeCase = c.from == 0 && c.lanes == 0;
        r.maxBuckets = 600;
        const qint64 from = c.from ? c.from : caseFrom, to = c.to ? c.to : caseTo;
        r.bucket = BucketSize::forSpan(to - from, buckets);
        r.fromUtc = bucketStart(from, r.bucket, zone);
        r.toUtc = bucketEnd(to - 1, r.bucket, zone);
        QList<double> ours, replots, peers, oursCpu, replotsCpu, peersCpu;
        std::shared_ptr<TimelineFrame> frame;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer t;
            t.start();
            double cpu = threadCpuMs();
            auto f = ui::buildTimelineFrame((*file)->db(), r, feedback);
            ours << msSince(t);
            oursCpu << threadCpuMs() - cpu;
            if (!f) {
                out() << c.name << ": " << f.error().message << Qt::endl;
                return 1;
            }
            frame = *f;
            t.restart();
            cpu = threadCpuMs();
            plot.setDetail(frame);
            plot.setViewRange(frame->request.fromUtc, frame->request.toUtc);
            plot.replot(QCustomPlot::rpImmediateRefresh);
            replots << msSince(t);
            replotsCpu << threadCpuMs() - cpu;
        }
        // The peer: fixed-width buckets of the nominal size, the zone as the offset at the start.
        const qint64 width = std::min<qint64>(frame->request.bucket.nominalMs(), 30 * day);
        QVector<qint64> peerTotal;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer t;
            t.start();
            const double cpu = threadCpuMs();
            peerTotal = peerSeries(peer, frame->request.fromUtc, frame->request.toUtc, width, 0, c.lanes);
            peers << msSince(t);
            peersCpu << threadCpuMs() - cpu;
        }
        // Where the buckets agree (UTC, fixed width), the counts must too.
        const bool comparable
            = !frame->request.bucket.isCalendar() || frame->request.bucket == BucketSize { BucketSize::Unit::Day, 1 };
        if (c.zone == QLatin1String("UTC") && comparable) {
            for (int b = 0; b < frame->series.bucketCount() && b < peerTotal.size(); ++b)
                if (frame->series.total.records[b] != peerTotal[b]) {
                    out() << "MISMATCH in " << c.name << " bucket " << b << ": " << frame->series.total.records[b]
                          << " against the peer's " << peerTotal[b] << Qt::endl;
                    return 1;
                }
        }
        const Stats o = stats(ours), rp = stats(replots), pe = stats(peers);
        const Stats oc = stats(oursCpu), rc = stats(replotsCpu), pc = stats(peersCpu);
        worstSeriesCpu = std::max(worstSeriesCpu, oc.max);
        worstReplotCpu = std::max(worstReplotCpu, rc.max);
        worstSeries = std::max(worstSeries, o.max);
        worstReplot = std::max(worstReplot, rp.max);
        if (c.name.startsWith(QLatin1String("zoom"))) {
            zoomOurs << oc.median;
            zoomPeer << pc.median;
            zoomReplot << rc.median;
        }
        auto f1 = [](double v) { return QString::number(v, 'f', 1); };
        out() << c.name << " | " << frame->request.bucket.name() << " | " << frame->series.bucketCount() << " | "
              << f1(oc.median) << " (" << f1(o.median) << ") | " << f1(rc.median) << " (" << f1(rp.median) << ") | "
              << f1(pc.median) << " (" << f1(pe.median) << ") | " << f1(pc.median / std::max(0.01, oc.median))
              << Qt::endl;
    }
    const Stats zo = stats(zoomOurs), zp = stats(zoomPeer), zr = stats(zoomReplot);
    out() << "\nzoom steps (" << zoomOurs.size() << "), CPU: series median " << QString::number(zo.median, 'f', 1)
          << " ms (max " << QString::number(zo.max, 'f', 1) << "), replot median " << QString::number(zr.median, 'f', 1)
          << " ms, peer median " << QString::number(zp.median, 'f', 1) << " ms (max " << QString::number(zp.max, 'f', 1)
          << ")\nworst series " << QString::number(worstSeriesCpu, 'f', 1) << " ms CPU ("
          << QString::number(worstSeries, 'f', 1) << " wall), worst swap+replot "
          << QString::number(worstReplotCpu, 'f', 1) << " ms CPU (" << QString::number(worstReplot, 'f', 1) << " wall)"
          << Qt::endl;

    // The UI thread while the Timeline view zooms: a 2 ms timer notes the longest gap between
    // its ticks (the longest the thread was busy), over the same zoom steps through the view.
    {
        ui::JobRunner jobs;
        ui::CaseSession session(&jobs);
        session.setInvestigator(kWho);
        QSignalSpy opened(&session, &ui::CaseSession::caseOpened);
        session.open(path);
        if (!QTest::qWaitFor([&] { return !opened.isEmpty(); }, 120000)) {
            out() << "the view's case did not open" << Qt::endl;
            return 1;
        }
        ui::TimelineView view(&session, nullptr);
        view.resize(1400, 850);
        view.show();
        if (!QTest::qWaitFor([&] { return view.isSettled(); }, 120000))
            out() << "the view did not settle" << Qt::endl;
        QElapsedTimer gap;
        double longest = 0, longestCpu = 0, lastCpu = threadCpuMs();
        QTimer tick;
        tick.setInterval(2);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            longest = std::max(longest, msSince(gap));
            gap.restart();
            const double now = threadCpuMs();
            longestCpu = std::max(longestCpu, now - lastCpu);
            lastCpu = now;
        });
        gap.start();
        tick.start();
        QElapsedTimer all;
        all.start();
        int steps = 0;
        for (const Case &c : cases) {
            if (!c.name.startsWith(QLatin1String("zoom")))
                continue;
            view.plot()->setViewRange(c.from, c.to);
            if (!QTest::qWaitFor([&] { return view.isSettled(); }, 60000))
                out() << "a zoom step did not settle" << Qt::endl;
            ++steps;
        }
        view.zoneBox()->choose(QStringLiteral("Europe/Berlin"));
        if (!QTest::qWaitFor(
                [&] {
                    return view.isSettled() && view.plot()->detail()->request.zone == QLatin1String("Europe/Berlin");
                },
                60000))
            out() << "the zone switch did not settle" << Qt::endl;
        tick.stop();
        out() << "UI thread through the view: " << steps << " zoom steps and a zone switch in "
              << QString::number(msSince(all), 'f', 0) << " ms (each waits " << 120
              << " ms for the view to settle); longest stall of the UI thread: " << QString::number(longestCpu, 'f', 1)
              << " ms of its CPU between two ticks (" << QString::number(longest, 'f', 1) << " ms wall)" << Qt::endl;
    }
    sqlite3_close(peer);
    return 0;
}
