// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli killed (SIGKILL) at random moments of an import, a bulk edit, an index build,
// an analysis and an export: after every kill the case opens read-only without a manual step and verifies, the
// main file copied alone verifies, and the operation runs again.
// LINEAGE_KILL_TESTS sets the number of kills (default 10 in the suite, two of each operation;
// `make kill-test` runs the 100, about 17 minutes).
#include "common/cli_run.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace lineage::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

// A gateway log of `records` exchanges, different for every `batch`.
QString writeLog(const QString &dir, int batch, int records)
{
    const QString path = QDir(dir).filePath(u"log_%1.jsonl"_s.arg(batch));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    QByteArray out;
    for (int i = 0; i < records; ++i) {
        const QByteArray n = QByteArray::number(i);
        const QByteArray b = QByteArray::number(batch);
        out += "{\"timestamp\": \"2024-05-01T12:" + QByteArray::number(10 + i % 50) + ":00Z\", \"request_id\": \"b" + b
            + "-" + n + "\", \"account\": \"acct_" + QByteArray::number(i % 17)
            + "\", \"endpoint\": \"/v1/chat/completions\", \"status\": 200, \"request\": {\"model\": \"m\", "
              "\"messages\": [{\"role\": \"user\", \"content\": \"Question "
            + n + " of batch " + b
            + ": explain step by step why the sky is blue and the sunset red\"}]}, "
              "\"response\": {\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"Answer "
            + n
            + ": Rayleigh scattering favours short wavelengths, so blue light is scattered most while the "
              "long path at sunset leaves the red.\"}, \"finish_reason\": \"stop\"}]}}\n";
    }
    return f.write(out) == out.size() ? path : QString();
}

struct Operation
{
    QString name;
    QStringList args;
};

} // namespace

class TestCaseKills : public QObject
{
    Q_OBJECT

private slots:
    void killsAtRandomMoments();
};

