// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QJsonObject>
#include <QString>

namespace lineage::report {

// The CASE/UCO interchange of a case: its sources with their SHA-256, the imports and
// analysis runs as investigative actions, the findings as annotations and the chain of
// custody as provenance records, in JSON-LD after the CASE 1.x / UCO 1.x ontologies
// (https://ontology.caseontology.org/case/, https://ontology.unifiedcyberontology.org/uco/).
// The document is one uco-core:Bundle holding a case-investigation:Investigation:
//   uco-identity:Person          the investigators named in the audit trail
//   uco-tool:AnalyticTool        Lineage (with its version) and each importer
//   uco-observable:File          one per source: FileFacet (name, path, size) and
//                                ContentDataFacet (size, uco-types:Hash SHA256 as xsd:hexBinary)
//   case-investigation:InvestigativeAction   one per import (object: the file, result: its
//                                provenance record), one per complete analysis run (object:
//                                its input files, result: its findings), one for this export
//   case-investigation:ProvenanceRecord      one per source (exhibit number CASE-S<id>)
//   uco-core:Annotation          one per finding (statement, strength, score), objects: the
//                                files the run read
// Node ids are name-based UUIDs (version 5) from the case and the item, so the same case
// gives the same ids every time.
inline const QString kUcoSpecVersion = QStringLiteral("CASE 1.3.0");

struct UcoOptions
{
    qint64 generatedUtc = 0; // ms, the export action's time; 0: now
};

struct UcoExport
{
    QString path;
    QString sha256;
    qint64 size = 0;
    int nodes = 0; // top-level nodes of the bundle
    int files = 0;
    int actions = 0;
    int annotations = 0;
};

// The JSON-LD document of the case open in `file` (reads only). Polls `feedback` between
// runs. Errors are returned; cancel is ErrorCode::Canceled.
[[nodiscard]] Result<QJsonObject> buildUcoDocument(casefile::CaseFile &file, const UcoOptions &options,
                                                   Feedback &feedback = nullFeedback());

// Writes buildUcoDocument() to `path` (whole or not at all), and, when the case is open for
// writing, records the export in its audit trail ("case.export-uco"): what
// `lineage-cli export-uco` and File > Export CASE/UCO... do.
[[nodiscard]] Result<UcoExport> exportUco(casefile::CaseFile &file, const QString &path, const UcoOptions &options,
                                          Feedback &feedback = nullFeedback());

} // namespace lineage::report
