// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/document_parsers.h"

#include "core/logging.h"
#include "ingest/document_pages.h"
#include "ingest/format_registry.h"
#include "ingest/html_text.h"
#include "ingest/parser.h"

#include <QFileInfo>
#include <QImage>
#include <QStringDecoder>
#include <QTextDocument>

#include <mutex>
#include <optional>
#include <poppler-qt6.h>

namespace lineage::ingest {

namespace {

// Poppler's messages about fonts and character maps while a page is read on this thread
// (Poppler reports synchronously, on the thread that reads). Null when nobody listens.
thread_local QStringList *t_pageMessages = nullptr;

// A message saying that text could not be decoded: a CMap or language pack is missing, a
// font could not be found or loaded, a string was shown without a usable font.
bool concernsText(const QString &message)
{
    static const char *const kWords[]
        = { "language pack", "CMap", "character collection", "font", "Font", "ToUnicode" };
    for (const char *word : kWords)
        if (message.contains(QLatin1String(word)))
            return true;
    return false;
}

void popplerMessage(const QString &message, const QVariant &)
{
    if (t_pageMessages && concernsText(message)) {
        // "Syntax Error: Unknown CMap ..." reads better without Poppler's category.
        QString text = message;
        const qsizetype colon = text.indexOf(QLatin1String("Error: "));
        if (colon >= 0 && colon < 24)
            text = text.mid(colon + 7);
        if (!t_pageMessages->contains(text))
            t_pageMessages->append(text);
    }
    qCDebug(lcIngest) << "poppler:" << message;
}

// Collects Poppler's messages about text into `messages` while it lives.
class PageMessages
{
public:
    explicit PageMessages(QStringList &messages) : m_previous(t_pageMessages) { t_pageMessages = &messages; }
    ~PageMessages() { t_pageMessages = m_previous; }
    PageMessages(const PageMessages &) = delete;
    PageMessages &operator=(const PageMessages &) = delete;

private:
    QStringList *m_previous;
};

void routePopplerMessages()
{
    static std::once_flag once;
    std::call_once(once, [] { Poppler::setDebugErrorFunction(popplerMessage, QVariant()); });
}

bool isCjk(char32_t c)
{
    const QChar::Script script = QChar::script(c);
    if (script == QChar::Script_Han || script == QChar::Script_Hiragana || script == QChar::Script_Katakana
        || script == QChar::Script_Hangul || script == QChar::Script_Bopomofo)
        return true;
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

// Splits a Poppler word box: every CJK character gets its own box, runs of other
// characters stay together. `charStart` is where the word begins in the page text.
void appendWord(QList<WordBox> &out, const Poppler::TextBox &box, const QString &text, qint32 charStart)
{
    bool anyCjk = false;
    for (const char32_t c : text.toUcs4())
        anyCjk = anyCjk || isCjk(c);
    if (!anyCjk || text.size() < 2) {
        out.append(WordBox { text, box.boundingBox(), charStart });
        return;
    }
    // charBoundingBox counts Unicode characters; QString indexes UTF-16 units.
    qint32 unit = 0;
    int charIndex = 0;
    WordBox run;
    bool inRun = false;
    auto closeRun = [&] {
        if (inRun)
            out.append(run);
        inRun = false;
    };
    while (unit < text.size()) {
        const qint32 width = text.at(unit).isHighSurrogate() && unit + 1 < text.size() ? 2 : 1;
        const QString piece = text.mid(unit, width);
        const char32_t c = piece.toUcs4().value(0);
        QRectF charBox = box.charBoundingBox(charIndex);
        if (charBox.isNull())
            charBox = box.boundingBox();
        if (isCjk(c)) {
            closeRun();
            out.append(WordBox { piece, charBox, charStart + unit });
        } else if (inRun) {
            run.text += piece;
            run.box = run.box.united(charBox);
        } else {
            run = WordBox { piece, charBox, charStart + unit };
            inRun = true;
        }
        unit += width;
        ++charIndex;
    }
    closeRun();
}

QString isoDateTime(const QDateTime &dt)
{
    return dt.isValid() ? dt.toString(Qt::ISODate) : QString();
}

// True when the page, drawn small, puts ink on the paper (an image, lines, glyphs).
bool showsSomething(const Poppler::Page &pdfPage)
{
    const QImage image = pdfPage.renderToImage(12, 12);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 200)
                return true;
    return false;
}

struct PageRead
{
    Page page;
    std::optional<Diagnostic> warning; // text lost or never there, naming the page
};

// What a page yields, and a warning when text may be missing from it: Poppler reported a
// missing CMap, language pack or font while reading it, or it shows something but yields no
// text (a scanned page, a font without a Unicode map). An import never drops text silently.
PageRead readPageChecked(const Poppler::Page &pdfPage, qint32 number);

Page readPage(const Poppler::Page &pdfPage, qint32 number)
{
    Page page;
    page.pageNo = number;
    const QSizeF size = pdfPage.pageSizeF();
    page.width = size.width();
    page.height = size.height();
    const auto boxes = pdfPage.textList();
    for (size_t i = 0; i < boxes.size(); ++i) {
        const Poppler::TextBox &box = *boxes[i];
        const QString word = box.text();
        const qint32 start = qint32(page.text.size());
        page.text += word;
        appendWord(page.words, box, word, start);
        if (i + 1 == boxes.size())
            break;
        if (!box.nextWord())
            page.text += QLatin1Char('\n');
        else if (box.hasSpaceAfter())
            page.text += QLatin1Char(' ');
    }
    if (boxes.empty())
        page.text = pdfPage.text(QRectF());
    return page;
}

PageRead readPageChecked(const Poppler::Page &pdfPage, qint32 number)
{
    QStringList messages;
    PageRead read;
    {
        PageMessages collect(messages);
        read.page = readPage(pdfPage, number);
        const bool noText = read.page.text.trimmed().isEmpty();
        const bool blank = noText && !showsSomething(pdfPage);
        if (noText && !blank) {
            read.warning = Diagnostic { 0,
                                        0,
                                        -1,
                                        QStringLiteral("page %1 shows content but yields no text (a scanned page, or a "
                                                       "font without a Unicode map): search will not find what it "
                                                       "shows")
                                            .arg(number),
                                        {},
                                        true };
        }
    }
    if (!messages.isEmpty()) {
        const QString poppler
            = QStringLiteral(" (the PDF reader reports: %1)").arg(messages.join(QStringLiteral("; ")));
        if (read.warning)
            read.warning->reason += poppler;
        else
            read.warning = Diagnostic { 0,
                                        0,
                                        -1,
                                        QStringLiteral("page %1: some of its text may be missing: the PDF uses fonts "
                                                       "or character maps that cannot be read here")
                                                .arg(number)
                                            + poppler,
                                        {},
                                        true };
    }
    return read;
}

class PdfParser final : public Parser
{
public:
    QString format() const override { return QStringLiteral("pdf"); }
    QString description() const override { return QStringLiteral("PDF document (text, word boxes, metadata)"); }
    SourceKind kind() const override { return SourceKind::Document; }
    int sniff(QByteArrayView head, const QString &) const override
    {
        // The header may follow a little junk; readers look in the first 1,024 bytes.
        return head.first(std::min<qsizetype>(head.size(), 1024)).indexOf("%PDF-") >= 0 ? 100 : 0;
    }

    Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &feedback) const override
    {
        auto bytes = input.readAll();
        if (!bytes)
            return bytes.error();
        routePopplerMessages();
        auto doc = open(*bytes, input.fileName());
        if (!doc)
            return doc.error();
        DocumentInfo info = metadata(**doc);
        info.type = options.docType;
        auto id = sink.document(info);
        if (!id)
            return id.error();
        const int count = (*doc)->numPages();
        for (int i = 0; i < count; ++i) {
            if (feedback.isCanceled())
                return makeError(ErrorCode::Canceled, QStringLiteral("Import canceled."));
            std::unique_ptr<Poppler::Page> pdfPage = (*doc)->page(i);
            if (!pdfPage) {
                if (auto s = sink.diagnostic(
                        Diagnostic { 0, 0, -1, QStringLiteral("page %1 cannot be read").arg(i + 1), {}, false });
                    !s)
                    return s;
                continue;
            }
            PageRead read = readPageChecked(*pdfPage, i + 1);
            if (auto s = sink.page(*id, read.page); !s)
                return s;
            if (read.warning)
                if (auto s = sink.diagnostic(*read.warning); !s)
                    return s;
        }
        return {};
    }

