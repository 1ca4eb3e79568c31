// SPDX-License-Identifier: GPL-3.0-or-later
// Timeline series (issue 10): bucket edges follow the display zone's clock through
// daylight-saving changes and in zones east of UTC, and every series equals a brute-force
// count over the records, for random ranges, bucket sizes, zones, lanes and filters.
#include "casefile/activity_store.h"
#include "ingest/importer.h"
#include "timeline/activity_series.h"
#include "timeline/bucket_grid.h"
#include "timeline_test_support.h"

#include <QRandomGenerator>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::timeline;
using timelinetest::utc;

class TestActivitySeries : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bucketSizesParse();
    void edgesFollowTheClock_data();
    void edgesFollowTheClock();
    void seriesEqualBruteForce();
    void lanesOfEveryKind();
    void badRequestsAreRefused();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_case;
    QList<timelinetest::Record> m_records;
    QList<AccountActivity> m_accounts;
};

void TestActivitySeries::initTestCase()
{
    m_case = timelinetest::newCase(m_dir.filePath(QStringLiteral("series.lineage")));
    QVERIFY(m_case);
    const QString a = m_dir.filePath(QStringLiteral("a.jsonl"));
    const QString b = m_dir.filePath(QStringLiteral("b.jsonl"));
    QVERIFY(timelinetest::writeLog(a, 4000, 1));
    QVERIFY(timelinetest::writeLog(b, 2500, 2));
    for (const QString &file : { a, b, QStringLiteral(LINEAGE_TEST_DATA "/ingest/batch/output.jsonl"),
                                 QStringLiteral(LINEAGE_TEST_DATA "/ingest/batch/input.jsonl") }) {
        auto imported = ingest::importFile(*m_case, file, {});
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    }
    // Two actors of three accounts each (the analyst's groups).
    QVERIFY(m_case->db().exec("INSERT INTO actors (id, name, created_utc) VALUES (1, 'Ring', 0), (2, 'Pair', 0);"
                              "UPDATE accounts SET actor_id = 1 WHERE name IN ('acct_00', 'acct_03', 'acct_07');"
                              "UPDATE accounts SET actor_id = 2 WHERE name IN ('acct_01', 'acct_12')"));
    m_records = timelinetest::allRecords(m_case->db());
    QVERIFY(m_records.size() > 6000);
    auto accounts = ActivityStore::accounts(m_case->db());
    QVERIFY(accounts);
    m_accounts = *accounts;
    QVERIFY(m_accounts.size() >= 30);
    // Joined Batch records have a time (from the output) and two sources.
    QVERIFY(std::any_of(m_records.begin(), m_records.end(), [](const auto &r) { return r.joined != 0; }));
}

void TestActivitySeries::bucketSizesParse()
{
    for (const QString &name :
         { QStringLiteral("hour"), QStringLiteral("day"), QStringLiteral("week"), QStringLiteral("month"),
           QStringLiteral("15min"), QStringLiteral("6h"), QStringLiteral("30s"), QStringLiteral("minute") }) {
        const auto size = BucketSize::parse(name);
        QVERIFY2(size, qPrintable(name));
        QCOMPARE(size->name(), name);
    }
    QVERIFY(!BucketSize::parse(QStringLiteral("7min"))); // does not divide a day
    QVERIFY(!BucketSize::parse(QStringLiteral("fortnight")));
    QCOMPARE(BucketSize::forSpan(qint64(2) * 365 * 86400000, 800).name(), QStringLiteral("day"));
    QCOMPARE(BucketSize::forSpan(86400000, 800).name(), QStringLiteral("5min"));
}

void TestActivitySeries::edgesFollowTheClock_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    const qint64 spring = utc(2024, 3, 29) + 1234;
    const qint64 springEnd = utc(2024, 4, 9) + 777;
    for (const char *zone : { "UTC", "Europe/Berlin", "America/Santiago", "Asia/Kolkata", "Asia/Kathmandu",
                              "Australia/Lord_Howe", "Pacific/Chatham", "America/New_York" }) {
        for (const char *bucket : { "hour", "30min", "3h", "day", "week" })
            QTest::addRow("%s %s spring", zone, bucket)
                << QString::fromLatin1(zone) << QString::fromLatin1(bucket) << spring << springEnd;
        QTest::addRow("%s month", zone) << QString::fromLatin1(zone) << QStringLiteral("month") << utc(2023, 11, 15)
                                        << utc(2025, 2, 3);
        QTest::addRow("%s day autumn", zone)
            << QString::fromLatin1(zone) << QStringLiteral("day") << utc(2024, 9, 1) << utc(2024, 11, 10);
    }
}

