// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/diagnostic_store.h"
#include "casefile/document_store.h"
#include "casefile/event_store.h"
#include "casefile/evidence_store.h"
#include "casefile/search_index.h"
#include "collect_sink.h"
#include "demo/demo_pdf.h"
#include "docs_test_support.h"
#include "ingest/document_dates.h"
#include "ingest/document_parsers.h"
#include "ingest/format_registry.h"
#include "ingest/importer.h"
#include "ingest/input_stream.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace lineage;
using namespace lineage::ingest;
using namespace lineage::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

const casefile::Investigator kWho { QStringLiteral("D. Examiner"), QStringLiteral("dexaminer") };

// Every word box must name the text it sits on in the page text.
bool wordsMatchText(const Page &page)
{
    for (const WordBox &w : page.words)
        if (page.text.mid(w.charStart, w.text.size()) != w.text)
            return false;
    return true;
}

bool isHan(const QString &s)
{
    return s.size() == 1 && s.at(0).script() == QChar::Script_Han;
}

} // namespace

class TestDocumentImport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pdfPagesTextAndMetadata();
    void chineseRunsSplitIntoCharacterBoxes();
    void pdfMetadataFields();
    void refusedPdfs_data();
    void refusedPdfs();
    void sniffsDocuments_data();
    void sniffsDocuments();
    void textAndHtmlDocuments();
    void findsDates_data();
    void findsDates();
    void wordBoxesRoundTrip();
    void storeEditsAreAuditedAndDatesBecomeEvents();
    void importsPdfsThroughPipeline();
    void cidFontPdfTextAndWarnings();
    void refusedDocumentsLeaveCaseUnchanged_data();
    void refusedDocumentsLeaveCaseUnchanged();

private:
    QTemporaryDir m_dir;
    QString m_englishPdf;
    QString m_chinesePdf;
};

void TestDocumentImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_englishPdf = m_dir.filePath(u"terms.pdf"_s);
    demo::PdfSpec terms;
    terms.title = u"Example AI Terms of Use"_s;
    terms.pagesHtml = { u"<h1>Terms of Use</h1><p>Effective date: January 5, 2024.</p>"
                        "<p>2.1 You may not use Output to develop models that compete with Example AI.</p>"_s,
                        u"<h2>Changes</h2><p>These terms were last updated on 2024-03-01.</p>"_s };
    QVERIFY(demo::writeHtmlPdf(m_englishPdf, terms));
    m_chinesePdf = m_dir.filePath(u"notice_zh.pdf"_s);
    demo::PdfSpec notice;
    notice.title = u"服务条款通知"_s;
    notice.pagesHtml = { u"<p>Notice 通知</p><p>本协议自2024年6月1日起生效。禁止使用输出开发竞争模型。</p>"_s };
    QVERIFY(demo::writeHtmlPdf(m_chinesePdf, notice));
}

void TestDocumentImport::pdfPagesTextAndMetadata()
{
    auto content = readPdf(readFile(m_englishPdf), u"terms.pdf"_s);
    QVERIFY2(content, qPrintable(content ? QString() : content.error().message));
    QCOMPARE(content->pages.size(), 2);
    QCOMPARE(content->info.title, u"Example AI Terms of Use"_s);
    QVERIFY(!content->info.created.isEmpty());
    const Page &first = content->pages[0];
    QCOMPARE(first.pageNo, 1);
    QVERIFY(qAbs(first.width - 595.0) < 2 && qAbs(first.height - 842.0) < 2); // A4 in points
    QVERIFY2(first.text.contains(u"Effective date: January 5, 2024."_s), qPrintable(first.text));
    QVERIFY(first.text.contains(u"develop models that compete"_s));
    QVERIFY(content->pages[1].text.contains(u"2024-03-01"_s));
    QVERIFY(!first.words.isEmpty());
    QVERIFY(wordsMatchText(first));
    // Boxes lie on the page.
    for (const WordBox &w : first.words) {
        QVERIFY(w.box.width() > 0 && w.box.height() > 0);
        QVERIFY(w.box.right() <= first.width && w.box.bottom() <= first.height);
    }

    // The parser gives the same through a sink, with the analyst's type.
    const Parser *pdf = registryOf<registerDocumentParsers>().find(u"pdf"_s);
    QVERIFY(pdf);
    MemoryInputStream input(readFile(m_englishPdf), u"terms.pdf"_s);
    CollectSink sink;
    ImportOptions options;
    options.kind = SourceKind::Document;
    options.docType = DocumentType::TermsOfService;
    QVERIFY(pdf->parse(input, sink, options, nullFeedback()));
    QCOMPARE(sink.documents.size(), 1);
    QCOMPARE(sink.documents[0].type, DocumentType::TermsOfService);
    QCOMPARE(sink.pages.size(), 2);
    QCOMPARE(sink.pages[1].second.pageNo, 2);
    QVERIFY(sink.diagnostics.isEmpty());
}

