// SPDX-License-Identifier: GPL-3.0-or-later
#include "about_dialog.h"
#include "app_settings.h"
#include "audit_trail_model.h"
#include "case_explorer_dock.h"
#include "case_explorer_model.h"
#include "case_properties_dialog.h"
#include "case_session.h"
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/evidence_store.h"
#include "job_runner.h"
#include "classification_banner.h"
#include "core/version.h"
#include "display_zone.h"
#include "main_window.h"
#include "ui_test_support.h"
#include "time_zone_chooser.h"
#include "verify_report_dialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QRandomGenerator>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

const Investigator kWho { QStringLiteral("R. Analyst"), QStringLiteral("ranalyst") };

// Raw access through the sqlite3 library, bypassing Lineage (as a tamperer would).
bool rawExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return false;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void displayZoneNamesTheZone();
    void opensFixtureCase();
    void explorerListsAccounts();
    void propertiesAreSavedAndAudited();
    void verifyReportsOk();
    void verifyReportsTamperedEntry();
    void verifyCanBeCanceled();
    void openErrorIsADialog();
    void newCaseIsReadableAtOnce();
    void recentCasesAndWindowStateAreKept();
    void aboutNamesLibraryVersions();

private:
    // A case with a Chinese title, a classification, a named display zone, two property
    // edits and one account added through an audited change: five audit entries.
    QString makeFixture(const QString &name);

    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_main_window"));
    QVERIFY(m_dir.isValid());
}

void TestMainWindow::init()
{
    QSettings().clear();
    AppSettings().setInvestigatorName(QStringLiteral("R. Analyst"));
}

QString TestMainWindow::makeFixture(const QString &name)
{
    const QString path = m_dir.filePath(name);
    CaseInfo info;
    info.title = QStringLiteral("蒸馏调查 Acme v. Distill Co.");
    info.caseNumber = QStringLiteral("2026-CV-0042");
    info.investigator = QStringLiteral("R. Analyst");
    info.classification = QStringLiteral("CONFIDENTIAL - ATTORNEYS' EYES ONLY");
    info.displayTimeZone = QStringLiteral("Asia/Shanghai");
    auto file = CaseFile::create(path, info, kWho);
    if (!file)
        qFatal("fixture: %s", qPrintable(file.error().message));
    for (int i = 1; i <= 2; ++i) {
        CaseInfo edited = *(*file)->info();
        edited.caseNumber = QStringLiteral("2026-CV-004%1").arg(i + 2);
        if (!(*file)->updateInfo(edited))
            qFatal("fixture: update failed");
    }
    auto added = (*file)->auditedChange(
        QStringLiteral("account.add"), QStringLiteral("account"),
        QJsonObject { { QStringLiteral("name"), QStringLiteral("acct-7f3a") } }, [&]() -> Result<QJsonObject> {
            auto insert = Statement::prepare((*file)->db(), "INSERT INTO accounts (name) VALUES ('acct-7f3a')");
            if (!insert)
                return insert.error();
            if (auto s = insert->run(); !s)
                return s.error();
            return QJsonObject {};
        });
    if (!added)
        qFatal("fixture: %s", qPrintable(added.error().message));
    auto count = AuditLog::count((*file)->db());
    if (!count || *count != 4)
        qFatal("fixture: expected 4 audit entries");
    return path;
}

void TestMainWindow::displayZoneNamesTheZone()
{
    const DisplayZone shanghai = DisplayZone::fromSetting(QStringLiteral("Asia/Shanghai"));
    // Issue 7: one rule for milliseconds, said in the header: always shown.
    QCOMPARE(shanghai.format(0), QStringLiteral("1970-01-01 08:00:00.000 +08:00"));
    QCOMPARE(shanghai.format(1250), QStringLiteral("1970-01-01 08:00:01.250 +08:00"));
    QCOMPARE(shanghai.header(QStringLiteral("Time")), QStringLiteral("Time (Asia/Shanghai, with ms)"));
    // 2026-07-01 12:00 UTC is summer time in Berlin.
    const DisplayZone berlin = DisplayZone::fromSetting(QStringLiteral("Europe/Berlin"));
    QCOMPARE(berlin.format(1782907200000), QStringLiteral("2026-07-01 14:00:00.000 +02:00"));
    QCOMPARE(DisplayZone::fromSetting(QStringLiteral("UTC")).format(1782907200000),
             QStringLiteral("2026-07-01 12:00:00.000 +00:00"));
    const DisplayZone bogus = DisplayZone::fromSetting(QStringLiteral("Mars/Olympus"));
    QVERIFY(bogus.name().contains(QStringLiteral("unknown zone Mars/Olympus")));
}

