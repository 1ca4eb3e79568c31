// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_settings.h"
#include "audit_trail_model.h"
#include "case_explorer_model.h"
#include "case_session.h"
#include "casefile/case_file.h"
#include "casefile/profile_store.h"
#include "casefile/query_record_store.h"
#include "casefile/search_index.h"
#include "casefile/source_store.h"
#include "casefile/transcript_store.h"
#include "import_confirm_page.h"
#include "import_files_page.h"
#include "import_preview_model.h"
#include "import_preview_page.h"
#include "import_run_page.h"
#include "import_summary_page.h"
#include "import_wizard.h"
#include "main_window.h"
#include "mapping_editor.h"
#include "query_records_model.h"
#include "query_records_view.h"
#include "record_details_dialog.h"
#include "search_indexer.h"
#include "ui_test_support.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

const Investigator kWho { QStringLiteral("R. Analyst"), QStringLiteral("ranalyst") };

QString fixture(const QString &name)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/ui/import/") + name;
}

QString sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

QString cell(const QAbstractItemModel &model, int row, int column, const QModelIndex &parent = {})
{
    return model.data(model.index(row, column, parent)).toString();
}

using testing::snapshot;

qint64 countIn(const QString &casePath, const char *sql)
{
    auto file = CaseFile::open(casePath, kWho, OpenMode::ReadOnly);
    if (!file)
        return -1;
    auto n = (*file)->db().queryInt(sql);
    return n ? *n : -1;
}

} // namespace

class TestImportWizard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void importsGatewayLogWithDiagnostics();
    void refusesTheSameFileTwice();
    void mapsAGenericLogAndSavesTheProfile();
    void cancelLeavesTheCaseUnchanged();
    void guessesACsvMapping();
    void importsATranscriptWithItsRole();
    void transcriptWithoutRoleStaysUnassigned();
    void deferredIndexIsBuiltInTheBackground();

private:
    QString makeCase(const QString &name);
    // Runs the wizard from the preview through the import; returns when the summary shows.
    void runToSummary(ImportWizard *wizard);

    QTemporaryDir m_dir;
};

void TestImportWizard::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_import_wizard"));
    QVERIFY(m_dir.isValid());
}

void TestImportWizard::init()
{
    QSettings().clear();
    AppSettings().setInvestigatorName(kWho.name);
}

QString TestImportWizard::makeCase(const QString &name)
{
    const QString path = m_dir.filePath(name);
    CaseInfo info;
    info.title = QStringLiteral("Import test");
    info.displayTimeZone = QStringLiteral("Asia/Shanghai");
    auto file = CaseFile::create(path, info, kWho);
    if (!file)
        qFatal("fixture: %s", qPrintable(file.error().message));
    return path;
}

void TestImportWizard::runToSummary(ImportWizard *wizard)
{
    QSignalSpy finished(wizard, &ImportWizard::importsFinished);
    QSignalSpy diagnostics(wizard->summaryPage(), &ImportSummaryPage::diagnosticsLoaded);
    wizard->next(); // the Import page: what will be imported, nothing written yet
    QCOMPARE(wizard->currentId(), int(ImportWizard::ConfirmPageId));
    QCOMPARE(wizard->button(QWizard::CommitButton)->text(), QStringLiteral("&Import"));
    QVERIFY(wizard->button(QWizard::CommitButton)->isVisible());
    wizard->next(); // Import
    QCOMPARE(wizard->currentId(), int(ImportWizard::RunPageId));
    WAIT_FOR(finished.count() == 1);
    WAIT_FOR(wizard->currentId() == int(ImportWizard::SummaryPageId));
    WAIT_FOR(diagnostics.count() == 1);
}

