// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_session.h"
#include "casefile/case_file.h"
#include "ingest/importer.h"
#include "job_runner.h"
#include "main_window.h"
#include "record_details_dialog.h"
#include "search_hit_dialog.h"
#include "search_results_model.h"
#include "search_view.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

const Investigator kWho{QStringLiteral("R. Analyst"), QStringLiteral("ranalyst")};

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

// The row of the hit of `kind` in `field`, -1 when none.
int rowOf(const SearchResultsModel &model, const QString &kind, const QString &field)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.hit(row)->itemKind == kind && model.hit(row)->field == field)
            return row;
    }
    return -1;
}

} // namespace

class TestSearchView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void englishWord();
    void chineseSubstring();
    void unsearchableQuery();
    void newerQuerySupersedesOlder();
    void doubleClickOpensHit();
    void findActionInMainWindow();

private:
    // Runs `query` in `view` and waits for its reply.
    void searchAndWait(SearchView &view, const QString &query);

    QTemporaryDir m_dir;
    QString m_case;
};

void TestSearchView::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_search_view"));
    QVERIFY(m_dir.isValid());
    m_case = m_dir.filePath(QStringLiteral("search.lineage"));
    CaseInfo info;
    info.title = QStringLiteral("Search");
    auto file = CaseFile::create(m_case, info, kWho);
    QVERIFY(file);
    ingest::ImportOptions logs;
    logs.kind = ingest::SourceKind::QueryLog;
    auto log = ingest::importFile(**file, QStringLiteral(LINEAGE_TEST_DATA "/ui/import/gateway.jsonl"), logs);
    QVERIFY2(log, log ? "" : qPrintable(log.error().message));
    ingest::ImportOptions transcripts;
    transcripts.kind = ingest::SourceKind::Transcript;
    transcripts.modelLabel = QStringLiteral("control-7b");
    auto answers = ingest::importFile(**file, QStringLiteral(LINEAGE_TEST_DATA "/ui/import/answers.json"), transcripts);
    QVERIFY2(answers, answers ? "" : qPrintable(answers.error().message));
    // A third source left out of the index: its text is not found, and the view says so.
    const QString later = m_dir.filePath(QStringLiteral("later.jsonl"));
    QFile out(later);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(R"({"timestamp": "2024-05-02T09:00:00Z", "request_id": "x-1", "account": "acct_delta", "request": )"
              R"({"model": "gpt-4o", "messages": [{"role": "user", "content": "More about distillation please."}]}, )"
              R"("response": {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Sure."}}]}})"
              "\n");
    out.close();
    ingest::ImportOptions unindexed = logs;
    unindexed.buildIndex = false;
    auto deferred = ingest::importFile(**file, later, unindexed);
    QVERIFY2(deferred, deferred ? "" : qPrintable(deferred.error().message));
}

void TestSearchView::searchAndWait(SearchView &view, const QString &query)
{
    QSignalSpy finished(&view, &SearchView::searchFinished);
    view.search(query);
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(finished.at(0).at(0).toString(), query);
}

void TestSearchView::englishWord()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    searchAndWait(view, QStringLiteral("Distillation"));
    const SearchResultsModel &model = *view.model();
    // Line 5 of the gateway log asks for it; the second answer of the transcript explains it.
    QCOMPARE(model.rowCount(), 2);
    const int record = rowOf(model, QStringLiteral("record"), QStringLiteral("prompt"));
    QVERIFY(record >= 0);
    QCOMPARE(cell(model, record, SearchResultsModel::Kind), QStringLiteral("Query record"));
    QCOMPARE(cell(model, record, SearchResultsModel::Source), QStringLiteral("gateway.jsonl"));
    QCOMPARE(cell(model, record, SearchResultsModel::Place), QStringLiteral("line 5"));
    QCOMPARE(cell(model, record, SearchResultsModel::Snippet), QStringLiteral("Translate '[distillation]' into Chinese."));
    const int turn = rowOf(model, QStringLiteral("turn"), QStringLiteral("prompt"));
    QVERIFY(turn >= 0);
    QCOMPARE(cell(model, turn, SearchResultsModel::Kind), QStringLiteral("Transcript turn"));
    QCOMPARE(cell(model, turn, SearchResultsModel::Source), QStringLiteral("answers.json"));
    QVERIFY2(cell(model, turn, SearchResultsModel::Snippet).contains(QStringLiteral("knowledge [distillation] in one")),
             qPrintable(cell(model, turn, SearchResultsModel::Snippet)));
    QVERIFY2(view.statusText().startsWith(QStringLiteral("2 hits in ")), qPrintable(view.statusText()));
    QVERIFY2(view.statusText().contains(QStringLiteral("1 source is not indexed yet")), qPrintable(view.statusText()));
}