void TestMainWindow::opensFixtureCase()
{
    const QString path = makeFixture(QStringLiteral("open.lineage"));
    MainWindow window;
    QAbstractItemModelTester auditTester(window.auditModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester explorerTester(window.explorerModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(testing::openCase(window, path));

    QVERIFY(window.windowTitle().contains(QStringLiteral("蒸馏调查 Acme v. Distill Co.")));
    QVERIFY(window.windowTitle().contains(QStringLiteral("2026-CV-0044")));
    QVERIFY(window.banner()->isVisible());
    QCOMPARE(window.banner()->text(), QStringLiteral("CONFIDENTIAL - ATTORNEYS' EYES ONLY"));

    AuditTrailModel &audit = *window.auditModel();
    WAIT_FOR(audit.rowCount() == 4);
    QCOMPARE(audit.headerData(AuditTrailModel::Time, Qt::Horizontal).toString(),
             QStringLiteral("Time (Asia/Shanghai, with ms)"));
    QCOMPARE(cell(audit, 0, AuditTrailModel::Seq), QStringLiteral("1"));
    QCOMPARE(cell(audit, 0, AuditTrailModel::Action), QStringLiteral("case.create"));
    QCOMPARE(cell(audit, 1, AuditTrailModel::Action), QStringLiteral("case.properties"));
    QCOMPARE(cell(audit, 3, AuditTrailModel::Action), QStringLiteral("account.add"));
    QCOMPARE(cell(audit, 3, AuditTrailModel::Target), QStringLiteral("account"));
    QCOMPARE(cell(audit, 0, AuditTrailModel::Investigator), QStringLiteral("R. Analyst"));
    QCOMPARE(cell(audit, 0, AuditTrailModel::OsUser), QStringLiteral("ranalyst"));
    QVERIFY(cell(audit, 1, AuditTrailModel::Parameters).contains(QStringLiteral("2026-CV-0043")));
    QVERIFY(cell(audit, 0, AuditTrailModel::Time).endsWith(QStringLiteral(" +08:00")));
    // The entry's time, in Shanghai time.
    const qint64 utcMs = audit.entry(0).utcMs;
    QCOMPARE(cell(audit, 0, AuditTrailModel::Time),
             QDateTime::fromMSecsSinceEpoch(utcMs, Qt::OffsetFromUTC, 8 * 3600)
                     .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                 + QStringLiteral(" +08:00"));
    QVERIFY(cell(audit, 0, AuditTrailModel::Hash).startsWith(audit.entry(0).hash.left(16)));
    QCOMPARE(AppSettings().recentCases().value(0), QFileInfo(path).absoluteFilePath());

    window.closeCase();
    QCOMPARE(audit.rowCount(), 0);
    QCOMPARE(window.windowTitle(), QStringLiteral("Lineage"));
    QVERIFY(!window.banner()->isVisible());
}

void TestMainWindow::explorerListsAccounts()
{
    const QString path = makeFixture(QStringLiteral("explorer.lineage"));
    MainWindow window;
    QAbstractItemModelTester tester(window.explorerModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reloaded(window.explorerModel(), &CaseExplorerModel::reloaded);
    QVERIFY(testing::openCase(window, path));
    WAIT_FOR(reloaded.count() >= 1);
    CaseExplorerModel &model = *window.explorerModel();
    QCOMPARE(model.rowCount(), CaseExplorerModel::kBranchCount);
    const QModelIndex accounts = model.branchIndex(CaseExplorerModel::Branch::Accounts);
    QCOMPARE(accounts.data().toString(), QStringLiteral("Accounts"));
    QCOMPARE(model.rowCount(accounts), 1);
    QCOMPARE(model.index(0, CaseExplorerModel::Name, accounts).data().toString(), QStringLiteral("acct-7f3a"));
    QCOMPARE(model.index(0, CaseExplorerModel::Details, accounts).data().toString(), QStringLiteral("0 queries"));
    QCOMPARE(model.rowCount(model.branchIndex(CaseExplorerModel::Branch::Sources)), 0);
    QCOMPARE(model.index(int(CaseExplorerModel::Branch::Sources), CaseExplorerModel::Details).data().toString(),
             QStringLiteral("0"));
}

void TestMainWindow::propertiesAreSavedAndAudited()
{
    const QString path = makeFixture(QStringLiteral("properties.lineage"));
    MainWindow window;
    window.show();
    QVERIFY(testing::openCase(window, path));
    AuditTrailModel &audit = *window.auditModel();
    WAIT_FOR(audit.rowCount() == 4);

    window.findChild<QAction *>(QStringLiteral("actionProperties"))->trigger();
    CasePropertiesDialog *dialog = nullptr;
    WAIT_FOR((dialog = window.findChild<CasePropertiesDialog *>()) != nullptr && dialog->isVisible());
    QCOMPARE(dialog->titleEdit()->text(), QStringLiteral("蒸馏调查 Acme v. Distill Co."));
    dialog->titleEdit()->setText(QStringLiteral("Acme v. Distill Co. (amended)"));
    dialog->classificationEdit()->setText(QStringLiteral("SECRET"));
    dialog->zoneChooser()->setFilter(QStringLiteral("berlin"));
    QCOMPARE(dialog->zoneChooser()->visibleZones(), QStringList { QStringLiteral("Europe/Berlin") });
    QCOMPARE(dialog->zoneChooser()->value(), QStringLiteral("Europe/Berlin"));
    QSignalSpy changed(window.session(), &CaseSession::infoChanged);
    dialog->accept();

    WAIT_FOR(changed.count() == 1);
    QCOMPARE(window.session()->info().title, QStringLiteral("Acme v. Distill Co. (amended)"));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("Acme v. Distill Co. (amended)")));
    QCOMPARE(window.banner()->text(), QStringLiteral("SECRET"));
    WAIT_FOR(audit.rowCount() == 5);
    QCOMPARE(cell(audit, 4, AuditTrailModel::Action), QStringLiteral("case.properties"));
    const QString parameters = cell(audit, 4, AuditTrailModel::Parameters);
    QVERIFY(parameters.contains(QStringLiteral("Europe/Berlin")));
    QVERIFY(parameters.contains(QStringLiteral("SECRET")));
    QCOMPARE(audit.headerData(AuditTrailModel::Time, Qt::Horizontal).toString(),
             QStringLiteral("Time (Europe/Berlin, with ms)"));

    // Stored in the file, not only shown.
    window.closeCase();
    auto reopened = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    QVERIFY(reopened);
    auto info = (*reopened)->info();
    QVERIFY(info);
    QCOMPARE(info->title, QStringLiteral("Acme v. Distill Co. (amended)"));
    QCOMPARE(info->classification, QStringLiteral("SECRET"));
    QCOMPARE(info->displayTimeZone, QStringLiteral("Europe/Berlin"));
}

void TestMainWindow::verifyReportsOk()
{
    const QString path = makeFixture(QStringLiteral("verify-ok.lineage"));
    MainWindow window;
    QVERIFY(testing::openCase(window, path));
    QSignalSpy verified(&window, &MainWindow::verificationFinished);
    window.findChild<QAction *>(QStringLiteral("actionVerify"))->trigger();
    WAIT_FOR(verified.count() == 1);
    const auto report = verified.at(0).at(0).value<VerificationReport>();
    QVERIFY(report.ok());
    QCOMPARE(report.auditEntries, qint64(4));
    auto *dialog = window.findChild<VerifyReportDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->verdict().contains(QStringLiteral("OK")));
    QCOMPARE(dialog->problemTable()->rowCount(), 0);
}