void TestImportWizard::importsGatewayLogWithDiagnostics()
{
    const QString casePath = makeCase(QStringLiteral("gateway.lineage"));
    const QString log = fixture(QStringLiteral("gateway.jsonl"));
    MainWindow window;
    QAbstractItemModelTester explorerTester(window.explorerModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester recordsTester(window.recordsModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(testing::openCase(window, casePath));

    ImportWizard *wizard = window.importEvidence({ log });
    QVERIFY(wizard);
    snapshot(wizard, QStringLiteral("wizard-files"));
    QAbstractItemModelTester previewTester(wizard->previewPage()->previewModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy preview(wizard, &ImportWizard::previewReady);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::PreviewPageId));
    WAIT_FOR(preview.count() >= 1 && wizard->previewPage()->isComplete());

    // The sniffed format and the first records as it reads them; the cut-off line is a diagnostic.
    ImportPreviewPage *page = wizard->previewPage();
    QCOMPARE(page->chosenFormat(), QStringLiteral("gateway-log"));
    QVERIFY(!page->needsMapping());
    QVERIFY(page->detectedText().contains(QStringLiteral("gateway-log")));
    const ImportPreviewModel &rows = *page->previewModel();
    QCOMPARE(rows.rowCount(), 4);
    QCOMPARE(cell(rows, 1, 2), QStringLiteral("acct_beta"));
    QCOMPARE(cell(rows, 1, 4), QStringLiteral("我是谁？请回答。"));
    QCOMPARE(cell(rows, 1, 1), QStringLiteral("2024-05-01 20:00:05.000 +08:00"));
    QVERIFY(rows.headerData(1, Qt::Horizontal).toString().contains(QStringLiteral("Asia/Shanghai")));
    QVERIFY(page->problemText().contains(QStringLiteral("line 4")));
    snapshot(wizard, QStringLiteral("wizard-preview"));

    runToSummary(wizard);
    const auto &outcomes = wizard->runPage()->outcomes();
    QCOMPARE(outcomes.size(), 1);
    QVERIFY2(outcomes[0].summary.has_value(), outcomes[0].error ? qPrintable(outcomes[0].error->message) : "");
    QCOMPARE(outcomes[0].summary->records, qint64(4));
    QCOMPARE(outcomes[0].summary->diagnostics, qint64(1));
    QCOMPARE(outcomes[0].summary->sha256, sha256Of(log));

    QTableWidget *files = wizard->summaryPage()->filesTable();
    QCOMPARE(files->rowCount(), 1);
    QCOMPARE(files->item(0, 0)->text(), QStringLiteral("gateway.jsonl"));
    QCOMPARE(files->item(0, 3)->text(), QStringLiteral("4"));
    QCOMPARE(files->item(0, 4)->text(), QStringLiteral("1"));
    QCOMPARE(files->item(0, 7)->text(), sha256Of(log));
    QTableWidget *diagnostics = wizard->summaryPage()->diagnosticsTable();
    QCOMPARE(diagnostics->rowCount(), 1);
    QCOMPARE(diagnostics->item(0, 1)->text(), QStringLiteral("4"));
    QVERIFY(diagnostics->item(0, 5)->text().contains(QStringLiteral("acct_")));
    snapshot(wizard, QStringLiteral("wizard-summary"));

    // The source shows in the explorer with its hash and counts; the records in their table.
    CaseExplorerModel &explorer = *window.explorerModel();
    const QModelIndex sources = explorer.branchIndex(CaseExplorerModel::Branch::Sources);
    WAIT_FOR(explorer.rowCount(sources) == 1);
    QCOMPARE(cell(explorer, 0, CaseExplorerModel::Name, sources), QStringLiteral("gateway.jsonl"));
    const QString details = cell(explorer, 0, CaseExplorerModel::Details, sources);
    QVERIFY2(details.contains(QStringLiteral("4 records")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("1 diagnostics")), qPrintable(details));
    QVERIFY2(details.contains(sha256Of(log).left(12)), qPrintable(details));
    QVERIFY(explorer.data(explorer.index(0, 0, sources), Qt::ToolTipRole).toString().contains(sha256Of(log)));
    WAIT_FOR(explorer.rowCount(explorer.branchIndex(CaseExplorerModel::Branch::Accounts)) == 3);
    WAIT_FOR(window.recordsModel()->rowCount() == 4);

    // A record in full, with the original bytes it was read from.
    QueryRecordsModel &records = *window.recordsModel();
    (void)records.record(1);
    WAIT_FOR(records.isRowLoaded(1));
    RecordDetailsDialog *recordDialog = window.recordsView()->showDetails(1);
    QVERIFY(recordDialog);
    QSignalSpy recordDialogLoaded(recordDialog, &RecordDetailsDialog::loaded);
    WAIT_FOR(recordDialogLoaded.count() == 1);
    QVERIFY2(recordDialog->fieldsText().contains(QStringLiteral("Account: acct_beta")),
             qPrintable(recordDialog->fieldsText()));
    QVERIFY(recordDialog->fieldsText().contains(QStringLiteral("2024-05-01 20:00:05.000 +08:00")));
    // Issue 7: the details name the source file.
    QVERIFY2(recordDialog->fieldsText().contains(QStringLiteral("Source: gateway.jsonl (source #1), line 2")),
             qPrintable(recordDialog->fieldsText()));
    QVERIFY2(recordDialog->rawText().contains(QStringLiteral("\"request_id\": \"r-2\"")),
             qPrintable(recordDialog->rawText()));
    QVERIFY(recordDialog->rawText().contains(QStringLiteral("我是谁？请回答。")));
    snapshot(recordDialog, QStringLiteral("record-details"));
    WAIT_FOR(window.auditModel()->rowCount() == 2);
    QCOMPARE(cell(*window.auditModel(), 1, AuditTrailModel::Action), QStringLiteral("source.import"));
    QVERIFY(cell(*window.auditModel(), 1, AuditTrailModel::Parameters).contains(sha256Of(log))
            || cell(*window.auditModel(), 1, AuditTrailModel::ResultColumn).contains(sha256Of(log)));
}

void TestImportWizard::refusesTheSameFileTwice()
{
    const QString casePath = makeCase(QStringLiteral("duplicate.lineage"));
    const QString log = fixture(QStringLiteral("gateway.jsonl"));
    MainWindow window;
    QVERIFY(testing::openCase(window, casePath));
    for (int round = 0; round < 2; ++round) {
        ImportWizard *wizard = window.importEvidence({ log });
        QSignalSpy preview(wizard, &ImportWizard::previewReady);
        wizard->next();
        WAIT_FOR(preview.count() >= 1 && wizard->previewPage()->isComplete());
        runToSummary(wizard);
        QCOMPARE(wizard->runPage()->outcomes().size(), 1);
        const ImportOutcome &outcome = wizard->runPage()->outcomes().at(0);
        if (round == 0) {
            QVERIFY(outcome.summary.has_value());
        } else {
            QVERIFY(!outcome.summary.has_value());
            QCOMPARE(outcome.error->code, ErrorCode::Duplicate);
            const QString shown = wizard->summaryPage()->filesTable()->item(0, 1)->text();
            QVERIFY2(shown.startsWith(QStringLiteral("not imported")), qPrintable(shown));
            QVERIFY2(shown.contains(QStringLiteral("gateway.jsonl")), qPrintable(shown));
        }
        wizard->close();
    }
    QCOMPARE(countIn(casePath, "SELECT count(*) FROM sources"), qint64(1));
    QCOMPARE(countIn(casePath, "SELECT count(*) FROM query_records"), qint64(4));
}

void TestImportWizard::mapsAGenericLogAndSavesTheProfile()
{
    const QString casePath = makeCase(QStringLiteral("generic.lineage"));
    MainWindow window;
    QVERIFY(testing::openCase(window, casePath));
    ImportWizard *wizard = window.importEvidence({ fixture(QStringLiteral("custom.jsonl")) });
    QSignalSpy preview(wizard, &ImportWizard::previewReady);
    wizard->next();
    WAIT_FOR(preview.count() >= 1);
    ImportPreviewPage *page = wizard->previewPage();
    WAIT_FOR(page->needsMapping());
    // Guessed from the file's keys; the time field is not guessable, so the page waits for it.
    MappingEditor *editor = page->mappingEditor();
    QCOMPARE(editor->field(QStringLiteral("prompt")), QStringLiteral("/input"));
    QCOMPARE(editor->field(QStringLiteral("completion")), QStringLiteral("/output"));
    QCOMPARE(editor->field(QStringLiteral("ip")), QStringLiteral("/who/ip"));
    QVERIFY(editor->field(QStringLiteral("time")).isEmpty());
    QVERIFY(!page->isComplete());
    snapshot(wizard, QStringLiteral("wizard-mapping-guess"));

    editor->setField(QStringLiteral("time"), QStringLiteral("/when"));
    editor->setField(QStringLiteral("account"), QStringLiteral("/who/id"));
    preview.clear();
    page->applyMapping();
    WAIT_FOR(preview.count() >= 1 && page->isComplete());
    QCOMPARE(page->chosenFormat(), QStringLiteral("jsonl-profile"));
    QCOMPARE(page->previewModel()->rowCount(), 3);
    QCOMPARE(cell(*page->previewModel(), 1, 4), QStringLiteral("请总结这篇文章。"));
    QCOMPARE(cell(*page->previewModel(), 1, 2), QStringLiteral("u-2"));

    QSignalSpy saved(page, &ImportPreviewPage::profileSaved);
    page->saveProfile(QStringLiteral("custom-v1"));
    WAIT_FOR(saved.count() == 1);
    snapshot(wizard, QStringLiteral("wizard-mapping-applied"));
    {
        auto file = CaseFile::open(casePath, kWho, OpenMode::ReadOnly);
        QVERIFY(file);
        auto saved = ProfileStore::find((*file)->db(), QStringLiteral("custom-v1"));
        QVERIFY(saved && saved->has_value());
        QCOMPARE(
            (**saved).definition.value(QStringLiteral("fields")).toObject().value(QStringLiteral("time")).toString(),
            QStringLiteral("/when"));
    }

    runToSummary(wizard);
    QCOMPARE(wizard->runPage()->outcomes().size(), 1);
    const ImportOutcome &outcome = wizard->runPage()->outcomes().at(0);
    QVERIFY2(outcome.summary.has_value(), outcome.error ? qPrintable(outcome.error->message) : "");
    QCOMPARE(outcome.summary->records, qint64(3));
    QCOMPARE(outcome.summary->format, QStringLiteral("jsonl-profile"));
    auto file = CaseFile::open(casePath, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    auto records = QueryRecordStore::fetch((*file)->db(), 0, 10);
    QVERIFY(records);
    QCOMPARE(records->size(), 3);
    QCOMPARE(records->at(0).account, QStringLiteral("u-1"));
    QCOMPARE(records->at(1).prompt, QStringLiteral("请总结这篇文章。"));
    QCOMPARE(records->at(2).ip, QStringLiteral("203.0.113.50"));
}

void TestImportWizard::cancelLeavesTheCaseUnchanged()
{
    const QString casePath = makeCase(QStringLiteral("cancel.lineage"));
    // Large enough that the import is still reading when the cancel arrives.
    const QString log = m_dir.filePath(QStringLiteral("big.jsonl"));
    {
        QFile out(log);
        QVERIFY(out.open(QIODevice::WriteOnly));
        for (int i = 0; i < 40000; ++i)
            out.write(QStringLiteral(
                          "{\"timestamp\": %1, \"account\": \"acct_%2\", \"request\": {\"model\": \"gpt-4o\", "
                          "\"messages\": [{\"role\": \"user\", \"content\": \"question %3 about distillation\"}]}, "
                          "\"response\": {\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
                          "\"answer %3 with some padding text to make the line longer than it needs to be\"}, "
                          "\"finish_reason\": \"stop\"}]}}\n")
                          .arg(1714564800 + i)
                          .arg(i % 50)
                          .arg(i)
                          .toUtf8());
    }
    MainWindow window;
    QVERIFY(testing::openCase(window, casePath));
    ImportWizard *wizard = window.importEvidence({ log });
    QSignalSpy preview(wizard, &ImportWizard::previewReady);
    wizard->next();
    WAIT_FOR(preview.count() >= 1 && wizard->previewPage()->isComplete());
    QSignalSpy finished(wizard, &ImportWizard::importsFinished);
    wizard->next(); // the Import page
    wizard->next(); // Import
    QVERIFY(wizard->runPage()->isRunning());
    wizard->runPage()->cancel();
    WAIT_FOR(finished.count() == 1);
    QCOMPARE(wizard->runPage()->outcomes().size(), 1);
    const ImportOutcome &outcome = wizard->runPage()->outcomes().at(0);
    QVERIFY(!outcome.summary.has_value());
    QCOMPARE(outcome.error->code, ErrorCode::Canceled);
    WAIT_FOR(wizard->currentId() == int(ImportWizard::SummaryPageId));
    QVERIFY(wizard->summaryPage()->filesTable()->item(0, 1)->text().startsWith(QStringLiteral("canceled")));
    window.closeCase();
    QCOMPARE(countIn(casePath, "SELECT count(*) FROM sources"), qint64(0));
    QCOMPARE(countIn(casePath, "SELECT count(*) FROM query_records"), qint64(0));
    QCOMPARE(countIn(casePath, "SELECT count(*) FROM blobs"), qint64(0));
    QCOMPARE(countIn(casePath, "SELECT count(*) FROM audit_log"), qint64(1));
}

void TestImportWizard::guessesACsvMapping()
{
    const QString casePath = makeCase(QStringLiteral("csv.lineage"));
    MainWindow window;
    QVERIFY(testing::openCase(window, casePath));
    ImportWizard *wizard = window.importEvidence({ fixture(QStringLiteral("custom.csv")) });
    QSignalSpy preview(wizard, &ImportWizard::previewReady);
    wizard->next();
    WAIT_FOR(preview.count() >= 1 && wizard->previewPage()->isComplete());
    ImportPreviewPage *page = wizard->previewPage();
    QCOMPARE(page->chosenFormat(), QStringLiteral("csv-profile"));
    MappingEditor *editor = page->mappingEditor();
    QVERIFY(editor->isCsv());
    QCOMPARE(editor->field(QStringLiteral("time")), QStringLiteral("timestamp"));
    QCOMPARE(editor->field(QStringLiteral("account")), QStringLiteral("user_id"));
    QCOMPARE(editor->definition().value(QStringLiteral("csv")).toObject().value(QStringLiteral("delimiter")).toString(),
             QStringLiteral(";"));
    QCOMPARE(page->previewModel()->rowCount(), 2);
    QCOMPARE(cell(*page->previewModel(), 0, 4), QStringLiteral("Hello; how are you?"));
    runToSummary(wizard);
    const ImportOutcome &outcome = wizard->runPage()->outcomes().at(0);
    QVERIFY2(outcome.summary.has_value(), outcome.error ? qPrintable(outcome.error->message) : "");
    QCOMPARE(outcome.summary->records, qint64(2));
    QCOMPARE(outcome.summary->diagnostics, qint64(0));
}

void TestImportWizard::importsATranscriptWithItsRole()
{
    const QString casePath = makeCase(QStringLiteral("transcript.lineage"));
    MainWindow window;
    QVERIFY(testing::openCase(window, casePath));
    ImportWizard *wizard = window.importEvidence({ fixture(QStringLiteral("answers.json")) });
    // The kind is guessed from the content (an AlpacaEval file is a transcript), and the role
    // is asked for, not assumed.
    QCOMPARE(wizard->options().kind, ingest::SourceKind::Transcript);
    QVERIFY2(wizard->filesPage()->guessText().contains(QStringLiteral("Guessed from the content: Transcript")),
             qPrintable(wizard->filesPage()->guessText()));
    QCOMPARE(wizard->options().role, ingest::TranscriptRole::Unassigned);
    QVERIFY(wizard->filesPage()->roleHint().contains(QStringLiteral("need a role")));
    wizard->filesPage()->setModelLabel(QStringLiteral("control-7b"));
    wizard->filesPage()->setRole(ingest::TranscriptRole::Control);
    QSignalSpy preview(wizard, &ImportWizard::previewReady);
    wizard->next();
    WAIT_FOR(preview.count() >= 1 && wizard->previewPage()->isComplete());
    ImportPreviewPage *page = wizard->previewPage();
    QCOMPARE(page->chosenFormat(), QStringLiteral("alpaca-eval-json"));
    const ImportPreviewModel &turns = *page->previewModel();
    QCOMPARE(turns.rowCount(), 3);
    QCOMPARE(turns.headerData(3, Qt::Horizontal).toString(), QStringLiteral("Answer"));
    QCOMPARE(cell(turns, 0, 2), QStringLiteral("Who are you?"));
    QCOMPARE(cell(turns, 0, 3), QStringLiteral("我是一个语言模型，由 DeepDistill 训练。"));
    // The Import page says what goes where, with which label and role.
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::ConfirmPageId));
    const QString summary = wizard->confirmPage()->summaryText();
    QVERIFY2(summary.contains(QStringLiteral("Into the case: Import test (%1)").arg(casePath)), qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("Files: answers.json")));
    QVERIFY(summary.contains(QStringLiteral("Kind: transcript")));
    QVERIFY(summary.contains(QStringLiteral("Format: alpaca-eval-json")));
    QVERIFY(summary.contains(QStringLiteral("Model label: control-7b")));
    QVERIFY(summary.contains(QStringLiteral("Role: control")));
    QVERIFY(summary.contains(QStringLiteral("Recorded as the work of: %1").arg(kWho.name)));
    QCOMPARE(wizard->confirmPage()->warningText(), QString());
    snapshot(wizard, QStringLiteral("wizard-confirm"));
    wizard->back();
    runToSummary(wizard);
    const ImportOutcome &outcome = wizard->runPage()->outcomes().at(0);
    QVERIFY2(outcome.summary.has_value(), outcome.error ? qPrintable(outcome.error->message) : "");
    QCOMPARE(outcome.summary->transcripts, qint64(1));
    QCOMPARE(outcome.summary->records, qint64(3));

    CaseExplorerModel &explorer = *window.explorerModel();
    const QModelIndex transcripts = explorer.branchIndex(CaseExplorerModel::Branch::Transcripts);
    WAIT_FOR(explorer.rowCount(transcripts) == 1);
    const QString details = cell(explorer, 0, CaseExplorerModel::Details, transcripts);
    QVERIFY2(details.contains(QStringLiteral("control-7b")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("control")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("3 turns")), qPrintable(details));
}

