// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli tokenize, align, neardup and tfidf-topk, run as a script would.
#include "common/cli_run.h"
#include "similarity/pan_xml.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <random>
#include <set>

using namespace lineage::similarity;

namespace {

using Run = lineage::testing::CliRun;

Run cli(const QStringList &args)
{
    return lineage::testing::cli(args, 120000);
}

QString alignFixture(const char *name)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/similarity/align/") + QLatin1String(name);
}

QList<QJsonObject> readJsonl(const QString &path)
{
    QList<QJsonObject> rows;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return rows;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (!line.isEmpty())
            rows << QJsonDocument::fromJson(line).object();
    }
    return rows;
}

// 300 random texts; text "d<i>-copy" is an edited copy of "d<i>" for i < 60.
void writeCorpus(const QString &path)
{
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> word(0, 999);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 240; ++i) {
        QStringList words;
        for (int k = 0; k < 80; ++k)
            words << QStringLiteral("w%1").arg(word(rng));
        const QString text = words.join(QLatin1Char(' '));
        f.write(QJsonDocument(QJsonObject { { QStringLiteral("id"), QStringLiteral("d%1").arg(i) },
                                            { QStringLiteral("text"), text } })
                    .toJson(QJsonDocument::Compact)
                + '\n');
        if (i < 60) {
            words[10] = QStringLiteral("edited");
            words[50] = QStringLiteral("changed");
            f.write(QJsonDocument(QJsonObject { { QStringLiteral("id"), QStringLiteral("d%1-copy").arg(i) },
                                                { QStringLiteral("text"), words.join(QLatin1Char(' ')) } })
                        .toJson(QJsonDocument::Compact)
                    + '\n');
        }
    }
    f.write("{\"id\": \"broken\"}\n");
}

} // namespace

class TestSimilarityCli : public QObject
{
    Q_OBJECT

private slots:
    void tokenizeShowsOffsets();
    void alignWritesPan();
    void neardupLshAgreesWithExact();
    void tfidfTopK();
    void usageErrors();

private:
    QTemporaryDir m_dir;
};

