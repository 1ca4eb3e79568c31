// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/diagnostic_store.h"
#include "casefile/document_store.h"
#include "casefile/query_record_store.h"
#include "casefile/search_index.h"
#include "casefile/transcript_store.h"
#include "ingest/import_options.h"
#include "ingest/record_sink.h"

#include <QHash>
#include <QList>
#include <QString>

namespace lineage::ingest {

// A query record converted for storage (UTF-8, and the full-text index's form of its texts),
// so that the conversion can run on the parser's thread.
struct PreparedRecord
{
    casefile::QueryRecordText text;
    JoinSide joinSide = JoinSide::None;
    QString customId;
    QByteArray requestIndex;   // empty when not indexing
    QByteArray responseIndex;
};

PreparedRecord prepareRecord(const QueryRecord &record, bool withIndex);

// A diagnostic's reason without what varies between records of one kind: text in single or
// double quotes becomes "…" and runs of digits become "N" ("time 'x' is not a date" and
// "time 'y' is not a date" are one kind).
QString diagnosticKind(const QString &reason);

// The RecordSink of an import: writes what a parser delivers into the case, inside the
// source's transaction (owned by importFile), joins Batch halves, adds text to the
// full-text index when asked, stores diagnostics and counts everything. Under --strict the
// first diagnostic is returned as an error. Used on the import's thread only.
//
// Diagnostics are capped: the first kMaxStoredDiagnostics of a source are stored with their
// raw bytes; later ones are counted by kind (the reason with its quoted values and numbers
// left out, see diagnosticKind()) and finish() stores one row per kind saying how many were
// not stored, where the first of them was, and the kind. The import goes on either way.
class CaseSink final : public RecordSink
{
public:
    CaseSink(casefile::Database &db, qint64 sourceId, const QString &fileName, const ImportOptions &options);

    [[nodiscard]] Status prepare();

    Status queryRecord(const QueryRecord &record) override;
    // `record` must stay alive and unchanged until the next flush().
    [[nodiscard]] Status storeRecord(const PreparedRecord &record);
    // Writes what is still batched; call before reading the records back.
    [[nodiscard]] Status flush();
    // Writes what is still batched, the records' activity summaries and the counts of the
    // diagnostics that were not stored; call once, before committing.
    [[nodiscard]] Status finish();
    // See casefile::QueryRecordWriter::checkReferences().
    [[nodiscard]] Status checkReferences();
    Result<qint64> transcript(const TranscriptInfo &info) override;
    Status turn(qint64 transcriptId, const Turn &turn) override;
    Result<qint64> document(const DocumentInfo &info) override;
    Status page(qint64 documentId, const Page &page) override;
    Status diagnostic(const Diagnostic &diagnostic) override;

    qint64 records() const { return m_records; }
    qint64 transcripts() const { return m_transcripts; }
    qint64 documents() const { return m_documents; }
    static constexpr qint64 kMaxStoredDiagnostics = 10000;
    static constexpr int kMaxCountedKinds = 1000;  // later kinds are counted together

    qint64 diagnostics() const { return m_diagnostics; }  // all, stored or counted
    qint64 diagnosticsStored() const { return m_diagnosticsStored; }  // rows, with the count rows
    qint64 warnings() const { return m_warnings; }
    qint64 joined() const { return m_joined; }

private:
    struct UnstoredKind
    {
        QString kind;
        bool warning = false;
        qint64 count = 0;
        qint64 firstLine = 0;
        qint64 firstOffset = -1;
    };

    Status storeDiagnostic(const Diagnostic &diagnostic);
    Status storeUnstoredCounts();
    void countUnstored(const Diagnostic &diagnostic);
    Status indexRecord(qint64 id, const PreparedRecord &record, bool request, bool response);

    casefile::Database &m_db;
    qint64 m_sourceId;
    QString m_fileName;
    const ImportOptions &m_options;
    casefile::QueryRecordWriter m_queryRecords;
    casefile::DiagnosticWriter m_diagnosticWriter;
    casefile::TranscriptStore m_transcriptStore;
    casefile::DocumentStore m_documentStore;
    casefile::SearchIndexWriter m_index;
    qint64 m_records = 0;
    qint64 m_transcripts = 0;
    qint64 m_documents = 0;
    qint64 m_diagnostics = 0;
    qint64 m_diagnosticsStored = 0;
    QList<UnstoredKind> m_unstored;          // in order of first appearance
    QHash<QString, qsizetype> m_unstoredIndex;  // severity + kind -> m_unstored
    qint64 m_warnings = 0;
    qint64 m_joined = 0;
};

} // namespace lineage::ingest
