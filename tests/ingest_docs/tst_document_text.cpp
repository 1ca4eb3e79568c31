// SPDX-License-Identifier: GPL-3.0-or-later
// Text and HTML documents (issue 14): hostile HTML (deep nesting, unclosed cells, endless
// comments) is read in linear time with its text, and both formats stream into pages of
// bounded size.
#include "collect_sink.h"
#include "docs_test_support.h"
#include "ingest/document_pages.h"
#include "ingest/document_parsers.h"
#include "ingest/format_registry.h"
#include "ingest/input_stream.h"

#include <QTest>

using namespace lineage;
using namespace lineage::ingest;
using namespace lineage::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray repeated(const char *piece, int times)
{
    return QByteArray(piece).repeated(times);
}

struct Parsed
{
    Status status;
    CollectSink sink;
    QStringList warnings; // messages printed while parsing

    QString text() const
    {
        QString all;
        for (const auto &p : sink.pages)
            all += p.second.text;
        return all;
    }
    bool hasDiagnostic(const QString &part) const
    {
        for (const Diagnostic &d : sink.diagnostics)
            if (d.reason.contains(part))
                return true;
        return false;
    }
};

QStringList *g_messages = nullptr;

void collectMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    if (g_messages)
        g_messages->append(message);
}

std::unique_ptr<Parsed> parse(const QString &format, const QByteArray &bytes, const QString &name = u"doc.html"_s)
{
    auto parsed = std::make_unique<Parsed>();
    MemoryInputStream input(bytes, name);
    g_messages = &parsed->warnings;
    const QtMessageHandler previous = qInstallMessageHandler(collectMessage);
    parsed->status = registryOf<registerDocumentParsers>().find(format)->parse(input, parsed->sink, ImportOptions {},
                                                                               nullFeedback());
    qInstallMessageHandler(previous);
    g_messages = nullptr;
    return parsed;
}

} // namespace

class TestDocumentText : public QObject
{
    Q_OBJECT

private slots:
    void hostileHtmlKeepsItsText_data();
    void hostileHtmlKeepsItsText();
    void htmlText_data();
    void htmlText();
    void endlessCommentIsCut();
    void longTextStreamsIntoPages();
    void utf8RepairAcrossBlocks();
};

void TestDocumentText::hostileHtmlKeepsItsText_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<QString>("mustContain");
    QTest::addColumn<bool>("capped");
    QTest::newRow("30,000 nested div") << "<html><body>" + repeated("<div>", 30000) + "deep text"
            + repeated("</div>", 30000) << u"deep text"_s
                                       << true;
    QTest::newRow("100,000 nested div") << repeated("<div>", 100000) + "deeper text" + repeated("</div>", 100000)
                                        << u"deeper text"_s << true;
    QTest::newRow("10,000 unclosed nested cells")
        << "<body>" + repeated("<table><tr><td>cell ", 10000) + "last" << u"cell last"_s << true;
    QTest::newRow("10,000 unclosed cells in a row")
        << "<table><tr>" + repeated("<td>x", 10000) + "</table>" << u"x\tx\tx"_s << false;
    // End tags that close nothing: the parser would walk the whole stack for each.
    QTest::newRow("100,000 stray end tags")
        << repeated("<b>", 100000) + "bold" + repeated("</i>", 100000) << u"bold"_s << true;
    QTest::newRow("unclosed paragraphs") << QByteArray("<p>one<p>two<p>three") << u"one\ntwo\nthree"_s << false;
}

void TestDocumentText::hostileHtmlKeepsItsText()
{
    QFETCH(QByteArray, html);
    QFETCH(QString, mustContain);
    QFETCH(bool, capped);
    const auto parsed = parse(u"html-document"_s, html);
    QVERIFY(parsed->status);
    QCOMPARE(parsed->sink.documents.size(), 1);
    QCOMPARE(parsed->sink.pages.size(), 1);
    QVERIFY2(parsed->text().contains(mustContain), qPrintable(parsed->text().left(200)));
    QCOMPARE(parsed->hasDiagnostic(u"nests deeper than 256 elements"_s), capped);
    // QTextDocument printed "QFont::setPixelSize: Pixel size <= 0" for headings.
    QVERIFY2(parsed->warnings.isEmpty(), qPrintable(parsed->warnings.join(u'\n')));
}

