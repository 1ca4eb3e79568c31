// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/html_text.h"

#include "ingest/document_pages.h"
#include "ingest/html_nesting_guard.h"
#include "ingest/parser.h"

#include <cstring>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <mutex>
#include <vector>

namespace lineage::ingest::html {

namespace {

constexpr qsizetype kMaxTitleBytes = 4096;
constexpr size_t kMaxTracked = 4096;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool isSkipped(QByteArrayView name)
{
    return name == "head" || name == "script" || name == "style" || name == "template" || name == "noscript";
}

// Turns the parser's SAX reports into page text.
class TextBuilder
{
public:
    TextBuilder(HtmlNestingGuard &guard, PageWriter &pages) : m_guard(guard), m_pages(pages) { }

    void start(QByteArrayView name)
    {
        m_guard.elementStarted(name);
        Flags flags;
        flags.skip = isSkipped(name);
        flags.pre = name == "pre" || name == "listing" || name == "xmp" || name == "textarea";
        flags.title = name == "title";
        if (m_stack.size() < kMaxTracked)
            m_stack.push_back(flags);
        else
            ++m_untracked;
        m_skip += flags.skip;
        m_pre += flags.pre;
        m_title += flags.title;
        if (name == "br") {
            ++m_breaks;
            m_space = 0;
        } else if (name == "td" || name == "th") {
            if (!m_lineStart)
                m_space = '\t';
        } else if (isBlockElement(name)) {
            blockBoundary();
        }
    }

    void end(QByteArrayView name)
    {
        m_guard.elementEnded(name);
        if (m_untracked > 0) {
            --m_untracked;
        } else if (!m_stack.empty()) {
            const Flags flags = m_stack.back();
            m_stack.pop_back();
            m_skip -= flags.skip;
            m_pre -= flags.pre;
            if (flags.title && --m_title == 0 && !m_titleDone) {
                m_titleDone = true;
                const QString title = QString::fromUtf8(m_titleText).simplified();
                if (!title.isEmpty())
                    m_pages.info().title = title;
            }
        }
        if (isBlockElement(name))
            blockBoundary();
    }

    void characters(const char *text, qsizetype length)
    {
        m_guard.event();
        if (!m_status)
            return;
        if (m_title > 0) {
            if (!m_titleDone)
                m_titleText.append(text,
                                   std::min(length, kMaxTitleBytes - std::min(kMaxTitleBytes, m_titleText.size())));
            return;
        }
        if (m_skip > 0)
            return;
        if (m_pre > 0) {
            preformatted(text, length);
            return;
        }
        // Collapsed into one piece per report: runs of white space become one separator.
        m_piece.clear();
        qsizetype i = 0;
        while (i < length) {
            const char c = text[i];
            if (isSpace(c)) {
                if (!m_lineStart && !m_space)
                    m_space = ' ';
                ++i;
                continue;
            }
            settle(m_piece);
            qsizetype j = i;
            while (j < length && !isSpace(text[j]))
                ++j;
            const QByteArrayView run(text + i, j - i);
            if (run.contains("\xC2\xA0")) {
                m_piece.append(QByteArray(run.data(), run.size()).replace("\xC2\xA0", " "));
            } else {
                m_piece.append(run.data(), run.size());
            }
            m_lineStart = false;
            i = j;
        }
        write(m_piece);
    }

    Status status() const { return m_status; }
    void fail(Status s) { m_status = std::move(s); }

private:
    struct Flags
    {
        bool skip = false;
        bool pre = false;
        bool title = false;
    };

    void blockBoundary()
    {
        if (!m_lineStart && m_breaks == 0)
            m_breaks = 1;
        m_space = 0;
    }

    void write(QByteArrayView bytes)
    {
        if (m_status)
            m_status = m_pages.append(bytes);
    }

    // Appends the line breaks and the separator waiting for the next visible text.
    void settle(QByteArray &out)
    {
        if (m_breaks > 0 && !(m_pages.atPageStart() && out.isEmpty())) {
            out.append(m_breaks, '\n');
        } else if (m_space && !m_lineStart) {
            out.append(m_space);
        }
        m_breaks = 0;
        m_space = 0;
    }

    void preformatted(const char *text, qsizetype length)
    {
        m_piece.clear();
        settle(m_piece);
        write(m_piece);
        qsizetype from = 0;
        for (qsizetype k = 0; k < length; ++k) {
            if (text[k] == '\r') {
                write(QByteArrayView(text + from, k - from));
                if (k + 1 >= length || text[k + 1] != '\n')
                    write("\n");
                from = k + 1;
            }
        }
        write(QByteArrayView(text + from, length - from));
        if (length > 0)
            m_lineStart = text[length - 1] == '\n' || text[length - 1] == '\r';
    }

