// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internals shared by the transcript parsers: a streaming splitter for top-level JSON
// arrays, a locator for JSON syntax errors, the bookkeeping that maps model labels to
// transcripts, and the turn being gathered from messages. Not part of the module's public
// interface.

#include "core/result.h"
#include "ingest/import_options.h"
#include "ingest/input_stream.h"
#include "ingest/record_sink.h"
#include "ingest/records.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <memory>
#include <utility>

namespace lineage::ingest {

class Parser;

namespace transcript {

// One element of a top-level JSON array, with its place in the content.
struct JsonElement
{
    QByteArray bytes; // the element's bytes; capacity leaves SIMDJSON padding after size()
    qint64 line = 0; // 1-based line of the element's first byte
    qint64 column = 0; // 1-based byte column of the element's first byte
    qint64 offset = 0; // byte offset of the element's first byte
    qint64 length = 0; // full length, even when tooLong
    bool tooLong = false; // longer than the limit: `bytes` holds only its head
    bool truncated = false; // the content ended inside the element
};

// Streams the elements of a JSON array document ("[ {...}, {...} ]") out of an InputStream
// without holding more than one element in memory: it tracks strings, escapes and nesting
// to find where each element ends, and leaves parsing the element to the caller. Memory is
// bounded by the largest element (and `maxElementBytes`). One reader, one thread.
class JsonArrayReader
{
public:
    JsonArrayReader(InputStream &input, qint64 maxElementBytes);

    // Fills `element` and returns true, false after the closing bracket; an error when the
    // content is not a JSON array or the stream fails.
    [[nodiscard]] Result<bool> next(JsonElement &element);

private:
    Result<int> peek(); // next byte, or -1 at the end
    void advance();

    InputStream &m_input;
    qint64 m_max;
    qint64 m_blockSize; // bytes read at a time
    QByteArray m_block;
    qint64 m_pos = 0;
    qint64 m_offset = 0; // content offset of the next byte
    qint64 m_line = 1;
    qint64 m_lineStart = 0;
    bool m_started = false;
    bool m_done = false;
};

// Byte offset (0-based) of the first JSON syntax or UTF-8 error in `json` and what it is,
// for diagnostics after simdjson refused a record. Returns -1 when no error is found.
qint64 jsonErrorOffset(QByteArrayView json, QString *reason = nullptr);

// Creates transcripts as labels appear and numbers their turns. The label is the one the
// analyst gave (options.modelLabel), else the record's own (generator, model), else the
// file's base name.
class TranscriptBuilder
{
public:
    TranscriptBuilder(RecordSink &sink, const ImportOptions &options, const QString &fileName);

    [[nodiscard]] Status add(const QString &labelHint, Turn turn);
    qint64 turns() const { return m_turns; }

private:
    struct Entry
    {
        qint64 id = 0;
        qint64 nextSeq = 1;
    };
    RecordSink &m_sink;
    const ImportOptions &m_options;
    QString m_defaultLabel;
    QString m_title;
    QHash<QString, Entry> m_transcripts;
    qint64 m_turns = 0;
};

// The prompt and answer of a turn being gathered from speaker messages: consecutive prompts
// (and consecutive answers) are joined with a blank line. Used by the JSON and the plain-text
// parsers, which decide themselves when a turn ends. One per parse, on its thread.
class PendingTurn
{
public:
    void addPrompt(const QString &text) { join(m_prompt, m_hasPrompt, text); }
    void addAnswer(const QString &text) { join(m_answer, m_hasAnswer, text); }
    bool hasAnswer() const { return m_hasAnswer; }
    bool isEmpty() const { return !m_hasPrompt && !m_hasAnswer; }

    // The turn gathered so far, with these fields; leaves the pending turn empty.
    Turn take(const Location &where, const QString &conversation, const QString &system)
    {
        Turn turn;
        turn.where = where;
        turn.conversation = conversation;
        turn.system = system;
        turn.prompt = std::exchange(m_prompt, QString());
        turn.answer = std::exchange(m_answer, QString());
        m_hasPrompt = m_hasAnswer = false;
        return turn;
    }

private:
    static void join(QString &to, bool &has, const QString &text)
    {
        to = has ? to + QStringLiteral("\n\n") + text : text;
        has = true;
    }

    QString m_prompt;
    QString m_answer;
    bool m_hasPrompt = false;
    bool m_hasAnswer = false;
};

// The diagnostic for a record simdjson refused: finds the column and reason.
Diagnostic jsonDiagnostic(QByteArrayView bytes, qint64 line, qint64 column0, qint64 offset,
                          const QString &fallbackReason);

// Where an element sits as a Location.
inline Location locationOf(const JsonElement &e)
{
    return Location { e.line, e.offset, e.length };
}

// Counts which of the transcript JSON layouts the first element or line of `head`
// resembles. Used by the sniffers.
bool headHasKey(QByteArrayView head, const char *key);

// The speaker-marker parser for plain text and Markdown (transcript_text.cpp).
std::unique_ptr<Parser> makeSpeakerTextParser();

} // namespace transcript
} // namespace lineage::ingest
