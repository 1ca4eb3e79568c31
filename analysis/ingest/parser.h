// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "ingest/import_options.h"
#include "ingest/input_stream.h"
#include "ingest/record_sink.h"
#include "ingest/records.h"

#include <QByteArrayView>
#include <QString>

namespace lineage::ingest {

// One input format (a query-log layout, a transcript layout, PDF, ...). Parsers are
// stateless and const: the registry holds one instance that any thread may use, and a
// parse keeps its state on the stack. A parser reads the decompressed content from the
// InputStream (front to back, directly or through a LineReader; formats that need the whole
// file call InputStream::readAll()), delivers values to the RecordSink in source order,
// turns each bad record into a Diagnostic (and goes on unless the sink returns an error),
// and returns an error only when the input as a whole cannot be read (a broken PDF, an
// encrypted one). The pipeline polls cancel on every block read; a parser that computes
// long without reading polls feedback.isCanceled() itself.
class Parser
{
public:
    virtual ~Parser() = default;

    virtual QString format() const = 0;      // registry key, e.g. "openai-batch-input"
    virtual QString description() const = 0; // one line for lists and the import wizard
    virtual SourceKind kind() const = 0;
    // How sure the parser is that `head` (the first bytes of the decompressed content, up to
    // kSniffBytes) is its format: 0 = no, 100 = certain. `fileName` is a hint only.
    virtual int sniff(QByteArrayView head, const QString &fileName) const = 0;
    // True when the format cannot be read without a mapping profile (generic JSONL/CSV).
    virtual bool needsProfile() const { return false; }

    [[nodiscard]] virtual Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options,
                                       Feedback &feedback) const = 0;

    static constexpr qint64 kSniffBytes = 64 * 1024;
};

// Small helpers parsers share.
namespace parsing {
// A diagnostic for a line: location and raw bytes truncated to kRawKeep.
Diagnostic lineDiagnostic(qint64 line, qint64 column, qint64 offset, const QString &reason, QByteArrayView raw,
                          bool warning = false);
constexpr qint64 kRawKeep = 1024;
// True when `bytes` is valid UTF-8 (simdjson's validator).
bool isValidUtf8(QByteArrayView bytes);
} // namespace parsing

} // namespace lineage::ingest