// Issue 7: a transcript imported without a role stays unassigned, the Import page says so
// first; after the import the window still shows the case, its zone and who is working.
void TestImportWizard::transcriptWithoutRoleStaysUnassigned()
{
    const QString casePath = makeCase(QStringLiteral("unassigned.lineage"));
    MainWindow window;
    window.show();
    QVERIFY(testing::openCase(window, casePath));
    const QString status = window.caseStatusText();
    QVERIFY2(status.contains(casePath) && status.contains(QStringLiteral("Asia/Shanghai")), qPrintable(status));
    // The window names who is working now (the audit trail's investigator), not the case's creator.
    QVERIFY2(window.windowTitle().contains(kWho.name), qPrintable(window.windowTitle()));
    QVERIFY2(window.caseHeaderText().contains(QStringLiteral("working: %1").arg(kWho.name)),
             qPrintable(window.caseHeaderText()));

    ImportWizard *wizard = window.importEvidence({ fixture(QStringLiteral("answers.json")) });
    QSignalSpy preview(wizard, &ImportWizard::previewReady);
    wizard->next();
    WAIT_FOR(preview.count() >= 1 && wizard->previewPage()->isComplete());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::ConfirmPageId));
    QVERIFY(wizard->confirmPage()->summaryText().contains(QStringLiteral("Role: not assigned")));
    QVERIFY2(wizard->confirmPage()->warningText().contains(QStringLiteral("No role is given")),
             qPrintable(wizard->confirmPage()->warningText()));
    QSignalSpy finished(wizard, &ImportWizard::importsFinished);
    wizard->next();
    WAIT_FOR(finished.count() == 1);
    WAIT_FOR(wizard->currentId() == int(ImportWizard::SummaryPageId));
    wizard->accept();

    CaseExplorerModel &explorer = *window.explorerModel();
    const QModelIndex transcripts = explorer.branchIndex(CaseExplorerModel::Branch::Transcripts);
    WAIT_FOR(explorer.rowCount(transcripts) == 1);
    const QString details = cell(explorer, 0, CaseExplorerModel::Details, transcripts);
    QVERIFY2(details.contains(QStringLiteral("role not assigned")), qPrintable(details));
    auto file = CaseFile::open(casePath, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    auto stored = TranscriptStore((*file)->db()).transcripts();
    QVERIFY(stored && stored->size() == 1);
    QCOMPARE(stored->at(0).role, QStringLiteral("unassigned"));
    // The status bar still holds the case and its zone once the import's messages are gone.
    WAIT_FOR(window.statusBar()->currentMessage().isEmpty());
    QCOMPARE(window.caseStatusText(), status);
    QVERIFY(window.statusBar()->findChild<QLabel *>(QStringLiteral("caseStatus"))->isVisible());
    QVERIFY(window.windowTitle().contains(kWho.name));
}

