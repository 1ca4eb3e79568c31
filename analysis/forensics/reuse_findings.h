// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The findings of the output-reuse analysis (kinds/reuse_kind.cpp) from the matches its
// search found: which matched texts are listed first, and what each finding says.

#include "casefile/analysis_input_store.h"
#include "casefile/analysis_store.h"
#include "casefile/transcript_store.h"
#include "core/feedback.h"
#include "core/result.h"
#include "forensics/reuse_search.h"
#include "similarity/signature_cache.h"

#include <QHash>
#include <QJsonArray>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace lineage::forensics {

// A text of either side of a reuse search and where it lives in the case.
struct ReuseItem
{
    QString kind; // "turn" or "record"
    qint64 id = 0;
    QString field; // "answer", "completion", "completion:N" (choice N of an n > 1 request)
    int choice = 0;
    qint64 transcriptId = 0;
    QString label;
    QString role;
    qint64 turnIndex = 0;
    QString prompt;
    QString sourceName;
    std::optional<qint64> line;
};

// One match of a suspect answer, with the text it matched.
struct ReuseKept
{
    ReuseMatch match;
    ReuseItem source;
};

// The matches of each suspect answer, by the answer's index on the suspect side.
using ReuseMatchesBySuspect = std::map<qint64, std::vector<ReuseKept>>;

// Reads the provenance of every matched log record, and orders each answer's matches:
// closest first; among equally close texts (the same completion served many times), the
// records of the accounts behind the most reused answers, then the earliest.
[[nodiscard]] Result<QHash<qint64, casefile::RecordProvenance>>
rankReuseMatches(casefile::Database &db, ReuseMatchesBySuspect &bySuspect, Feedback &fb);

struct ReuseFindingOptions
{
    int maxMatches = 10; // matches listed per reused answer
    int maxTied = 50; // texts as close as the closest listed beyond maxMatches
    double minJaccard = 0.10; // the thresholds the summaries name
    int minPassageTokens = 20;
    QString against; // what was compared with, as the summaries say it
};

// One "reuse" finding per reused answer, in the order of the suspect answers (transcript,
// turn), then one "reuse-summary" per suspect label; `labelSummaries` gets the payloads of
// the summaries, in label order.
QList<casefile::FindingRow>
reuseFindings(const ReuseMatchesBySuspect &bySuspect, const std::vector<ReuseItem> &suspectItems,
              const QList<similarity::TextItem> &suspectTexts, const QHash<qint64, casefile::RecordProvenance> &records,
              const QStringList &suspectLabels, const QList<casefile::TranscriptRow> &suspects,
              const ReuseFindingOptions &options, QJsonArray &labelSummaries);

} // namespace lineage::forensics
