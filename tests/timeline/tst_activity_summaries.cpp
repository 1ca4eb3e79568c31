// SPDX-License-Identifier: GPL-3.0-or-later
// Activity summaries (issue 10): derived data that always equals a recomputation from the
// records: after imports (Batch halves joined in either order), after a canceled and a
// killed import, after the migration of an older case; a tampered summary is found and
// rebuilt (audited).
#include "casefile/activity_store.h"
#include "casefile/activity_writer.h"
#include "casefile/audit_log.h"
#include "casefile/migrations.h"
#include "ingest/big_log.h"
#include "ingest/importer.h"
#include "timeline/activity_series.h"
#include "timeline/activity_summaries.h"
#include "timeline_test_support.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <csignal>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::timeline;
using timelinetest::utc;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/ingest/") + name;
}

// The rows of every summary table, as text.
QStringList summaryRows(Database &db)
{
    QStringList rows;
    for (const QString &table : ActivityStore::summaryTables()) {
        const QByteArray sql = "SELECT * FROM " + table.toUtf8() + " ORDER BY 1, 2, 3";
        auto s = Statement::prepare(db, sql.constData());
        if (!s)
            return { QStringLiteral("error") };
        while (s->step().value()) {
            QStringList cells;
            for (int c = 0; c < s->columnCount(); ++c)
                cells << s->text(c);
            rows << table + QLatin1Char(':') + cells.join(QLatin1Char(','));
        }
    }
    return rows;
}

qint64 count(Database &db, const char *sql)
{
    auto n = db.queryInt(sql);
    return n ? *n : -1;
}

// Fails the test when the summaries differ from the records.
void verifyInStep(Database &db)
{
    auto check = checkActivitySummaries(db);
    QVERIFY2(check, qPrintable(check ? QString() : check.error().message + check.error().detail));
    QVERIFY2(check->ok(),
             qPrintable(check->ok() ? QString()
                                    : check->differences.first().table + QLatin1Char(' ')
                                + check->differences.first().example));
}

} // namespace

class TestActivitySummaries : public QObject
{
    Q_OBJECT

private slots:
    void importsKeepSummariesInStep();
    void batchHalvesJoinInEitherOrder();
    void tamperedSummaryFoundAndRebuilt();
    void canceledImportLeavesSummaries();
    void killedImportLeavesSummaries();
    void olderCaseGetsSummariesOnMigration();
};

void TestActivitySummaries::importsKeepSummariesInStep()
{
    QTemporaryDir dir;
    auto c = timelinetest::newCase(dir.filePath(QStringLiteral("a.lineage")));
    QVERIFY(c);
    const QString log = dir.filePath(QStringLiteral("log.jsonl"));
    QVERIFY(timelinetest::writeLog(log, 3000, 7));
    QVERIFY(ingest::importFile(*c, log, {}));
    verifyInStep(c->db());
    // A second log over the same period adds to the same cells.
    const QString more = dir.filePath(QStringLiteral("more.jsonl"));
    QVERIFY(timelinetest::writeLog(more, 2000, 8));
    QVERIFY(ingest::importFile(*c, more, {}));
    QVERIFY(ingest::importFile(*c, fixture(QStringLiteral("compressed/gateway.jsonl.gz")), {}));
    verifyInStep(c->db());
    QCOMPARE(count(c->db(), "SELECT sum(records) FROM activity_hours"),
             count(c->db(), "SELECT count(*) FROM query_records WHERE time_utc IS NOT NULL"));
    QCOMPARE(count(c->db(), "SELECT sum(records) FROM account_activity_totals"), qint64(5000 + 4));
    auto check = checkActivitySummaries(c->db());
    // Every stored row was compared.
    QVERIFY(check);
    QCOMPARE(check->cells,
             count(c->db(), "SELECT count(*) FROM account_activity_days")
                 + count(c->db(), "SELECT count(*) FROM activity_hours")
                 + count(c->db(), "SELECT count(*) FROM account_activity_totals"));
    QVERIFY(check->cells > 500);
}

void TestActivitySummaries::batchHalvesJoinInEitherOrder()
{
    for (const bool outputFirst : { false, true }) {
        QTemporaryDir dir;
        auto c = timelinetest::newCase(dir.filePath(QStringLiteral("batch.lineage")));
        QVERIFY(c);
        const QStringList files { fixture(QStringLiteral("batch/input.jsonl")),
                                  fixture(QStringLiteral("batch/output.jsonl")) };
        QVERIFY(ingest::importFile(*c, files[outputFirst ? 1 : 0], {}));
        verifyInStep(c->db());
        QVERIFY(ingest::importFile(*c, files[outputFirst ? 0 : 1], {}));
        verifyInStep(c->db());
        // The joined records are on the timeline, counted once, with the tokens of the output.
        const qint64 timed = count(c->db(), "SELECT count(*) FROM query_records WHERE time_utc IS NOT NULL");
        QVERIFY(timed > 0);
        QCOMPARE(count(c->db(), "SELECT sum(records) FROM activity_hours"), timed);
        QCOMPARE(count(c->db(), "SELECT sum(tokens) FROM activity_hours"),
                 count(c->db(),
                       "SELECT sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)) FROM query_records "
                       "WHERE time_utc IS NOT NULL"));
    }
}

