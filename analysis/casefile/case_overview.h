// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace lineage::casefile {

struct SourceSummary
{
    qint64 id = 0;
    QString kind; // "query-log", "transcript", "document"
    QString format;
    QString name;
    QString sha256;
    qint64 size = 0;
    qint64 importedUtcMs = 0;
    QString status; // "complete", "partial"
    qint64 recordCount = 0;
    qint64 diagnosticCount = 0;
    qint64 warningCount = 0; // of which warnings: records kept, pages whose text may be missing
    QString firstWarning; // the first warning's reason, empty when none
};

struct AccountSummary
{
    qint64 id = 0;
    QString name;
    QString actor; // empty when not grouped
    qint64 queryCount = 0;
};

struct TranscriptSummary
{
    qint64 id = 0;
    qint64 sourceId = 0;
    QString modelLabel;
    QString role;
    QString title;
    qint64 turnCount = 0;
};

struct DocumentSummary
{
    qint64 id = 0;
    qint64 sourceId = 0;
    QString docType;
    QString title;
    QString effectiveDate;
    qint64 pageCount = 0;
};

struct AnalysisRunSummary
{
    qint64 id = 0;
    QString kind;
    QString status;
    qint64 startedUtcMs = 0;
    qint64 findingCount = 0;
};

struct FindingSummary
{
    qint64 id = 0;
    qint64 runId = 0;
    QString kind;
    std::optional<double> score;
    std::optional<double> pValue;
    QString explanation;
};

struct ExhibitSummary
{
    qint64 id = 0;
    qint64 number = 0;
    QString itemKind;
    qint64 itemId = 0;
    QString title;
};

// One list of the overview: the first `limit` items and how many there are in all.
template<typename T> struct OverviewList
{
    QList<T> items;
    qint64 total = 0;
};

// What the case explorer lists: everything the case holds, by kind.
struct CaseOverview
{
    OverviewList<SourceSummary> sources;
    OverviewList<AccountSummary> accounts;
    OverviewList<TranscriptSummary> transcripts;
    OverviewList<DocumentSummary> documents;
    OverviewList<AnalysisRunSummary> analyses;
    OverviewList<FindingSummary> findings;
    OverviewList<ExhibitSummary> exhibits;
};

// How many of each thing the case holds (lineage-cli info, the case properties).
struct CaseCounts
{
    qint64 sources = 0;
    qint64 queryRecords = 0;
    qint64 transcripts = 0;
    qint64 transcriptsWithoutRole = 0;
    qint64 turns = 0;
    qint64 documents = 0;
    qint64 pages = 0;
    qint64 accounts = 0;
    qint64 diagnostics = 0;
    qint64 analysisRuns = 0;
    qint64 findings = 0;
    qint64 exhibits = 0;
    qint64 auditEntries = 0;
};

// Read-only queries behind the case explorer. Stateless: every call
// runs on the connection it is given (one per thread; the UI calls these on a worker with
// its own read connection). Lists are capped at `limitPerList` items each, with the full
// count beside them. Errors are returned.
class CaseOverviewQueries
{
public:
    static constexpr int kDefaultLimit = 2000;

    [[nodiscard]] static Result<CaseOverview> load(Database &db, int limitPerList = kDefaultLimit);
    [[nodiscard]] static Result<QList<SourceSummary>> sources(Database &db, int limit = kDefaultLimit);
    // Every count, from one snapshot.
    [[nodiscard]] static Result<CaseCounts> counts(Database &db);
};

} // namespace lineage::casefile
