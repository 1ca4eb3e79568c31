// SPDX-License-Identifier: GPL-3.0-or-later
// The pipeline's promises: duplicates refused, all-or-nothing under cancel and SIGKILL,
// full-text search in English and Chinese, deferred indexing.
#include "big_log.h"
#include "test_case.h"

#include "casefile/audit_log.h"
#include "casefile/search_index.h"
#include "casefile/source_store.h"
#include "ingest/importer.h"

#include <QFile>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ingest;
using testing::fixture;

class TestImportPipeline : public QObject
{
    Q_OBJECT

private slots:
    void duplicateRefusedNamingEarlierSource();
    void cancelLeavesCaseUnchanged();
    void killedImportLeavesNothing();
    void search_data();
    void search();
    void deferredIndexThenIndexCommand();
    void sourceAndAuditEntryRecorded();
};

void TestImportPipeline::duplicateRefusedNamingEarlierSource()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    auto first = importFile(*c, fixture(QStringLiteral("gateway/gateway.jsonl")), {});
    QVERIFY(first.ok());
    // The same bytes under another name are still the same evidence.
    const QString copy = dir.filePath(QStringLiteral("renamed.jsonl"));
    QVERIFY(QFile::copy(fixture(QStringLiteral("gateway/gateway.jsonl")), copy));
    const QStringList before = testing::dumpTables(c->db());
    auto second = importFile(*c, copy, {});
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, ErrorCode::Duplicate);
    QVERIFY2(second.error().message.contains(QStringLiteral("source %1 (gateway.jsonl").arg(first->sourceId)),
             qPrintable(second.error().message));
    QCOMPARE(testing::dumpTables(c->db()), before);
    // The compressed form is other bytes: a source of its own.
    auto gz = importFile(*c, fixture(QStringLiteral("compressed/gateway.jsonl.gz")), {});
    QVERIFY(gz.ok());
}

void TestImportPipeline::cancelLeavesCaseUnchanged()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    QVERIFY(importFile(*c, fixture(QStringLiteral("batch/input.jsonl")), {}).ok());
    const QString big = dir.filePath(QStringLiteral("big.jsonl"));
    QVERIFY(testing::writeBigLog(big, 12000));  // about 8 MB, 8 blocks
    const QStringList before = testing::dumpTables(c->db());

    Feedback feedback;
    qint64 seenAtCancel = 0;
    feedback.setObserver([&](const Feedback::Progress &p) {
        if (p.done >= 3 * (1 << 20) && !feedback.isCanceled()) {
            seenAtCancel = p.items;
            feedback.cancel();
        }
    }, std::chrono::milliseconds(0));
    auto summary = importFile(*c, big, {}, feedback);
    QVERIFY(!summary.ok());
    QCOMPARE(summary.error().code, ErrorCode::Canceled);
    QVERIFY2(seenAtCancel > 1000, "the import had stored records before the cancel");
    QCOMPARE(testing::dumpTables(c->db()), before);
    // The case is usable afterwards and the same file imports completely.
    auto again = importFile(*c, big, {});
    QVERIFY(again.ok());
    QCOMPARE(again->records, qint64(12000));
}

void TestImportPipeline::killedImportLeavesNothing()
{
    QTemporaryDir dir;
    const QString casePath = dir.filePath(QStringLiteral("case.lineage"));
    {
        auto c = testing::newCase(dir);
        QVERIFY(c);
        QVERIFY(importFile(*c, fixture(QStringLiteral("gateway/gateway.jsonl")), {}).ok());
    }
    const QString big = dir.filePath(QStringLiteral("big.jsonl"));
    QVERIFY(testing::writeBigLog(big, 150000));  // about 100 MB
    QProcess child;
    child.setProgram(QStringLiteral(LINEAGE_BIN_DIR "/lineage-cli"));
    child.setArguments({QStringLiteral("import"), casePath, big});
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start();
    QVERIFY(child.waitForStarted());
    // Kill it once it has read a good part of the file (its reads, from /proc).
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
    QVERIFY(QTest::qWaitFor([&] { return bytesRead() > 30 * 1000 * 1000 || child.state() != QProcess::Running; }, 60000));
    if (child.state() != QProcess::Running)
        QSKIP("the import finished before it could be killed");
    ::kill(pid_t(child.processId()), SIGKILL);
    QVERIFY(child.waitForFinished());
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    auto c = CaseFile::open(casePath, testing::who());
    QVERIFY(c.ok());
    auto report = (*c)->verify();
    QVERIFY(report.ok());
    QVERIFY2(report->ok(), report->problems.isEmpty() ? "" : qPrintable(report->problems.first().message));
    Database &db = (*c)->db();
    QCOMPARE(testing::count(db, "SELECT count(*) FROM sources"), qint64(1));
    QCOMPARE(testing::count(db, "SELECT count(*) FROM blobs"), qint64(1));
    QCOMPARE(testing::count(db, "SELECT count(*) FROM query_records"), qint64(4));
    QCOMPARE(testing::count(db, "SELECT count(*) FROM audit_log WHERE action = 'source.import'"), qint64(1));
}