void TestDocumentImport::chineseRunsSplitIntoCharacterBoxes()
{
    auto content = readPdf(readFile(m_chinesePdf), u"notice_zh.pdf"_s);
    QVERIFY(content);
    QCOMPARE(content->info.title, u"服务条款通知"_s);
    QCOMPARE(content->pages.size(), 1);
    const Page &page = content->pages[0];
    QVERIFY2(page.text.contains(u"本协议自2024年6月1日起生效"_s), qPrintable(page.text));
    QVERIFY(wordsMatchText(page));
    // Every Han character has its own box, left to right along the line.
    const QString sentence = u"本协议自"_s;
    const qsizetype at = page.text.indexOf(sentence);
    QList<WordBox> chars;
    for (const WordBox &w : page.words)
        if (w.charStart >= at && w.charStart < at + sentence.size())
            chars.append(w);
    QCOMPARE(chars.size(), 4);
    for (int i = 0; i < chars.size(); ++i) {
        QVERIFY(isHan(chars[i].text));
        QCOMPARE(chars[i].charStart, qint32(at + i));
        QVERIFY(chars[i].box.width() > 0 && chars[i].box.width() < 20);
        if (i > 0)
            QVERIFY(chars[i].box.left() > chars[i - 1].box.left());
    }
    // Latin text stays one box per word.
    bool foundNotice = false;
    for (const WordBox &w : page.words)
        foundNotice = foundNotice || w.text == u"Notice"_s;
    QVERIFY(foundNotice);
}

void TestDocumentImport::pdfMetadataFields()
{
    auto content = readPdf(readFile(fixture(u"pdf_metadata/metadata.pdf"_s)), u"metadata.pdf"_s);
    QVERIFY(content);
    QCOMPARE(content->info.title, u"Master Services Agreement"_s);
    QCOMPARE(content->info.author, u"Jane Counsel"_s);
    QCOMPARE(content->info.created, u"2023-03-03T09:30:00Z"_s);
    QCOMPARE(content->info.modified, u"2023-04-10T10:00:00Z"_s);
    QCOMPARE(content->pages.size(), 1);
    const Page &page = content->pages[0];
    QCOMPARE(page.width, 612.0);
    QCOMPARE(page.height, 792.0);
    QCOMPARE(page.text, u"Master Services Agreement dated March 3, 2023"_s);
    QCOMPARE(page.words.size(), 7);
    QCOMPARE(page.words[0].text, u"Master"_s);
    QCOMPARE(page.words[6].text, u"2023"_s);
    QCOMPARE(page.words[6].charStart, qint32(page.text.size() - 4));
    // Text drawn at y = 700 from the bottom sits near 92 pt from the top.
    QVERIFY(page.words[0].box.top() > 70 && page.words[0].box.bottom() < 100);
    QVERIFY(qAbs(page.words[0].box.left() - 72) < 1);
    const auto dates = findDates(page.text, 1);
    QCOMPARE(dates.size(), 1);
    QCOMPARE(dates[0].date, QDate(2023, 3, 3));
}

