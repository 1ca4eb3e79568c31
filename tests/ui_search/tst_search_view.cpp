// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_session.h"
#include "casefile/case_file.h"
#include "ingest/importer.h"
#include "job_runner.h"
#include "main_window.h"
#include "app_settings.h"
#include "record_details_dialog.h"
#include "search_hit_dialog.h"
#include "search_results_model.h"
#include "search_view.h"
#include "annotation_controller.h"
#include "batch_search_dialog.h"
#include "batch_search_model.h"
#include "casefile/audit_log.h"
#include "casefile/batch_search.h"
#include "ui_test_support.h"

#include <QMenu>
#include <QPointer>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>

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
using lineage::ui::AppSettings;

namespace {

const Investigator kWho{QStringLiteral("R. Analyst"), QStringLiteral("ranalyst")};

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

// RFC 4180 records of `csv` (quoted fields with commas, quotes and line breaks).
QList<QStringList> parseCsv(const QByteArray &csv)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    const QString text = QString::fromUtf8(csv);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

QAction *actionNamed(QMenu *menu, const QString &text)
{
    for (QAction *a : menu->actions())
        if (a->text() == text || a->objectName() == text)
            return a;
    return nullptr;
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
    void syntaxTooltip();
    void stopRunningSearch();
    void historyOfSearches();
    void savedSearchesUndoable();
    void batchSearchDialog();

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

void TestSearchView::syntaxTooltip()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    SearchView view(&session);
    const QString tip = view.queryEdit()->toolTip();
    // Every form the query line understands is explained.
    for (const char *part : { "\"as an AI model\"", "distil*", "我是", "every word is required", "Case and accents" })
        QVERIFY2(tip.contains(QString::fromUtf8(part)), part);
    QCOMPARE(tip, SearchIndex::syntaxHelp());
}

void TestSearchView::stopRunningSearch()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    QVERIFY(!view.stopButton()->isEnabled());
    QSignalSpy finished(&view, &SearchView::searchFinished);
    view.search(QStringLiteral("Distillation"));
    QVERIFY(view.isSearching());
    QVERIFY(view.stopButton()->isEnabled());
    view.stopButton()->click();
    QVERIFY(!view.isSearching());
    QVERIFY(!view.stopButton()->isEnabled());
    QVERIFY2(view.statusText().contains(QLatin1String("stopped")), qPrintable(view.statusText()));
    // Its worker ends, and whatever it found is not shown.
    WAIT_FOR(!jobs.isRunning(QLatin1String(SearchView::kJobKey)));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY(view.statusText().contains(QLatin1String("stopped")));
    // The next search runs as usual.
    searchAndWait(view, QStringLiteral("primes"));
    QCOMPARE(view.model()->rowCount(), 1);
}

void TestSearchView::historyOfSearches()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    AppSettings().clearSearchHistory(m_case);
    searchAndWait(view, QStringLiteral("Distillation"));
    searchAndWait(view, QStringLiteral("我是"));
    searchAndWait(view, QStringLiteral("Distillation"));
    // Newest first, each query once.
    QCOMPARE(view.history(), (QStringList { QStringLiteral("Distillation"), QStringLiteral("我是") }));
    QMenu *menu = view.historyButton()->menu();
    emit menu->aboutToShow();
    QAction *chinese = actionNamed(menu, QStringLiteral("我是"));
    QVERIFY(chinese);
    QSignalSpy finished(&view, &SearchView::searchFinished);
    chinese->trigger();
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(view.queryEdit()->text(), QStringLiteral("我是"));
    QVERIFY(view.model()->rowCount() > 0);
}

