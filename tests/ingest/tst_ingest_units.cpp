// SPDX-License-Identifier: GPL-3.0-or-later
// The pieces under the parsers: line splitting, time reading, decompression, search syntax.
#include "casefile/search_index.h"
#include "ingest/input_stream.h"
#include "ingest/line_reader.h"
#include "ingest/time_parser.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>
#include <zstd.h>

using namespace lineage;
using namespace lineage::ingest;

namespace {

QStringList readLines(InputStream &input, qint64 max)
{
    LineReader reader(input, max);
    QStringList out;
    Line line;
    while (reader.next(line).value()) {
        out << QStringLiteral("%1@%2+%3%4%5:%6").arg(line.number).arg(line.offset).arg(line.length)
                   .arg(line.tooLong ? QStringLiteral("!") : QString(), line.unterminated ? QStringLiteral("$") : QString(),
                        QString::fromUtf8(line.text.first(std::min<qsizetype>(line.text.size(), 8))));
    }
    return out;
}

} // namespace

class TestIngestUnits : public QObject
{
    Q_OBJECT

private slots:
    void lines_data();
    void lines();
    void longLineNotBuffered();
    void times_data();
    void times();
    void decompression_data();
    void decompression();
    void matchExpression_data();
    void matchExpression();
};

void TestIngestUnits::lines_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<QStringList>("expected");  // number@offset+length[!][$]:head
    QTest::newRow("lf") << QByteArray("ab\ncd\n") << qint64(100) << QStringList{QStringLiteral("1@0+2:ab"), QStringLiteral("2@3+2:cd")};
    QTest::newRow("crlf") << QByteArray("ab\r\ncd\r\n") << qint64(100) << QStringList{QStringLiteral("1@0+2:ab"), QStringLiteral("2@4+2:cd")};
    QTest::newRow("no final newline") << QByteArray("ab\ncd") << qint64(100) << QStringList{QStringLiteral("1@0+2:ab"), QStringLiteral("2@3+2$:cd")};
    QTest::newRow("empty lines kept") << QByteArray("\n\nx\n") << qint64(100) << QStringList{QStringLiteral("1@0+0:"), QStringLiteral("2@1+0:"), QStringLiteral("3@2+1:x")};
    QTest::newRow("too long") << QByteArray("short\n" + QByteArray(50, 'y') + "\nend\n") << qint64(20)
                              << QStringList{QStringLiteral("1@0+5:short"), QStringLiteral("2@6+50!:yyyyyyyy"), QStringLiteral("3@57+3:end")};
    QTest::newRow("empty") << QByteArray() << qint64(100) << QStringList{};
    // A small file is read in one block of its size (at least 4 KiB): lines across that size.
    QTest::newRow("lines longer than a small file's block")
        << QByteArray("a\n" + QByteArray(5000, 'b') + "\n" + QByteArray(4095, 'c')) << qint64(10000)
        << QStringList { QStringLiteral("1@0+1:a"), QStringLiteral("2@2+5000:bbbbbbbb"),
                         QStringLiteral("3@5003+4095$:cccccccc") };
}

void TestIngestUnits::lines()
{
    QFETCH(QByteArray, content);
    QFETCH(qint64, max);
    QFETCH(QStringList, expected);
    MemoryInputStream input(content);
    QCOMPARE(readLines(input, max), expected);
}

void TestIngestUnits::longLineNotBuffered()
{
    // A 40 MiB line with a 1 MiB limit: reported with its true length, the next line intact.
    QByteArray content(40 << 20, 'z');
    content += "\nnext\n";
    MemoryInputStream input(content);
    LineReader reader(input, 1 << 20);
    Line line;
    QVERIFY(reader.next(line).value());
    QVERIFY(line.tooLong);
    QCOMPARE(line.length, qint64(40 << 20));
    QCOMPARE(line.text.size(), LineReader::kTooLongKeep);
    QVERIFY(reader.next(line).value());
    QCOMPARE(line.number, qint64(2));
    QCOMPARE(line.offset, qint64((40 << 20) + 1));
    QCOMPARE(line.text, QByteArrayView("next"));
}

