// SPDX-License-Identifier: GPL-3.0-or-later
// The transcript and document views on fixture cases: the turns as a lazy table that pages
// in from the case, the full turn in the details, a search within the transcript; a
// document's pages and their import warnings; and what double-clicking the case explorer
// opens (a view of its own, the records of an account).
#include "app_settings.h"
#include "case_explorer_dock.h"
#include "case_explorer_model.h"
#include "case_session.h"
#include "casefile/case_file.h"
#include "casefile/transcript_store.h"
#include "document_properties_dialog.h"
#include "document_view.h"
#include "ingest/importer.h"
#include "item_views.h"
#include "job_runner.h"
#include "main_window.h"
#include "query_records_model.h"
#include "query_records_view.h"
#include "transcript_turns_model.h"
#include "transcript_view.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextEdit>
#include <QTreeView>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

const Investigator kWho { QStringLiteral("V. Viewer"), QStringLiteral("vviewer") };
// More than two pages of the turns model, so that paging is exercised.
constexpr int kTurns = 450;

QString dataFile(const QString &name)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/") + name;
}

using testing::snapshot;

QModelIndex firstOf(MainWindow &window, CaseExplorerModel::Branch branch)
{
    return window.explorerModel()->index(0, CaseExplorerModel::Name, window.explorerModel()->branchIndex(branch));
}

// Double-clicks an explorer item as a person would.
void doubleClick(MainWindow &window, const QModelIndex &item)
{
    QTreeView *tree = window.explorerDock()->view();
    tree->scrollTo(item);
    const QPoint at = tree->visualRect(item).center();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
}

} // namespace

class TestItemViews : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void turnsModelPassesTester();
    void transcriptViewShowsTurnsAndFinds();
    void documentViewShowsPagesAndWarnings();
    void explorerOpensViewsAndAccounts();

private:
    // A case with a transcript of kTurns turns (no role given), the CJK test PDF and a
    // gateway query log with four records of three accounts.
    QString makeCase(const QString &name);
    bool openInWindow(MainWindow &window, const QString &path);

    QTemporaryDir m_dir;
};

void TestItemViews::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_item_views"));
    QVERIFY(m_dir.isValid());
}

void TestItemViews::init()
{
    QSettings().clear();
    AppSettings().setInvestigatorName(kWho.name);
}

QString TestItemViews::makeCase(const QString &name)
{
    const QString transcriptPath = m_dir.filePath(name + QStringLiteral(".chat.jsonl"));
    {
        QFile out(transcriptPath);
        if (!out.open(QIODevice::WriteOnly))
            qFatal("fixture: cannot write %s", qPrintable(transcriptPath));
        for (int i = 1; i <= kTurns; ++i) {
            const QString prompt = i == 321 ? QStringLiteral("Where is the needle? 针在哪里？")
                                            : QStringLiteral("Question number %1").arg(i);
            const QString answer = i == 321 ? QStringLiteral("The needle is in turn 321.\nSecond line.")
                                            : QStringLiteral("Answer number %1").arg(i);
            out.write(QStringLiteral("{\"id\": \"c%1\", \"model\": \"dd-7b\", \"messages\": [{\"role\": \"user\", "
                                     "\"content\": \"%2\"}, {\"role\": \"assistant\", \"content\": \"%3\"}]}\n")
                          .arg(i)
                          .arg(prompt, QString(answer).replace(QLatin1Char('\n'), QStringLiteral("\\n")))
                          .toUtf8());
        }
    }
    const QString path = m_dir.filePath(name);
    CaseInfo info;
    info.title = QStringLiteral("Views test");
    auto file = CaseFile::create(path, info, kWho);
    if (!file)
        qFatal("fixture: %s", qPrintable(file.error().message));
    ingest::ImportOptions transcript;
    transcript.kind = ingest::SourceKind::Transcript;
    transcript.modelLabel = QStringLiteral("dd-7b");
    if (auto s = ingest::importFile(**file, transcriptPath, transcript); !s)
        qFatal("fixture: %s", qPrintable(s.error().message));
    ingest::ImportOptions document;
    document.kind = ingest::SourceKind::Document;
    if (auto s = ingest::importFile(**file, dataFile(QStringLiteral("ingest_docs/cjk_pdf/cjk_cid_font.pdf")), document);
        !s)
        qFatal("fixture: %s", qPrintable(s.error().message));
    ingest::ImportOptions log;
    if (auto s = ingest::importFile(**file, dataFile(QStringLiteral("ui/import/gateway.jsonl")), log); !s)
        qFatal("fixture: %s", qPrintable(s.error().message));
    return path;
}

bool TestItemViews::openInWindow(MainWindow &window, const QString &path)
{
    QSignalSpy reloaded(window.explorerModel(), &CaseExplorerModel::reloaded);
    if (!testing::openCase(window, path))
        return false;
    return QTest::qWaitFor([&] { return !reloaded.isEmpty(); }, 60000);
}