    static Result<std::unique_ptr<Poppler::Document>> open(const QByteArray &bytes, const QString &fileName)
    {
        std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(bytes);
        if (!doc)
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("%1 is not a readable PDF: the file is damaged or not a PDF.").arg(fileName));
        if (doc->isLocked())
            return makeError(ErrorCode::Unsupported,
                             QStringLiteral("%1 is encrypted (password-protected), so its text cannot be read. "
                                            "Import an unprotected copy made with the owner's permission.")
                                 .arg(fileName));
        return doc;
    }

    static DocumentInfo metadata(const Poppler::Document &doc)
    {
        DocumentInfo info;
        info.title = doc.info(QStringLiteral("Title"));
        info.author = doc.info(QStringLiteral("Author"));
        info.created = isoDateTime(doc.creationDate());
        info.modified = isoDateTime(doc.modificationDate());
        return info;
    }
};

// The UTF-8 warning of a text or HTML document, at its first invalid byte.
Status utf8Warning(const Utf8Repair &repair, RecordSink &sink)
{
    if (!repair.sawInvalid())
        return {};
    return sink.diagnostic(Diagnostic { 0, 0, repair.firstInvalidOffset(),
                                        QStringLiteral("the text is not valid UTF-8; invalid bytes were replaced"),
                                        repair.firstInvalidBytes(), true });
}