void TestIngestUnits::times_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("utcMs");     // -1: refused
    QTest::addColumn<int>("offset");
    QTest::newRow("iso Z") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-05-01T12:00:00Z") << qint64(1714564800000) << 0;
    QTest::newRow("iso fraction") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-05-01T12:00:00.25Z") << qint64(1714564800250) << 0;
    QTest::newRow("iso offset") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-05-01T20:00:00+08:00") << qint64(1714564800000) << 28800;
    QTest::newRow("iso offset no colon") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-05-01T07:00:00-0500") << qint64(1714564800000) << -18000;
    QTest::newRow("naive utc") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-05-01 12:00:00") << qint64(1714564800000) << 0;
    QTest::newRow("naive declared zone") << QStringLiteral("") << QStringLiteral("Asia/Shanghai") << QStringLiteral("2024-05-01 20:00") << qint64(1714564800000) << 28800;
    QTest::newRow("naive zone with dst") << QStringLiteral("") << QStringLiteral("Europe/Berlin") << QStringLiteral("2024-07-01T14:00:00") << qint64(1719835200000) << 7200;
    QTest::newRow("naive zone winter") << QStringLiteral("") << QStringLiteral("Europe/Berlin") << QStringLiteral("2024-01-01T13:00:00") << qint64(1704110400000) << 3600;
    QTest::newRow("date only") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-05-01") << qint64(1714521600000) << 0;
    QTest::newRow("epoch seconds") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("1714564800") << qint64(1714564800000) << 0;
    QTest::newRow("epoch millis") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("1714564800123") << qint64(1714564800123) << 0;
    QTest::newRow("forced epoch-ms") << QStringLiteral("epoch-ms") << QStringLiteral("") << QStringLiteral("1714564800") << qint64(1714564800) << 0;
    QTest::newRow("qt format") << QStringLiteral("dd.MM.yyyy HH:mm") << QStringLiteral("Asia/Shanghai") << QStringLiteral("01.05.2024 20:00") << qint64(1714564800000) << 28800;
    QTest::newRow("bad month") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-13-01T00:00:00Z") << qint64(-1) << 0;
    QTest::newRow("bad day") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2023-02-29") << qint64(-1) << 0;
    QTest::newRow("leap day") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-02-29") << qint64(1709164800000) << 0;
    QTest::newRow("words") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("yesterday") << qint64(-1) << 0;
    QTest::newRow("trailing junk") << QStringLiteral("") << QStringLiteral("") << QStringLiteral("2024-05-01T12:00:00Zx") << qint64(-1) << 0;
}

void TestIngestUnits::times()
{
    QFETCH(QString, format);
    QFETCH(QString, zone);
    QFETCH(QString, text);
    QFETCH(qint64, utcMs);
    QFETCH(int, offset);
    TimeParser parser(format, zone);
    QVERIFY(parser.isValid());
    const QByteArray utf8 = text.toUtf8();
    const auto t = parser.parse(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (utcMs < 0) {
        QVERIFY(!t);
        return;
    }
    QVERIFY(t);
    QCOMPARE(t->utcMs, utcMs);
    QCOMPARE(t->offsetSeconds, offset);
}

void TestIngestUnits::decompression_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("plain") << QStringLiteral("plain");
    QTest::newRow("gzip") << QStringLiteral("gzip");
    QTest::newRow("gzip two members") << QStringLiteral("gzip2");
    QTest::newRow("zstd") << QStringLiteral("zstd");
}

void TestIngestUnits::decompression()
{
    QFETCH(QString, kind);
    QByteArray content;
    for (int i = 0; i < 200000; ++i)
        content += "line " + QByteArray::number(i) + " with some text\n";
    QByteArray stored;
    auto gzip = [](const QByteArray &in) {
        QByteArray out(qsizetype(compressBound(uLong(in.size())) + 64), Qt::Uninitialized);
        z_stream zs{};
        deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
        zs.avail_in = uInt(in.size());
        zs.next_out = reinterpret_cast<Bytef *>(out.data());
        zs.avail_out = uInt(out.size());
        deflate(&zs, Z_FINISH);
        out.resize(qsizetype(zs.total_out));
        deflateEnd(&zs);
        return out;
    };
    if (kind == QLatin1String("plain")) {
        stored = content;
    } else if (kind == QLatin1String("gzip")) {
        stored = gzip(content);
    } else if (kind == QLatin1String("gzip2")) {
        stored = gzip(content.left(1000)) + gzip(content.mid(1000));
    } else {
        stored.resize(qsizetype(ZSTD_compressBound(size_t(content.size()))));
        stored.resize(qsizetype(ZSTD_compress(stored.data(), size_t(stored.size()), content.constData(), size_t(content.size()), 3)));
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("input"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(stored);
    f.close();
    FileInputStream input;
    QVERIFY(input.open(path).ok());
    QByteArray tapped;
    input.setTap([&](const char *data, qint64 n) { tapped.append(data, n); return Status(); });
    QCOMPARE(input.isCompressed(), kind != QLatin1String("plain"));
    auto all = input.readAll();
    QVERIFY(all.ok());
    QCOMPARE(*all, content);
    QCOMPARE(tapped, stored);  // the original bytes, exactly, for hashing and storing
    QCOMPARE(input.contentBytes(), qint64(content.size()));
}

void TestIngestUnits::matchExpression_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expression");
    QTest::newRow("words") << QStringLiteral("sky blue") << QStringLiteral("\"sky\" \"blue\"");
    QTest::newRow("phrase") << QStringLiteral("\"step by step\"") << QStringLiteral("\"step by step\"");
    QTest::newRow("prefix") << QStringLiteral("distill*") << QStringLiteral("\"distill\" *");
    QTest::newRow("chinese") << QStringLiteral("我是") << QStringLiteral("\"我 是\"");
    QTest::newRow("mixed") << QStringLiteral("我是ChatGPT") << QStringLiteral("\"我 是 ChatGPT\"");
    QTest::newRow("quotes escaped") << QStringLiteral("a\"b") << QStringLiteral("\"a\" \"b\"");
    QTest::newRow("punctuation only") << QStringLiteral("?!") << QStringLiteral("");
    QTest::newRow("fts syntax is not syntax") << QStringLiteral("NOT OR") << QStringLiteral("\"NOT\" \"OR\"");
}

void TestIngestUnits::matchExpression()
{
    QFETCH(QString, query);
    QFETCH(QString, expression);
    QCOMPARE(casefile::SearchIndex::matchExpression(query), expression);
}

QTEST_GUILESS_MAIN(TestIngestUnits)
#include "tst_ingest_units.moc"
