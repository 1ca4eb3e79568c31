// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QString>
#include <QStringList>

#include <array>
#include <vector>

namespace lineage::forensics {

// The data of the evidence charts of one stored analysis run, read from the run's summary
// and its findings' payloads (nothing is recomputed): kinship's ranked scores and per-prompt
// distributions, reuse's similarity histogram and top reused answers, attribution's
// confusion matrix and suspect shares. Plain vectors, sorted as the charts draw them; built
// on any thread by evidenceSeries() from a connection of that thread.

// Five-number summary of a set of values (Tukey whiskers: the farthest values within 1.5
// interquartile ranges of the quartiles; values beyond them are outliers).
struct BoxSummary
{
    int count = 0;
    double lowerWhisker = 0, lowerQuartile = 0, median = 0, upperQuartile = 0, upperWhisker = 0;
    std::vector<double> outliers; // ascending
};

// Quartiles by linear interpolation between order statistics (numpy's default).
BoxSummary boxSummary(std::vector<double> values);

struct KinshipDot
{
    QString label;
    QString role; // "suspect", "control", ... (the transcripts' roles)
    bool inPanel = false;
    bool flagged = false;
    bool suspect = false; // role suspect, or outside the panel
    double score = 0;
    std::array<double, 2> interval {}; // bootstrap interval of score
    int prompts = 0;
    qint64 findingId = 0;
};

struct KinshipDistribution
{
    QString label;
    bool suspect = false;
    bool inPanel = false;
    BoxSummary lexical; // per-prompt residual cosine with the provider
    BoxSummary shape; // per-prompt mean product of standardized residuals
};

struct KinshipSeries
{
    QString provider;
    double flagScore = 0;
    std::vector<KinshipDot> models; // scored models, highest score first
    // The reference panel's spread of scores: lowest and highest member, and the median.
    double panelLow = 0, panelMedian = 0, panelHigh = 0;
    std::vector<KinshipDistribution> distributions; // suspects first, then the panel, by score
};

struct ReuseAnswer
{
    qint64 findingId = 0;
    QString label;
    qint64 turnIndex = 0;
    double jaccard = 0; // best match's word-shingle Jaccard
    double containment = 0; // best match's containment of the suspect's shingles
    qint64 longestVerbatim = 0; // words
    QString prompt;
    QString strength;
    QStringList accounts;
};

struct ReuseSeries
{
    double threshold = 0; // min_jaccard of the run
    double binWidth = 0.05; // of the Jaccard histogram over [0, 1]
    std::vector<qint64> bins; // reused answers per bin of best-match Jaccard
    qint64 suspectAnswers = 0; // every suspect answer the run compared
    qint64 reusedAnswers = 0; // those with a match kept (the findings); the rest have none
    std::vector<ReuseAnswer> top; // highest Jaccard first, then the longest verbatim passage
};

struct AttributionSeries
{
    QStringList candidates;
    double cvAccuracy = 0;
    double balancedAccuracy = 0;
    std::vector<std::vector<qint64>> confusion; // [true][predicted]
    QString suspect;
    qint64 suspectAnswers = 0;
    std::vector<double> shares; // per candidate
    std::vector<std::array<double, 2>> intervals; // per candidate
    QString attributed;
    qint64 findingId = 0; // the suspect's attribution finding, 0 when none
};

// Charts of one run, by its kind.
enum class EvidenceChart {
    KinshipRanked,
    KinshipDistributions,
    ReuseHistogram,
    AttributionConfusion,
    AttributionShares,
    // The Accounts tab's risk scatter of an accounts run (drawn by the tab, not evidenceSeries:
    // its axes are the analyst's choice, named in the exhibit's caption).
    AccountsRisk,
};

struct EvidenceSeries
{
    casefile::AnalysisRunRow run;
    std::optional<KinshipSeries> kinship;
    std::optional<ReuseSeries> reuse;
    std::optional<AttributionSeries> attribution;

    std::vector<EvidenceChart> charts() const;
};

// The kinds that have charts.
bool hasCharts(const QString &kind);
// A chart's stable name ("kinship-ranked", ...) and title.
QString chartName(EvidenceChart chart);
QString chartTitle(EvidenceChart chart);
// The id an exhibit of a chart carries (item kind "chart"): the run and the chart in one
// number, runId * 100 + chart, so the report and the CLI can name and redraw it.
qint64 chartItemId(qint64 runId, EvidenceChart chart);
std::optional<std::pair<qint64, EvidenceChart>> chartOfItemId(qint64 itemId);

// Reads run `runId` and its findings and builds the series of its kind. A run of a kind
// without charts, an unfinished run or a summary missing what a chart needs ->
// ErrorCode::InvalidInput naming what is missing; canceled -> ErrorCode::Canceled.
[[nodiscard]] Result<EvidenceSeries> evidenceSeries(casefile::Database &db, qint64 runId,
                                                    Feedback &feedback = nullFeedback());

} // namespace lineage::forensics
