// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/transcript_common.h"

#include "ingest/parser.h"

#include <QFileInfo>

namespace lineage::ingest::transcript {

namespace {

constexpr qint64 kBlockSize = 1 << 20;
constexpr qint64 kPadding = 64; // SIMDJSON_PADDING

bool isSpace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A small recursive-descent JSON checker; only used to say where a refused record breaks.
class JsonChecker
{
public:
    explicit JsonChecker(QByteArrayView json)
        : m_begin(reinterpret_cast<const uchar *>(json.data())), m_p(m_begin), m_end(m_begin + json.size())
    {
    }

    qint64 run(QString *reason)
    {
        skipBom();
        bool ok = value(0);
        if (ok) {
            ws();
            if (m_p != m_end)
                ok = fail("unexpected data after the JSON value");
        }
        if (ok)
            return -1;
        if (reason)
            *reason = m_reason;
        return m_p - m_begin;
    }

private:
    bool fail(const char *reason)
    {
        m_reason = QString::fromLatin1(reason);
        return false;
    }
    void skipBom()
    {
        if (m_end - m_p >= 3 && m_p[0] == 0xEF && m_p[1] == 0xBB && m_p[2] == 0xBF)
            m_p += 3;
    }
    void ws()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
    }
    bool literal(const char *word)
    {
        for (const char *w = word; *w; ++w, ++m_p)
            if (m_p == m_end || *m_p != uchar(*w))
                return fail(m_p == m_end ? "the record ends in the middle of a value" : "invalid literal");
        return true;
    }
    bool value(int depth)
    {
        if (depth > 1000)
            return fail("nesting too deep");
        ws();
        if (m_p == m_end)
            return fail("the record ends where a value was expected");
        switch (*m_p) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"':
            return string();
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                return number();
            return fail(*m_p >= 0x80 ? "invalid UTF-8 or unexpected character" : "unexpected character");
        }
    }
    bool object(int depth)
    {
        ++m_p;
        ws();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        for (;;) {
            ws();
            if (m_p == m_end)
                return fail("the record ends inside an object");
            if (*m_p != '"')
                return fail("expected a quoted key");
            if (!string())
                return false;
            ws();
            if (m_p == m_end || *m_p != ':')
                return fail(m_p == m_end ? "the record ends inside an object" : "expected ':' after a key");
            ++m_p;
            if (!value(depth + 1))
                return false;
            ws();
            if (m_p == m_end)
                return fail("the record ends inside an object");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }
    bool array(int depth)
    {
        ++m_p;
        ws();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        for (;;) {
            if (!value(depth + 1))
                return false;
            ws();
            if (m_p == m_end)
                return fail("the record ends inside an array");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }
    bool number()
    {
        if (*m_p == '-')
            ++m_p;
        auto digits = [&] {
            const uchar *start = m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            return m_p > start;
        };
        if (!digits())
            return fail("invalid number");
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return fail("invalid number");
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return fail("invalid number");
        }
        return true;
    }
    bool string()
    {
        ++m_p;
        for (;;) {
            if (m_p == m_end)
                return fail("the record ends inside a string");
            const uchar c = *m_p;
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return fail("control character inside a string");
            if (c == '\\') {
                ++m_p;
                if (m_p == m_end)
                    return fail("the record ends inside a string");
                const uchar e = *m_p;
                if (e == 'u') {
                    for (int i = 0; i < 4; ++i) {
                        ++m_p;
                        if (m_p == m_end || !isxdigit(*m_p))
                            return fail("invalid \\u escape");
                    }
                } else if (!strchr("\"\\/bfnrt", e)) {
                    return fail("invalid escape in a string");
                }
                ++m_p;
                continue;
            }
            if (c < 0x80) {
                ++m_p;
                continue;
            }
            if (!utf8())
                return fail("invalid UTF-8");
        }
    }
    bool utf8()
    {
        const uchar c = *m_p;
        int extra = 0;
        quint32 cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (m_end - m_p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((m_p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (m_p[i] & 0x3F);
        }
        if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
            || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        m_p += extra + 1;
        return true;
    }

    const uchar *m_begin;
    const uchar *m_p;
    const uchar *m_end;
    QString m_reason;
};

} // namespace

qint64 jsonErrorOffset(QByteArrayView json, QString *reason)
{
    return JsonChecker(json).run(reason);
}

Diagnostic jsonDiagnostic(QByteArrayView bytes, qint64 line, qint64 column0, qint64 offset,
                          const QString &fallbackReason)
{
    QString reason;
    const qint64 at = jsonErrorOffset(bytes, &reason);
    qint64 errLine = line;
    qint64 column = column0;
    if (at >= 0) {
        // Count lines inside the record (a JSON array element may span several).
        qint64 lastBreak = -1;
        for (qint64 i = 0; i < at; ++i) {
            if (bytes[i] == '\n') {
                ++errLine;
                lastBreak = i;
            }
        }
        column = lastBreak >= 0 ? at - lastBreak : column0 + at;
    }
    const QString why = at >= 0 ? QStringLiteral("invalid JSON: %1").arg(reason) : fallbackReason;
    Diagnostic d = parsing::lineDiagnostic(errLine, column, offset, why, bytes);
    return d;
}

bool headHasKey(QByteArrayView head, const char *key)
{
    const QByteArray quoted = QByteArray("\"") + key + '"';
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = head.indexOf(quoted, from);
        if (at < 0)
            return false;
        qsizetype p = at + quoted.size();
        while (p < head.size() && isSpace(head[p]))
            ++p;
        if (p < head.size() && head[p] == ':')
            return true;
        from = at + 1;
    }
}

JsonArrayReader::JsonArrayReader(InputStream &input, qint64 maxElementBytes)
    : m_input(input), m_max(maxElementBytes), m_blockSize(input.readBlockSize(kBlockSize))
{
}

Result<int> JsonArrayReader::peek()
{
    if (m_pos >= m_block.size()) {
        m_block.resize(m_blockSize);
        auto n = m_input.read(m_block.data(), m_blockSize);
        if (!n)
            return n.error();
        m_block.resize(*n);
        m_pos = 0;
        if (*n == 0)
            return -1;
    }
    return int(uchar(m_block[m_pos]));
}

void JsonArrayReader::advance()
{
    if (m_block[m_pos] == '\n') {
        ++m_line;
        m_lineStart = m_offset + 1;
    }
    ++m_pos;
    ++m_offset;
}

Result<bool> JsonArrayReader::next(JsonElement &element)
{
    element = JsonElement {};
    if (m_done)
        return false;
    auto skipWs = [&]() -> Result<int> {
        for (;;) {
            auto c = peek();
            if (!c)
                return c.error();
            if (*c < 0 || !isSpace(*c))
                return *c;
            advance();
        }
    };
    if (!m_started) {
        m_started = true;
        auto c = peek();
        if (!c)
            return c.error();
        if (*c == 0xEF) { // UTF-8 byte order mark
            for (int i = 0; i < 3; ++i) {
                auto b = peek();
                if (!b)
                    return b.error();
                if (*b < 0)
                    break;
                advance();
            }
        }
        c = skipWs();
        if (!c)
            return c.error();
        if (*c != '[')
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("%1 is not a JSON array: it does not start with '['.").arg(m_input.fileName()));
        advance();
    }
    auto c = skipWs();
    if (!c)
        return c.error();
    if (*c == ',') {
        advance();
        c = skipWs();
        if (!c)
            return c.error();
    }
    if (*c == ']') {
        advance();
        m_done = true;
        return false;
    }
    element.line = m_line;
    element.column = m_offset - m_lineStart + 1;
    element.offset = m_offset;
    if (*c < 0) {
        // The content ends where an element or the closing bracket was expected.
        m_done = true;
        element.truncated = true;
        return true;
    }
    int depth = 0;
    bool inString = false;
    bool escape = false;
    for (;;) {
        auto b = peek();
        if (!b)
            return b.error();
        if (*b < 0) {
            element.truncated = true;
            m_done = true;
            break;
        }
        const char ch = char(*b);
        if (!inString && depth == 0 && (ch == ',' || ch == ']'))
            break;
        if (element.bytes.size() < m_max)
            element.bytes.append(ch);
        else
            element.tooLong = true;
        ++element.length;
        advance();
        if (inString) {
            if (escape)
                escape = false;
            else if (ch == '\\')
                escape = true;
            else if (ch == '"')
                inString = false;
        } else if (ch == '"') {
            inString = true;
        } else if (ch == '{' || ch == '[') {
            ++depth;
        } else if (ch == '}' || ch == ']') {
            if (--depth == 0)
                break;
        }
    }
    // Trailing whitespace of a scalar element is not part of it.
    while (!element.bytes.isEmpty() && isSpace(element.bytes.back()) && !element.tooLong) {
        element.bytes.chop(1);
        --element.length;
    }
    element.bytes.reserve(element.bytes.size() + kPadding);
    return true;
}

TranscriptBuilder::TranscriptBuilder(RecordSink &sink, const ImportOptions &options, const QString &fileName)
    : m_sink(sink), m_options(options), m_defaultLabel(QFileInfo(fileName).baseName()),
      m_title(QFileInfo(fileName).fileName())
{
    if (m_defaultLabel.isEmpty())
        m_defaultLabel = QStringLiteral("unlabeled");
}

Status TranscriptBuilder::add(const QString &labelHint, Turn turn)
{
    const QString label = !m_options.modelLabel.isEmpty() ? m_options.modelLabel
        : !labelHint.isEmpty()                            ? labelHint
                                                          : m_defaultLabel;
    auto it = m_transcripts.find(label);
    if (it == m_transcripts.end()) {
        TranscriptInfo info;
        info.modelLabel = label;
        info.role = m_options.role;
        info.title = m_title;
        auto id = m_sink.transcript(info);
        if (!id)
            return id.error();
        it = m_transcripts.insert(label, Entry { *id, 1 });
    }
    turn.seq = it->nextSeq++;
    if (auto s = m_sink.turn(it->id, turn); !s)
        return s;
    ++m_turns;
    return {};
}

} // namespace lineage::ingest::transcript
