// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internals of the HTML document parser (html_text.cpp). Not part of the module's public
// interface.

#include "core/result.h"
#include "ingest/document_pages.h"
#include "ingest/input_stream.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>

#include <deque>

namespace lineage::ingest::html {

// True for the elements that start a line of text (p, div, h1, li, tr, ...).
bool isBlockElement(QByteArrayView lowerName);
// True for the elements that have no end tag (br, img, meta, ...).
bool isVoidElement(QByteArrayView lowerName);

// Sits between the file and libxml2's HTML parser and keeps the parser's work linear and its
// memory bounded, whatever the input:
// - the content is made valid UTF-8 (a byte-order mark is dropped; invalid bytes and NUL
//   become U+FFFD), so that the parser never falls back to Latin-1 halfway;
// - nesting is capped at kMaxDepth open elements: a deeper start tag is left out (a block
//   element's becomes <br>, so that its text still starts a line; its text is kept), because
//   the parser's end-tag handling walks the stack of open elements;
// - an end tag of an element that is not open is left out (the parser would walk the whole
//   stack to find it, and then ignore it);
// - when the parser has read kMaxSilentBytes without reporting anything (inside a comment,
//   an attribute value or a declaration that never ends, which it gathers in memory), the
//   input ends there, and stoppedEarly() says so.
// It follows libxml2's own tokenizing closely enough for these decisions (tags with quoted
// attribute values, comments, script and style text); where it cannot tell, it passes the
// bytes through unchanged. The SAX side reports the parser's real open elements through
// elementStarted()/elementEnded() and every report through event(). One parse, one thread.
class HtmlNestingGuard
{
public:
    static constexpr int kMaxDepth = 256;
    static constexpr qsizetype kMaxTagBytes = 64 * 1024;
    static constexpr qint64 kMaxSilentBytes = 32 * 1024 * 1024;

    explicit HtmlNestingGuard(InputStream &input) : m_input(input) { }

    // The next piece of filtered content for the parser; 0 at the end.
    [[nodiscard]] Result<qint64> read(char *out, qint64 max);

    void elementStarted(QByteArrayView lowerName);
    void elementEnded(QByteArrayView lowerName);
    void event() { m_lastEventAt = m_handedOut; }

    qint64 droppedStartTags() const { return m_droppedStarts; }
    qint64 droppedEndTags() const { return m_droppedEnds; }
    bool stoppedEarly() const { return m_stopped; }
    qint64 stopOffset() const { return m_lastEventAt; } // filtered bytes read before the stop
    const Utf8Repair &utf8() const { return m_repair; }

private:
    enum class State { Data, Comment, RawText, TagRest };

    Status fill();
    // Makes at least `bytes` bytes available from m_pos (fewer at the end); may move data.
    Status ensure(qsizetype bytes);
    // Finds the '>' that ends the tag at m_pos (quotes skipped when `quotes`); the tag's
    // length, or 0 when it is longer than kMaxTagBytes or the content ends first.
    Result<qsizetype> tagLength(qsizetype from, bool quotes);
    Result<bool> markup(); // at a '<' in Data: decides and queues what to hand out
    QByteArray nameAt(qsizetype from) const;
    bool isOpenOrPending(const QByteArray &name) const;
    void queue(QByteArrayView bytes);

    InputStream &m_input;
    Utf8Repair m_repair { true };
    QByteArray m_block;
    QByteArray m_in; // repaired content not yet handed out, from m_pos
    qsizetype m_pos = 0;
    bool m_eof = false;
    bool m_started = false;
    QByteArray m_out; // a decided token, handed out from m_outPos
    qsizetype m_outPos = 0;
    State m_state = State::Data;
    QByteArray m_rawEnd; // "script" or "style" while in RawText
    QHash<QByteArray, int> m_open; // open elements as the parser reported them
    std::deque<QByteArray> m_pending; // start tags handed out, not yet reported
    int m_depth = 0;
    qint64 m_droppedStarts = 0;
    qint64 m_droppedEnds = 0;
    qint64 m_handedOut = 0;
    qint64 m_lastEventAt = 0;
    bool m_stopped = false;
};

} // namespace lineage::ingest::html