void TestSimilarityCli::tokenizeShowsOffsets()
{
    const Run r
        = cli({ QStringLiteral("tokenize"), QStringLiteral("Hello, 世界! \uFB01ne"), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    const QJsonArray tokens = r.json().value(QStringLiteral("tokens")).toArray();
    QCOMPARE(tokens.size(), 3);
    QCOMPARE(tokens[1].toObject().value(QStringLiteral("start")).toInt(), 7);
    QCOMPARE(tokens[1].toObject().value(QStringLiteral("end")).toInt(), 9);
    QCOMPARE(tokens[2].toObject().value(QStringLiteral("token")).toString(), QStringLiteral("fine"));
    QCOMPARE(tokens[2].toObject().value(QStringLiteral("original")).toString(), QStringLiteral("\uFB01ne"));
    const Run chars
        = cli({ QStringLiteral("tokenize"), QStringLiteral("--chars"), QStringLiteral("3"), QStringLiteral("abcd") });
    QCOMPARE(chars.out, QByteArray("0\t3\tabc\n1\t4\tbcd\n"));
}

void TestSimilarityCli::alignWritesPan()
{
    const QString pan = m_dir.filePath(QStringLiteral("out.xml"));
    const Run r = cli({ QStringLiteral("align"), alignFixture("en_suspicious.txt"), alignFixture("en_source.txt"),
                        QStringLiteral("--min-tokens"), QStringLiteral("8"), QStringLiteral("--pan"), pan,
                        QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    const QJsonArray passages = j.value(QStringLiteral("passages")).toArray();
    QCOMPARE(passages.size(), 1);
    QVERIFY(passages[0]
                .toObject()
                .value(QStringLiteral("a_text"))
                .toString()
                .startsWith(QStringLiteral("the members agreed")));
    QVERIFY(j.value(QStringLiteral("summary")).toObject().value(QStringLiteral("shared_tokens")).toInt() >= 20);
    QFile f(pan);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto doc = readPanXml(f.readAll());
    QVERIFY(doc);
    QCOMPARE(doc->reference, QStringLiteral("en_suspicious.txt"));
    QCOMPARE(doc->detections.size(), size_t(1));
    QCOMPARE(doc->detections[0].thisOffset, qint64(passages[0].toObject().value(QStringLiteral("a_start")).toInt()));
    QCOMPARE(doc->detections[0].sourceReference, QStringLiteral("en_source.txt"));
}

void TestSimilarityCli::neardupLshAgreesWithExact()
{
    const QString corpus = m_dir.filePath(QStringLiteral("corpus.jsonl"));
    writeCorpus(corpus);
    const QString lshOut = m_dir.filePath(QStringLiteral("lsh.jsonl"));
    const QString exactOut = m_dir.filePath(QStringLiteral("exact.jsonl"));
    const QStringList common { QStringLiteral("neardup"), corpus, QStringLiteral("--threshold"), QStringLiteral("0.7"),
                               QStringLiteral("--json") };
    const Run lsh = cli(common + QStringList { QStringLiteral("--out"), lshOut });
    QVERIFY2(lsh.exitCode == 0, lsh.err.constData());
    QVERIFY(lsh.err.contains(":301: no string field 'text'")); // the broken line is named, then skipped
    const Run exact = cli(common + QStringList { QStringLiteral("--out"), exactOut, QStringLiteral("--exact") });
    QCOMPARE(exact.exitCode, 0);
    QCOMPARE(exact.json().value(QStringLiteral("method")).toString(), QStringLiteral("exact"));
    QVERIFY(lsh.json().value(QStringLiteral("bands")).toInt() > 0);

    std::set<QString> exactPairs, lshPairs;
    for (const QJsonObject &o : readJsonl(exactOut)) {
        exactPairs.insert(o.value(QStringLiteral("a")).toString() + QLatin1Char('|')
                          + o.value(QStringLiteral("b")).toString());
        QVERIFY(o.value(QStringLiteral("jaccard")).toDouble() >= 0.7);
    }
    for (const QJsonObject &o : readJsonl(lshOut))
        lshPairs.insert(o.value(QStringLiteral("a")).toString() + QLatin1Char('|')
                        + o.value(QStringLiteral("b")).toString());
    QCOMPARE(exactPairs.size(), size_t(60));
    QVERIFY(exactPairs.count(QStringLiteral("d0|d0-copy")));
    QVERIFY(lshPairs.size() >= 57);
    for (const QString &pair : lshPairs)
        QVERIFY(exactPairs.count(pair));
}

void TestSimilarityCli::tfidfTopK()
{
    const QString corpus = m_dir.filePath(QStringLiteral("tfidf.jsonl"));
    writeCorpus(corpus);
    const QString out = m_dir.filePath(QStringLiteral("neighbours.jsonl"));
    const Run r = cli({ QStringLiteral("tfidf-topk"), corpus, QStringLiteral("--k"), QStringLiteral("3"),
                        QStringLiteral("--out"), out });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<QJsonObject> rows = readJsonl(out);
    QCOMPARE(rows.size(), 300);
    for (const QJsonObject &row : rows) {
        const QJsonArray n = row.value(QStringLiteral("neighbours")).toArray();
        QCOMPARE(n.size(), 3);
        QVERIFY(n[0].toObject().value(QStringLiteral("id")) != row.value(QStringLiteral("id"))); // never itself
        QVERIFY(n[0].toObject().value(QStringLiteral("score")).toDouble()
                >= n[1].toObject().value(QStringLiteral("score")).toDouble());
    }
    // An edited copy's nearest neighbour is its original.
    QCOMPARE(rows[1].value(QStringLiteral("id")).toString(), QStringLiteral("d0-copy"));
    QCOMPARE(rows[1].value(QStringLiteral("neighbours")).toArray()[0].toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("d0"));
    QVERIFY(
        rows[1].value(QStringLiteral("neighbours")).toArray()[0].toObject().value(QStringLiteral("score")).toDouble()
        > 0.9);
}

void TestSimilarityCli::usageErrors()
{
    QCOMPARE(cli({ QStringLiteral("neardup"), QStringLiteral("x.jsonl") }).exitCode, 2);
    QCOMPARE(cli({ QStringLiteral("align"), QStringLiteral("only-one.txt") }).exitCode, 2);
    const Run missing
        = cli({ QStringLiteral("align"), QStringLiteral("/nonexistent/a.txt"), alignFixture("en_source.txt") });
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("Cannot read"));
}

QTEST_GUILESS_MAIN(TestSimilarityCli)
#include "tst_similarity_cli.moc"