void TestCaseKills::killsAtRandomMoments()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir(dir.path()).mkpath(u"alone"_s);
    const QString casePath = dir.filePath(u"killed.lineage"_s);
    const QString alone = dir.filePath(u"alone/killed.lineage"_s);
    auto run = cli({ u"new"_s, casePath, u"--title"_s, u"Killed at random"_s });
    QVERIFY2(run.exitCode == 0, run.err.constData());

    constexpr int kRecords = 1500;
    QRandomGenerator random(2026);
    // How long each kind of operation takes uninterrupted (measured on its first run
    // below); kills are drawn over 0 to 1.2 times that.
    constexpr int kKinds = 5;
    // Every operation is killed at least once, whatever the count asked for.
    bool countGiven = false;
    const int asked = qEnvironmentVariableIntValue("LINEAGE_KILL_TESTS", &countGiven);
    const int kKills = countGiven ? std::max(asked, kKinds) : 2 * kKinds;
    qInfo() << kKills << "kills (LINEAGE_KILL_TESTS)";
    qint64 duration[kKinds] = { 0, 0, 0, 0, 0 };
    int exports = 0;
    int landed = 0;
    int batch = 0;
    auto operation = [&](int kind) -> Operation {
        switch (kind) {
        case 0:
            return { u"import"_s,
                     { u"import"_s, casePath, u"--kind"_s, u"query-log"_s, writeLog(dir.path(), ++batch, kRecords) } };
        case 1:
            return { u"bulk tag"_s, { u"tag"_s, casePath, u"seen_%1"_s.arg(batch), u"--table"_s, u"records"_s } };
        case 3:
            return { u"analysis"_s, { u"analyze"_s, casePath, u"reuse"_s } };
        case 4:
            return { u"export"_s,
                     { u"export-table"_s, casePath, u"records"_s, u"--format"_s, u"jsonl"_s, u"--out"_s,
                       dir.filePath(u"export_%1.jsonl"_s.arg(++exports)) } };
        default: {
            // Something to index: a log imported without the index first.
            const QString log = writeLog(dir.path(), ++batch, kRecords);
            auto prep = cli({ u"import"_s, casePath, u"--kind"_s, u"query-log"_s, u"--no-index"_s, log });
            if (prep.exitCode != 0)
                qWarning() << "import --no-index failed:" << prep.err;
            return { u"index build"_s, { u"index"_s, casePath } };
        }
        }
    };
    // The analyses read the suspect's transcripts.
    run = cli({ u"import"_s, casePath, u"--kind"_s, u"transcript"_s, u"--role"_s, u"suspect"_s, u"--label"_s,
                u"suspect-model"_s, QStringLiteral(LINEAGE_TEST_DATA "/ingest_docs/messages_jsonl/chat.jsonl") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    for (int kind = 0; kind < kKinds; ++kind) {
        const Operation op = operation(kind);
        QElapsedTimer timer;
        timer.start();
        run = cli(op.args);
        QVERIFY2(run.exitCode == 0, qPrintable(op.name + u": "_s + QString::fromUtf8(run.err)));
        duration[kind] = std::max<qint64>(timer.elapsed(), 50);
    }
    qInfo() << "uninterrupted: import" << duration[0] << "ms, bulk tag" << duration[1] << "ms, index build"
            << duration[2] << "ms, analysis" << duration[3] << "ms, export" << duration[4] << "ms";

    for (int k = 0; k < kKills; ++k) {
        const int kind = k % kKinds;
        const Operation op = operation(kind);
        const QString what = u"kill %1 (%2)"_s.arg(k + 1).arg(op.name);
        QProcess p;
        p.setProgram(QStringLiteral(LINEAGE_BIN_DIR "/lineage-cli"));
        p.setArguments(op.args);
        p.start();
        QVERIFY(p.waitForStarted());
        const qint64 delay = qint64(random.bounded(quint64(duration[kind] * 12 / 10)));
        QThread::msleep(quint64(delay));
        p.kill(); // SIGKILL
        QVERIFY(p.waitForFinished(60000));
        if (p.exitStatus() == QProcess::CrashExit)
            ++landed;

        // The main file alone, as a user would mail it, before anything reads the case.
        QFile::remove(alone);
        QVERIFY(QFile::copy(casePath, alone));

        run = cli({ u"info"_s, casePath });
        QVERIFY2(run.exitCode == 0, qPrintable(what + u": info: "_s + QString::fromUtf8(run.err)));
        run = cli({ u"verify"_s, casePath });
        QVERIFY2(run.exitCode == 0,
                 qPrintable(what + u": verify: "_s + QString::fromUtf8(run.out) + QString::fromUtf8(run.err)));
        run = cli({ u"verify"_s, alone });
        QVERIFY2(run.exitCode == 0,
                 qPrintable(what + u": verify of the main file alone: "_s + QString::fromUtf8(run.out)
                            + QString::fromUtf8(run.err)));
        for (const QString &left : QDir(dir.filePath(u"alone"_s)).entryList(QDir::Files))
            QVERIFY2(left == u"killed.lineage"_s, qPrintable(what + u": verify left "_s + left));

        // The interrupted operation again: it completes (an import that had committed
        // before the kill is refused as already imported, which is its completion).
        run = cli(op.args);
        const bool done = run.exitCode == 0 || (kind == 0 && run.exitCode == 2 && run.err.contains("already imported"));
        QVERIFY2(done, qPrintable(what + u": run again: "_s + QString::fromUtf8(run.err)));
    }
    qInfo() << landed << "of" << kKills << "kills landed while the operation ran";
    // Kills are drawn over the operation's own duration: most land inside it.
    QVERIFY2(landed * 2 >= kKills, "too few kills landed while an operation ran; the test did not test");

    run = cli({ u"verify"_s, casePath });
    QCOMPARE(run.exitCode, 0);
    const QStringList files = QDir(dir.path()).entryList({ u"killed.lineage*"_s }, QDir::Files);
    QCOMPARE(files, QStringList { u"killed.lineage"_s });
}

QTEST_GUILESS_MAIN(TestCaseKills)
#include "tst_case_kills.moc"