void TestMainWindow::verifyReportsTamperedEntry()
{
    const QString path = makeFixture(QStringLiteral("verify-tampered.lineage"));
    // Entry 2 changed directly in the file, around the append-only guards.
    QVERIFY(
        rawExec(path,
                "DROP TRIGGER audit_log_no_update;"
                "UPDATE audit_log SET parameters = replace(parameters, '2026-CV-0043', '2026-CV-0099') WHERE seq = 2;"
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"));
    MainWindow window;
    QVERIFY(testing::openCase(window, path));
    QSignalSpy verified(&window, &MainWindow::verificationFinished);
    window.verifyCase();
    WAIT_FOR(verified.count() == 1);
    const auto report = verified.at(0).at(0).value<VerificationReport>();
    QVERIFY(!report.ok());
    QCOMPARE(report.problems.value(0).area, QStringLiteral("audit"));
    QCOMPARE(report.problems.value(0).item, QStringLiteral("entry 2"));
    auto *dialog = window.findChild<VerifyReportDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->verdict().contains(QStringLiteral("FAILED")));
    QVERIFY(dialog->problemTable()->rowCount() >= 1);
    QCOMPARE(dialog->problemTable()->item(0, 1)->text(), QStringLiteral("entry 2"));
}

void TestMainWindow::verifyCanBeCanceled()
{
    // Enough evidence that hashing it takes a while: 64 MiB of incompressible bytes.
    const QString path = makeFixture(QStringLiteral("verify-cancel.lineage"));
    {
        auto file = CaseFile::open(path, kWho);
        QVERIFY(file);
        Transaction tx((*file)->db());
        QVERIFY(tx.begin());
        EvidenceWriter writer((*file)->db());
        QRandomGenerator random(7);
        QByteArray block(1 << 20, Qt::Uninitialized);
        for (int i = 0; i < 64; ++i) {
            random.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            QVERIFY(writer.write(block));
        }
        QVERIFY(writer.finish());
        QVERIFY(tx.commit());
    }
    MainWindow window;
    window.show();
    QVERIFY(testing::openCase(window, path));
    window.verifyCase();
    QVERIFY(window.jobs()->isRunning(QStringLiteral("verify")));
    const QString shots = qEnvironmentVariable("LINEAGE_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        // For looking at the progress in the status bar; asserts nothing.
        QTest::qWait(250);
        window.grab().save(shots + QStringLiteral("/verify-progress.png"));
    }
    window.jobs()->cancelKey(QStringLiteral("verify"));
    WAIT_FOR(!window.jobs()->isRunning(QStringLiteral("verify")));
    // Canceling is a status, told as such; no verdict is given.
    QMessageBox *box = nullptr;
    WAIT_FOR((box = window.findChild<QMessageBox *>(QStringLiteral("errorDialog"))) != nullptr);
    QCOMPARE(box->windowTitle(), QStringLiteral("Canceled"));
    QVERIFY(box->informativeText().contains(QStringLiteral("canceled")));
    QVERIFY(window.findChild<VerifyReportDialog *>() == nullptr);
}

void TestMainWindow::openErrorIsADialog()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are notes, not a case\n");
    file.close();
    MainWindow window;
    window.show();
    QVERIFY(!testing::openCase(window, path));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("errorDialog"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("notes.txt")));
    QVERIFY(box->informativeText().contains(QStringLiteral("not a Lineage case")));
    QVERIFY(!window.session()->isOpen());
}

