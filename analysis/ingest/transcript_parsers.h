// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace lineage::ingest {

class FormatRegistry;

// The transcript formats (one Parser each, format names in parentheses):
// - AlpacaEval JSON arrays of {instruction, output, generator} ("alpaca-eval-json"): one
//   transcript per generator, unless the analyst gives a model label, which then wins;
// - OpenAI chat `messages` JSONL, one conversation per line ("openai-messages-jsonl");
// - ShareGPT JSON arrays and JSONL of {conversations: [{from, value}]} ("sharegpt-json",
//   "sharegpt-jsonl");
// - prompt/response JSONL with the key pairs prompt/response, prompt/completion,
//   instruction/output (plus optional input), question/answer ("prompt-response-jsonl");
// - plain text or Markdown with speaker markers ("speaker-text", see transcript_text.cpp
//   for the accepted markers).
// JSON arrays are streamed element by element (memory bounded by the largest element);
// JSONL line by line. Every turn keeps its line and byte offset (the element's or the
// line's) and its text verbatim. A record that cannot be read becomes a diagnostic.
void registerTranscriptParsers(FormatRegistry &registry);

// The format names registered above.
QStringList transcriptFormats();

} // namespace lineage::ingest
