// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/investigator.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QString>
#include <QStringList>

namespace lineage::demo {

// The demo case: a fictional provider (Aurora Labs, model aurora-4) whose API logs show a
// ring of linked accounts harvesting chain-of-thought answers before a competitor
// (Quillon AI) releases DeepDistill-7B, whose transcripts reuse some of those answers.
struct DemoOptions
{
    bool tiny = false; // a few hundred records, for tests
    quint64 seed = 20250610; // same seed, same evidence
};

// The evidence files written under OUT_DIR/evidence and the ground truth beside them.
struct DemoFiles
{
    QStringList queryLogs; // gateway logs, one per month (the last one gzip-compressed)
    QString providerTranscripts; // AlpacaEval JSON, aurora-4 (role provider)
    QString suspectTranscripts; // AlpacaEval JSON, DeepDistill-7B (role suspect)
    QString controlTranscripts; // AlpacaEval JSON, two control models (role control)
    QString suspectChats; // ShareGPT JSONL, DeepDistill-7B
    QString suspectSession; // Markdown with speaker markers, DeepDistill-7B
    QString termsPdf;
    QString complaintPdf;
    QString groundTruth; // OUT_DIR/ground_truth.json
    qint64 queryRecords = 0;
    qint64 ringRecords = 0;
    int reusedOutputs = 0;
};

// Writes the demo evidence and its ground truth into `outDir` (created if needed; files
// of an earlier run are overwritten). Deterministic for a given seed, except the creation
// time Qt writes into the PDFs. Needs a QGuiApplication for the PDFs. Reports progress
// and stops on cancel.
[[nodiscard]] Result<DemoFiles> writeDemoEvidence(const QString &outDir, const DemoOptions &options,
                                                  Feedback &feedback = nullFeedback());

struct DemoCaseSummary
{
    QString casePath;
    DemoFiles files;
    qint64 sources = 0;
    qint64 records = 0; // query records, turns and pages stored
    qint64 diagnostics = 0;
    qint64 events = 0;
    double seconds = 0;
};

// Writes the evidence, then builds OUT_DIR/demo.lineage from it through the import
// pipeline (every file one audited source), sets the documents' parties and effective
// dates, and puts the clause dates and model releases on the timeline. Refuses to
// overwrite an existing demo.lineage.
[[nodiscard]] Result<DemoCaseSummary> buildDemoCase(const QString &outDir, const DemoOptions &options,
                                                    const casefile::Investigator &who,
                                                    Feedback &feedback = nullFeedback());

} // namespace lineage::demo
