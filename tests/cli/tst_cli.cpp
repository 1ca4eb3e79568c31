// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli end to end: the real executable, run as a user would.
#include "common/cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

namespace {

using Run = lineage::testing::CliRun;
using lineage::testing::cli;

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void newInfoVerifyLog();
    void verifyFailsOnTamper();
    void usageErrors();
    void helpAndVersion();
    void usageLineNamesCommand_data();
    void usageLineNamesCommand();
    void timesFollowCaseZone();

private:
    QTemporaryDir m_dir;
};

void TestCli::newInfoVerifyLog()
{
    const QString file = m_dir.filePath(QStringLiteral("cli.lineage"));
    Run created = cli({QStringLiteral("new"), file, QStringLiteral("--title"), QStringLiteral("Acme v. Distill"),
                       QStringLiteral("--number"), QStringLiteral("42"), QStringLiteral("--investigator"), QStringLiteral("Dana"),
                       QStringLiteral("--classification"), QStringLiteral("CONFIDENTIAL"), QStringLiteral("--tz"), QStringLiteral("Asia/Shanghai")});
    QVERIFY2(created.exitCode == 0, created.err.constData());

    Run info = cli({QStringLiteral("info"), file, QStringLiteral("--json")});
    QCOMPARE(info.exitCode, 0);
    const QJsonObject i = info.json();
    QCOMPARE(i.value(QStringLiteral("title")).toString(), QStringLiteral("Acme v. Distill"));
    QCOMPARE(i.value(QStringLiteral("case_number")).toString(), QStringLiteral("42"));
    QCOMPARE(i.value(QStringLiteral("investigator")).toString(), QStringLiteral("Dana"));
    QCOMPARE(i.value(QStringLiteral("display_tz")).toString(), QStringLiteral("Asia/Shanghai"));
    QCOMPARE(i.value(QStringLiteral("counts")).toObject().value(QStringLiteral("audit_entries")).toInt(), 1);

    Run text = cli({QStringLiteral("info"), file});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("Acme v. Distill"));

    Run verify = cli({QStringLiteral("verify"), file, QStringLiteral("--json")});
    QCOMPARE(verify.exitCode, 0);
    QCOMPARE(verify.json().value(QStringLiteral("ok")).toBool(), true);

    Run log = cli({QStringLiteral("log"), file, QStringLiteral("--json")});
    QCOMPARE(log.exitCode, 0);
    const QJsonArray entries = log.json().value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), 1);
    const QJsonObject e = entries[0].toObject();
    QCOMPARE(e.value(QStringLiteral("action")).toString(), QStringLiteral("case.create"));
    QCOMPARE(e.value(QStringLiteral("investigator")).toString(), QStringLiteral("Dana"));
    QCOMPARE(e.value(QStringLiteral("hash")).toString().size(), 64);
    QCOMPARE(e.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("Acme v. Distill"));

    // Creating over an existing file is refused.
    Run again = cli({QStringLiteral("new"), file, QStringLiteral("--title"), QStringLiteral("x")});
    QCOMPARE(again.exitCode, 2);
    QVERIFY(again.err.contains("already exists"));
}