void TestDocumentImport::refusedPdfs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("encrypted") << u"encrypted_pdf/encrypted.pdf"_s << u"encrypted"_s;
    QTest::newRow("truncated") << u"broken_pdf/truncated.pdf"_s << u"not a readable PDF"_s;
    QTest::newRow("empty") << u"empty/empty.jsonl"_s << u"not a readable PDF"_s;
}

void TestDocumentImport::refusedPdfs()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    const QByteArray bytes = readFile(fixture(file));
    const QString name = file.section(QLatin1Char('/'), -1);
    const Parser *pdf = registryOf<registerDocumentParsers>().find(u"pdf"_s);
    MemoryInputStream input(bytes, name);
    CollectSink sink;
    const Status status = pdf->parse(input, sink, ImportOptions {}, nullFeedback());
    QVERIFY(!status.ok());
    QVERIFY2(status.error().message.contains(message), qPrintable(status.error().message));
    QVERIFY(status.error().message.contains(name));
    QVERIFY(sink.documents.isEmpty());
    QVERIFY(sink.pages.isEmpty());
}

void TestDocumentImport::sniffsDocuments_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::newRow("encrypted pdf") << fixture(u"encrypted_pdf/encrypted.pdf"_s) << u"pdf"_s;
    QTest::newRow("text") << fixture(u"text_document/terms.txt"_s) << u"text-document"_s;
    QTest::newRow("html") << fixture(u"html_document/letter.html"_s) << u"html-document"_s;
    QTest::newRow("empty") << fixture(u"empty/empty.jsonl"_s) << QString();
}

void TestDocumentImport::sniffsDocuments()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    const QByteArray head = readFile(file).left(Parser::kSniffBytes);
    const auto matches = registryOf<registerDocumentParsers>().sniff(head, u"upload"_s, SourceKind::Document);
    if (format.isEmpty()) {
        QVERIFY(matches.isEmpty());
        return;
    }
    QVERIFY(!matches.isEmpty());
    QCOMPARE(matches.first().parser->format(), format);
}

void TestDocumentImport::textAndHtmlDocuments()
{
    {
        MemoryInputStream input(readFile(fixture(u"text_document/terms.txt"_s)), u"terms.txt"_s);
        CollectSink sink;
        QVERIFY(registryOf<registerDocumentParsers>()
                    .find(u"text-document"_s)
                    ->parse(input, sink, ImportOptions {}, nullFeedback()));
        QCOMPARE(sink.documents.size(), 1);
        QCOMPARE(sink.documents[0].title, u"terms"_s);
        QCOMPARE(sink.pages.size(), 3); // two form feeds; the final newline does not make a page
        QVERIFY(sink.pages[0].second.text.startsWith(u"TERMS OF SERVICE"_s));
        QCOMPARE(sink.pages[1].second.text, u"Page two. Updated on 2024-03-01.\n"_s);
        QCOMPARE(sink.pages[2].second.text, u"Page three: 本协议自2024年6月1日起生效。\n"_s);
    }
    {
        MemoryInputStream input(readFile(fixture(u"html_document/letter.html"_s)), u"letter.html"_s);
        CollectSink sink;
        QVERIFY(registryOf<registerDocumentParsers>()
                    .find(u"html-document"_s)
                    ->parse(input, sink, ImportOptions {}, nullFeedback()));
        QCOMPARE(sink.documents.size(), 1);
        QCOMPARE(sink.documents[0].title, u"Notice Letter"_s);
        QCOMPARE(sink.pages.size(), 1);
        const QString text = sink.pages[0].second.text;
        QVERIFY2(text.contains(u"Notice of breach\n"_s), qPrintable(text));
        QVERIFY(text.contains(u"On 5 Jan 2024 we detected automated extraction of model outputs. Please stop."_s));
        QVERIFY(!text.contains(u"<p>"_s));
    }
    {
        MemoryInputStream input(QByteArray("caf\xe9 latin-1\n"), u"latin1.txt"_s);
        CollectSink sink;
        QVERIFY(registryOf<registerDocumentParsers>()
                    .find(u"text-document"_s)
                    ->parse(input, sink, ImportOptions {}, nullFeedback()));
        QCOMPARE(sink.diagnostics.size(), 1);
        QVERIFY(sink.diagnostics[0].warning);
        QCOMPARE(sink.pages.size(), 1);
    }
}