void TestItemViews::turnsModelPassesTester()
{
    const QString path = makeCase(QStringLiteral("model.lineage"));
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(testing::openCase(session, path));
    auto file = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    auto transcripts = TranscriptStore((*file)->db()).transcripts();
    QVERIFY(transcripts && transcripts->size() == 1);
    const TranscriptRow row = transcripts->at(0);
    QCOMPARE(row.turnCount, qint64(kTurns));

    TranscriptTurnsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTranscript(row);
    QCOMPARE(model.rowCount(), kTurns);
    // A row of the third page is read when asked for, and arrives whole.
    QVERIFY(!model.isRowLoaded(420));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(!model.turn(420));
    WAIT_FOR(model.isRowLoaded(420));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(model.turn(420)->seq, 421);
    QCOMPARE(model.index(420, TranscriptTurnsModel::Prompt).data().toString(), QStringLiteral("Question number 421"));
    QCOMPARE(model.index(420, TranscriptTurnsModel::Answer).data().toString(), QStringLiteral("Answer number 421"));
    QCOMPARE(model.index(420, TranscriptTurnsModel::AnswerChars).data().toString(), QStringLiteral("17"));
    // Pages between are not read just because a later one was.
    QVERIFY(!model.isRowLoaded(250));

    // A search shows the matching turns only; a multi-line answer is one line in the table.
    QSignalSpy finished(&model, &TranscriptTurnsModel::searchFinished);
    model.search(QStringLiteral("needle"));
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.matchTotal(), 1);
    QCOMPARE(model.index(0, TranscriptTurnsModel::Turn).data().toInt(), 321);
    QCOMPARE(model.index(0, TranscriptTurnsModel::Answer).data().toString(),
             QStringLiteral("The needle is in turn 321. ⏎ Second line."));
    model.search(QStringLiteral("number 4"));
    WAIT_FOR(finished.count() == 2);
    // 4, 40..49, 400..450
    QCOMPARE(model.rowCount(), 1 + 10 + 51);
    model.search(QString());
    WAIT_FOR(finished.count() == 3);
    QCOMPARE(model.rowCount(), kTurns);

    // Closing the case empties the model.
    session.close();
    WAIT_FOR(!session.isOpen());
    QCOMPARE(model.rowCount(), 0);
}

void TestItemViews::transcriptViewShowsTurnsAndFinds()
{
    const QString path = makeCase(QStringLiteral("transcript.lineage"));
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(openInWindow(window, path));
    const QModelIndex item = firstOf(window, CaseExplorerModel::Branch::Transcripts);
    QVERIFY(item.isValid());
    auto *view = qobject_cast<TranscriptView *>(window.explorerActivated(item));
    QVERIFY(view);
    WAIT_FOR(view->model()->rowCount() == kTurns);
    // No role was given: the view says so and what it means.
    QVERIFY2(view->headerText().contains(QStringLiteral("role not assigned")), qPrintable(view->headerText()));
    QVERIFY(view->headerText().contains(QStringLiteral("450 turn(s)")));
    QVERIFY(view->headerText().contains(QStringLiteral("transcript.lineage.chat.jsonl")));
    // The first turn is shown in full.
    WAIT_FOR(view->details()->toPlainText().contains(QStringLiteral("Question number 1")));
    QVERIFY(view->details()->toPlainText().contains(QStringLiteral("Turn 1 of 450")));

    // Scrolling to the end reads the last turns; choosing one shows it with its line.
    view->table()->scrollToBottom();
    WAIT_FOR(view->model()->isRowLoaded(kTurns - 1));
    view->table()->setCurrentIndex(view->model()->index(kTurns - 1, TranscriptTurnsModel::Prompt));
    WAIT_FOR(view->details()->toPlainText().contains(QStringLiteral("Answer number 450")));
    QVERIFY2(view->details()->toPlainText().contains(QStringLiteral("line 450 of")),
             qPrintable(view->details()->toPlainText()));

    // Finding text in Chinese narrows the table to the turn and shows it, marked.
    view->searchEdit()->setText(QStringLiteral("针在哪里"));
    QTest::keyClick(view->searchEdit(), Qt::Key_Return);
    WAIT_FOR(view->model()->rowCount() == 1 && view->statusText().contains(QStringLiteral("1 of 450")));
    WAIT_FOR(view->details()->toPlainText().contains(QStringLiteral("The needle is in turn 321.\nSecond line.")));
    QCOMPARE(view->details()->textCursor().block().text().contains(QStringLiteral("针在哪里")), true);
    snapshot(&window, QStringLiteral("transcript-view"));
    // Nothing found says so; clearing the search brings all turns back.
    view->find(QStringLiteral("no such words"));
    WAIT_FOR(view->statusText().contains(QStringLiteral("No turn of 450")));
    QCOMPARE(view->model()->rowCount(), 0);
    view->searchEdit()->clear();
    WAIT_FOR(view->model()->rowCount() == kTurns);

    // Opening it again brings the same tab forward.
    const int tabs = window.tabs()->count();
    QCOMPARE(window.explorerActivated(item), view);
    QCOMPARE(window.tabs()->count(), tabs);
    // The view goes with the case.
    QPointer<TranscriptView> gone(view);
    window.closeCase();
    WAIT_FOR(gone.isNull());
}