void TestDocumentText::htmlText_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("text");
    QTest::newRow("blocks and spaces") << QByteArray(
        "<html><head><title> A\n title </title><style>p{}</style></head><body>\n<h1>Head</h1>"
        "<p>one   two\nthree</p><p>a&nbsp;&nbsp;b &amp; c</p>\n</body></html>")
                                       << u"A title"_s << u"Head\none two three\na  b & c"_s;
    QTest::newRow("br, pre and cells") << QByteArray("<p>line<br>next<br><br>after</p><pre>  keep\n    this</pre>"
                                                     "<table><tr><td>a</td><td>b</td></tr><tr><th>c<td>d</table>")
                                       << u"doc"_s << u"line\nnext\n\nafter\n  keep\n    this\na\tb\nc\td"_s;
    QTest::newRow("script and comments hold no text") << QByteArray(
        "<body>before<script>if (a < b) document.write('<p>no</p>')</script><!-- <b>not</b> -->after</body>")
                                                      << u"doc"_s << u"beforeafter"_s;
    QTest::newRow("byte-order mark") << QByteArray("\xEF\xBB\xBF<title>T</title><p>x</p>") << u"T"_s << u"x"_s;
    QTest::newRow("chinese") << QByteArray("<p>本协议自2024年6月1日起生效。</p>") << u"doc"_s
                             << u"本协议自2024年6月1日起生效。"_s;
    QTest::newRow("no markup") << QByteArray("just text") << u"doc"_s << u"just text"_s;
    // Found by fuzzing: a comment opened in the last two bytes read looped for ever.
    QTest::newRow("comment open at the end") << QByteArray("<p>a</p><!--x") << u"doc"_s << u"a"_s;
    QTest::newRow("comment open, one byte") << QByteArray("<p>b</p><!--\x1d") << u"doc"_s << u"b"_s;
    QTest::newRow("invalid utf-8") << QByteArray("<p>caf\xe9</p>") << u"doc"_s << u"caf\uFFFD"_s;
}

void TestDocumentText::htmlText()
{
    QFETCH(QByteArray, html);
    QFETCH(QString, title);
    QFETCH(QString, text);
    const auto parsed = parse(u"html-document"_s, html);
    QVERIFY(parsed->status);
    QCOMPARE(parsed->sink.documents.size(), 1);
    QCOMPARE(parsed->sink.documents[0].title, title);
    QCOMPARE(parsed->sink.pages.size(), 1);
    QCOMPARE(parsed->text(), text);
    QCOMPARE(parsed->hasDiagnostic(u"not valid UTF-8"_s), text.contains(QChar(0xFFFD)));
}

void TestDocumentText::endlessCommentIsCut()
{
    // The parser gathers a comment in memory until it ends: past 32 MiB the input ends.
    const QByteArray html = "<p>before</p><!-- " + QByteArray(40 * 1024 * 1024, 'x') + "<p>after</p>";
    const auto parsed = parse(u"html-document"_s, html);
    QVERIFY(parsed->status);
    QCOMPARE(parsed->text(), u"before"_s);
    QVERIFY(parsed->hasDiagnostic(u"runs on for more than 32 MiB"_s));
}

void TestDocumentText::longTextStreamsIntoPages()
{
    // 9 MiB without a form feed: pages of at most 4 MiB, cut at line breaks, the text whole.
    QByteArray line = "All work and no play makes a dull case. 本协议\n";
    QByteArray text;
    while (text.size() < 9 * 1024 * 1024)
        text += line;
    for (const QString &format : { u"text-document"_s, u"html-document"_s }) {
        const QByteArray bytes = format == u"html-document"_s ? "<pre>" + text + "</pre>" : text;
        const auto parsed = parse(format, bytes, u"long.txt"_s);
        QVERIFY(parsed->status);
        QCOMPARE(parsed->sink.pages.size(), 3);
        for (qsizetype i = 0; i < parsed->sink.pages.size(); ++i) {
            const Page &page = parsed->sink.pages[i].second;
            QCOMPARE(page.pageNo, qint32(i + 1));
            QVERIFY(page.text.toUtf8().size() <= PageWriter::kMaxPageBytes);
            if (i + 1 < parsed->sink.pages.size())
                QVERIFY(page.text.endsWith(u'\n'));
        }
        QCOMPARE(parsed->text(), QString::fromUtf8(text)); // <pre> keeps its last line break too
        QVERIFY(parsed->hasDiagnostic(u"longer than 4 MiB"_s));
    }
}

void TestDocumentText::utf8RepairAcrossBlocks()
{
    // Every split of a text with 2-, 3- and 4-byte characters and one bad byte.
    const QByteArray text = "a\xC3\xA9z\xE6\x9C\xAC\xF0\x9F\x98\x80\xFF"
                            "end";
    const QByteArray expected = "a\xC3\xA9z\xE6\x9C\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD"
                                "end";
    for (qsizetype cut = 0; cut <= text.size(); ++cut) {
        Utf8Repair repair;
        QByteArray out;
        repair.append(QByteArrayView(text).first(cut), false, out);
        repair.append(QByteArrayView(text).sliced(cut), false, out);
        repair.append({}, true, out);
        QCOMPARE(out, expected);
        QCOMPARE(repair.firstInvalidOffset(), qint64(11));
    }
    Utf8Repair cutAtEnd;
    QByteArray out;
    cutAtEnd.append("ab\xE6\x9C", true, out);
    QCOMPARE(out, QByteArray("ab\xEF\xBF\xBD\xEF\xBF\xBD"));
}

QTEST_GUILESS_MAIN(TestDocumentText)
#include "tst_document_text.moc"
