// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_session.h"
#include "casefile/case_file.h"
#include "casefile/record_pager.h"
#include "ingest/importer.h"
#include "job_runner.h"
#include "query_records_model.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

const Investigator kWho { QStringLiteral("R. Analyst"), QStringLiteral("ranalyst") };
constexpr int kRecords = 13000; // more pages (51) than the model caches (48)
constexpr qint64 kStart = 1714564800; // 2024-05-01T12:00:00Z

QString account(int i)
{
    return QStringLiteral("acct_%1").arg(i % 7);
}

} // namespace

class TestQueryRecordsModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void rowsArriveByPage();
    void rowsGrowWhileCounting();
    void cacheStaysBounded();
    void filterBySourceAndStaleReplies();
    void viewScrollsToTheEnd();

private:
    QTemporaryDir m_dir;
    QString m_case;
    qint64 m_smallSource = 0;
};

void TestQueryRecordsModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString log = m_dir.filePath(QStringLiteral("gateway.jsonl"));
    QFile out(log);
    QVERIFY(out.open(QIODevice::WriteOnly));
    for (int i = 0; i < kRecords; ++i)
        out.write(QStringLiteral(
                      "{\"timestamp\": %1, \"account\": \"%2\", \"request\": {\"model\": \"gpt-4o\", \"messages\": "
                      "[{\"role\": \"user\", \"content\": \"question %3\"}]}, \"response\": {\"choices\": "
                      "[{\"message\": {\"role\": \"assistant\", \"content\": \"answer %3\"}, \"finish_reason\": "
                      "\"stop\"}]}}\n")
                      .arg(kStart + i)
                      .arg(account(i))
                      .arg(i)
                      .toUtf8());
    out.close();

    m_case = m_dir.filePath(QStringLiteral("records.lineage"));
    CaseInfo info;
    info.title = QStringLiteral("Records");
    info.displayTimeZone = QStringLiteral("Europe/Berlin");
    auto file = CaseFile::create(m_case, info, kWho);
    QVERIFY(file);
    ingest::ImportOptions options;
    options.kind = ingest::SourceKind::QueryLog;
    options.buildIndex = false;
    auto big = ingest::importFile(**file, log, options);
    QVERIFY2(big, big ? "" : qPrintable(big.error().message));
    QCOMPARE(big->records, qint64(kRecords));
    auto small = ingest::importFile(**file, QStringLiteral(LINEAGE_TEST_DATA "/ui/import/gateway.jsonl"), options);
    QVERIFY2(small, small ? "" : qPrintable(small.error().message));
    QCOMPARE(small->records, qint64(4));
    m_smallSource = small->sourceId;
}

void TestQueryRecordsModel::rowsGrowWhileCounting()
{
    // Ten million records take seconds to count: the rows counted so far are shown first and
    // the table grows; `reloaded` comes once, with the total.
    JobRunner jobs;
    CaseSession session(&jobs);
    QueryRecordsModel model(&session);
    model.setCountStep(1000);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reloaded(&model, &QueryRecordsModel::reloaded);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(testing::openCase(session, m_case));
    WAIT_FOR(reloaded.count() == 1);
    QVERIFY(model.isComplete());
    QCOMPARE(model.rowCount(), kRecords + 4);
    QVERIFY2(inserted.count() >= kRecords / 1000, qPrintable(QString::number(inserted.count())));
    int rows = 0;
    for (const QList<QVariant> &args : std::as_const(inserted)) {
        QCOMPARE(args.at(1).toInt(), rows); // each growth starts where the last ended
        rows = args.at(2).toInt() + 1;
    }
    QCOMPARE(rows, kRecords + 4);
    // Counted in chunks, the anchors are those of one scan, with and without a filter.
    {
        auto file = casefile::CaseFile::open(m_case, kWho, casefile::OpenMode::ReadOnly);
        QVERIFY(file);
        for (const std::optional<qint64> &source : { std::optional<qint64>(), std::optional<qint64>(m_smallSource) }) {
            casefile::QueryRecordFilter filter;
            filter.sourceId = source;
            auto whole = casefile::RecordPager::anchors((*file)->db(), filter, QueryRecordsModel::kPageSize);
            QVERIFY(whole && whole->complete);
            casefile::RecordPageAnchors chunked;
            chunked.pageSize = QueryRecordsModel::kPageSize;
            int chunks = 0;
            while (!chunked.complete && chunks < 100000) {
                QVERIFY(casefile::RecordPager::extend((*file)->db(), filter, chunked, 777));
                ++chunks;
            }
            QCOMPARE(chunked.total, whole->total);
            QCOMPARE(chunked.firstIds, whole->firstIds);
            QCOMPARE(chunked.lastId, whole->lastId);
            QCOMPARE(chunks, int(whole->total / 777) + 1);
        }
    }
    // The pages are the same as without partial counts: the last row is the last record.
    WAIT_FOR((model.index(kRecords + 3, 0).data(), model.isRowLoaded(kRecords + 3)));
    QCOMPARE(reloaded.count(), 1);
}