void TestActivitySeries::edgesFollowTheClock()
{
    QFETCH(QString, zone);
    QFETCH(QString, bucket);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    const QTimeZone tz = *zoneFromSetting(zone);
    QVERIFY(tz.isValid());
    const BucketSize size = *BucketSize::parse(bucket);
    auto edges = bucketEdges(from, to, size, tz);
    QVERIFY(edges);
    QCOMPARE(edges->first(), from);
    QCOMPARE(edges->last(), to);
    auto local = [&](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, tz); };
    auto isBoundary = [&](qint64 ms) {
        const QDateTime here = local(ms);
        const QDateTime before = local(ms - 1);
        if (size.isCalendar()) {
            if (here.date() == before.date())
                return false; // not the first instant of a local day
            if (size.unit == BucketSize::Unit::Week)
                return here.date().dayOfWeek() == 1;
            if (size.unit == BucketSize::Unit::Month)
                return here.date().day() == 1;
            return true;
        }
        const qint64 width = size.nominalMs();
        const qint64 localMs = ms + qint64(tz.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC))) * 1000;
        return ((localMs % width) + width) % width == 0;
    };
    for (int i = 1; i + 1 < edges->size(); ++i) {
        QVERIFY2(edges->at(i) > edges->at(i - 1), "edges increase");
        QVERIFY2(isBoundary(edges->at(i)), qPrintable(local(edges->at(i)).toString(Qt::ISODateWithMs)));
    }
    // No boundary is skipped: every instant at which a local unit starts is an edge. Local
    // units start at UTC quarter hours (the zones' offsets are whole quarter hours).
    const qint64 quarter = 15 * 60000;
    QSet<qint64> set(edges->begin(), edges->end());
    int boundaries = 0;
    for (qint64 t = from - from % quarter + quarter; t < to; t += quarter) {
        if (size.isCalendar() && !isBoundary(t)) {
            // A day may start off the quarter hour only after a gap at midnight: the first
            // instant of the day is then the transition itself, which is an edge too.
            continue;
        }
        if (isBoundary(t)) {
            ++boundaries;
            QVERIFY2(set.contains(t),
                     qPrintable(QStringLiteral("missing edge at %1").arg(local(t).toString(Qt::ISODate))));
        }
    }
    QCOMPARE(boundaries, int(edges->size()) - 2);
}

void TestActivitySeries::seriesEqualBruteForce()
{
    QRandomGenerator rng(20240331);
    const QStringList zones {
        QStringLiteral("UTC"),          QStringLiteral("Europe/Berlin"),  QStringLiteral("America/Santiago"),
        QStringLiteral("Asia/Kolkata"), QStringLiteral("Asia/Kathmandu"), QStringLiteral("Australia/Lord_Howe")
    };
    const QStringList buckets { QStringLiteral("15s"),   QStringLiteral("minute"), QStringLiteral("5min"),
                                QStringLiteral("30min"), QStringLiteral("hour"),   QStringLiteral("3h"),
                                QStringLiteral("day"),   QStringLiteral("week"),   QStringLiteral("month") };
    const auto spans = timelinetest::periods();
    SeriesStats used;
    for (int iteration = 0; iteration < 160; ++iteration) {
        SeriesRequest request;
        request.zone = zones[rng.bounded(int(zones.size()))];
        request.bucket = *BucketSize::parse(buckets[rng.bounded(int(buckets.size()))]);
        // A range of about 40 to 3,000 buckets, at a random millisecond.
        const qint64 width = request.bucket.nominalMs();
        const qint64 length = std::max<qint64>(width * (40 + rng.bounded(3000)) / (width >= 86400000 ? 25 : 1), 1000);
        const auto &span = spans[rng.bounded(2)];
        request.fromUtc = span.first - width + qint64(rng.generate64() % quint64(span.second - span.first));
        request.toUtc = request.fromUtc + std::min<qint64>(length, qint64(400) * 86400000);
        if (rng.bounded(6) == 0 && width >= 3600000) { // the whole case
            request.fromUtc = utc(2024, 1, 1);
            request.toUtc = utc(2025, 1, 1) + 17;
        }
        const int filterKind = rng.bounded(5);
        if (filterKind == 1) {
            for (int i = 0; i < 1 + rng.bounded(6); ++i)
                request.filter.accountIds.append(m_accounts[rng.bounded(int(m_accounts.size()))].accountId);
        } else if (filterKind == 2) {
            request.filter.sourceId = 1 + rng.bounded(3);
        } else if (filterKind == 3) {
            request.filter.text = rng.bounded(2) ? QStringLiteral("zebra") : QStringLiteral("yak");
        }
        const LaneKind kinds[]
            = { LaneKind::None, LaneKind::Account, LaneKind::Actor, LaneKind::Source, LaneKind::Model };
        request.laneKind = kinds[rng.bounded(5)];
        request.topLanes = 1 + rng.bounded(6);
        if (request.laneKind == LaneKind::Account && rng.bounded(2))
            request.laneIds
                = { m_accounts[rng.bounded(int(m_accounts.size()))].accountId, m_accounts.last().accountId };
        const QString what = QStringLiteral("#%1 %2 %3 %4..%5 lanes %6 filter %7")
                                 .arg(iteration)
                                 .arg(request.zone, request.bucket.name())
                                 .arg(request.fromUtc)
                                 .arg(request.toUtc)
                                 .arg(laneKindName(request.laneKind))
                                 .arg(filterKind);
        auto series = computeSeries(m_case->db(), request);
        QVERIFY2(series, qPrintable(what + QLatin1Char(' ') + (series ? QString() : series.error().message)));
        used.hourCells += series->stats.hourCells;
        used.minuteCells += series->stats.minuteCells;
        used.records += series->stats.records;

        auto check = [&](const SeriesLane &lane, const std::function<bool(const timelinetest::Record &)> &inLane) {
            const auto expected = timelinetest::bruteForce(m_records, series->edges, request.filter, inLane);
            QVERIFY2(lane.records == expected.records, qPrintable(what + QStringLiteral(" records of ") + lane.label));
            QVERIFY2(lane.tokens == expected.tokens, qPrintable(what + QStringLiteral(" tokens of ") + lane.label));
            QVERIFY2(lane.accounts == expected.accounts,
                     qPrintable(what + QStringLiteral(" accounts of ") + lane.label));
        };
        check(series->total, [](const auto &) { return true; });
        for (const SeriesLane &lane : series->lanes) {
            switch (lane.kind) {
            case LaneKind::Account:
                check(lane, [&](const auto &r) { return r.account == lane.id; });
                break;
            case LaneKind::Actor:
                check(lane, [&](const auto &r) { return r.actor == lane.id; });
                break;
            case LaneKind::Source:
                check(lane, [&](const auto &r) { return r.source == lane.id || r.joined == lane.id; });
                break;
            case LaneKind::Model:
                check(lane, [&](const auto &r) { return r.model == lane.key; });
                break;
            case LaneKind::None:
                QFAIL("a lane of no kind");
            }
        }
    }
    // Every level was exercised: hour and minute summaries and single records.
    QVERIFY(used.hourCells > 0);
    QVERIFY(used.minuteCells > 0);
    QVERIFY(used.records > 0);
}

