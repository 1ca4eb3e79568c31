// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/html_nesting_guard.h"

#include <algorithm>
#include <cstring>

namespace lineage::ingest::html {

namespace {

constexpr qint64 kBlock = 64 * 1024;
constexpr size_t kMaxPending = 512;

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// libxml2's HTML names: letters, digits and ":-_." (it lowercases them).
bool isNameChar(char c)
{
    return isLetter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}

bool oneOf(QByteArrayView name, std::initializer_list<const char *> names)
{
    for (const char *n : names)
        if (name == QByteArrayView(n))
            return true;
    return false;
}

} // namespace

bool isBlockElement(QByteArrayView name)
{
    return oneOf(name, { "address",  "article",    "aside",  "blockquote", "body",    "caption",  "center",
                         "dd",       "details",    "dialog", "dir",        "div",     "dl",       "dt",
                         "fieldset", "figcaption", "figure", "footer",     "form",    "frameset", "h1",
                         "h2",       "h3",         "h4",     "h5",         "h6",      "header",   "hgroup",
                         "hr",       "html",       "legend", "li",         "listing", "main",     "menu",
                         "nav",      "ol",         "p",      "plaintext",  "pre",     "section",  "summary",
                         "table",    "tbody",      "tfoot",  "thead",      "tr",      "ul",       "xmp" });
}

bool isVoidElement(QByteArrayView name)
{
    return oneOf(name,
                 { "area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "isindex", "keygen",
                   "link", "meta", "param", "source", "track", "wbr" });
}

Status HtmlNestingGuard::fill()
{
    if (m_pos > 0) {
        m_in.remove(0, m_pos);
        m_pos = 0;
    }
    if (m_eof)
        return {};
    m_block.resize(kBlock);
    auto n = m_input.read(m_block.data(), kBlock);
    if (!n)
        return n.error();
    QByteArrayView got(m_block.constData(), *n);
    if (!m_started && *n > 0) {
        // A byte-order mark (possibly cut by a tiny first read) is not content.
        m_started = true;
        while (got.size() < 3 && QByteArrayView("\xEF\xBB\xBF").startsWith(got)) {
            auto more = m_input.read(m_block.data() + got.size(), kBlock - got.size());
            if (!more)
                return more.error();
            if (*more == 0)
                break;
            got = QByteArrayView(m_block.constData(), got.size() + *more);
        }
        if (got.startsWith("\xEF\xBB\xBF"))
            got = got.sliced(3);
    }
    m_repair.append(got, *n == 0, m_in);
    m_eof = *n == 0;
    return {};
}

Status HtmlNestingGuard::ensure(qsizetype bytes)
{
    while (m_in.size() - m_pos < bytes && !m_eof)
        if (auto s = fill(); !s)
            return s;
    return {};
}

Result<qsizetype> HtmlNestingGuard::tagLength(qsizetype from, bool quotes)
{
    qsizetype rel = from - m_pos;
    char quote = 0;
    for (;;) {
        const qsizetype end = m_in.size();
        qsizetype i = m_pos + rel;
        const char *b = m_in.constData();
        for (; i < end; ++i) {
            const char c = b[i];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '>') {
                return i + 1 - m_pos;
            } else if (quotes && (c == '"' || c == '\'')) {
                quote = c;
            }
        }
        rel = i - m_pos;
        if (m_eof || rel > kMaxTagBytes)
            return qsizetype(0);
        if (auto s = ensure(rel + kBlock); !s)
            return s.error();
    }
}

QByteArray HtmlNestingGuard::nameAt(qsizetype from) const
{
    qsizetype i = from;
    while (i < m_in.size() && i - from < 64 && isNameChar(m_in[i]))
        ++i;
    return m_in.mid(from, i - from).toLower();
}

bool HtmlNestingGuard::isOpenOrPending(const QByteArray &name) const
{
    return m_open.value(name) > 0 || std::find(m_pending.begin(), m_pending.end(), name) != m_pending.end();
}

void HtmlNestingGuard::queue(QByteArrayView bytes)
{
    m_out.append(bytes.data(), bytes.size());
}

