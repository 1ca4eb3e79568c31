// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "ingest/input_stream.h"

#include <QByteArray>
#include <QByteArrayView>

namespace lineage::ingest {

// One line of the decompressed content, without its "\n" or "\r\n". A UTF-8 byte-order mark
// at the start of the content is not part of the first line (whose offset is then 3).
struct Line
{
    QByteArrayView text;    // valid until the next call to LineReader::next()
    qint64 number = 0;      // 1-based
    qint64 offset = 0;      // byte offset of the line's first byte
    qint64 length = 0;      // bytes of the line without its end of line (the full length, even when tooLong)
    bool tooLong = false;   // longer than maxLineBytes: `text` holds only its first kTooLongKeep bytes
    bool unterminated = false; // the last line, with no end of line (often a truncated file)
};

// Splits an InputStream into lines with memory bounded by maxLineBytes: a longer line is
// reported with tooLong set and its head only, and the rest is skipped without being
// buffered. Every Line::text is followed by at least kPadding readable bytes, so that it can
// be handed to simdjson without a copy. One reader, one thread; stream errors are returned.
class LineReader
{
public:
    static constexpr qint64 kPadding = 64;
    static constexpr qint64 kTooLongKeep = 4096;

    explicit LineReader(InputStream &input, qint64 maxLineBytes = 16 * 1024 * 1024);

    // Fills `line` and returns true, or returns false at the end.
    [[nodiscard]] Result<bool> next(Line &line);

    InputStream &input() { return m_input; }
    qint64 maxLineBytes() const { return m_max; }

private:
    Status fill();

    InputStream &m_input;
    qint64 m_max;
    qint64 m_block; // bytes read at a time: 1 MiB, less for a small uncompressed input
    QByteArray m_buffer;     // capacity includes kPadding
    qint64 m_begin = 0;      // start of unread data in m_buffer
    qint64 m_end = 0;        // end of valid data in m_buffer
    qint64 m_offset = 0;     // content offset of m_buffer[m_begin]
    qint64 m_lineNo = 0;
    bool m_eof = false;
    bool m_started = false;  // the byte-order mark is checked
    QByteArray m_head;       // head of a too-long line
};

} // namespace lineage::ingest
