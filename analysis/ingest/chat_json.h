// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internals of the query-log parsers: reading OpenAI-style chat requests and responses out
// of simdjson DOM elements into a QueryRecord.
//
// Why the DOM API and not On Demand: Debian's simdjson selects its SIMD kernel at run time
// (AVX-512/AVX2) for the DOM parser, while On Demand is compiled inline into the caller and,
// without -march flags, falls back to the generic scalar kernel. The DOM parser also
// validates the whole line (UTF-8, structure), so a truncated object is always refused.

#include "ingest/records.h"
#include "ingest/time_parser.h"

#include <QString>

#include <simdjson.h>

namespace lineage::ingest::chatjson {

using Element = simdjson::dom::element;

inline QString qstr(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

// Text of any value: strings as they are, content-part arrays joined, other values as JSON.
QString textOf(Element value);
simdjson::error_code numberOf(Element value, std::optional<double> &out);
simdjson::error_code integerOf(Element value, std::optional<qint64> &out);
// A time: ISO 8601 string, epoch number, or digit string. False when present but unreadable.
bool timeOf(Element value, TimeParser &times, QueryRecord &record);

// A chat-completion (or legacy completion) request body. A nested "body" object is read too.
simdjson::error_code readRequest(Element value, QueryRecord &record);
// A chat-completion response body (choices, usage, model, created); a wrapper with
// "status_code" and "body" (Batch output) is read too.
simdjson::error_code readResponse(Element value, QueryRecord &record);
// A messages array: system/developer messages to systemPrompt, user messages to prompt.
simdjson::error_code readMessages(Element value, QueryRecord &record);
// A choices array: the first choice to completion, the others to extraCompletions.
simdjson::error_code readChoices(Element value, QueryRecord &record);

QString errorText(simdjson::error_code error);
// 1-based byte column where `json` (padded) stops being valid JSON, 0 when unknown. Slow;
// for diagnostics only.
qint64 errorColumn(const char *json, size_t length, size_t capacity);

} // namespace lineage::ingest::chatjson
