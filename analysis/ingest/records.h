// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <optional>

namespace lineage::ingest {

// Plain values that parsers produce and the import pipeline stores. Every value says where
// it came from in its source: line (1-based) and byte offset/length in the decompressed
// content, or the page. Text is kept verbatim.

enum class SourceKind { QueryLog, Transcript, Document };

// A bad record kept for review. `raw` holds the offending bytes, truncated.
struct Diagnostic
{
    qint64 line = 0;        // 1-based, 0 when not line-oriented
    qint64 column = 0;      // 1-based byte column, 0 when unknown
    qint64 byteOffset = -1; // in the decompressed content
    QString reason;         // "timestamp '2024-13-01' is not a date"
    QByteArray raw;
    bool warning = false;   // kept record with a problem vs refused record
};

// Where a record sits in its source.
struct Location
{
    qint64 line = 0;
    qint64 byteOffset = 0;
    qint64 byteLength = 0;
};

// Which half of an exchange a line holds when a log splits requests and responses into
// separate files (OpenAI Batch API input and output, joined on customId).
enum class JoinSide { None, Request, Response };

// One API exchange from a provider's log.
struct QueryRecord
{
    JoinSide joinSide = JoinSide::None;
    Location where;
    std::optional<qint64> timeUtcMs;
    std::optional<int> timeOffset;  // seconds east of UTC as written (or the declared zone's)
    QString account;
    QString apiKey;
    QString org;
    QString ip;
    QString userAgent;
    QString model;
    QString endpoint;
    QString customId;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<qint64> n;
    std::optional<qint64> maxTokens;
    std::optional<qint64> logprobs;      // 1 when requested, 0 when explicitly off
    std::optional<qint64> topLogprobs;
    QString systemPrompt;
    QString prompt;                      // user messages, joined with "\n\n"
    QString completion;                  // first choice
    QStringList extraCompletions;        // choices 2..n
    QString finishReason;
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;
    QByteArray raw;                      // only when the original cannot serve it by offset
    std::optional<qint64> httpStatus;    // response status code, when the log has one
};

// A transcript's role is a claim about its model that the analyses rely on. Unassigned
// until the analyst gives one (an import without a role, or the role taken back).
enum class TranscriptRole { Unassigned, Provider, Suspect, Control, ProtectedCorpus };

struct TranscriptInfo
{
    QString modelLabel;
    TranscriptRole role = TranscriptRole::Unassigned;
    QString title;
};

struct Turn
{
    Location where;
    qint64 seq = 0;
    QString conversation;  // conversation id within the transcript file, when it has one
    QString system;        // system message in force for this turn, when the format has one
    QString prompt;
    QString answer;
};

enum class DocumentType { TermsOfService, Contract, Complaint, Letter, Other };

struct DocumentInfo
{
    DocumentType type = DocumentType::Other;
    QString title;
    QString author;
    QString parties;
    QString effectiveDate;  // ISO 8601 date, empty when unknown
    QString created;        // ISO 8601 date-time from the document's metadata
    QString modified;
};

// A word (or, inside a run of Chinese text, a single character) and its box in page points.
struct WordBox
{
    QString text;
    QRectF box;
    qint32 charStart = 0;  // offset of the word in the page text, in UTF-16 code units
};

struct Page
{
    qint32 pageNo = 0;     // 1-based
    QString text;
    double width = 0;
    double height = 0;
    QList<WordBox> words;
};

QString roleName(TranscriptRole role);
std::optional<TranscriptRole> roleFromName(const QString &name);
QString documentTypeName(DocumentType type);
std::optional<DocumentType> documentTypeFromName(const QString &name);
QString sourceKindName(SourceKind kind);
std::optional<SourceKind> sourceKindFromName(const QString &name);

} // namespace lineage::ingest
