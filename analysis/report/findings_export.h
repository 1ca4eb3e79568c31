// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace lineage::casefile {
class CaseFile;
}

namespace lineage::report {

struct ExportedFile
{
    QString path;
    qint64 bytes = 0;
    QString sha256;
};

struct FindingsExportSummary
{
    qint64 findings = 0;
    qint64 detections = 0; // PAN: shared passages written
    QList<ExportedFile> files;
};

// Findings of a case leave it for other tools. Each export is one audit entry
// ("findings.export") naming the format, the run, every file written and its SHA-256; the
// files are renamed into place inside that change, so a file appears with its entry or not
// at all. A read-only case cannot be exported (the entry could not be written).
class FindingsExport
{
public:
    // One JSON document: {"format": "lineage-findings", "version": 1, "case": {...}, "runs": [...],
    // "findings": [{id, run_id, seq, kind, strength, subject, score, statistic, p_value,
    // explanation, payload, refs: [{item_kind, item_id, relation}], spans: [{item_kind,
    // item_id, field, start, length, relation, passage}]}]}; span offsets in UTF-16 units of the
    // item's field, as the case stores them. Every run, or the run `runId`.
    [[nodiscard]] static Result<FindingsExportSummary> toJson(casefile::CaseFile &file, std::optional<qint64> runId,
                                                              const QString &path, Feedback &feedback = nullFeedback());
    // The shared passages of the findings (spans paired by passage: "suspect" with "source")
    // in the PAN text-alignment format, one file per suspicious text in `directory`:
    // <document reference="turn-17-answer.txt"><feature name="detected-plagiarism"
    // this_offset=".." this_length=".." source_reference="record-5-completion.txt"
    // source_offset=".." source_length=".."/></document>, offsets and lengths in code points.
    // A file is named after its reference (turn-17-answer.xml).
    [[nodiscard]] static Result<FindingsExportSummary> toPan(casefile::CaseFile &file, std::optional<qint64> runId,
                                                             const QString &directory,
                                                             Feedback &feedback = nullFeedback());
    // "turn-17-answer.txt": the PAN reference of an item's text field.
    static QString panReference(const QString &kind, qint64 id, const QString &field);
    // The JSON of a finding as toJson() writes it.
    static QJsonObject findingJson(const casefile::FindingRow &finding);
};

} // namespace lineage::report