void TestImportPipeline::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");  // "kind field source:line" of every hit, sorted
    QTest::newRow("english word") << QStringLiteral("photosynthesis")
        << QStringList{QStringLiteral("record completion output.jsonl:1"), QStringLiteral("record prompt input.jsonl:1")};
    QTest::newRow("english word, other case") << QStringLiteral("RAYLEIGH")
        << QStringList{QStringLiteral("record completion gateway.jsonl:1")};
    QTest::newRow("two words, both required") << QStringLiteral("sky blue")
        << QStringList{QStringLiteral("record prompt gateway.jsonl:1")};
    QTest::newRow("prefix") << QStringLiteral("distill*")
        << QStringList{QStringLiteral("record prompt gateway.jsonl:4")};
    QTest::newRow("chinese two characters") << QStringLiteral("我是")
        << QStringList{QStringLiteral("record completion output.jsonl:2"), QStringLiteral("record prompt gateway.jsonl:3")};
    QTest::newRow("chinese substring inside a run") << QStringLiteral("语言模型")
        << QStringList{QStringLiteral("record completion output.jsonl:2")};
    QTest::newRow("chinese mixed with latin") << QStringLiteral("由OpenAI训练")
        << QStringList{QStringLiteral("record completion output.jsonl:2")};
    QTest::newRow("absent word") << QStringLiteral("zebra") << QStringList{};
    QTest::newRow("chinese not adjacent") << QStringLiteral("我训") << QStringList{};
}

void TestImportPipeline::search()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    for (const char *f : {"batch/input.jsonl", "batch/output.jsonl", "gateway/gateway.jsonl"})
        QVERIFY(importFile(*c, fixture(QString::fromLatin1(f)), {}).ok());
    auto hits = SearchIndex::search(c->db(), query);
    QVERIFY2(hits.ok(), hits.ok() ? "" : qPrintable(hits.error().message));
    QStringList got;
    for (const auto &h : *hits) {
        got << QStringLiteral("%1 %2 %3:%4").arg(h.itemKind, h.field, h.sourceName).arg(h.line);
        QVERIFY(!h.snippet.isEmpty());
    }
    got.sort();
    QCOMPARE(got, expected);
}

void TestImportPipeline::deferredIndexThenIndexCommand()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    ImportOptions deferred;
    deferred.buildIndex = false;
    auto summary = importFile(*c, fixture(QStringLiteral("batch/output.jsonl")), deferred);
    QVERIFY(summary.ok());
    QVERIFY(!summary->indexed);
    QCOMPARE(SearchIndex::search(c->db(), QStringLiteral("我是"))->size(), qsizetype(0));
    // The input joins with the unindexed output; only its own half is indexed now.
    QVERIFY(importFile(*c, fixture(QStringLiteral("batch/input.jsonl")), {}).ok());
    QCOMPARE(SearchIndex::search(c->db(), QStringLiteral("photosynthesis"))->size(), qsizetype(1));
    auto done = buildSearchIndex(*c);
    QVERIFY(done.ok());
    QCOMPARE(*done, QList<qint64>{summary->sourceId});
    auto hits = SearchIndex::search(c->db(), QStringLiteral("photosynthesis"));
    QCOMPARE(hits->size(), qsizetype(2));
    QCOMPARE(SearchIndex::search(c->db(), QStringLiteral("我是"))->size(), qsizetype(1));
    // Nothing left to index; nothing indexed twice.
    QCOMPARE(buildSearchIndex(*c)->size(), qsizetype(0));
    QCOMPARE(testing::count(c->db(), "SELECT count(*) FROM audit_log WHERE action = 'search.index'"), qint64(1));
}

void TestImportPipeline::sourceAndAuditEntryRecorded()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    ImportOptions options;
    options.timeZone = QStringLiteral("Asia/Shanghai");
    auto summary = importFile(*c, fixture(QStringLiteral("compressed/gateway.jsonl.zst")), options);
    QVERIFY(summary.ok());
    auto source = SourceStore::get(c->db(), summary->sourceId);
    QVERIFY(source.ok());
    QCOMPARE(source->kind, QStringLiteral("query-log"));
    QCOMPARE(source->format, QStringLiteral("gateway-log"));
    QCOMPARE(source->originalName, QStringLiteral("gateway.jsonl.zst"));
    QCOMPARE(source->compression, QStringLiteral("zstd"));
    QCOMPARE(source->declaredTz, QStringLiteral("Asia/Shanghai"));
    QCOMPARE(source->recordCount, qint64(4));
    QCOMPARE(source->status, QStringLiteral("complete"));
    QCOMPARE(source->size, QFile(fixture(QStringLiteral("compressed/gateway.jsonl.zst"))).size());
    auto entries = AuditLog::entries(c->db());
    QVERIFY(entries.ok());
    const AuditEntry &last = entries->last();
    QCOMPARE(last.action, QStringLiteral("source.import"));
    QCOMPARE(last.target, QStringLiteral("source:%1").arg(summary->sourceId));
    QVERIFY(last.result.contains(summary->sha256));
    QVERIFY(last.result.contains(QLatin1String("\"records\":4")));
    auto report = c->verify();
    QVERIFY(report.ok() && report->ok());
}

QTEST_GUILESS_MAIN(TestImportPipeline)
#include "tst_import_pipeline.moc"