void TestActivitySummaries::tamperedSummaryFoundAndRebuilt()
{
    QTemporaryDir dir;
    auto c = timelinetest::newCase(dir.filePath(QStringLiteral("t.lineage")));
    QVERIFY(c);
    const QString log = dir.filePath(QStringLiteral("log.jsonl"));
    QVERIFY(timelinetest::writeLog(log, 1500, 9));
    QVERIFY(ingest::importFile(*c, log, {}));
    const QStringList good = summaryRows(c->db());
    QVERIFY(c->db().exec("UPDATE activity_hours SET records = records + 1 "
                         "WHERE start_utc = (SELECT min(start_utc) FROM activity_hours);"
                         "DELETE FROM account_activity_days WHERE day_utc = (SELECT max(day_utc) FROM "
                         "account_activity_days)"));
    auto check = checkActivitySummaries(c->db());
    QVERIFY(check);
    QVERIFY(!check->ok());
    QStringList tables;
    for (const ActivityDifference &d : check->differences)
        tables << d.table;
    QVERIFY2(tables.contains(QStringLiteral("activity_hours"))
                 && tables.contains(QStringLiteral("account_activity_days")),
             qPrintable(tables.join(QLatin1Char(','))));
    QVERIFY(check->differences.first().example.contains(QStringLiteral("_utc=")));

    auto rebuilt = rebuildActivitySummaries(*c);
    QVERIFY(rebuilt);
    QCOMPARE(rebuilt->differences.size(), check->differences.size());
    verifyInStep(c->db());
    QCOMPARE(summaryRows(c->db()), good);
    auto entries = AuditLog::entries(c->db());
    QVERIFY(entries);
    QCOMPARE(entries->last().action, QStringLiteral("timeline.rebuild"));
    QVERIFY(entries->last().parameters.contains(QStringLiteral("activity_hours")));
}

void TestActivitySummaries::canceledImportLeavesSummaries()
{
    QTemporaryDir dir;
    auto c = timelinetest::newCase(dir.filePath(QStringLiteral("cancel.lineage")));
    QVERIFY(c);
    const QString log = dir.filePath(QStringLiteral("log.jsonl"));
    QVERIFY(timelinetest::writeLog(log, 1000, 10));
    QVERIFY(ingest::importFile(*c, log, {}));
    const QStringList before = summaryRows(c->db());
    // One record an hour: every record opens summary rows of its own, so they are written out
    // (kMaxRows at a time) during the import, before the cancel.
    const QString big = dir.filePath(QStringLiteral("big.jsonl"));
    QVERIFY(testing::writeBigLog(big, 110000, 3600));
    Feedback feedback;
    qint64 seenAtCancel = 0;
    feedback.setObserver(
        [&](const Feedback::Progress &p) {
            if (p.items >= qint64(ActivityWriter::kMaxRows) + 20000 && !feedback.isCanceled()) {
                seenAtCancel = p.items;
                feedback.cancel();
            }
        },
        std::chrono::milliseconds(0));
    auto summary = ingest::importFile(*c, big, {}, feedback);
    QVERIFY(!summary);
    QCOMPARE(summary.error().code, ErrorCode::Canceled);
    QVERIFY2(seenAtCancel > qint64(ActivityWriter::kMaxRows), "the summaries were written before the cancel");
    QCOMPARE(summaryRows(c->db()), before);
    verifyInStep(c->db());
}

void TestActivitySummaries::killedImportLeavesSummaries()
{
    QTemporaryDir dir;
    const QString casePath = dir.filePath(QStringLiteral("kill.lineage"));
    QStringList before;
    {
        auto c = timelinetest::newCase(casePath);
        QVERIFY(c);
        const QString log = dir.filePath(QStringLiteral("log.jsonl"));
        QVERIFY(timelinetest::writeLog(log, 1000, 11));
        QVERIFY(ingest::importFile(*c, log, {}));
        before = summaryRows(c->db());
    }
    const QString big = dir.filePath(QStringLiteral("big.jsonl"));
    QVERIFY(testing::writeBigLog(big, 150000, 3600)); // about 100 MB, a record an hour
    QProcess child;
    child.setProgram(QStringLiteral(LINEAGE_BIN_DIR "/lineage-cli"));
    child.setArguments({ QStringLiteral("import"), casePath, big });
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start();
    QVERIFY(child.waitForStarted());
    // Kill it once it has read most of the file (past the first write of the summaries).
    const QString io = QStringLiteral("/proc/%1/io").arg(child.processId());
    auto bytesRead = [&]() -> qint64 {
        QFile f(io);
        if (!f.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : f.readAll().split('\n'))
            if (line.startsWith("rchar:"))
                return line.mid(6).trimmed().toLongLong();
        return -1;
    };
    QVERIFY(
        QTest::qWaitFor([&] { return bytesRead() > 70 * 1000 * 1000 || child.state() != QProcess::Running; }, 120000));
    if (child.state() != QProcess::Running)
        QSKIP("the import finished before it could be killed");
    ::kill(pid_t(child.processId()), SIGKILL);
    QVERIFY(child.waitForFinished());
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    auto c = CaseFile::open(casePath, timelinetest::who());
    QVERIFY(c);
    QCOMPARE(count((*c)->db(), "SELECT count(*) FROM query_records"), qint64(1000));
    QCOMPARE(summaryRows((*c)->db()), before);
    verifyInStep((*c)->db());
}