void TestQueryRecordsModel::rowsArriveByPage()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QueryRecordsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reloaded(&model, &QueryRecordsModel::reloaded);
    QVERIFY(testing::openCase(session, m_case));
    WAIT_FOR(reloaded.count() == 1);
    QCOMPARE(model.rowCount(), kRecords + 4);
    QCOMPARE(model.headerData(QueryRecordsModel::Time, Qt::Horizontal).toString(),
             QStringLiteral("Time (Europe/Berlin, with ms)"));

    // A row of a page not read yet: a placeholder first, then the record.
    const int row = 12345;
    QVERIFY(!model.isRowLoaded(row));
    QCOMPARE(model.index(row, QueryRecordsModel::Prompt).data().toString(), QStringLiteral("loading…"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    WAIT_FOR(model.isRowLoaded(row));
    const bool announced = std::any_of(changed.cbegin(), changed.cend(), [&](const QList<QVariant> &args) {
        return args.at(0).toModelIndex().row() <= row && row <= args.at(1).toModelIndex().row();
    });
    QVERIFY(announced);
    QCOMPARE(model.index(row, QueryRecordsModel::Account).data().toString(), account(row));
    QCOMPARE(model.index(row, QueryRecordsModel::Prompt).data().toString(), QStringLiteral("question %1").arg(row));
    QCOMPARE(model.index(row, QueryRecordsModel::Completion).data().toString(), QStringLiteral("answer %1").arg(row));
    // 2024-05-01T12:00:00Z + 12345 s = 2024-05-01T15:25:45Z, summer time in Berlin.
    QCOMPARE(model.index(row, QueryRecordsModel::Time).data().toString(),
             QStringLiteral("2024-05-01 17:25:45.000 +02:00"));
    // Issue 7: the source is named by its file.
    QCOMPARE(model.index(row, QueryRecordsModel::Source).data().toString(),
             QStringLiteral("gateway.jsonl, line 12,346"));
}

void TestQueryRecordsModel::cacheStaysBounded()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QueryRecordsModel model(&session);
    QSignalSpy reloaded(&model, &QueryRecordsModel::reloaded);
    QVERIFY(testing::openCase(session, m_case));
    WAIT_FOR(reloaded.count() == 1);
    const int pages = (model.rowCount() + QueryRecordsModel::kPageSize - 1) / QueryRecordsModel::kPageSize;
    QVERIFY(pages > QueryRecordsModel::kMaxCachedPages);
    for (int page = 0; page < pages; ++page) {
        const int row = page * QueryRecordsModel::kPageSize;
        (void)model.record(row);
        WAIT_FOR(model.isRowLoaded(row));
        QCOMPARE(model.record(row)->prompt,
                 row < kRecords ? QStringLiteral("question %1").arg(row)
                                : QStringLiteral("Think step by step: why is the sky blue?"));
    }
    QCOMPARE(model.cachedPageCount(), QueryRecordsModel::kMaxCachedPages);
    // The first page was evicted; asking again reads it again, with the same rows.
    QVERIFY(!model.isRowLoaded(5));
    QVERIFY(model.record(5) == nullptr);
    WAIT_FOR(model.isRowLoaded(5));
    QCOMPARE(model.record(5)->prompt, QStringLiteral("question 5"));
}

void TestQueryRecordsModel::filterBySourceAndStaleReplies()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QueryRecordsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reloaded(&model, &QueryRecordsModel::reloaded);
    QVERIFY(testing::openCase(session, m_case));
    WAIT_FOR(reloaded.count() == 1);

    QueryRecordFilter small;
    small.sourceId = m_smallSource;
    reloaded.clear();
    model.setFilter(small);
    WAIT_FOR(reloaded.count() == 1);
    QCOMPARE(model.rowCount(), 4);
    WAIT_FOR(model.isRowLoaded(3));
    QCOMPARE(model.index(1, QueryRecordsModel::Account).data().toString(), QStringLiteral("acct_beta"));

    // Two filters in a row: the reply to the first is stale and must not show.
    reloaded.clear();
    model.setFilter({});
    model.setFilter(small);
    WAIT_FOR(reloaded.count() >= 1);
    QCOMPARE(reloaded.count(), 1);
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(model.filter().sourceId == m_smallSource);
}

void TestQueryRecordsModel::viewScrollsToTheEnd()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QueryRecordsModel model(&session);
    QSignalSpy reloaded(&model, &QueryRecordsModel::reloaded);
    QVERIFY(testing::openCase(session, m_case));
    WAIT_FOR(reloaded.count() == 1);
    QTableView view;
    view.setModel(&model);
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.scrollToBottom();
    const int lastRow = model.rowCount() - 1;
    WAIT_FOR(model.isRowLoaded(lastRow));
    QCOMPARE(model.index(lastRow, QueryRecordsModel::Prompt).data().toString(),
             QStringLiteral("Translate 'distillation' into Chinese."));
    // Only what the view showed was read: the start and the end, not the middle.
    QVERIFY(!model.isRowLoaded(kRecords / 2));
    QVERIFY(model.cachedPageCount() <= 3);
}

QTEST_MAIN(TestQueryRecordsModel)
#include "tst_query_records_model.moc"