void TestDocumentImport::findsDates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("dates"); // ISO
    QTest::addColumn<QStringList>("matched");
    QTest::newRow("english") << u"Effective January 5, 2024 and amended Sept. 21st 2024."_s
                             << QStringList { u"2024-01-05"_s, u"2024-09-21"_s }
                             << QStringList { u"January 5, 2024"_s, u"Sept. 21st 2024"_s };
    QTest::newRow("day first") << u"Signed 5 Jan 2024; notice of 12th of March, 2025."_s
                               << QStringList { u"2024-01-05"_s, u"2025-03-12"_s }
                               << QStringList { u"5 Jan 2024"_s, u"12th of March, 2025"_s };
    QTest::newRow("iso") << u"Updated 2024-01-05 (v2024-02-30 is not a date, nor 2024-13-01)."_s
                         << QStringList { u"2024-01-05"_s } << QStringList { u"2024-01-05"_s };
    QTest::newRow("chinese") << u"本协议自2024年6月1日起生效，并于2025 年 1 月 15 日修订。"_s
                             << QStringList { u"2024-06-01"_s, u"2025-01-15"_s }
                             << QStringList { u"2024年6月1日"_s, u"2025 年 1 月 15 日"_s };
    QTest::newRow("impossible") << u"February 30, 2024 and 31 April 2024 do not exist."_s << QStringList {}
                                << QStringList {};
    QTest::newRow("none") << u"No dates here, only 2024 as a year and 12/05."_s << QStringList {} << QStringList {};
}

void TestDocumentImport::findsDates()
{
    QFETCH(QString, text);
    QFETCH(QStringList, dates);
    QFETCH(QStringList, matched);
    const auto found = findDates(text, 3);
    QStringList gotDates, gotMatched;
    for (const DateCandidate &c : found) {
        gotDates << c.date.toString(Qt::ISODate);
        gotMatched << c.matched;
        QCOMPARE(text.mid(c.charStart, c.length), c.matched);
        QCOMPARE(c.pageNo, 3);
        QVERIFY(c.context.contains(c.matched));
    }
    QCOMPARE(gotDates, dates);
    QCOMPARE(gotMatched, matched);
}

void TestDocumentImport::wordBoxesRoundTrip()
{
    QList<casefile::StoredWord> words { { u"Terms"_s, QRectF(72.5, 100.25, 30.5, 11), 0 },
                                        { u"协"_s, QRectF(110, 100.25, 10, 11), 6 },
                                        { u"议"_s, QRectF(120, 100.25, 10, 11), 7 },
                                        { u"x"_s, QRectF(1, 2, 3, 4), 3 } };
    const QByteArray blob = casefile::DocumentStore::encodeWords(words);
    QVERIFY(blob.size() < 4 * 24 + 8);
    auto back = casefile::DocumentStore::decodeWords(blob);
    QVERIFY(back);
    QCOMPARE(back->size(), words.size());
    for (int i = 0; i < words.size(); ++i) {
        QCOMPARE(back->at(i).text, words[i].text);
        QCOMPARE(back->at(i).charStart, words[i].charStart);
        QCOMPARE(back->at(i).box, words[i].box);
    }
    QVERIFY(!casefile::DocumentStore::decodeWords(blob.left(blob.size() - 3)));
    QVERIFY(!casefile::DocumentStore::decodeWords(QByteArray("garbage")));
    QVERIFY(casefile::DocumentStore::decodeWords(QByteArray())->isEmpty());
}

