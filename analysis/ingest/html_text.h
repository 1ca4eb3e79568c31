// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internals of the "html-document" parser. Not part of the module's public interface.

#include "core/result.h"
#include "ingest/input_stream.h"
#include "ingest/record_sink.h"
#include "ingest/records.h"

namespace lineage::ingest::html {

// Reads an HTML document as it streams, with libxml2's HTML parser (its SAX interface: no
// tree is built) behind an HtmlNestingGuard, and delivers its text to `sink` as one document
// (its <title> as title, else info.title) of pages of bounded size (see PageWriter): block
// elements and <br> start lines, table cells are separated by tabs, white space collapses as
// a browser shows it (kept in <pre>), a no-break space becomes a space; head, script, style,
// template and noscript hold no text. The content is read as UTF-8: invalid bytes become
// U+FFFD with one warning. Time is linear in the input and memory bounded whatever its
// shape (nesting, unclosed elements, endless comments). Errors of the stream or the sink
// are returned; what the guard left out is reported as diagnostics.
[[nodiscard]] Status parseHtmlDocument(InputStream &input, RecordSink &sink, const DocumentInfo &info);

} // namespace lineage::ingest::html
