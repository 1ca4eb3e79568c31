// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "ingest/records.h"

namespace lineage::ingest {

// Where a parser delivers what it reads. The import pipeline implements it by writing into
// the case inside the source's transaction; tests implement it by collecting values.
// A parser calls these on its own (worker) thread, in source order. A failing call stops
// the parse and the whole source is rolled back.
class RecordSink
{
public:
    virtual ~RecordSink() = default;

    [[nodiscard]] virtual Status queryRecord(const QueryRecord &record) = 0;
    // Starts a transcript; turns that follow belong to the returned id.
    [[nodiscard]] virtual Result<qint64> transcript(const TranscriptInfo &info) = 0;
    [[nodiscard]] virtual Status turn(qint64 transcriptId, const Turn &turn) = 0;
    [[nodiscard]] virtual Result<qint64> document(const DocumentInfo &info) = 0;
    [[nodiscard]] virtual Status page(qint64 documentId, const Page &page) = 0;
    // A bad record. Under --strict the sink returns an error and the import stops.
    [[nodiscard]] virtual Status diagnostic(const Diagnostic &diagnostic) = 0;
};

} // namespace lineage::ingest