void TestDocumentImport::storeEditsAreAuditedAndDatesBecomeEvents()
{
    QTemporaryDir dir;
    auto file = casefile::CaseFile::create(dir.filePath(u"d.lineage"_s), titled(u"Documents"_s), kWho);
    QVERIFY(file);
    casefile::Database &db = (*file)->db();
    // A source for the document (the import pipeline makes it in real use).
    qint64 sourceId = 0;
    {
        casefile::Transaction tx(db);
        QVERIFY(tx.begin());
        casefile::EvidenceWriter writer(db);
        QVERIFY(writer.write(readFile(m_englishPdf)));
        auto blob = writer.finish();
        QVERIFY(blob);
        auto insert = casefile::Statement::prepare(db,
                                                   "INSERT INTO sources (kind, format, original_name, sha256, size, "
                                                   "imported_utc, imported_offset, importer, importer_version) "
                                                   "VALUES ('document', 'pdf', 'terms.pdf', ?, ?, 0, 0, 'test', '0')");
        QVERIFY(insert);
        insert->bind(1, blob->sha256).bind(2, blob->size);
        QVERIFY(insert->run());
        sourceId = db.lastInsertRowId();
        QVERIFY(tx.commit());
    }
    auto content = readPdf(readFile(m_englishPdf), u"terms.pdf"_s);
    QVERIFY(content);
    casefile::DocumentStore store(db);
    casefile::DocumentRow row;
    row.sourceId = sourceId;
    row.title = content->info.title;
    row.created = content->info.created;
    auto docId = store.insertDocument(row);
    QVERIFY(docId);
    for (const Page &page : content->pages) {
        QList<casefile::StoredWord> words;
        for (const WordBox &w : page.words)
            words.append({ w.text, w.box, w.charStart });
        QVERIFY(store.insertPage({ 0, *docId, page.pageNo, page.text, page.width, page.height,
                                   casefile::DocumentStore::encodeWords(words) }));
    }
    auto stored = store.document(*docId);
    QVERIFY(stored);
    QCOMPARE(stored->pageCount, 2);
    QCOMPARE(stored->type, u"other"_s);
    auto page1 = store.page(*docId, 1);
    QVERIFY(page1);
    QCOMPARE(casefile::DocumentStore::decodeWords(page1->words)->size(), content->pages[0].words.size());

    // Analyst's fields: audited, validated.
    const qint64 audits = casefile::AuditLog::count(db).value();
    QVERIFY(casefile::DocumentStore::updateFields(**file, *docId, u"terms-of-service"_s, u"Example AI; its users"_s,
                                                  u"2024-01-05"_s));
    stored = store.document(*docId);
    QCOMPARE(stored->type, u"terms-of-service"_s);
    QCOMPARE(stored->parties, u"Example AI; its users"_s);
    QCOMPARE(stored->effectiveDate, u"2024-01-05"_s);
    auto entries = casefile::AuditLog::entries(db, audits + 1);
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->at(0).action, u"document.edit"_s);
    QVERIFY(entries->at(0).parameters.contains(u"terms-of-service"_s));
    const Status badDate = casefile::DocumentStore::updateFields(**file, *docId, u"contract"_s, {}, u"5 Jan"_s);
    QVERIFY(!badDate.ok());
    QVERIFY(badDate.error().message.contains(u"YYYY-MM-DD"_s));
    QVERIFY(!casefile::DocumentStore::updateFields(**file, *docId, u"memo"_s, {}, {}));
    QCOMPARE(casefile::AuditLog::count(db).value(), audits + 1);
    QCOMPARE(store.document(*docId)->type, u"terms-of-service"_s);

    // Date candidates from the stored pages, and one accepted as an event.
    auto candidates = documentDateCandidates(db, *docId);
    QVERIFY(candidates);
    QCOMPARE(candidates->size(), 2);
    QCOMPARE(candidates->at(0).date, QDate(2024, 1, 5));
    QCOMPARE(candidates->at(0).pageNo, 1);
    QCOMPARE(candidates->at(1).date, QDate(2024, 3, 1));
    QCOMPARE(candidates->at(1).pageNo, 2);
    auto eventId = acceptDateCandidate(**file, *docId, candidates->at(0));
    QVERIFY2(eventId, qPrintable(eventId ? QString() : eventId.error().message));
    casefile::EventStore events(db);
    auto onPage = events.eventsForItem(u"page"_s, candidates->at(0).pageId);
    QVERIFY(onPage);
    QCOMPARE(onPage->size(), 1);
    const casefile::EventRow &e = onPage->at(0);
    QCOMPARE(e.kind, u"document-date"_s);
    QCOMPARE(e.startUtc, QDateTime(QDate(2024, 1, 5), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(e.itemStart.value_or(-1), candidates->at(0).charStart);
    QCOMPARE(e.itemLength.value_or(-1), candidates->at(0).length);
    QVERIFY(e.title.contains(u"January 5, 2024"_s));
    QCOMPARE(casefile::AuditLog::entries(db, audits + 2)->at(0).action, u"event.add"_s);
    auto report = (*file)->verify();
    QVERIFY(report && report->ok());
}

// Issue 7: a Chinese clause set in STSong-Light, a standard CID font (Adobe-GB1) that is not
// embedded, is read (with poppler-data's CMaps) and found by search; a page that shows an image
// but holds no text, and a page whose font's character collection no reader has, are not
// passed over in silence: each gets a warning diagnostic naming its page.
void TestDocumentImport::cidFontPdfTextAndWarnings()
{
    QTemporaryDir dir;
    auto file = casefile::CaseFile::create(dir.filePath(u"cjk.lineage"_s), titled(u"CJK"_s), kWho);
    QVERIFY(file);
    ImportOptions options;
    options.kind = SourceKind::Document;
    options.docType = DocumentType::TermsOfService;
    auto imported = importFile(**file, fixture(u"cjk_pdf/cjk_cid_font.pdf"_s), options);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(imported->records, 3);
    QCOMPARE(imported->warnings, 2);

    casefile::DocumentStore store((*file)->db());
    auto docs = store.documents();
    QVERIFY(docs && docs->size() == 1);
    auto first = store.page(docs->at(0).id, 1);
    QVERIFY(first);
    QVERIFY2(first->text.contains(u"4. Restrictions on use"_s), qPrintable(first->text));
    QVERIFY2(first->text.contains(u"不得使用本服务的输出开发与本公司竞争的模型"_s),
             "the STSong-Light clause is missing: is poppler-data installed (scripts/install-deps.sh)?");
    auto hits = casefile::SearchIndex::search((*file)->db(), u"竞争的模型"_s);
    QVERIFY(hits);
    QCOMPARE(hits->size(), 1);
    QCOMPARE(hits->first().page, 1);

    auto diagnostics = casefile::DiagnosticStore::fetch((*file)->db(), imported->sourceId);
    QVERIFY(diagnostics);
    QStringList reasons;
    for (const casefile::DiagnosticRow &d : *diagnostics) {
        QCOMPARE(d.severity, u"warning"_s);
        reasons << d.reason;
    }
    QCOMPARE(reasons.size(), 2);
    QVERIFY2(reasons[0].startsWith(u"page 2 shows content but yields no text"_s), qPrintable(reasons[0]));
    QVERIFY2(reasons[1].startsWith(u"page 3: some of its text may be missing"_s), qPrintable(reasons[1]));
    QVERIFY2(reasons[1].contains(u"Unknown CMap 'UniLineage-UCS2-H'"_s), qPrintable(reasons[1]));
    auto third = store.page(docs->at(0).id, 3);
    QVERIFY(third && third->text.contains(u"5. Language"_s));

    // The preview reader reports the same pages.
    auto content = readPdf(readFile(fixture(u"cjk_pdf/cjk_cid_font.pdf"_s)), u"cjk_cid_font.pdf"_s);
    QVERIFY(content);
    QCOMPARE(content->warnings.size(), 2);
    QCOMPARE(content->warnings[0].reason, reasons[0]);
}

void TestDocumentImport::importsPdfsThroughPipeline()
{
    QTemporaryDir dir;
    auto file = casefile::CaseFile::create(dir.filePath(u"p.lineage"_s), titled(u"Pipeline"_s), kWho);
    QVERIFY(file);
    ImportOptions options;
    options.kind = SourceKind::Document;
    options.docType = DocumentType::Complaint;
    auto english = importFile(**file, m_englishPdf, options);
    QVERIFY2(english, qPrintable(english ? QString() : english.error().message));
    QCOMPARE(english->format, u"pdf"_s);
    QCOMPARE(english->records, 2);
    QCOMPARE(english->documents, 1);
    auto chinese = importFile(**file, m_chinesePdf, options);
    QVERIFY(chinese);
    QCOMPARE(chinese->records, 1);

    casefile::DocumentStore store((*file)->db());
    auto docs = store.documents();
    QVERIFY(docs);
    QCOMPARE(docs->size(), 2);
    QCOMPARE(docs->at(0).type, u"complaint"_s);
    QCOMPARE(docs->at(0).title, u"Example AI Terms of Use"_s);
    QCOMPARE(docs->at(0).pageCount, 2);
    QVERIFY(!docs->at(0).created.isEmpty());
    auto page = store.page(docs->at(1).id, 1);
    QVERIFY(page);
    auto words = casefile::DocumentStore::decodeWords(page->words);
    QVERIFY(words);
    const qsizetype at = page->text.indexOf(u"协议"_s);
    QVERIFY(at >= 0);
    const bool perChar = std::any_of(words->begin(), words->end(), [&](const casefile::StoredWord &w) {
        return w.charStart == at && w.text == u"协"_s;
    });
    QVERIFY(perChar);

    // Chinese substrings and English words are found in the pages.
    for (const QString &query : { u"协议自"_s, u"compete"_s }) {
        auto hits = casefile::SearchIndex::search((*file)->db(), query);
        QVERIFY(hits);
        QVERIFY2(!hits->isEmpty(), qPrintable(query));
        QCOMPARE(hits->first().itemKind, u"page"_s);
    }
    QVERIFY((*file)->verify()->ok());
}

void TestDocumentImport::refusedDocumentsLeaveCaseUnchanged_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("message");
    QTest::newRow("encrypted") << fixture(u"encrypted_pdf/encrypted.pdf"_s) << QString() << u"encrypted"_s;
    QTest::newRow("truncated") << fixture(u"broken_pdf/truncated.pdf"_s) << QString() << u"not a readable PDF"_s;
    QTest::newRow("empty as pdf") << fixture(u"empty/empty.jsonl"_s) << u"pdf"_s << u"empty.jsonl"_s;
}

void TestDocumentImport::refusedDocumentsLeaveCaseUnchanged()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    QFETCH(QString, message);
    QTemporaryDir dir;
    auto caseFile = casefile::CaseFile::create(dir.filePath(u"r.lineage"_s), titled(u"Refused"_s), kWho);
    QVERIFY(caseFile);
    casefile::Database &db = (*caseFile)->db();
    const qint64 audits = casefile::AuditLog::count(db).value();
    ImportOptions options;
    options.kind = SourceKind::Document;
    options.format = format;
    auto result = importFile(**caseFile, file, options);
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
    QVERIFY2(result.error().message.contains(file.section(QLatin1Char('/'), -1)), qPrintable(result.error().message));
    QCOMPARE(db.queryInt("SELECT count(*) FROM sources").value(), 0);
    QCOMPARE(db.queryInt("SELECT count(*) FROM documents").value(), 0);
    QCOMPARE(db.queryInt("SELECT count(*) FROM blobs").value(), 0);
    QCOMPARE(casefile::AuditLog::count(db).value(), audits);
}

QTEST_MAIN(TestDocumentImport)
#include "tst_document_import.moc"