    HtmlNestingGuard &m_guard;
    PageWriter &m_pages;
    Status m_status;
    std::vector<Flags> m_stack;
    qint64 m_untracked = 0;
    int m_skip = 0;
    int m_pre = 0;
    int m_title = 0;
    bool m_titleDone = false;
    QByteArray m_titleText;
    QByteArray m_piece;
    bool m_lineStart = true;
    int m_breaks = 0;
    char m_space = 0;
};

struct ParseState
{
    HtmlNestingGuard guard;
    PageWriter pages;
    TextBuilder text { guard, pages };
    Status readStatus;

    ParseState(InputStream &input, RecordSink &sink, const DocumentInfo &info) : guard(input), pages(sink, info) { }
};

ParseState &stateOf(void *context)
{
    return *static_cast<ParseState *>(context);
}

QByteArrayView nameView(const xmlChar *name)
{
    return name ? QByteArrayView(reinterpret_cast<const char *>(name)) : QByteArrayView();
}

void onStart(void *context, const xmlChar *name, const xmlChar **)
{
    stateOf(context).text.start(nameView(name));
}

void onEnd(void *context, const xmlChar *name)
{
    stateOf(context).text.end(nameView(name));
}

void onCharacters(void *context, const xmlChar *text, int length)
{
    stateOf(context).text.characters(reinterpret_cast<const char *>(text), length);
}

// Script and style text: not page text, but the parser is making progress.
void onRawText(void *context, const xmlChar *, int)
{
    stateOf(context).guard.event();
}

void onComment(void *context, const xmlChar *)
{
    stateOf(context).guard.event();
}

void onInstruction(void *context, const xmlChar *, const xmlChar *)
{
    stateOf(context).guard.event();
}

int readInput(void *context, char *buffer, int length)
{
    ParseState &state = stateOf(context);
    if (!state.readStatus || !state.text.status())
        return 0; // the parse ends; the error is returned after it
    auto n = state.guard.read(buffer, length);
    if (!n) {
        state.readStatus = n.error();
        return -1;
    }
    return int(*n);
}

void initLibxml()
{
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

} // namespace

Status parseHtmlDocument(InputStream &input, RecordSink &sink, const DocumentInfo &info)
{
    initLibxml();
    ParseState state(input, sink, info);
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = onStart;
    sax.endElement = onEnd;
    sax.characters = onCharacters;
    sax.ignorableWhitespace = onCharacters;
    sax.cdataBlock = onRawText;
    sax.comment = onComment;
    sax.processingInstruction = onInstruction;
    // A push context carries the SAX handler; htmlCtxtReadIO then reads through readInput.
    // `progressive` must be off for that pull read, else the parser never asks for input.
    htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, &state, nullptr, 0, nullptr, XML_CHAR_ENCODING_NONE);
    if (!ctxt)
        return makeError(ErrorCode::Internal, QStringLiteral("The HTML parser could not be set up (out of memory?)."));
    ctxt->progressive = 0;
    const int options = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED
        | HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC;
    htmlDocPtr doc = htmlCtxtReadIO(ctxt, readInput, nullptr, &state, nullptr, "UTF-8", options);
    if (doc)
        xmlFreeDoc(doc);
    htmlFreeParserCtxt(ctxt);
    if (!state.readStatus)
        return state.readStatus;
    if (auto s = state.text.status(); !s)
        return s;

    const HtmlNestingGuard &guard = state.guard;
    if (guard.utf8().sawInvalid()) {
        if (auto s
            = sink.diagnostic(Diagnostic { 0, 0, guard.utf8().firstInvalidOffset(),
                                           QStringLiteral("the text is not valid UTF-8; invalid bytes were replaced"),
                                           guard.utf8().firstInvalidBytes(), true });
            !s)
            return s;
    }
    if (guard.droppedStartTags() > 0) {
        if (auto s = sink.diagnostic(Diagnostic {
                0,
                0,
                -1,
                QStringLiteral("the HTML nests deeper than %1 elements; %2 deeper start tags were not nested further "
                               "(their text is kept)")
                    .arg(HtmlNestingGuard::kMaxDepth)
                    .arg(guard.droppedStartTags()),
                {},
                true });
            !s)
            return s;
    }
    if (guard.stoppedEarly()) {
        if (auto s = sink.diagnostic(Diagnostic {
                0,
                0,
                -1,
                QStringLiteral("a comment, attribute value or declaration runs on for more than %1 MiB without an end; "
                               "the text after it is not read")
                    .arg(HtmlNestingGuard::kMaxSilentBytes / (1024 * 1024)),
                {},
                false });
            !s)
            return s;
    }
    return state.pages.finish();
}

} // namespace lineage::ingest::html
