// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/result.h"
#include "job_progress_widget.h"
#include "job_runner.h"
#include "ui_test_support.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace lineage;
using namespace lineage::ui;

namespace {

// Work that runs until it is canceled, as long core work does.
Result<int> untilCanceled(Feedback &feedback, int value)
{
    while (!feedback.isCanceled())
        QThread::msleep(2);
    if (value < 0)
        return makeError(ErrorCode::Canceled, QStringLiteral("canceled"));
    return value;
}

} // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT
private slots:
    void deliversResultOnUiThread();
    void supersededReplyIsDropped();
    void userCancelIsReported();
    void invalidateDropsEveryReply();
    void destroyedContextGetsNoReply();
    void progressReachesWidget();
    void widgetHidesWhenShownJobsEndInAnyOrder();
};

void TestJobRunner::deliversResultOnUiThread()
{
    JobRunner runner;
    QThread *workerThread = nullptr;
    QThread *doneThread = nullptr;
    int delivered = 0;
    runner.run<int>(
        QStringLiteral("k"), QStringLiteral("sum"),
        [&](Feedback &) {
            workerThread = QThread::currentThread();
            int sum = 0;
            for (int i = 1; i <= 100; ++i)
                sum += i;
            return sum;
        },
        &runner,
        [&](int value) {
            delivered = value;
            doneThread = QThread::currentThread();
        });
    WAIT_FOR(delivered == 5050);
    QCOMPARE(doneThread, QThread::currentThread());
    QVERIFY(workerThread != QThread::currentThread());
    QCOMPARE(runner.runningCount(), 0);
}

void TestJobRunner::supersededReplyIsDropped()
{
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::jobFinished);
    QList<int> delivered;
    auto deliver = [&](Result<int> r) { delivered.append(r ? *r : -1); };
    runner.run<Result<int>>(
        QStringLiteral("load"), QStringLiteral("first"), [](Feedback &f) { return untilCanceled(f, 1); }, &runner,
        deliver);
    // The second job with the same key cancels the first; the first's reply must not arrive.
    const quint64 second = runner.run<Result<int>>(
        QStringLiteral("load"), QStringLiteral("second"), [](Feedback &) { return Result<int>(2); }, &runner, deliver);
    WAIT_FOR(finished.count() == 2);
    QCOMPARE(delivered, QList<int> { 2 });
    bool secondDelivered = false;
    for (const auto &args : finished)
        if (args.at(0).toULongLong() == second)
            secondDelivered = args.at(1).toBool();
    QVERIFY(secondDelivered);
}

void TestJobRunner::userCancelIsReported()
{
    JobRunner runner;
    std::optional<Result<int>> delivered;
    const quint64 id = runner.run<Result<int>>(
        QStringLiteral("verify"), QStringLiteral("verify"), [](Feedback &f) { return untilCanceled(f, -1); }, &runner,
        [&](Result<int> r) { delivered.emplace(r); });
    QVERIFY(runner.isRunning(QStringLiteral("verify")));
    runner.cancel(id);
    WAIT_FOR(delivered.has_value());
    QVERIFY(!delivered->ok());
    QCOMPARE(delivered->error().code, ErrorCode::Canceled);
}

void TestJobRunner::invalidateDropsEveryReply()
{
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::jobFinished);
    int delivered = 0;
    for (const auto &key : { QStringLiteral("a"), QStringLiteral("b") })
        runner.run<Result<int>>(
            key, key, [](Feedback &f) { return untilCanceled(f, 1); }, &runner, [&](Result<int>) { ++delivered; });
    runner.invalidateAll();
    WAIT_FOR(finished.count() == 2);
    QCOMPARE(delivered, 0);
    QCOMPARE(runner.runningCount(), 0);
}

void TestJobRunner::destroyedContextGetsNoReply()
{
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::jobFinished);
    int delivered = 0;
    auto *context = new QObject;
    const quint64 id = runner.run<Result<int>>(
        QStringLiteral("k"), QStringLiteral("k"), [](Feedback &f) { return untilCanceled(f, 1); }, context,
        [&](Result<int>) { ++delivered; });
    delete context;
    runner.cancel(id);
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(delivered, 0);
}

void TestJobRunner::progressReachesWidget()
{
    JobRunner runner;
    JobProgressWidget widget(&runner);
    QSignalSpy progress(&runner, &JobRunner::progressChanged);
    bool done = false;
    const quint64 id = runner.run<Result<int>>(
        QStringLiteral("import"), QStringLiteral("Importing log.jsonl"),
        [](Feedback &f) {
            f.setPhase(QStringLiteral("Reading"), 1000, QStringLiteral("records"));
            f.setProgress(250, 42);
            return untilCanceled(f, 1);
        },
        &runner, [&](Result<int>) { done = true; });
    QVERIFY(!widget.isHidden());
    WAIT_FOR(!progress.isEmpty() && progress.last().at(0).value<JobProgress>().done == 250);
    const JobProgress p = progress.last().at(0).value<JobProgress>();
    QCOMPARE(p.total, qint64(1000));
    QCOMPARE(p.items, qint64(42));
    QCOMPARE(p.phase, QStringLiteral("Reading"));
    QVERIFY(widget.text().contains(QStringLiteral("Importing log.jsonl")));
    QVERIFY(widget.text().contains(QStringLiteral("42 records")));
    runner.cancel(id);
    WAIT_FOR(done);
    QVERIFY(widget.isHidden());
}

// A shown job that started first and ends last, with a quiet background load still running:
// the progress bar must go away (it stayed up for good before).
void TestJobRunner::widgetHidesWhenShownJobsEndInAnyOrder()
{
    JobRunner runner;
    JobProgressWidget widget(&runner);
    int finished = 0;
    auto work = [](Feedback &f) { return untilCanceled(f, 1); };
    const quint64 first = runner.run<Result<int>>(QStringLiteral("index"), QStringLiteral("Building the index"), work,
                                                  &runner, [&](Result<int>) { ++finished; });
    const quint64 second = runner.run<Result<int>>(QStringLiteral("verify"), QStringLiteral("Verifying"), work,
                                                   &runner, [&](Result<int>) { ++finished; });
    const quint64 quiet = runner.run<Result<int>>(QStringLiteral("load"), QStringLiteral("Loading"), work, &runner,
                                                  [&](Result<int>) { ++finished; }, JobRunner::Visibility::Quiet);
    QVERIFY(!widget.isHidden());
    // Painting while jobs occupy the workers must not wait on them (it hung when jobs ran
    // on the global pool, which Qt's raster engine also uses).
    widget.resize(600, 40);
    widget.repaint();
    runner.cancel(second);
    WAIT_FOR(finished == 1);
    QVERIFY(!widget.isHidden()); // the first job still runs
    runner.cancel(first);
    WAIT_FOR(finished == 2);
    QVERIFY(widget.isHidden());  // only the quiet load is left
    QCOMPARE(runner.shownCount(), 0);
    QCOMPARE(runner.runningCount(), 1);
    runner.cancel(quiet);
    WAIT_FOR(finished == 3);
}

QTEST_MAIN(TestJobRunner)
#include "tst_job_runner.moc"
