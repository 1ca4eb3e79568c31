// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/line_reader.h"

#include <cstring>

namespace lineage::ingest {

namespace {
constexpr qint64 kBlock = 1 << 20;
}

LineReader::LineReader(InputStream &input, qint64 maxLineBytes)
    : m_input(input), m_max(std::max<qint64>(maxLineBytes, 16)), m_block(input.readBlockSize(kBlock))
{
    m_buffer.resize(m_block + kPadding);
}

// Moves unread bytes to the front and reads one more block behind them.
Status LineReader::fill()
{
    if (m_begin > 0) {
        const qint64 keep = m_end - m_begin;
        if (keep > 0)
            memmove(m_buffer.data(), m_buffer.data() + m_begin, size_t(keep));
        m_end = keep;
        m_begin = 0;
    }
    if (m_buffer.size() - kPadding - m_end < m_block / 2)
        m_buffer.resize(std::max<qint64>(m_buffer.size() * 2, m_end + m_block + kPadding));
    auto n = m_input.read(m_buffer.data() + m_end, m_buffer.size() - kPadding - m_end);
    if (!n)
        return n.error();
    if (*n == 0)
        m_eof = true;
    m_end += *n;
    return {};
}

Result<bool> LineReader::next(Line &line)
{
    if (!m_started) {
        m_started = true;
        while (m_end - m_begin < 3 && !m_eof)
            if (auto s = fill(); !s)
                return s.error();
        if (QByteArrayView(m_buffer.constData() + m_begin, m_end - m_begin).startsWith("\xEF\xBB\xBF")) {
            m_begin += 3;
            m_offset += 3;
        }
    }
    qint64 scanFrom = m_begin;
    for (;;) {
        const char *base = m_buffer.constData();
        const void *nl = scanFrom < m_end ? memchr(base + scanFrom, '\n', size_t(m_end - scanFrom)) : nullptr;
        if (nl || (m_eof && m_end > m_begin)) {
            const qint64 stop = nl ? static_cast<const char *>(nl) - base : m_end;
            qint64 length = stop - m_begin;
            if (length > 0 && base[m_begin + length - 1] == '\r' && nl)
                --length;
            line.number = ++m_lineNo;
            line.offset = m_offset;
            line.length = length;
            line.tooLong = length > m_max;
            line.unterminated = !nl;
            line.text = QByteArrayView(base + m_begin, line.tooLong ? std::min(kTooLongKeep, length) : length);
            const qint64 consumed = stop - m_begin + (nl ? 1 : 0);
            m_offset += consumed;
            m_begin += consumed;
            return true;
        }
        if (m_eof)
            return false;
        const qint64 pending = m_end - m_begin;
        if (pending > m_max) {
            // Too long: keep its head, then skip to the end of the line without buffering it.
            const qint64 keep = std::min(kTooLongKeep, pending);
            m_head.reserve(keep + kPadding);
            m_head = QByteArray(m_buffer.constData() + m_begin, keep);
            m_head.reserve(keep + kPadding);
            qint64 length = pending;
            bool found = false;
            bool crlf = false;
            for (;;) {
                m_begin = m_end = 0;
                if (auto s = fill(); !s)
                    return s.error();
                const void *p = memchr(m_buffer.constData(), '\n', size_t(m_end));
                if (p) {
                    const qint64 at = static_cast<const char *>(p) - m_buffer.constData();
                    crlf = at > 0 ? m_buffer[at - 1] == '\r' : false;
                    length += at;
                    m_begin = at + 1;
                    found = true;
                    break;
                }
                length += m_end;
                if (m_eof)
                    break;
            }
            if (crlf)
                --length;
            line.number = ++m_lineNo;
            line.offset = m_offset;
            line.length = length;
            line.tooLong = true;
            line.unterminated = !found;
            line.text = QByteArrayView(m_head.constData(), m_head.size());
            m_offset += length + (crlf ? 1 : 0) + (found ? 1 : 0);
            return true;
        }
        scanFrom = m_end - m_begin; // relative: fill() moves data to the front
        if (auto s = fill(); !s)
            return s.error();
        scanFrom += m_begin;
    }
}

} // namespace lineage::ingest
