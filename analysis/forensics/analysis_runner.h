// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "casefile/case_file.h"
#include "core/feedback.h"
#include "core/result.h"
#include "forensics/analysis_kind.h"

#include <QJsonObject>
#include <QStringList>

namespace lineage::forensics {

struct RunRequest
{
    QString kind;
    QJsonObject parameters; // as given; missing ones take their defaults
    int threads = 0; // 0 = every core; results never depend on it
};

// A stored run and its findings (none unless the run completed).
struct RunOutcome
{
    casefile::AnalysisRunRow run;
    QList<casefile::FindingRow> findings;
    bool complete() const { return run.status == QLatin1String("complete"); }
};

struct RerunOutcome
{
    RunOutcome original;
    RunOutcome rerun;
    QStringList differences; // empty: the same findings, inputs and versions
};

// Typed values of `NAME=VALUE` texts (the command line's --param) for `kind`'s parameters.
[[nodiscard]] Result<QJsonObject> parseParameterTexts(const AnalysisKind &kind, const QStringList &assignments);
[[nodiscard]] Result<QJsonValue> parseParameterText(const ParameterSpec &spec, const QString &text);
// Every parameter of `kind`: the given values checked, the others their defaults. Unknown
// names and values of the wrong type or out of range are errors.
[[nodiscard]] Result<Parameters> resolveParameters(const AnalysisKind &kind, const QJsonObject &given);

// Runs one analysis on `file` and stores it: resolves the parameters, runs the kind on the
// case's connection (the calling thread's), then writes the run (kind, parameters, input
// hashes, versions, start, end, status) and its findings in one audited change. A canceled
// or failed run is stored with its status and message and no findings, and returned as an
// outcome, not an error; errors are what kept the run from being stored at all (unknown
// kind, bad parameters, a read-only case, a failed write).
[[nodiscard]] Result<RunOutcome> runAnalysis(casefile::CaseFile &file, const RunRequest &request,
                                             Feedback &feedback = nullFeedback());

// Runs stored run `runId` again from its stored parameters (stored as a new run) and lists
// every difference between the two: inputs, versions, and each finding field by field.
[[nodiscard]] Result<RerunOutcome> rerunAnalysis(casefile::CaseFile &file, qint64 runId, int threads = 0,
                                                 Feedback &feedback = nullFeedback());

// What differs between two stored runs' inputs, versions and findings (ids and times aside).
QStringList compareRuns(const RunOutcome &a, const RunOutcome &b);

// A stored run and its findings.
[[nodiscard]] Result<RunOutcome> loadRun(casefile::Database &db, qint64 runId);

} // namespace lineage::forensics