class TextDocumentParser final : public Parser
{
public:
    QString format() const override { return QStringLiteral("text-document"); }
    QString description() const override { return QStringLiteral("Plain text document (pages split on form feeds)"); }
    SourceKind kind() const override { return SourceKind::Document; }
    int sniff(QByteArrayView head, const QString &fileName) const override
    {
        if (head.isEmpty() || head.indexOf('\0') >= 0 || head.indexOf("%PDF-") >= 0)
            return 0;
        const QByteArrayView sample = head.first(std::min<qsizetype>(head.size(), 4096));
        const QByteArrayView lower = sample.trimmed();
        if (lower.startsWith('<'))
            return 0;
        // A sample cut inside a multi-byte character is still text.
        if (!parsing::isValidUtf8(sample)
            && !parsing::isValidUtf8(sample.chopped(std::min<qsizetype>(3, sample.size()))))
            return 0;
        return fileName.endsWith(QLatin1String(".txt"), Qt::CaseInsensitive) ? 40 : 20;
    }

    // Streams: a block at a time, so memory stays bounded whatever the file's size.
    Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &) const override
    {
        DocumentInfo info;
        info.type = options.docType;
        info.title = QFileInfo(input.fileName()).completeBaseName();
        PageWriter pages(sink, info);
        Utf8Repair repair;
        QByteArray block(input.readBlockSize(kBlockBytes), Qt::Uninitialized);
        QByteArray text;
        bool first = true;
        for (;;) {
            auto n = input.read(block.data(), block.size());
            if (!n)
                return n.error();
            QByteArrayView got(block.constData(), *n);
            if (first && got.startsWith("\xEF\xBB\xBF"))
                got = got.sliced(3);
            first = false;
            text.clear();
            repair.append(got, *n == 0, text);
            // Form feeds end pages.
            QByteArrayView rest(text);
            for (qsizetype ff = rest.indexOf('\f'); ff >= 0; ff = rest.indexOf('\f')) {
                if (auto s = pages.append(rest.first(ff)); !s)
                    return s;
                if (auto s = pages.endPage(); !s)
                    return s;
                rest = rest.sliced(ff + 1);
            }
            if (auto s = pages.append(rest); !s)
                return s;
            if (*n == 0)
                break;
        }
        if (auto s = utf8Warning(repair, sink); !s)
            return s;
        return pages.finish(true); // a final form feed does not start a page
    }

private:
    static constexpr qint64 kBlockBytes = 1 << 20;
};

class HtmlDocumentParser final : public Parser
{
public:
    QString format() const override { return QStringLiteral("html-document"); }
    QString description() const override { return QStringLiteral("HTML document (its text, one page)"); }
    SourceKind kind() const override { return SourceKind::Document; }
    int sniff(QByteArrayView head, const QString &fileName) const override
    {
        const QByteArray lower = head.first(std::min<qsizetype>(head.size(), 4096)).toByteArray().toLower();
        if (lower.contains("<!doctype html") || lower.contains("<html"))
            return 90;
        if (lower.trimmed().startsWith('<')
            && (fileName.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
                || fileName.endsWith(QLatin1String(".htm"), Qt::CaseInsensitive)))
            return 60;
        return 0;
    }

    Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &) const override
    {
        DocumentInfo info;
        info.type = options.docType;
        info.title = QFileInfo(input.fileName()).completeBaseName();
        return html::parseHtmlDocument(input, sink, info);
    }
};

} // namespace

void registerDocumentParsers(FormatRegistry &registry)
{
    registry.add(std::make_unique<PdfParser>());
    registry.add(std::make_unique<TextDocumentParser>());
    registry.add(std::make_unique<HtmlDocumentParser>());
}

QStringList documentFormats()
{
    return { QStringLiteral("pdf"), QStringLiteral("text-document"), QStringLiteral("html-document") };
}

Result<PdfContent> readPdf(const QByteArray &bytes, const QString &fileName)
{
    routePopplerMessages();
    auto doc = PdfParser::open(bytes, fileName);
    if (!doc)
        return doc.error();
    PdfContent content;
    content.info = PdfParser::metadata(**doc);
    for (int i = 0; i < (*doc)->numPages(); ++i) {
        std::unique_ptr<Poppler::Page> page = (*doc)->page(i);
        if (!page)
            continue;
        PageRead read = readPageChecked(*page, i + 1);
        content.pages.append(read.page);
        if (read.warning)
            content.warnings.append(*read.warning);
    }
    return content;
}

} // namespace lineage::ingest
