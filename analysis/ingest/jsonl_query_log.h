// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internals of the query-log parsers: the line loop every JSONL query-log format shares.

#include "ingest/chat_json.h"
#include "ingest/line_reader.h"
#include "ingest/mapping_profile.h"
#include "ingest/parser.h"
#include "ingest/time_parser.h"

#include <memory>

namespace lineage::ingest {

// State of one parse: the time parser (with the declared zone) and, for generic formats,
// the mapping profile.
struct QueryLogState
{
    std::unique_ptr<TimeParser> times;
    MappingProfile profile;
};

// Reads JSONL front to back, one JSON object per line, with simdjson's DOM parser straight
// from the LineReader's padded buffer (no copy; see chat_json.h for why DOM). Blank lines are skipped; over-long lines, invalid
// UTF-8, invalid or truncated JSON and records the subclass refuses become diagnostics.
class JsonlQueryLogParser : public Parser
{
public:
    SourceKind kind() const override { return SourceKind::QueryLog; }
    Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &feedback) const override;

protected:
    // Sets up the state; an error stops the import before any record (a bad zone or profile).
    virtual Status prepare(const ImportOptions &options, QueryLogState &state) const;
    // Reads one line's document into `record`. A JSON error is returned; a record that is
    // valid JSON but unusable sets `problem` (missing field, bad time) instead.
    virtual simdjson::error_code read(chatjson::Element root, QueryRecord &record, QueryLogState &state,
                                      QString &problem) const = 0;

    // The first non-blank line of a sniffed head (may be cut at the head's end).
    static QByteArrayView firstLine(QByteArrayView head);
};

} // namespace lineage::ingest