void TestMainWindow::newCaseIsReadableAtOnce()
{
    // Views read on workers with connections of their own: a case just created must be
    // readable by them (and by lineage-cli) while the window holds it open.
    const QString path = m_dir.filePath(QStringLiteral("new.lineage"));
    MainWindow window;
    QSignalSpy auditFailed(window.auditModel(), &AuditTrailModel::loadFailed);
    QSignalSpy explorerLoaded(window.explorerModel(), &CaseExplorerModel::reloaded);
    CaseInfo info;
    info.title = QStringLiteral("新案件 New case");
    QVERIFY(testing::createCase(window, path, info));
    WAIT_FOR(window.auditModel()->rowCount() == 1 || !auditFailed.isEmpty());
    QVERIFY(auditFailed.isEmpty());
    QCOMPARE(cell(*window.auditModel(), 0, AuditTrailModel::Action), QStringLiteral("case.create"));
    WAIT_FOR(explorerLoaded.count() >= 1);
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("新案件 New case")));
    auto reader = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    QVERIFY2(reader, reader ? "" : qPrintable(reader.error().message));
}

void TestMainWindow::recentCasesAndWindowStateAreKept()
{
    const QString first = makeFixture(QStringLiteral("recent-1.lineage"));
    const QString second = makeFixture(QStringLiteral("recent-2.lineage"));
    {
        MainWindow window;
        window.show();
        QVERIFY(testing::openCase(window, first));
        QVERIFY(testing::openCase(window, second));
        QVERIFY(!window.explorerDock()->isHidden());
        window.explorerDock()->hide();
        window.close();
    }
    QCOMPARE(AppSettings().recentCases(),
             (QStringList { QFileInfo(second).absoluteFilePath(), QFileInfo(first).absoluteFilePath() }));
    MainWindow again;
    again.show();
    // The dock hidden in the last session stays hidden.
    QVERIFY(again.explorerDock()->isHidden());
    auto *recent = again.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(recent);
    QMetaObject::invokeMethod(recent, "aboutToShow");
    const auto actions = recent->actions();
    QCOMPARE(actions.size(), 2);
    QCOMPARE(actions.at(0)->text(), QStringLiteral("recent-2.lineage"));
    actions.at(1)->trigger();
    WAIT_FOR(again.session()->path() == first);
}

void TestMainWindow::aboutNamesLibraryVersions()
{
    const QString text = AboutDialog::versionText();
    QVERIFY(text.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())));
    QVERIFY(text.contains(QStringLiteral("SQLite ") + sqliteVersion()));
    QVERIFY(text.contains(QStringLiteral("Poppler ") + popplerVersion()));
    QVERIFY(text.contains(QStringLiteral("ICU ") + icuVersion()));
    QVERIFY(text.contains(QStringLiteral("QCustomPlot 2.1")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
