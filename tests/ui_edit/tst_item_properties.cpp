// SPDX-License-Identifier: GPL-3.0-or-later
// Transcript and document properties edited through their dialogs on a fixture case: the
// case holds the new values, the events and the audit entries; the explorer and the audit
// trail follow.
#include "app_settings.h"
#include "audit_trail_model.h"
#include "case_explorer_dock.h"
#include "case_explorer_model.h"
#include "case_session.h"
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/document_store.h"
#include "casefile/event_store.h"
#include "casefile/transcript_store.h"
#include "date_candidates_model.h"
#include "document_properties_dialog.h"
#include "ingest/importer.h"
#include "main_window.h"
#include "transcript_properties_dialog.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

const Investigator kWho { QStringLiteral("E. Editor"), QStringLiteral("eeditor") };

QString fixture(const QString &name)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/ui_edit/") + name;
}

using testing::snapshot;

// The audit entries written after `seq` with this action.
QList<AuditEntry> auditEntries(const QString &path, qint64 afterSeq, const QString &action)
{
    QList<AuditEntry> found;
    auto file = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    if (!file)
        return found;
    auto entries = AuditLog::entries((*file)->db(), afterSeq + 1);
    if (!entries)
        return found;
    for (const AuditEntry &e : *entries)
        if (e.action == action)
            found.append(e);
    return found;
}

qint64 auditCount(const QString &path)
{
    auto file = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    if (!file)
        return -1;
    auto n = AuditLog::count((*file)->db());
    return n ? *n : -1;
}

// The first item of `branch` in the window's case explorer, in `column`.
QModelIndex firstOf(MainWindow &window, CaseExplorerModel::Branch branch,
                    CaseExplorerModel::Column column = CaseExplorerModel::Name)
{
    return window.explorerModel()->index(0, column, window.explorerModel()->branchIndex(branch));
}

bool auditTrailShows(const AuditTrailModel *model, const QString &action)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->entry(row).action == action)
            return true;
    return false;
}

} // namespace

class TestItemProperties : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void candidatesModelPassesTester();
    void transcriptLabelAndRoleAreSaved();
    void documentFieldsAndDatesAreSaved();
    void effectiveDateCanBeCleared();
    void reachableFromEditMenuAndExplorer();
    void demoCaseSnapshot();

private:
    // A case with one two-conversation transcript file and one text document.
    QString makeCase(const QString &name);
    // Opens `path` in `window` and returns the explorer index of the first item of `branch`.
    QModelIndex firstItem(MainWindow &window, const QString &path, CaseExplorerModel::Branch branch);

    QTemporaryDir m_dir;
};

void TestItemProperties::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_item_properties"));
    QVERIFY(m_dir.isValid());
}

void TestItemProperties::init()
{
    QSettings().clear();
    AppSettings().setInvestigatorName(kWho.name);
}

QString TestItemProperties::makeCase(const QString &name)
{
    const QString path = m_dir.filePath(name);
    CaseInfo info;
    info.title = QStringLiteral("Edit test");
    auto file = CaseFile::create(path, info, kWho);
    if (!file)
        qFatal("fixture: %s", qPrintable(file.error().message));
    ingest::ImportOptions transcript;
    transcript.kind = ingest::SourceKind::Transcript;
    transcript.modelLabel = QStringLiteral("dd-7b");
    transcript.role = ingest::TranscriptRole::Provider;
    if (auto s = ingest::importFile(**file, fixture(QStringLiteral("chat.jsonl")), transcript); !s)
        qFatal("fixture: %s", qPrintable(s.error().message));
    ingest::ImportOptions document;
    document.kind = ingest::SourceKind::Document;
    if (auto s = ingest::importFile(**file, fixture(QStringLiteral("notice.txt")), document); !s)
        qFatal("fixture: %s", qPrintable(s.error().message));
    return path;
}

QModelIndex TestItemProperties::firstItem(MainWindow &window, const QString &path, CaseExplorerModel::Branch branch)
{
    QSignalSpy reloaded(window.explorerModel(), &CaseExplorerModel::reloaded);
    if (!testing::openCase(window, path))
        return {};
    if (!QTest::qWaitFor([&] { return !reloaded.isEmpty(); }, 60000))
        return {};
    return firstOf(window, branch);
}

