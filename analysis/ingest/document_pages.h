// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internals of the text and HTML document parsers: UTF-8 repair for streamed blocks and
// the writer that cuts a document's text into pages of bounded size. Not part of the
// module's public interface.

#include "core/result.h"
#include "ingest/record_sink.h"
#include "ingest/records.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace lineage::ingest {

// Makes a stream of blocks valid UTF-8: every invalid byte becomes U+FFFD (EF BF BD), and a
// sequence cut at the end of a block is held back until the next one. Remembers where the
// first invalid byte was, for the warning the parsers give. One stream, one thread.
class Utf8Repair
{
public:
    // `replaceNul`: NUL bytes become U+FFFD too (for HTML, whose parser stops at them).
    explicit Utf8Repair(bool replaceNul = false) : m_replaceNul(replaceNul) { }

    // Appends the repaired form of `block` (the content's next bytes) to `out`; `last` when
    // no bytes follow, so that a cut sequence at the end is invalid, not pending.
    void append(QByteArrayView block, bool last, QByteArray &out);

    bool sawInvalid() const { return m_firstInvalid >= 0; }
    qint64 firstInvalidOffset() const { return m_firstInvalid; } // -1 when all were valid
    const QByteArray &firstInvalidBytes() const { return m_invalidBytes; } // up to kRawKeep from there

private:
    void repair(QByteArrayView bytes, qint64 offset, bool last, QByteArray &out);
    void repairSlowly(QByteArrayView bytes, qint64 offset, bool last, QByteArray &out);

    bool m_replaceNul;
    QByteArray m_carry; // an incomplete sequence at the end of the previous block
    qint64 m_offset = 0; // content offset of the next block's first byte
    qint64 m_firstInvalid = -1;
    QByteArray m_invalidBytes;
};

// Cuts a document's text (UTF-8, appended piece by piece) into pages and delivers them to the
// sink: a page ends where the parser says (a form feed) and, so that memory stays bounded
// whatever the file's size, when it reaches kMaxPageBytes (cut after the last line break in
// its last 64 KiB when there is one, else between two characters), with one warning per
// document. The document row is created before its first page, so that a title found while
// reading (HTML <title>) can still be set. One parse, one thread; sink errors are returned.
class PageWriter
{
public:
    static constexpr qsizetype kMaxPageBytes = 4 * 1024 * 1024;

    PageWriter(RecordSink &sink, DocumentInfo info) : m_sink(sink), m_info(std::move(info)) { }

    DocumentInfo &info() { return m_info; } // may change until the first page is written
    [[nodiscard]] Status append(QByteArrayView utf8);
    // Ends the current page (delivered even when it holds no text).
    [[nodiscard]] Status endPage();
    // Delivers the last page. `dropBlankLast`: a last page of white space alone after an
    // earlier page is not a page (a final form feed).
    [[nodiscard]] Status finish(bool dropBlankLast = false);
    qint64 pages() const { return m_pageNo; }
    // Bytes of the current page so far.
    qsizetype pending() const { return m_text.size(); }
    bool endsWithNewline() const { return !m_text.isEmpty() && m_text.back() == '\n'; }
    bool atPageStart() const { return m_text.isEmpty(); }

private:
    Status ensureDocument();
    Status deliver(QByteArrayView text);
    Status cutLongPage();

    RecordSink &m_sink;
    DocumentInfo m_info;
    std::optional<qint64> m_documentId;
    QByteArray m_text;
    qint32 m_pageNo = 0;
    bool m_warnedLong = false;
};

} // namespace lineage::ingest