void TestSearchView::chineseSubstring()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    searchAndWait(view, QStringLiteral("我是"));
    const SearchResultsModel &model = *view.model();
    QCOMPARE(model.rowCount(), 2);
    const int record = rowOf(model, QStringLiteral("record"), QStringLiteral("prompt"));
    QVERIFY(record >= 0);
    QCOMPARE(cell(model, record, SearchResultsModel::Place), QStringLiteral("line 2"));
    QCOMPARE(cell(model, record, SearchResultsModel::Snippet), QStringLiteral("[我是]谁？请回答。"));
    const int answer = rowOf(model, QStringLiteral("turn"), QStringLiteral("answer"));
    QVERIFY(answer >= 0);
    QCOMPARE(cell(model, answer, SearchResultsModel::Snippet), QStringLiteral("[我是]一个语言模型，由 DeepDistill 训练。"));
    // Two characters that appear apart, never together, are no hit.
    searchAndWait(view, QStringLiteral("是我"));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY2(view.statusText().startsWith(QStringLiteral("0 hits in ")), qPrintable(view.statusText()));
}

void TestSearchView::unsearchableQuery()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    searchAndWait(view, QStringLiteral("primes"));
    QCOMPARE(view.model()->rowCount(), 1);
    // Punctuation alone: nothing runs, the old hits go and the view says why.
    view.search(QStringLiteral("?!"));
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY2(view.statusText().contains(QStringLiteral("Nothing to search for")), qPrintable(view.statusText()));
}

void TestSearchView::newerQuerySupersedesOlder()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    QSignalSpy finished(&view, &SearchView::searchFinished);
    QSignalSpy jobDone(&jobs, &JobRunner::jobFinished);
    view.search(QStringLiteral("distillation"));
    view.search(QStringLiteral("primes")); // before the first reply can arrive
    WAIT_FOR(jobDone.count() == 2);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("primes"));
    QCOMPARE(view.model()->rowCount(), 1);
    QCOMPARE(view.model()->hit(0)->line, qint64(3));
    // The first job's reply was dropped, not delivered.
    int delivered = 0;
    for (const auto &call : jobDone)
        delivered += call.at(1).toBool() ? 1 : 0;
    QCOMPARE(delivered, 1);
}

void TestSearchView::doubleClickOpensHit()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    view.resize(1000, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    searchAndWait(view, QStringLiteral("我是"));
    QCoreApplication::processEvents(); // lays out the new rows
    const int record = rowOf(*view.model(), QStringLiteral("record"), QStringLiteral("prompt"));
    QVERIFY(record >= 0);
    QTableView *table = view.table();
    const QRect rect = table->visualRect(view.model()->index(record, SearchResultsModel::Snippet));
    QCOMPARE(table->indexAt(rect.center()).row(), record);
    // A double-click as a mouse gives it: the press of the first click selects the row.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    RecordDetailsDialog *details = nullptr;
    details = view.findChild<RecordDetailsDialog *>();
    QVERIFY(details);
    QSignalSpy loaded(details, &RecordDetailsDialog::loaded);
    WAIT_FOR(loaded.count() == 1 || details->fieldsText().contains(QStringLiteral("acct_beta")));
    QVERIFY2(details->fieldsText().contains(QStringLiteral("Account: acct_beta")), qPrintable(details->fieldsText()));
    testing::snapshot(&view, QStringLiteral("search_view"));
    details->close();

    const int answer = rowOf(*view.model(), QStringLiteral("turn"), QStringLiteral("answer"));
    QDialog *dialog = view.openHit(answer);
    QVERIFY(dialog);
    auto *text = dialog->findChild<QTextEdit *>(QStringLiteral("searchHitText"));
    QVERIFY(text);
    QCOMPARE(text->toPlainText(), QStringLiteral("我是一个语言模型，由 DeepDistill 训练。"));
    // The match is marked bold; the rest of the text is not.
    QTextCursor cursor(text->document());
    cursor.setPosition(1);
    QCOMPARE(cursor.charFormat().fontWeight(), int(QFont::Bold));
    cursor.setPosition(5);
    QVERIFY(cursor.charFormat().fontWeight() != int(QFont::Bold));
    // Issue 7: the answer comes with its prompt, the model label and its place in the source.
    auto *hitDialog = qobject_cast<SearchHitDialog *>(dialog);
    QVERIFY(hitDialog);
    QVERIFY(hitDialog->otherText());
    QCOMPARE(hitDialog->otherText()->toPlainText(), QStringLiteral("Who are you?"));
    const QString context = hitDialog->contextText();
    QVERIFY2(context.contains(QStringLiteral("Model: control-7b (transcript ")), qPrintable(context));
    QVERIFY2(context.contains(QStringLiteral("Source: answers.json, line 2")), qPrintable(context));
    QVERIFY(context.contains(QStringLiteral("Matched in the answer")));
    testing::snapshot(dialog, QStringLiteral("search_hit_dialog"));
    dialog->close();
}

void TestSearchView::findActionInMainWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(testing::openCase(window, m_case));
    auto *view = window.findChild<SearchView *>();
    QVERIFY(view);
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    QVERIFY(tabs->currentWidget() != view);
    QCOMPARE(view->findAction()->shortcut(), QKeySequence(QKeySequence::Find));
    view->findAction()->trigger();
    QCOMPARE(tabs->currentWidget(), view);
    QTest::keyClicks(view->queryEdit(), QStringLiteral("primes"));
    QSignalSpy finished(view, &SearchView::searchFinished);
    QTest::keyClick(view->queryEdit(), Qt::Key_Return);
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(view->model()->rowCount(), 1);
}

QTEST_MAIN(TestSearchView)
#include "tst_search_view.moc"