void TestImportWizard::deferredIndexIsBuiltInTheBackground()
{
    const QString casePath = makeCase(QStringLiteral("deferred-index.lineage"));
    MainWindow window;
    QVERIFY(testing::openCase(window, casePath));
    QSignalSpy indexed(window.indexer(), &SearchIndexer::indexed);
    ImportWizard *wizard = window.importEvidence({ fixture(QStringLiteral("gateway.jsonl")) });
    wizard->filesPage()->setBuildIndex(false);
    QSignalSpy preview(wizard, &ImportWizard::previewReady);
    wizard->next();
    WAIT_FOR(preview.count() >= 1 && wizard->previewPage()->isComplete());
    QVERIFY(!wizard->options().buildIndex);
    runToSummary(wizard);
    QVERIFY(wizard->runPage()->outcomes().at(0).summary.has_value());
    QVERIFY(!wizard->runPage()->outcomes().at(0).summary->indexed);
    // The import left the source out of the index; the window builds it afterwards.
    WAIT_FOR(indexed.count() == 1);
    QCOMPARE(indexed.at(0).at(0).toInt(), 1);
    window.closeCase();
    auto file = CaseFile::open(casePath, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    auto pending = SourceStore::unindexed((*file)->db());
    QVERIFY(pending && pending->isEmpty());
    auto hits = SearchIndex::search((*file)->db(), QStringLiteral("蒸馏"));
    QVERIFY(hits);
    QCOMPARE(hits->size(), 1);
}

QTEST_MAIN(TestImportWizard)
#include "tst_import_wizard.moc"
