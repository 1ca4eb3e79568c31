// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ingest/record_sink.h"

#include <QList>
#include <QPair>

namespace lineage::ingest {

// Collects what a parser delivers, for tests that check parsers without a case.
class CollectSink final : public RecordSink
{
public:
    QList<QueryRecord> records;
    QList<TranscriptInfo> transcripts;
    QList<QPair<qint64, Turn>> turns; // transcript index (0-based), turn
    QList<DocumentInfo> documents;
    QList<QPair<qint64, Page>> pages;
    QList<Diagnostic> diagnostics;
    bool strict = false;

    Status queryRecord(const QueryRecord &record) override
    {
        records.append(record);
        return {};
    }
    Result<qint64> transcript(const TranscriptInfo &info) override
    {
        transcripts.append(info);
        return qint64(transcripts.size() - 1);
    }
    Status turn(qint64 transcriptId, const Turn &turn) override
    {
        turns.append({ transcriptId, turn });
        return {};
    }
    Result<qint64> document(const DocumentInfo &info) override
    {
        documents.append(info);
        return qint64(documents.size() - 1);
    }
    Status page(qint64 documentId, const Page &page) override
    {
        pages.append({ documentId, page });
        return {};
    }
    Status diagnostic(const Diagnostic &diagnostic) override
    {
        diagnostics.append(diagnostic);
        if (strict && !diagnostic.warning)
            return makeError(ErrorCode::InvalidInput, diagnostic.reason);
        return {};
    }
};

} // namespace lineage::ingest