void TestActivitySummaries::olderCaseGetsSummariesOnMigration()
{
    // A case of schema version 2 (before the summaries) holding query records.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v2.lineage"));
    {
        auto db = Database::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        QVERIFY(db);
        const QByteArray appId = "PRAGMA application_id = " + QByteArray::number(CaseFile::kApplicationId);
        QVERIFY(db->exec(appId.constData()));
        QVERIFY(migrate(*db, 2));
        QCOMPARE(*db->queryInt("PRAGMA user_version"), qint64(2));
        QVERIFY(db->exec("INSERT INTO case_info (id, title, created_utc, created_offset, created_by, program_version) "
                         "VALUES (1, 'old', 0, 0, 'x', '0');"
                         "INSERT INTO blobs (id, sha256, size, chunk_count, compression, stored_utc) "
                         "VALUES (1, 'aa', 0, 0, 'zstd', 0), (2, 'bb', 0, 0, 'zstd', 0);"
                         "INSERT INTO sources (id, kind, format, original_name, sha256, size, imported_utc, "
                         "imported_offset, importer, importer_version) VALUES "
                         "(1, 'query-log', 'gateway', 'a.jsonl', 'aa', 0, 0, 0, 'old', '0'), "
                         "(2, 'query-log', 'batch', 'b.jsonl', 'bb', 0, 0, 0, 'old', '0');"
                         "INSERT INTO accounts (id, name) VALUES (1, 'acct_a'), (2, 'acct_b'), (3, 'acct_c');"));
        QVERIFY(db->exec("BEGIN"));
        auto insert
            = Statement::prepare(*db,
                                 "INSERT INTO query_records (source_id, line, byte_offset, byte_length, time_utc, "
                                 "account_id, model, prompt_tokens, completion_tokens, joined_source_id) "
                                 "VALUES (?, ?, 0, 0, ?, ?, ?, ?, ?, ?)");
        QVERIFY(insert);
        QRandomGenerator rng(5);
        const qint64 start = utc(2024, 3, 30);
        for (int i = 0; i < 3000; ++i) {
            insert->bind(1, qint64(1 + rng.bounded(2))).bind(2, qint64(i + 1));
            if (rng.bounded(30))
                insert->bind(3, start + qint64(rng.generate64() % quint64(3 * 86400000)));
            else
                insert->bindNull(3);
            if (rng.bounded(10))
                insert->bind(4, qint64(1 + rng.bounded(3)));
            else
                insert->bindNull(4);
            if (rng.bounded(4))
                insert->bind(5, rng.bounded(2) ? QStringLiteral("gpt-4o") : QStringLiteral("o1"));
            else
                insert->bindNull(5);
            insert->bind(6, qint64(rng.bounded(50))).bind(7, qint64(rng.bounded(500)));
            if (rng.bounded(5) == 0)
                insert->bind(8, qint64(2));
            else
                insert->bindNull(8);
            QVERIFY(insert->run());
        }
        QVERIFY(db->exec("COMMIT"));
    }
    auto c = CaseFile::open(path, timelinetest::who());
    QVERIFY2(c, qPrintable(c ? QString() : c.error().message + c.error().detail));
    QCOMPARE((*c)->schemaVersion(), latestSchemaVersion());
    Database &db = (*c)->db();
    QVERIFY(count(db, "SELECT count(*) FROM account_activity_days") > 100);
    QVERIFY(count(db, "SELECT count(*) FROM activity_hours") > 100);
    verifyInStep(db);
    // And the series read from them equal the records.
    const auto records = timelinetest::allRecords(db);
    SeriesRequest request;
    request.fromUtc = utc(2024, 3, 29) + 12345;
    request.toUtc = utc(2024, 4, 3) + 999;
    request.bucket = *BucketSize::parse(QStringLiteral("hour"));
    request.zone = QStringLiteral("Asia/Kolkata");
    auto series = computeSeries(db, request);
    QVERIFY(series);
    const auto expected = timelinetest::bruteForce(records, series->edges, {}, [](const auto &) { return true; });
    QCOMPARE(series->total.records, expected.records);
    QCOMPARE(series->total.tokens, expected.tokens);
    QCOMPARE(series->total.accounts, expected.accounts);
}

QTEST_GUILESS_MAIN(TestActivitySummaries)
#include "tst_activity_summaries.moc"