void TestItemViews::documentViewShowsPagesAndWarnings()
{
    const QString path = makeCase(QStringLiteral("document.lineage"));
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(openInWindow(window, path));
    const QModelIndex item = firstOf(window, CaseExplorerModel::Branch::Documents);
    QVERIFY(item.isValid());
    auto *view = qobject_cast<DocumentView *>(window.explorerActivated(item));
    QVERIFY(view);
    WAIT_FOR(view->pageCount() == 3);
    QVERIFY2(view->headerText().contains(QStringLiteral("3 page(s)")), qPrintable(view->headerText()));
    QVERIFY(view->headerText().contains(QStringLiteral("cjk_cid_font.pdf")));
    // Page 1 holds the Chinese clause as extracted; no warning there.
    QCOMPARE(view->shownPage(), 1);
    QVERIFY2(view->pageText()->toPlainText().contains(QStringLiteral("不得")),
             qPrintable(view->pageText()->toPlainText()));
    QCOMPARE(view->pageWarning(), QString());
    snapshot(&window, QStringLiteral("document-view"));
    // Page 2 is an image only: the import's warning is shown above its (empty) text.
    view->showPage(2);
    QCOMPARE(view->shownPage(), 2);
    QVERIFY2(view->pageWarning().contains(QStringLiteral("page 2")), qPrintable(view->pageWarning()));
    QVERIFY(!view->pageList()->item(1)->icon().isNull());
    QVERIFY(view->pageList()->item(0)->icon().isNull());
    // Choosing page 3 in the list shows it: its font is one no reader has.
    view->pageList()->setCurrentRow(2);
    QCOMPARE(view->shownPage(), 3);
    QVERIFY2(view->pageWarning().contains(QStringLiteral("page 3")), qPrintable(view->pageWarning()));
    snapshot(&window, QStringLiteral("document-view-warning"));

    // The view's Properties button opens the document's properties.
    const auto buttons = view->findChildren<QPushButton *>();
    QPushButton *properties = nullptr;
    for (QPushButton *b : buttons)
        if (b->text() == QStringLiteral("&Properties…"))
            properties = b;
    QVERIFY(properties);
    QTest::mouseClick(properties, Qt::LeftButton);
    DocumentPropertiesDialog *dialog = nullptr;
    WAIT_FOR((dialog = window.findChild<DocumentPropertiesDialog *>()) != nullptr);
    WAIT_FOR(dialog->isLoaded());
    dialog->reject();
}

void TestItemViews::explorerOpensViewsAndAccounts()
{
    const QString path = makeCase(QStringLiteral("explorer.lineage"));
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(openInWindow(window, path));
    // The gateway log holds four readable records (its fourth line is cut off).
    WAIT_FOR(window.recordsModel()->totalRecords() == 4);

    // A double-click on an account shows its records only.
    const QModelIndex account = firstOf(window, CaseExplorerModel::Branch::Accounts);
    QVERIFY(account.isValid());
    const QString name = account.data().toString();
    doubleClick(window, account);
    QCOMPARE(window.tabs()->currentWidget(), window.recordsView());
    QVERIFY(window.recordsModel()->filter().accountId.has_value());
    WAIT_FOR(window.recordsModel()->totalRecords() < 4 && window.recordsModel()->totalRecords() > 0);
    for (int row = 0; row < window.recordsModel()->rowCount(); ++row) {
        WAIT_FOR(window.recordsModel()->isRowLoaded(row));
        QCOMPARE(window.recordsModel()->index(row, QueryRecordsModel::Account).data().toString(), name);
    }

    // A double-click on a transcript or a document opens its view in a tab of its own.
    doubleClick(window, firstOf(window, CaseExplorerModel::Branch::Transcripts));
    WAIT_FOR(qobject_cast<TranscriptView *>(window.tabs()->currentWidget()) != nullptr);
    doubleClick(window, firstOf(window, CaseExplorerModel::Branch::Documents));
    WAIT_FOR(qobject_cast<DocumentView *>(window.tabs()->currentWidget()) != nullptr);

    // Branches with nothing in them are disabled; one with items is not.
    const CaseExplorerModel *model = window.explorerModel();
    QCOMPARE(model->flags(model->branchIndex(CaseExplorerModel::Branch::Exhibits)), Qt::NoItemFlags);
    QVERIFY(model->flags(model->branchIndex(CaseExplorerModel::Branch::Sources)) & Qt::ItemIsEnabled);
}

QTEST_MAIN(TestItemViews)
#include "tst_item_views.moc"