void TestItemProperties::candidatesModelPassesTester()
{
    DateCandidatesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto dates = ingest::findDates(QStringLiteral("Signed on March 3, 2024; in force from 2024年3月10日."), 1, 7);
    QCOMPARE(dates.size(), 2);
    model.setCandidates({ { dates[0], 0 }, { dates[1], 12 } }, QStringLiteral("Notice"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, DateCandidatesModel::Date).data().toString(), QStringLiteral("2024-03-03"));
    QCOMPARE(model.index(1, DateCandidatesModel::Written).data().toString(), QStringLiteral("2024年3月10日"));
    QCOMPARE(model.index(0, DateCandidatesModel::Title).data().toString(), QStringLiteral("Notice: March 3, 2024"));
    // A free date can be ticked and retitled; one already on the timeline cannot.
    QVERIFY(model.setData(model.index(0, DateCandidatesModel::Date), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model.setData(model.index(0, DateCandidatesModel::Title), QStringLiteral("Signed"), Qt::EditRole));
    QVERIFY(!model.setData(model.index(1, DateCandidatesModel::Date), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(!(model.flags(model.index(1, DateCandidatesModel::Date)) & Qt::ItemIsUserCheckable));
    QCOMPARE(model.index(1, DateCandidatesModel::Timeline).data().toString(), QStringLiteral("event 12"));
    QCOMPARE(model.checkedRows(), QList<int> { 0 });
    QCOMPARE(model.title(0), QStringLiteral("Signed"));
}

void TestItemProperties::transcriptLabelAndRoleAreSaved()
{
    const QString path = makeCase(QStringLiteral("transcript.lineage"));
    const qint64 before = auditCount(path);
    MainWindow window;
    window.show();
    const QModelIndex item = firstItem(window, path, CaseExplorerModel::Branch::Transcripts);
    QVERIFY(item.isValid());
    auto *dialog = qobject_cast<TranscriptPropertiesDialog *>(window.editItemProperties(item));
    QVERIFY(dialog);
    WAIT_FOR(dialog->isLoaded());
    QCOMPARE(dialog->labelEdit()->text(), QStringLiteral("dd-7b"));
    QCOMPARE(dialog->roleBox()->currentData().toString(), QStringLiteral("provider"));
    // An empty label is refused before it reaches the case.
    dialog->labelEdit()->setText(QStringLiteral("  "));
    QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog->labelEdit()->setText(QStringLiteral("DeepDistill-7B"));
    dialog->roleBox()->setCurrentIndex(dialog->roleBox()->findData(QStringLiteral("suspect")));
    snapshot(dialog, QStringLiteral("transcript-properties"));

    QSignalSpy saved(dialog, &TranscriptPropertiesDialog::saved);
    QSignalSpy reloaded(window.explorerModel(), &CaseExplorerModel::reloaded);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    WAIT_FOR(saved.count() == 1);
    WAIT_FOR(reloaded.count() >= 1);
    // The explorer shows the new label and role; the audit trail the change.
    const QString details
        = firstOf(window, CaseExplorerModel::Branch::Transcripts, CaseExplorerModel::Details).data().toString();
    QVERIFY2(details.contains(QStringLiteral("DeepDistill-7B · suspect")), qPrintable(details));
    WAIT_FOR(auditTrailShows(window.auditModel(), QStringLiteral("transcript.edit")));

    auto file = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    auto stored = TranscriptStore((*file)->db()).transcripts();
    QVERIFY(stored);
    QCOMPARE(stored->size(), 1);
    QCOMPARE(stored->at(0).modelLabel, QStringLiteral("DeepDistill-7B"));
    QCOMPARE(stored->at(0).role, QStringLiteral("suspect"));
    const auto edits = auditEntries(path, before, QStringLiteral("transcript.edit"));
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits[0].investigator, kWho.name);
    QVERIFY(
        edits[0].parameters.contains(QStringLiteral("\"before\":{\"model_label\":\"dd-7b\",\"role\":\"provider\"}")));
    QVERIFY(edits[0].parameters.contains(
        QStringLiteral("\"after\":{\"model_label\":\"DeepDistill-7B\",\"role\":\"suspect\"}")));
}

void TestItemProperties::documentFieldsAndDatesAreSaved()
{
    const QString path = makeCase(QStringLiteral("document.lineage"));
    const qint64 before = auditCount(path);
    MainWindow window;
    window.show();
    const QModelIndex item = firstItem(window, path, CaseExplorerModel::Branch::Documents);
    QVERIFY(item.isValid());
    auto *dialog = qobject_cast<DocumentPropertiesDialog *>(window.editItemProperties(item));
    QVERIFY(dialog);
    WAIT_FOR(dialog->isLoaded());
    QAbstractItemModelTester tester(dialog->candidatesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    DateCandidatesModel *model = dialog->candidatesModel();
    QCOMPARE(dialog->typeBox()->currentData().toString(), QStringLiteral("other"));
    QCOMPARE(dialog->effectiveDate(), QString());
    // Three dates in the text, in order: English, ISO, Chinese, with their page.
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->item(0).candidate.date, QDate(2024, 3, 3));
    QCOMPARE(model->item(1).candidate.date, QDate(2023, 11, 15));
    QCOMPARE(model->item(2).candidate.date, QDate(2024, 3, 10));
    QCOMPARE(model->index(2, DateCandidatesModel::Page).data().toInt(), 1);
    QVERIFY(model->index(2, DateCandidatesModel::Context).data().toString().contains(QStringLiteral("本通知自")));
    // The text around a date is cut short, keeping the date itself in view.
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString around = model->index(row, DateCandidatesModel::Context).data().toString();
        QVERIFY2(around.contains(model->item(row).candidate.matched), qPrintable(around));
        QVERIFY2(around.size() <= model->item(row).candidate.matched.size() + 2 * 22 + 2, qPrintable(around));
    }

    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(QStringLiteral("letter")));
    dialog->partiesEdit()->setText(QStringLiteral("Example AI Inc.; Distill Labs"));
    // The effective date is taken from the Chinese date in the text.
    dialog->candidatesView()->setCurrentIndex(model->index(2, DateCandidatesModel::Date));
    QVERIFY(dialog->useDateButton()->isEnabled());
    QTest::mouseClick(dialog->useDateButton(), Qt::LeftButton);
    QCOMPARE(dialog->effectiveDate(), QStringLiteral("2024-03-10"));

    // Tick two dates, retitle one, and add them to the timeline.
    QVERIFY(!dialog->addEventsButton()->isEnabled());
    QVERIFY(model->setData(model->index(0, DateCandidatesModel::Date), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model->setData(model->index(2, DateCandidatesModel::Date), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model->setData(model->index(0, DateCandidatesModel::Title), QStringLiteral("Breach notice sent"),
                           Qt::EditRole));
    QVERIFY(dialog->addEventsButton()->isEnabled());
    snapshot(dialog, QStringLiteral("document-properties"));
    QSignalSpy saved(dialog, &DocumentPropertiesDialog::saved);
    QSignalSpy loaded(dialog, &DocumentPropertiesDialog::loaded);
    QTest::mouseClick(dialog->addEventsButton(), Qt::LeftButton);
    WAIT_FOR(saved.count() == 1);
    QCOMPARE(saved.at(0).at(0).toInt(), 2);
    // The list reloads: the two dates are on the timeline and cannot be added again; the
    // fields still hold what was typed.
    WAIT_FOR(loaded.count() == 1);
    QVERIFY(model->item(0).eventId > 0);
    QCOMPARE(model->item(1).eventId, 0);
    QVERIFY(model->item(2).eventId > 0);
    QVERIFY(!(model->flags(model->index(0, DateCandidatesModel::Date)) & Qt::ItemIsUserCheckable));
    QVERIFY(model->checkedRows().isEmpty());
    QCOMPARE(dialog->partiesEdit()->text(), QStringLiteral("Example AI Inc.; Distill Labs"));
    QCOMPARE(dialog->effectiveDate(), QStringLiteral("2024-03-10"));
    snapshot(dialog, QStringLiteral("document-properties-added"));

    // OK saves the fields and closes.
    QSignalSpy reloaded(window.explorerModel(), &CaseExplorerModel::reloaded);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    WAIT_FOR(saved.count() == 2);
    WAIT_FOR(window.findChild<DocumentPropertiesDialog *>() == nullptr);
    WAIT_FOR(reloaded.count() >= 1);
    const QString details
        = firstOf(window, CaseExplorerModel::Branch::Documents, CaseExplorerModel::Details).data().toString();
    QVERIFY2(details.contains(QStringLiteral("letter")) && details.contains(QStringLiteral("effective 2024-03-10")),
             qPrintable(details));
    WAIT_FOR(auditTrailShows(window.auditModel(), QStringLiteral("document.edit")));
    QVERIFY(auditTrailShows(window.auditModel(), QStringLiteral("event.add")));

    auto file = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    auto docs = DocumentStore((*file)->db()).documents();
    QVERIFY(docs);
    QCOMPARE(docs->size(), 1);
    QCOMPARE(docs->at(0).type, QStringLiteral("letter"));
    QCOMPARE(docs->at(0).parties, QStringLiteral("Example AI Inc.; Distill Labs"));
    QCOMPARE(docs->at(0).effectiveDate, QStringLiteral("2024-03-10"));
    auto events = EventStore((*file)->db()).events();
    QVERIFY(events);
    QCOMPARE(events->size(), 2);
    QCOMPARE(events->at(0).kind, QStringLiteral("document-date"));
    QCOMPARE(events->at(0).startUtc, QDateTime(QDate(2024, 3, 3), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(events->at(0).title, QStringLiteral("Breach notice sent"));
    QCOMPARE(events->at(1).startUtc, QDateTime(QDate(2024, 3, 10), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(events->at(1).title, QStringLiteral("notice: 2024年3月10日"));
    QCOMPARE(events->at(1).itemKind, QStringLiteral("page"));
    QCOMPARE(auditEntries(path, before, QStringLiteral("event.add")).size(), 2);
    const auto edits = auditEntries(path, before, QStringLiteral("document.edit"));
    QCOMPARE(edits.size(), 1);
    QVERIFY(edits[0].parameters.contains(QStringLiteral("\"effective_date\":\"2024-03-10\"")));
    auto report = (*file)->verify();
    QVERIFY(report && report->ok());
}

void TestItemProperties::effectiveDateCanBeCleared()
{
    const QString path = makeCase(QStringLiteral("clear.lineage"));
    {
        auto file = CaseFile::open(path, kWho);
        QVERIFY(file);
        auto docs = DocumentStore((*file)->db()).documents();
        QVERIFY(docs && docs->size() == 1);
        QVERIFY(DocumentStore::updateFields(**file, docs->at(0).id, QStringLiteral("contract"), {},
                                            QStringLiteral("2024-01-31")));
    }
    const qint64 before = auditCount(path);
    MainWindow window;
    window.show();
    const QModelIndex item = firstItem(window, path, CaseExplorerModel::Branch::Documents);
    QVERIFY(item.isValid());
    auto *dialog = qobject_cast<DocumentPropertiesDialog *>(window.editItemProperties(item));
    QVERIFY(dialog);
    WAIT_FOR(dialog->isLoaded());
    QCOMPARE(dialog->effectiveDate(), QStringLiteral("2024-01-31"));
    QCOMPARE(dialog->dateEdit()->date(), QDate(2024, 1, 31));
    QTest::mouseClick(dialog->clearDateButton(), Qt::LeftButton);
    QCOMPARE(dialog->effectiveDate(), QString());
    QCOMPARE(dialog->dateEdit()->text(), QStringLiteral("none"));
    QSignalSpy saved(dialog, &DocumentPropertiesDialog::saved);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    WAIT_FOR(saved.count() == 1);
    QCOMPARE(saved.at(0).at(0).toInt(), 0);

    auto file = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    QCOMPARE(DocumentStore((*file)->db()).documents()->at(0).effectiveDate, QString());
    QCOMPARE(DocumentStore((*file)->db()).documents()->at(0).type, QStringLiteral("contract"));
    const auto edits = auditEntries(path, before, QStringLiteral("document.edit"));
    QCOMPARE(edits.size(), 1);
    QVERIFY(edits[0].parameters.contains(QStringLiteral("\"after\":{\"effective_date\":\"\"}")));
}

void TestItemProperties::reachableFromEditMenuAndExplorer()
{
    const QString path = makeCase(QStringLiteral("reach.lineage"));
    MainWindow window;
    window.show();
    const QModelIndex transcript = firstItem(window, path, CaseExplorerModel::Branch::Transcripts);
    QVERIFY(transcript.isValid());
    auto *action = window.findChild<QAction *>(QStringLiteral("actionItemProperties"));
    QVERIFY(action);
    QTreeView *tree = window.explorerDock()->view();
    // A branch has no properties; a transcript has.
    tree->setCurrentIndex(window.explorerModel()->branchIndex(CaseExplorerModel::Branch::Sources));
    QVERIFY(!action->isEnabled());
    tree->setCurrentIndex(transcript);
    QVERIFY(action->isEnabled());
    action->trigger();
    TranscriptPropertiesDialog *fromMenu = nullptr;
    WAIT_FOR((fromMenu = window.findChild<TranscriptPropertiesDialog *>()) != nullptr);
    WAIT_FOR(fromMenu->isLoaded());
    QCOMPARE(fromMenu->labelEdit()->text(), QStringLiteral("dd-7b"));
    fromMenu->reject();
    WAIT_FOR(window.findChild<TranscriptPropertiesDialog *>() == nullptr);

    // The context menu's "Properties..." asks for the document's dialog.
    const QModelIndex document = firstOf(window, CaseExplorerModel::Branch::Documents);
    tree->scrollTo(document);
    emit tree->customContextMenuRequested(tree->visualRect(document).center());
    QMenu *menu = nullptr;
    WAIT_FOR((menu = window.explorerDock()->findChild<QMenu *>()) != nullptr && menu->isVisible());
    QCOMPARE(menu->actions().size(), 1);
    menu->actions().first()->trigger();
    menu->close();
    DocumentPropertiesDialog *fromContext = nullptr;
    WAIT_FOR((fromContext = window.findChild<DocumentPropertiesDialog *>()) != nullptr);
    WAIT_FOR(fromContext->isLoaded());
    QCOMPARE(fromContext->candidatesModel()->rowCount(), 3);
    // Closing the case closes the dialog.
    window.closeCase();
    WAIT_FOR(window.findChild<DocumentPropertiesDialog *>() == nullptr);
}

// With LINEAGE_DEMO_CASE set (a case from `lineage-cli demo`), opens its first document's
// properties (or those of row LINEAGE_DEMO_DOCUMENT_ROW) in a shown window and leaves it on screen for
// LINEAGE_SNAPSHOT_SECONDS, for a screenshot of the real display; asserts only that the dialog loads.
void TestItemProperties::demoCaseSnapshot()
{
    const QString path = qEnvironmentVariable("LINEAGE_DEMO_CASE");
    if (path.isEmpty())
        QSKIP("LINEAGE_DEMO_CASE not set");
    MainWindow window;
    window.show();
    const QModelIndex first = firstItem(window, path, CaseExplorerModel::Branch::Documents);
    QVERIFY(first.isValid());
    const QModelIndex document = first.siblingAtRow(qEnvironmentVariableIntValue("LINEAGE_DEMO_DOCUMENT_ROW"));
    QVERIFY(document.isValid());
    window.explorerDock()->view()->setCurrentIndex(document);
    auto *dialog = qobject_cast<DocumentPropertiesDialog *>(window.editItemProperties(document));
    QVERIFY(dialog);
    WAIT_FOR(dialog->isLoaded());
    DateCandidatesModel *model = dialog->candidatesModel();
    for (int row = 0; row < qMin(2, model->rowCount()); ++row)
        model->setChecked(row, true);
    if (model->rowCount() > 0)
        dialog->candidatesView()->setCurrentIndex(model->index(0, 0));
    snapshot(dialog, QStringLiteral("demo-document-properties"));
    QTest::qWait(qEnvironmentVariableIntValue("LINEAGE_SNAPSHOT_SECONDS") * 1000);
}

QTEST_MAIN(TestItemProperties)
#include "tst_item_properties.moc"