void TestActivitySeries::lanesOfEveryKind()
{
    SeriesRequest request;
    request.fromUtc = utc(2024, 1, 1);
    request.toUtc = utc(2025, 1, 1);
    request.bucket = *BucketSize::parse(QStringLiteral("day"));
    request.topLanes = 3;
    request.laneKind = LaneKind::Account;
    auto accounts = computeSeries(m_case->db(), request);
    QVERIFY(accounts);
    QCOMPARE(accounts->lanes.size(), 3);
    // The busiest first.
    QVERIFY(accounts->lanes[0].totalRecords() >= accounts->lanes[1].totalRecords());
    QCOMPARE(accounts->lanes[0].label, m_accounts.first().name);
    request.laneKind = LaneKind::Actor;
    auto actors = computeSeries(m_case->db(), request);
    QVERIFY(actors);
    QCOMPARE(actors->lanes.size(), 2);
    request.laneKind = LaneKind::Model;
    request.topLanes = 10;
    auto models = computeSeries(m_case->db(), request);
    QVERIFY(models);
    QStringList labels;
    for (const SeriesLane &lane : models->lanes)
        labels << lane.label;
    QVERIFY2(labels.contains(QStringLiteral("gpt-4o")) && labels.contains(QStringLiteral("(no model)")),
             qPrintable(labels.join(QLatin1Char(','))));
    request.laneKind = LaneKind::Source;
    auto sources = computeSeries(m_case->db(), request);
    QVERIFY(sources);
    QCOMPARE(sources->lanes.size(), 4);
}

void TestActivitySeries::badRequestsAreRefused()
{
    SeriesRequest request;
    request.fromUtc = utc(2024, 1, 1);
    request.toUtc = utc(2025, 1, 1);
    request.bucket = *BucketSize::parse(QStringLiteral("minute"));
    request.maxBuckets = 10000;
    auto tooMany = computeSeries(m_case->db(), request);
    QVERIFY(!tooMany);
    QVERIFY(tooMany.error().message.contains(QStringLiteral("more than 10000 buckets")));
    request.bucket = *BucketSize::parse(QStringLiteral("day"));
    request.zone = QStringLiteral("Mars/Olympus");
    auto zone = computeSeries(m_case->db(), request);
    QVERIFY(!zone);
    QVERIFY(zone.error().message.contains(QStringLiteral("not a time zone")));
}

QTEST_GUILESS_MAIN(TestActivitySeries)
#include "tst_activity_series.moc"
