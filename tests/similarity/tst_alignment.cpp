// SPDX-License-Identifier: GPL-3.0-or-later
// Span alignment: shared passages at their exact offsets, summaries, PAN XML.
#include "similarity/pan_xml.h"
#include "similarity/span_alignment.h"

#include <QFile>
#include <QTest>

using namespace lineage;
using namespace lineage::similarity;

namespace {

QString fixture(const QString &name)
{
    QFile f(QStringLiteral(LINEAGE_TEST_DATA "/similarity/align/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QString words(int from, int count, const QString &prefix)
{
    QStringList w;
    for (int i = from; i < from + count; ++i)
        w << prefix + QString::number(i);
    return w.join(QLatin1Char(' '));
}

} // namespace

class TestAlignment : public QObject
{
    Q_OBJECT

private slots:
    void plantedPassage_data();
    void plantedPassage();
    void summaryCounts();
    void gapsMerge();
    void shortRunsIgnored();
    void panXmlRoundTrip();
    void panOffsetsCountCodePoints();
    void panXmlErrors();
};

void TestAlignment::plantedPassage_data()
{
    QTest::addColumn<QString>("suspicious");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("first"); // the passage's first characters
    QTest::addColumn<QString>("last"); // and its last ones
    QTest::addColumn<int>("minTokens");
    QTest::newRow("english") << fixture(QStringLiteral("en_suspicious.txt")) << fixture(QStringLiteral("en_source.txt"))
                             << QStringLiteral("the members agreed") << QStringLiteral("for everyone") << 8;
    QTest::newRow("chinese") << fixture(QStringLiteral("zh_suspicious.txt")) << fixture(QStringLiteral("zh_source.txt"))
                             << QStringLiteral("人工智能") << QStringLiteral("高效的方法") << 5;
}

void TestAlignment::plantedPassage()
{
    QFETCH(QString, suspicious);
    QFETCH(QString, source);
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(int, minTokens);
    QVERIFY(!suspicious.isEmpty() && !source.isEmpty());
    AlignmentOptions o;
    o.minTokens = minTokens;
    const Alignment al = alignTexts(suspicious, source, o);
    QCOMPARE(al.passages.size(), size_t(1));
    const Passage &p = al.passages.front();
    QCOMPARE(p.aStart, qint32(suspicious.indexOf(first)));
    QCOMPARE(p.aEnd, qint32(suspicious.indexOf(last) + last.size()));
    QCOMPARE(p.bStart, qint32(source.indexOf(first)));
    QCOMPARE(p.bEnd, qint32(source.indexOf(last) + last.size()));
    QCOMPARE(p.matchedTokens, p.aTokenCount);
    QVERIFY(p.aTokenCount >= minTokens);
    QVERIFY(al.tokenizerVersion.startsWith(QStringLiteral("lineage-text/")));
}

void TestAlignment::summaryCounts()
{
    // A: 10 own words + 12 shared + 8 own = 30 tokens; B: 5 own + 12 shared = 17 tokens.
    const QString shared = words(0, 12, QStringLiteral("s"));
    const QString a = words(0, 10, QStringLiteral("a")) + QLatin1Char(' ') + shared + QLatin1Char(' ')
        + words(10, 8, QStringLiteral("a"));
    const QString b = words(0, 5, QStringLiteral("b")) + QLatin1Char(' ') + shared;
    const Alignment al = alignTexts(a, b);
    QCOMPARE(al.passages.size(), size_t(1));
    QCOMPARE(al.summary.tokensA, 30);
    QCOMPARE(al.summary.tokensB, 17);
    QCOMPARE(al.summary.sharedTokens, 12);
    QCOMPARE(al.summary.coverageA, 12.0 / 30.0);
    QCOMPARE(al.summary.coverageB, 12.0 / 17.0);
    QCOMPARE(al.summary.longestPassage, 12);
    QCOMPARE(al.passages[0].aFirstToken, 10);
    QCOMPARE(al.passages[0].bFirstToken, 5);
    QCOMPARE(al.passages[0].bEnd, qint32(b.size()));
}

void TestAlignment::gapsMerge()
{
    // The passage is copied with one word changed and one inserted: two exact runs that
    // merge across the small gap into one passage covering the whole copy.
    const QString part1 = words(0, 10, QStringLiteral("p"));
    const QString part2 = words(11, 10, QStringLiteral("p"));
    const QString a
        = QStringLiteral("intro words here ") + part1 + QStringLiteral(" p10 ") + part2 + QStringLiteral(" outro");
    const QString b = QStringLiteral("other start ") + part1 + QStringLiteral(" changed inserted ") + part2
        + QStringLiteral(" end");
    AlignmentOptions o;
    o.minTokens = 5;
    o.maxGap = 3;
    Alignment al = alignTexts(a, b, o);
    QCOMPARE(al.passages.size(), size_t(1));
    const Passage &p = al.passages[0];
    QCOMPARE(p.aStart, qint32(a.indexOf(QStringLiteral("p0"))));
    QCOMPARE(p.aEnd, qint32(a.indexOf(QStringLiteral("p20")) + 3));
    QCOMPARE(p.bStart, qint32(b.indexOf(QStringLiteral("p0"))));
    QCOMPARE(p.bEnd, qint32(b.indexOf(QStringLiteral("p20")) + 3));
    QCOMPARE(p.matchedTokens, 20);
    QCOMPARE(p.aTokenCount, 21);
    QCOMPARE(p.bTokenCount, 22);
    QCOMPARE(al.summary.sharedTokens, 20);
    // Without gap merging, the two runs stay apart.
    o.maxGap = 0;
    al = alignTexts(a, b, o);
    QCOMPARE(al.passages.size(), size_t(2));
    QCOMPARE(al.summary.longestPassage, 10);
}

void TestAlignment::shortRunsIgnored()
{
    const QString a = QStringLiteral("one two three four five six seven");
    const QString b = QStringLiteral("zero one two three four five nine");
    AlignmentOptions o;
    o.minTokens = 6;
    QVERIFY(alignTexts(a, b, o).passages.empty());
    o.minTokens = 5;
    const Alignment al = alignTexts(a, b, o);
    QCOMPARE(al.passages.size(), size_t(1));
    QCOMPARE(al.passages[0].aTokenCount, 5);
}

void TestAlignment::panXmlRoundTrip()
{
    PanDocument doc;
    doc.reference = QStringLiteral("suspicious-document00042.txt");
    doc.detections.push_back({ 10, 250, QStringLiteral("source-document00007.txt"), 1200, 248 });
    doc.detections.push_back({ 900, 31, QStringLiteral("source & <other>.txt"), 0, 31 });
    const QByteArray xml = writePanXml(doc);
    QVERIFY(xml.contains("<feature name=\"detected-plagiarism\" this_offset=\"10\" this_length=\"250\""));
    auto back = readPanXml(xml);
    QVERIFY(back);
    QVERIFY(*back == doc);
}

void TestAlignment::panOffsetsCountCodePoints()
{
    // Emoji before the passage: 2 UTF-16 units, 1 PAN character.
    const QString shared = words(0, 10, QStringLiteral("w"));
    const QString susp = QStringLiteral("\U0001F600\U0001F600 intro ") + shared;
    const QString src = QStringLiteral("start ") + shared + QStringLiteral(" end");
    const Alignment al = alignTexts(susp, src);
    QCOMPARE(al.passages.size(), size_t(1));
    const PanDocument doc = panDocument(al, QStringLiteral("s.txt"), susp, QStringLiteral("r.txt"), src);
    QCOMPARE(doc.detections.size(), size_t(1));
    QCOMPARE(al.passages[0].aStart, 11);
    QCOMPARE(doc.detections[0].thisOffset, 9);
    QCOMPARE(doc.detections[0].thisLength, qint64(shared.size()));
    QCOMPARE(doc.detections[0].sourceOffset, 6);
    QCOMPARE(doc.detections[0].sourceReference, QStringLiteral("r.txt"));
}

void TestAlignment::panXmlErrors()
{
    auto bad
        = readPanXml("<document reference=\"x\"><feature name=\"detected-plagiarism\" this_offset=\"a\"/></document>");
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, ErrorCode::InvalidInput);
    QVERIFY(!readPanXml("<document reference=\"x\"><feature"));
    QVERIFY(!readPanXml("<other/>"));
    auto empty = readPanXml("<document reference=\"x.txt\"></document>");
    QVERIFY(empty && empty->detections.empty() && empty->reference == QStringLiteral("x.txt"));
}

QTEST_GUILESS_MAIN(TestAlignment)
#include "tst_alignment.moc"