Result<bool> HtmlNestingGuard::markup()
{
    if (auto s = ensure(4); !s)
        return s.error();
    const QByteArrayView at = QByteArrayView(m_in).sliced(m_pos);
    if (at.startsWith("<!--")) {
        m_state = State::Comment;
        queue(at.first(4));
        m_pos += 4;
        return true;
    }
    if (at.size() >= 2 && (at[1] == '!' || at[1] == '?')) {
        m_state = State::TagRest;
        queue(at.first(2));
        m_pos += 2;
        return true;
    }
    const bool end = at.size() >= 3 && at[1] == '/' && isLetter(at[2]);
    if (!end && !(at.size() >= 2 && isLetter(at[1]))) {
        queue(at.first(1)); // a '<' that starts nothing
        m_pos += 1;
        return true;
    }
    auto length = tagLength(m_pos + 1, !end);
    if (!length)
        return length.error();
    const QByteArray name = nameAt(m_pos + (end ? 2 : 1));
    if (*length == 0) {
        // Too long to judge: handed out as it is, counted as open to be safe.
        m_state = State::TagRest;
        queue(QByteArrayView(m_in).sliced(m_pos, 1));
        m_pos += 1;
        if (!end && !isVoidElement(name))
            m_pending.push_back(name);
        return true;
    }
    const QByteArrayView tag = QByteArrayView(m_in).sliced(m_pos, *length);
    if (end) {
        if (oneOf(name, { "html", "body", "head" }) || isOpenOrPending(name)) {
            queue(tag);
        } else {
            ++m_droppedEnds;
        }
        m_pos += *length;
        return true;
    }
    if (!isVoidElement(name) && m_depth + qint64(m_pending.size()) >= kMaxDepth) {
        ++m_droppedStarts;
        if (isBlockElement(name))
            queue("<br>");
        else if (name == "td" || name == "th")
            queue(" ");
        m_pos += *length;
        return true;
    }
    queue(tag);
    m_pos += *length;
    if (!isVoidElement(name)) {
        m_pending.push_back(name);
        if (m_pending.size() > kMaxPending)
            m_pending.pop_front(); // long since parsed (or discarded by the parser)
    }
    if (name == "script" || name == "style") {
        m_state = State::RawText;
        m_rawEnd = "</" + name;
    }
    return true;
}

Result<qint64> HtmlNestingGuard::read(char *out, qint64 max)
{
    for (;;) {
        if (m_outPos < m_out.size()) {
            const qint64 n = std::min<qint64>(max, m_out.size() - m_outPos);
            memcpy(out, m_out.constData() + m_outPos, size_t(n));
            m_outPos += n;
            m_handedOut += n;
            return n;
        }
        m_out.clear();
        m_outPos = 0;
        if (m_handedOut - m_lastEventAt > kMaxSilentBytes) {
            m_stopped = true;
            return qint64(0);
        }
        if (m_pos >= m_in.size()) {
            if (m_eof)
                return qint64(0);
            if (auto s = fill(); !s)
                return s.error();
            continue;
        }
        const char *b = m_in.constData() + m_pos;
        const qsizetype avail = m_in.size() - m_pos;
        qsizetype pass = 0; // bytes handed out as they are
        switch (m_state) {
        case State::Data: {
            if (*b == '<') {
                auto decided = markup();
                if (!decided)
                    return decided.error();
                continue;
            }
            const void *lt = memchr(b, '<', size_t(avail));
            pass = lt ? static_cast<const char *>(lt) - b : avail;
            break;
        }
        case State::Comment: {
            const qsizetype close = QByteArrayView(b, avail).indexOf("-->");
            if (close >= 0) {
                pass = close + 3;
                m_state = State::Data;
            } else {
                // "-->" may be cut by the block's end; with fewer than 3 bytes left, read more first
                pass = m_eof ? avail : std::max<qsizetype>(0, avail - 2);
            }
            break;
        }
        case State::TagRest: {
            const void *gt = memchr(b, '>', size_t(avail));
            if (gt) {
                pass = static_cast<const char *>(gt) - b + 1;
                m_state = State::Data;
            } else {
                pass = avail;
            }
            break;
        }
        case State::RawText: {
            const QByteArrayView text(b, avail);
            qsizetype from = 0;
            for (;;) {
                const qsizetype lt = text.indexOf("</", from);
                if (lt < 0) {
                    pass = m_eof ? avail : std::max<qsizetype>(0, avail - 1);
                    break;
                }
                if (avail - lt < m_rawEnd.size() + 1 && !m_eof) {
                    pass = lt; // the rest decides after more bytes
                    break;
                }
                const QByteArrayView candidate = text.sliced(lt, std::min<qsizetype>(avail - lt, m_rawEnd.size()));
                const char after = lt + m_rawEnd.size() < avail ? text[lt + m_rawEnd.size()] : '>';
                if (candidate.compare(m_rawEnd, Qt::CaseInsensitive) == 0 && !isNameChar(after)) {
                    pass = lt;
                    m_state = State::Data;
                    if (pass == 0)
                        pass = -1; // the end tag is next: read on in Data
                    break;
                }
                from = lt + 2;
            }
            break;
        }
        }
        if (pass < 0)
            continue;
        if (pass == 0) {
            if (m_eof && m_state != State::Data) {
                m_state = State::Data;
                continue;
            }
            if (auto s = ensure(avail + kBlock); !s)
                return s.error();
            continue;
        }
        const qint64 n = std::min<qint64>(max, pass);
        memcpy(out, b, size_t(n));
        m_pos += n;
        m_handedOut += n;
        return n;
    }
}

void HtmlNestingGuard::elementStarted(QByteArrayView name)
{
    ++m_depth;
    ++m_open[name.toByteArray()];
    const auto it = std::find(m_pending.begin(), m_pending.end(), name);
    if (it != m_pending.end())
        m_pending.erase(m_pending.begin(), it + 1);
    event();
}

void HtmlNestingGuard::elementEnded(QByteArrayView name)
{
    m_depth = std::max(0, m_depth - 1);
    const auto it = m_open.find(name.toByteArray());
    if (it != m_open.end() && --it.value() <= 0)
        m_open.erase(it);
    event();
}

} // namespace lineage::ingest::html
