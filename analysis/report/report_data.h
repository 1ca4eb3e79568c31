// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/document_store.h"
#include "casefile/source_store.h"
#include "casefile/transcript_store.h"
#include "core/feedback.h"
#include "core/result.h"
#include "forensics/account_series.h"
#include "forensics/evidence_series.h"
#include "timeline/activity_series.h"
#include "timeline/timeline_events.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace lineage::report {

// The sections of a report, in the order they print. Names as `--sections` takes them.
enum class Section {
    Cover,
    Contents,
    Summary,
    Methodology,
    Findings,
    Exhibits,
    Comments,
    Documents,
    Timeline,
    Custody,
    Audit,
    Verification,
    Versions,
};
const QList<Section> &allSections();
QString sectionName(Section section); // "cover", "contents", "summary", ...
QString sectionTitle(Section section); // "Case summary", ...
// "summary,findings,custody" (or "all"): the sections, in print order; an unknown name is an
// error that lists the known ones.
[[nodiscard]] Result<QList<Section>> parseSections(const QString &list);

// What a report holds and how it reads. A plain value.
struct ReportOptions
{
    QList<Section> sections = allSections();
    qint64 generatedUtc = 0; // ms; 0: now
    QString zone; // "UTC", "local" or an IANA id; empty: the case's display zone
    int auditExcerpt = 60; // the newest N audit entries in the appendix (0: every one)
    int passageContext = 160; // characters shown around a shared passage on either side
};

// One side of a shared passage or an exhibit's text: what item it is, and an excerpt of the
// item's text with the part that matters marked (offsets into `excerpt`).
struct TextExcerpt
{
    QString itemKind; // "record", "turn", "page", ...
    qint64 itemId = 0;
    QString label; // "turn 17 (DeepDistill-7B, turn 3)"
    QString excerpt;
    qsizetype markStart = 0;
    qsizetype markLength = 0;
    bool clippedBefore = false;
    bool clippedAfter = false;
};

// A shared passage: the two spans a finding pairs (relation "suspect" and "source", or the
// first two spans of one passage number).
struct PassagePair
{
    qint64 passage = 0;
    TextExcerpt left;
    TextExcerpt right;
};

struct FindingEntry
{
    casefile::FindingRow row;
    QList<PassagePair> passages; // the first few, in span order
    int passageCount = 0; // every shared passage of the finding
    QList<TextExcerpt> claims; // spans that are not paired (identity claims, ...)
};

struct RunEntry
{
    casefile::AnalysisRunRow run;
    QString title; // the kind's title
    QString strengthRule; // how the kind grades strength
    QString statisticMeaning; // what its statistic means and does not mean
    QList<FindingEntry> findings;
};

struct ExhibitEntry
{
    casefile::ExhibitRow row;
    QString itemLabel;
    std::optional<TextExcerpt> text; // the item's text, where it has one
    std::optional<qint64> findingId; // an exhibit of a finding
    // An exhibit of a chart (item kind "chart"): which chart, and its run's series read from
    // the stored findings when the report is built (the report draws it from them); the
    // reason when the run could not be read.
    std::optional<forensics::EvidenceChart> chart;
    std::optional<forensics::EvidenceSeries> evidence;
    std::optional<forensics::AccountsSeries> accounts;
    QString chartError;
};

struct CommentEntry
{
    casefile::CommentRow row;
    QString itemLabel;
};

struct DocumentEntry
{
    casefile::DocumentRow document;
    QList<timeline::TimelineEvent> dates; // dates found in its text and its effective date, with page
};

struct AuditExcerpt
{
    qint64 count = 0;
    QString headHash; // hash of the newest entry (the genesis hash for an empty log)
    QList<casefile::AuditEntry> entries; // the newest ones, oldest first
};

struct VersionEntry
{
    QString component;
    QString version;
};

// Everything a report says about a case, read in one go from a case (a read-only open is
// enough): the pieces the renderers lay out. Assembled by buildReport(); a plain value.
struct ReportData
{
    ReportOptions options;
    casefile::CaseInfo info;
    QString caseFileName;
    QTimeZone zone;
    QString zoneName;
    qint64 generatedUtc = 0;
    QString programVersion;
    QList<casefile::SourceRow> sources;
    QList<casefile::TranscriptRow> transcripts;
    QList<DocumentEntry> documents;
    QList<RunEntry> runs; // complete runs only, with their findings
    int otherRuns = 0; // canceled or failed runs (no findings)
    QList<ExhibitEntry> exhibits;
    QList<CommentEntry> comments;
    std::optional<timeline::Series> activity; // records per bucket over the whole case
    QList<timeline::TimelineEvent> events;
    qint64 queryRecords = 0;
    AuditExcerpt audit;
    std::optional<casefile::VerificationReport> verification;
    QList<VersionEntry> versions;

    bool has(Section s) const { return options.sections.contains(s); }
    // "2025-03-02 14:05:00 +01:00 (Europe/Berlin)": a time in the report's zone.
    QString time(qint64 utcMs) const;
};

// Reads the report of the case open in `file` on the calling thread. Runs verification when
// the verification section is asked (the longest part: every evidence hash); polls
// `feedback`. Never writes to the case. Errors are returned; cancel is ErrorCode::Canceled.
[[nodiscard]] Result<ReportData> buildReport(casefile::CaseFile &file, const ReportOptions &options,
                                             Feedback &feedback = nullFeedback());

} // namespace lineage::report
