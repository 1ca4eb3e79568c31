// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace lineage::casefile {

// Which text of which item an index entry holds; part of the entry's rowid (id * 8 + part).
enum class SearchPart {
    RecordRequest = 0,   // a query record's system prompt and user messages
    RecordResponse = 1,  // its completion(s)
    TurnPrompt = 2,
    TurnAnswer = 3,
    PageText = 4,
};

// A half-open range of UTC milliseconds, [fromUtc, toUtc).
struct TimeRange
{
    qint64 fromUtc = 0;
    qint64 toUtc = 0;
};

// One search hit and where it is.
struct SearchHit
{
    QString itemKind;     // "record", "turn", "page"
    qint64 itemId = 0;
    QString field;        // "prompt", "completion", "answer", "text"
    qint64 sourceId = 0;
    QString sourceName;
    qint64 line = 0;      // records and turns: line in the source (0 when unknown)
    qint64 page = 0;      // pages: 1-based page number
    QString snippet;      // text around the first match, the match in [brackets]
    QString text;         // the whole text the hit is in (to show it in full)
    // What the hit belongs to, to show it with its context:
    QString other; // the other half of the exchange: the prompt of an answer or completion hit,
                   // the answer (first completion) of a prompt hit; empty for pages
    QString modelLabel; // turns: the transcript's model label; records: the model the log names
    qint64 parentId = 0; // turns: the transcript id; pages: the document id
    QString parentTitle; // pages: the document's title; turns: the transcript's title
    std::optional<qint64> timeUtc; // records: the time of the exchange (UTC ms)
};

// Adds text to the full-text index (the contentless FTS5 table search_index). Words are
// indexed case- and accent-folded; Han, kana and Hangul characters one per token, so that a
// Chinese query of any length (even two characters, 我是) is matched as a phrase. Used inside
// the caller's transaction on the caller's thread. Errors are returned.
class SearchIndexWriter
{
public:
    explicit SearchIndexWriter(Database &db) : m_db(db) {}
    // Skips empty text.
    [[nodiscard]] Status add(qint64 itemId, SearchPart part, QStringView text);
    // `indexText` already in the index's form (SearchIndex::indexTextUtf8).
    [[nodiscard]] Status addPrepared(qint64 itemId, SearchPart part, const QByteArray &indexText);

private:
    Database &m_db;
    Statement m_insert;
};

class SearchIndex
{
public:
    // The text as the index sees it: CJK characters spaced apart.
    static QString indexText(QStringView text);
    // The same for UTF-8 text (any thread; used where records are prepared).
    static QByteArray indexTextUtf8(const QByteArray &utf8);
    // The FTS5 MATCH expression for what a person typed: words and quoted phrases, all
    // required; a trailing * makes a word a prefix. Empty when nothing searchable remains.
    static QString matchExpression(const QString &query);

    // Adds the text of one source (its records, turns and pages, and the Batch halves it
    // joined to other sources' records) to the index and marks it indexed. Runs in the
    // caller's transaction; polls `feedback` for cancel.
    [[nodiscard]] static Status indexSource(Database &db, qint64 sourceId, Feedback &feedback);
    // Hits for `query`, best first (bm25). Stops with ErrorCode::Canceled once `feedback` is
    // canceled, also in the middle of the full-text query (InterruptOnCancel).
    [[nodiscard]] static Result<QList<SearchHit>> search(Database &db, const QString &query, int limit = 50,
                                                         Feedback &feedback = nullFeedback());
    // The same, restricted, when `range` is set, to query records whose time lies in
    // [fromUtc, toUtc) (UTC ms): a time range says nothing of turns and pages, which have no
    // time, so they are left out. Without a range, every hit.
    [[nodiscard]] static Result<QList<SearchHit>> search(Database &db, const QString &query,
                                                         const std::optional<TimeRange> &range, int limit = 50,
                                                         Feedback &feedback = nullFeedback());
    // The words and operators a query may use, for a person (the search field's tooltip).
    static QString syntaxHelp();

    // FTS5's own integrity-check of the index, on a copy of its tables in the connection's
    // temporary database (so that it runs on a read-only connection too). Empty when the
    // index is sound, otherwise what FTS5 found.
    [[nodiscard]] static Result<QString> checkIntegrity(Database &db, Feedback &feedback);
    // Empties the index and marks every source not indexed (in the caller's transaction);
    // SearchIndex::indexSource() fills it again.
    [[nodiscard]] static Status clear(Database &db);
};

} // namespace lineage::casefile
