// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace lineage::casefile {

// One analysis run as stored (analysis_runs, schema 1 and 6).
struct AnalysisRunRow
{
    qint64 id = 0;
    QString kind;
    QJsonObject parameters; // every parameter, defaults filled in
    QJsonObject inputHashes; // "source:ID" -> SHA-256 of every input source
    QString engineVersion;
    QJsonObject versions; // engine, tokenizer, program and library versions
    qint64 startedUtc = 0;
    std::optional<qint64> finishedUtc;
    QString status; // "complete", "canceled", "failed"
    QString message;
    QJsonObject summary; // the kind's run-level result
    std::optional<qint64> auditSeq;
    qint64 findingCount = 0; // read APIs only
};

// A whole item a finding rests on.
struct FindingRef
{
    QString itemKind; // "record", "turn", "page", "transcript", "document", "source"
    qint64 itemId = 0;
    QString relation; // its part in the finding: "suspect", "source", "served-by", ...

    bool operator==(const FindingRef &) const = default;
};

// A text span behind a finding, in UTF-16 code units of the item's field.
struct FindingSpan
{
    QString itemKind; // "record", "turn", "page"
    qint64 itemId = 0;
    QString field; // "answer", "completion", "text", ...
    qint64 start = 0;
    qint64 length = 0;
    QString relation; // "suspect", "source", "claim", ...
    std::optional<qint64> passage; // pairs the spans of one shared passage

    bool operator==(const FindingSpan &) const = default;
};

struct FindingRow
{
    qint64 id = 0;
    qint64 runId = 0;
    qint64 seq = 0;
    QString kind;
    QString strength; // "strong", "moderate", "weak"
    QString subject;
    std::optional<double> score;
    std::optional<double> statistic;
    std::optional<double> pValue;
    QString explanation;
    QJsonObject payload;
    QList<FindingRef> refs;
    QList<FindingSpan> spans;
};

// How many findings of one kind and strength the case holds.
struct FindingCount
{
    QString kind;
    QString strength;
    qint64 count = 0;
};

// The analysis_runs, findings, finding_refs and finding_spans tables. Writes belong inside
// CaseFile::auditedChange (the run and its findings commit with their audit entry); reads
// serve the CLI, the explorer and re-runs. Borrows a connection, used on its thread only.
// Errors are returned.
class AnalysisStore
{
public:
    explicit AnalysisStore(Database &db) : m_db(db) { }

    static const QStringList &strengths();

    // The number the next audit entry will get (inside the audited transaction: the entry
    // of the change being written).
    [[nodiscard]] Result<qint64> nextAuditSeq();
    [[nodiscard]] Result<qint64> insertRun(const AnalysisRunRow &run);
    // Inserts the finding with its refs and spans; returns its id.
    [[nodiscard]] Result<qint64> insertFinding(qint64 runId, const FindingRow &finding);

    [[nodiscard]] Result<QList<AnalysisRunRow>> runs();
    [[nodiscard]] Result<AnalysisRunRow> run(qint64 id);
    // Findings of one run (or of every run), in run then seq order, with refs and spans.
    [[nodiscard]] Result<QList<FindingRow>> findings(std::optional<qint64> runId = std::nullopt);
    [[nodiscard]] Result<FindingRow> finding(qint64 id);
    // The findings of every run counted by kind and strength, in kind then strength order.
    [[nodiscard]] Result<QList<FindingCount>> findingCounts();

private:
    Result<QList<FindingRow>> readFindings(const char *where, qint64 value, bool filter);

    Database &m_db;
    Statement m_insertFinding;
    Statement m_insertRef;
    Statement m_insertSpan;
};

} // namespace lineage::casefile