void TestCli::verifyFailsOnTamper()
{
    const QString file = m_dir.filePath(QStringLiteral("tamper.lineage"));
    QCOMPARE(cli({QStringLiteral("new"), file, QStringLiteral("--title"), QStringLiteral("T")}).exitCode, 0);
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(file.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET investigator = investigator || 'x';",
                          nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    Run verify = cli({QStringLiteral("verify"), file});
    QCOMPARE(verify.exitCode, 1);
    QVERIFY(verify.out.contains("entry 1"));
    QVERIFY(verify.out.contains("audit_log_no_update is missing"));
}

void TestCli::usageErrors()
{
    QCOMPARE(cli({}).exitCode, 2);
    Run unknown = cli({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("unknown command"));
    Run noTitle = cli({QStringLiteral("new"), m_dir.filePath(QStringLiteral("x.lineage"))});
    QCOMPARE(noTitle.exitCode, 2);
    QVERIFY(noTitle.err.contains("--title"));
    Run badTz = cli({QStringLiteral("new"), m_dir.filePath(QStringLiteral("y.lineage")), QStringLiteral("--title"),
                     QStringLiteral("t"), QStringLiteral("--tz"), QStringLiteral("Mars/Olympus")});
    QCOMPARE(badTz.exitCode, 2);
    Run missing = cli({QStringLiteral("info"), m_dir.filePath(QStringLiteral("missing.lineage"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("does not exist"));
}

void TestCli::helpAndVersion()
{
    Run version = cli({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("lineage-cli "));
    Run help = cli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *command : {"new", "info", "verify", "log"})
        QVERIFY2(help.out.contains(command), command);
    // Each command line names the command, then at least two spaces, then its summary (long
    // names like export-findings used to run into their summaries).
    int listed = 0;
    for (const QByteArray &line : help.out.split('\n')) {
        if (!line.startsWith("  ") || line.startsWith("   "))
            continue;
        const QByteArray name = line.mid(2).split(' ').value(0);
        QVERIFY2(line.mid(2 + name.size()).startsWith("  "), line.constData());
        ++listed;
    }
    QVERIFY(listed > 20);
    Run commandHelp = cli({QStringLiteral("new"), QStringLiteral("--help")});
    QCOMPARE(commandHelp.exitCode, 0);
    QVERIFY(commandHelp.out.contains("--classification"));
}

// Issue 7: every subcommand's usage line names it, and only commands that write audit entries
// offer --investigator.
void TestCli::usageLineNamesCommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("usage");
    QTest::addColumn<bool>("audited");
    QTest::newRow("info") << QStringLiteral("info") << QStringLiteral("Usage: lineage-cli info [options] CASE")
                          << false;
    QTest::newRow("import") << QStringLiteral("import")
                            << QStringLiteral("Usage: lineage-cli import [options] CASE FILE...") << true;
    QTest::newRow("transcript") << QStringLiteral("transcript")
                                << QStringLiteral("Usage: lineage-cli transcript [options] CASE ID") << true;
    QTest::newRow("tokenize") << QStringLiteral("tokenize")
                              << QStringLiteral("Usage: lineage-cli tokenize [options] TEXT") << false;
    QTest::newRow("align") << QStringLiteral("align") << QStringLiteral("Usage: lineage-cli align [options] A B")
                           << false;
    QTest::newRow("neardup") << QStringLiteral("neardup")
                             << QStringLiteral("Usage: lineage-cli neardup [options] CORPUS") << false;
    QTest::newRow("tfidf-topk") << QStringLiteral("tfidf-topk")
                                << QStringLiteral("Usage: lineage-cli tfidf-topk [options] CORPUS") << false;
    QTest::newRow("findings") << QStringLiteral("findings")
                              << QStringLiteral("Usage: lineage-cli findings [options] CASE") << false;
    QTest::newRow("runs") << QStringLiteral("runs") << QStringLiteral("Usage: lineage-cli runs [options] CASE")
                          << false;
    QTest::newRow("analyze") << QStringLiteral("analyze")
                             << QStringLiteral("Usage: lineage-cli analyze [options] CASE KIND") << true;
    QTest::newRow("search") << QStringLiteral("search")
                            << QStringLiteral("Usage: lineage-cli search [options] CASE QUERY") << false;
}

void TestCli::usageLineNamesCommand()
{
    QFETCH(QString, command);
    QFETCH(QString, usage);
    QFETCH(bool, audited);
    Run help = cli({ command, QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    QCOMPARE(QString::fromUtf8(help.out).section(QLatin1Char('\n'), 0, 0), usage);
    QCOMPARE(help.out.contains("--investigator"), audited);
    // A usage error shows the same line.
    Run wrong = cli({ command, QStringLiteral("--no-such-option") });
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains(usage.toUtf8()), wrong.err.constData());
}

// Issue 7: info and log print times in the case's display zone (or --tz) and say which.
void TestCli::timesFollowCaseZone()
{
    const QString file = m_dir.filePath(QStringLiteral("zone.lineage"));
    QCOMPARE(cli({ QStringLiteral("new"), file, QStringLiteral("--title"), QStringLiteral("Z"), QStringLiteral("--tz"),
                   QStringLiteral("Asia/Shanghai") })
                 .exitCode,
             0);
    Run info = cli({ QStringLiteral("info"), file });
    QCOMPARE(info.exitCode, 0);
    QVERIFY2(info.out.contains("Times in:        Asia/Shanghai, the case's display zone"), info.out.constData());
    QVERIFY(info.out.contains(" +08:00 by "));
    Run log = cli({ QStringLiteral("log"), file });
    QVERIFY2(log.out.startsWith("Times in Asia/Shanghai, the case's display zone."), log.out.constData());
    QVERIFY(log.out.contains("+08:00"));
    Run utc
        = cli({ QStringLiteral("log"), file, QStringLiteral("--tz"), QStringLiteral("UTC"), QStringLiteral("--json") });
    QCOMPARE(utc.json().value(QStringLiteral("tz")).toString(), QStringLiteral("UTC"));
    const QJsonObject first = utc.json().value(QStringLiteral("entries")).toArray()[0].toObject();
    QVERIFY(first.value(QStringLiteral("time")).toString().endsWith(QStringLiteral(" +00:00")));
    Run bad = cli({ QStringLiteral("info"), file, QStringLiteral("--tz"), QStringLiteral("Mars/Olympus") });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("is not a time zone"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