void TestSearchView::savedSearchesUndoable()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    AnnotationController controller(&session);
    SearchView view(&session, &controller);
    WAIT_FOR(!jobs.isRunning(QStringLiteral("saved-searches")));
    QCOMPARE(view.savedSearches().size(), 0);
    view.queryEdit()->setText(QStringLiteral("primes"));
    QMenu *menu = view.savedButton()->menu();
    emit menu->aboutToShow();
    QAction *save = actionNamed(menu, QStringLiteral("saveSearchAction"));
    QVERIFY(save && save->isEnabled());
    view.saveSearch(QStringLiteral("distill"), QStringLiteral("primes"));
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(view.savedSearches().size() == 1);
    QCOMPARE(view.savedSearches().front().definition, QStringLiteral("primes"));
    // The menu lists it; choosing it runs it.
    emit menu->aboutToShow();
    QAction *saved = actionNamed(menu, QStringLiteral("distill"));
    QVERIFY(saved);
    view.queryEdit()->clear();
    QSignalSpy finished(&view, &SearchView::searchFinished);
    saved->trigger();
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(view.model()->rowCount(), 1);
    // Undo takes it out, redo puts it back; each a new audit entry.
    auto before = CaseFile::open(m_case, kWho, OpenMode::ReadOnly);
    QVERIFY(before);
    const qint64 entries = *AuditLog::count((*before)->db());
    before->reset();
    QVERIFY(controller.undoAction()->text().contains(QLatin1String("Save search")));
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(view.savedSearches().isEmpty());
    controller.redoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(view.savedSearches().size() == 1);
    view.removeSavedSearch(QStringLiteral("distill"));
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(view.savedSearches().isEmpty());
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(view.savedSearches().size() == 1);
    auto after = CaseFile::open(m_case, kWho, OpenMode::ReadOnly);
    QVERIFY(after);
    QCOMPARE(*AuditLog::count((*after)->db()), entries + 4);
    auto problems = AuditLog::verify((*after)->db());
    QVERIFY(problems && problems->isEmpty());
}

void TestSearchView::batchSearchDialog()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, m_case));
    SearchView view(&session);
    QPointer<QDialog> opened = view.openBatchSearch();
    QVERIFY(opened);
    auto *dialog = qobject_cast<BatchSearchDialog *>(opened.data());
    QVERIFY(dialog);
    QAbstractItemModelTester tester(dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog->listEdit()->setPlainText(QStringLiteral("# suspects\nprimes\n\n我是\nno such phrase anywhere\n"));
    QSignalSpy finished(dialog, &BatchSearchDialog::finished);
    dialog->run();
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(dialog->model()->rowCount(), 3);
    QCOMPARE(cell(*dialog->model(), 0, BatchSearchModel::Term), QStringLiteral("primes"));
    QCOMPARE(dialog->model()->result(0)->count, 1);
    QCOMPARE(dialog->model()->result(2)->count, 0);
    QVERIFY(dialog->statusText().contains(QLatin1String("2 of 3")));
    // Sorting by hits puts the most found first, and leaves the CSV's order alone.
    dialog->table()->sortByColumn(BatchSearchModel::Count, Qt::DescendingOrder);
    for (int r = 1; r < dialog->model()->rowCount(); ++r)
        QVERIFY(dialog->model()->result(r - 1)->count >= dialog->model()->result(r)->count);
    QCOMPARE(dialog->model()->results().front().term, QStringLiteral("primes"));
    // The CSV re-read equals the rows: one per hit, one for a string without.
    const QString csv = m_dir.filePath(QStringLiteral("hits.csv"));
    QVERIFY(dialog->saveCsv(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(f.readAll());
    QCOMPARE(rows.front(), QString::fromLatin1("term,count,kind,id,field,source,line,page,snippet").split(QLatin1Char(',')));
    int expected = 1;
    for (const auto &r : dialog->model()->results())
        expected += int(qMax<qsizetype>(1, r.hits.size()));
    QCOMPARE(rows.size(), expected);
    int at = 1;
    for (const auto &r : dialog->model()->results()) {
        for (qsizetype h = 0; h < qMax<qsizetype>(1, r.hits.size()); ++h, ++at) {
            QCOMPARE(rows[at][0], r.term);
            QCOMPARE(rows[at][1].toLongLong(), r.count);
            if (!r.hits.isEmpty()) {
                QCOMPARE(rows[at][2], r.hits[h].itemKind);
                QCOMPARE(rows[at][3].toLongLong(), r.hits[h].itemId);
                QCOMPARE(rows[at][8], r.hits[h].snippet);
            }
        }
    }
    // Stop: the run ends and nothing of it is shown.
    dialog->run();
    QVERIFY(dialog->isRunning());
    dialog->stop();
    QVERIFY(!dialog->isRunning());
    QCOMPARE(dialog->model()->rowCount(), 0);
    QVERIFY(dialog->statusText().contains(QLatin1String("stopped")));
    testing::snapshot(dialog, QStringLiteral("batch_search"));
    dialog->close();
    WAIT_FOR(!opened);
}

QTEST_MAIN(TestSearchView)
#include "tst_search_view.moc"
