// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "core/feedback.h"
#include "core/result.h"
#include "ingest/format_registry.h"
#include "ingest/import_options.h"
#include "ingest/records.h"

#include <QList>
#include <QString>

namespace lineage::ingest {

struct ImportSummary
{
    qint64 sourceId = 0;
    QString fileName;
    QString sha256;
    QString format;
    QString compression;       // "", "gzip", "zstd"
    qint64 records = 0;        // query records, turns or pages stored
    qint64 transcripts = 0;
    qint64 documents = 0;
    qint64 diagnostics = 0;    // errors and warnings found
    qint64 diagnosticsStored = 0;  // rows stored: the first 10,000 and one count per further kind
    qint64 warnings = 0;       // of which warnings (record kept)
    qint64 joined = 0;         // Batch records joined with their counterpart
    qint64 bytes = 0;          // original (file) bytes
    qint64 contentBytes = 0;   // decompressed bytes
    double seconds = 0;
    bool indexed = false;
};

// What the wizard shows before an import: the sniffed formats and the first records.
struct ImportPreview
{
    QString compression;
    QList<FormatRegistry::Match> formats;   // best first
    QString chosenFormat;
    QList<QueryRecord> records;
    QList<Turn> turns;
    QList<Page> pages;
    QList<Diagnostic> diagnostics;
};

// Imports one file into the case as one source, in one transaction together with its audit
// entry ("source.import"): the original is hashed and stored while it is parsed, and an
// error, a cancel or a killed process leaves the case as it was. A file whose bytes are
// already in the case is refused (ErrorCode::Duplicate) naming the earlier source. Runs on
// the caller's thread on the case's main connection; reports progress (bytes, records)
// and polls cancel through `feedback`. Bad records become stored diagnostics unless
// options.strict, where the first one fails the import.
[[nodiscard]] Result<ImportSummary> importFile(casefile::CaseFile &file, const QString &path,
                                               const ImportOptions &options, Feedback &feedback = nullFeedback(),
                                               const FormatRegistry &registry = FormatRegistry::builtin());

// What kind of evidence a file holds, guessed from its content the way an import without a
// format sniffs it, over every kind: the best-matching format's kind (a timed JSON line that
// only the generic prompt/response layout claims counts as a log). `format` is empty when
// no format reads the file (the kind is then meaningless); `alternatives` counts the other
// kinds some format also claims.
struct KindGuess
{
    SourceKind kind = SourceKind::QueryLog;
    QString format;
    QString description;
    int confidence = 0;
    int alternatives = 0;
};
[[nodiscard]] Result<KindGuess> guessKind(const QString &path,
                                          const FormatRegistry &registry = FormatRegistry::builtin());

// Sniffs and parses the first `maxItems` records of `path` without touching any case.
// `profileDefinition` in options is used as given (the wizard edits it live).
[[nodiscard]] Result<ImportPreview> previewFile(const QString &path, const ImportOptions &options, int maxItems = 20,
                                                const FormatRegistry &registry = FormatRegistry::builtin());

// Adds every source not yet in the full-text index (imported with buildIndex off) to it,
// one transaction per source with an audit entry ("search.index"). Returns the source ids
// indexed. Cancel stops between or inside sources; what was committed stays.
[[nodiscard]] Result<QList<qint64>> buildSearchIndex(casefile::CaseFile &file, Feedback &feedback = nullFeedback());

} // namespace lineage::ingest
