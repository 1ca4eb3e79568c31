// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli analyze / findings / runs on the demo case: the JSON contracts field by field.
#include "common/cli_run.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using lineage::testing::cli;

class TestForensicsCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void reuseJsonContract();
    void findingsAndRuns();
    void rerunReportsNoDifference();
    void identityJson();
    void usageErrors();

private:
    QTemporaryDir m_dir;
    QString m_case;
    QJsonObject m_reuse;
};

void TestForensicsCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const auto demo = cli({ QStringLiteral("demo"), m_dir.path() }, 300000);
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    m_case = m_dir.filePath(QStringLiteral("demo.lineage"));
    const auto run = cli({ QStringLiteral("analyze"), m_case, QStringLiteral("reuse"), QStringLiteral("--suspect"),
                           QStringLiteral("DeepDistill-7B"), QStringLiteral("--json") },
                         300000);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    m_reuse = run.json();
    QVERIFY(!m_reuse.isEmpty());
}

void TestForensicsCli::reuseJsonContract()
{
    QVERIFY(m_reuse.value(QStringLiteral("run")).isDouble());
    QCOMPARE(m_reuse.value(QStringLiteral("kind")).toString(), QStringLiteral("reuse"));
    QCOMPARE(m_reuse.value(QStringLiteral("status")).toString(), QStringLiteral("complete"));
    const QJsonArray turns = m_reuse.value(QStringLiteral("turns")).toArray();
    QVERIFY(turns.size() >= 152);
    int records = 0;
    for (const QJsonValue &v : turns) {
        const QJsonObject t = v.toObject();
        QCOMPARE(t.value(QStringLiteral("suspect")).toString(), QStringLiteral("DeepDistill-7B"));
        QVERIFY(t.value(QStringLiteral("turn_index")).isDouble());
        QVERIFY(t.value(QStringLiteral("turn_index")).toInteger() >= 0);
        const QJsonArray matches = t.value(QStringLiteral("matches")).toArray();
        QVERIFY(!matches.isEmpty());
        for (const QJsonValue &mv : matches) {
            const QJsonObject m = mv.toObject();
            const QJsonObject item = m.value(QStringLiteral("item")).toObject();
            const QString kind = item.value(QStringLiteral("kind")).toString();
            QVERIFY2(kind == QLatin1String("query-record") || kind == QLatin1String("turn"), qPrintable(kind));
            QCOMPARE(m.value(QStringLiteral("kind")).toString(), kind);
            QVERIFY(item.value(QStringLiteral("id")).isDouble());
            if (kind == QLatin1String("query-record")) {
                ++records;
                QVERIFY(!item.value(QStringLiteral("account")).toString().isEmpty());
                QVERIFY(item.value(QStringLiteral("time_utc")).toString().endsWith(QLatin1Char('Z')));
                QVERIFY(item.value(QStringLiteral("source")).toString().startsWith(QLatin1String("gateway-2025-")));
                QVERIFY(item.value(QStringLiteral("line")).toInteger() >= 1);
                QCOMPARE(m.value(QStringLiteral("line")), item.value(QStringLiteral("line")));
            }
            for (const char *field : { "jaccard", "containment", "longest_passage_tokens" })
                QVERIFY2(m.value(QLatin1String(field)).isDouble(), field);
            const double j = m.value(QStringLiteral("jaccard")).toDouble();
            QVERIFY(j > 0 && j <= 1);
            const QJsonArray passages = m.value(QStringLiteral("passages")).toArray();
            QVERIFY(!passages.isEmpty());
            for (const QJsonValue &p : passages) {
                QVERIFY(p[QStringLiteral("suspect_start")].toInt() < p[QStringLiteral("suspect_end")].toInt());
                QVERIFY(p[QStringLiteral("source_start")].toInt() < p[QStringLiteral("source_end")].toInt());
            }
        }
    }
    QVERIFY(records > 0);
}

void TestForensicsCli::findingsAndRuns()
{
    const QString run = QString::number(m_reuse.value(QStringLiteral("run")).toInteger());
    const auto findings
        = cli({ QStringLiteral("findings"), m_case, QStringLiteral("--run"), run, QStringLiteral("--json") }, 120000);
    QCOMPARE(findings.exitCode, 0);
    QCOMPARE(findings.json().value(QStringLiteral("turns")), m_reuse.value(QStringLiteral("turns")));
    const auto all = cli({ QStringLiteral("findings"), m_case, QStringLiteral("--json") }, 120000);
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(all.json().value(QStringLiteral("findings")).toArray().size(),
             m_reuse.value(QStringLiteral("findings")).toArray().size());
    const auto runs = cli({ QStringLiteral("runs"), m_case });
    QCOMPARE(runs.exitCode, 0);
    QVERIFY(runs.out.contains("reuse  complete"));
}

void TestForensicsCli::rerunReportsNoDifference()
{
    const QString run = QString::number(m_reuse.value(QStringLiteral("run")).toInteger());
    const auto rerun
        = cli({ QStringLiteral("analyze"), m_case, QStringLiteral("--rerun"), run, QStringLiteral("--json") }, 300000);
    QVERIFY2(rerun.exitCode == 0, rerun.out.left(2000).constData());
    const QJsonObject out = rerun.json();
    QCOMPARE(out.value(QStringLiteral("identical")).toBool(), true);
    QCOMPARE(out.value(QStringLiteral("differences")).toArray().size(), 0);
    QCOMPARE(out.value(QStringLiteral("rerun_of")).toInteger(), m_reuse.value(QStringLiteral("run")).toInteger());
    QCOMPARE(out.value(QStringLiteral("turns")),
             m_reuse.value(QStringLiteral("turns")).toArray().isEmpty() ? QJsonValue()
                                                                        : out.value(QStringLiteral("turns")));
    QCOMPARE(out.value(QStringLiteral("turns")).toArray().size(),
             m_reuse.value(QStringLiteral("turns")).toArray().size());
}

void TestForensicsCli::identityJson()
{
    const auto run
        = cli({ QStringLiteral("analyze"), m_case, QStringLiteral("identity"), QStringLiteral("--json") }, 120000);
    QCOMPARE(run.exitCode, 0);
    const QJsonObject out = run.json();
    int other = 0;
    for (const QJsonValue &c : out.value(QStringLiteral("claims")).toArray()) {
        QVERIFY(!c[QStringLiteral("prompt")].toString().isEmpty());
        QCOMPARE(c[QStringLiteral("strength")].toString(), QStringLiteral("weak"));
        other += c[QStringLiteral("names_itself")].toBool() ? 0 : 1;
    }
    QCOMPARE(other, 15);
}

void TestForensicsCli::usageErrors()
{
    QCOMPARE(cli({ QStringLiteral("analyze"), m_case, QStringLiteral("nonsense") }).exitCode, 2);
    QCOMPARE(cli({ QStringLiteral("analyze"), m_case, QStringLiteral("reuse"), QStringLiteral("--param"),
                   QStringLiteral("min_jaccard=abc") })
                 .exitCode,
             2);
    QCOMPARE(cli({ QStringLiteral("analyze"), m_case, QStringLiteral("identity"), QStringLiteral("--suspect"),
                   QStringLiteral("x") })
                 .exitCode,
             2);
    QVERIFY(cli({ QStringLiteral("analyze"), QStringLiteral("--help") }).out.contains("Strength:"));
}

QTEST_GUILESS_MAIN(TestForensicsCli)
#include "tst_forensics_cli.moc"
