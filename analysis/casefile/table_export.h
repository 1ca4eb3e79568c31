// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/table_spec.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QString>

namespace lineage::casefile {

class CaseFile;

enum class ExportFormat { Csv, JsonLines };

struct TableExportOptions
{
    ExportFormat format = ExportFormat::Csv;
    QString path;
    bool byteOrderMark = false; // CSV: a UTF-8 BOM first, for spreadsheet programs
};

struct TableExportSummary
{
    qint64 rows = 0;
    qint64 bytes = 0;
    QString sha256; // of the file as written
};

// Writes a table with its filter and order to a file: CSV (RFC 4180: comma-separated, fields
// with a comma, quote or line break quoted with doubled quotes, CRLF line ends, a header row
// of column keys, UTF-8) or JSON Lines (one object per row, column keys as names, numbers as
// numbers, NULL as null). Times are ISO 8601 UTC with milliseconds. Streamed: one row in
// memory at a time. The file appears complete or not at all (written beside it, renamed at
// the end). Then an audit entry "table.export" records the table, query, format, path, row
// count and the file's SHA-256. Polls `feedback` for cancel (nothing is left behind).
class TableExport
{
public:
    [[nodiscard]] static Result<TableExportSummary> run(CaseFile &file, const TableSpec &spec, const TableQuery &query,
                                                        const TableExportOptions &options,
                                                        Feedback &feedback = nullFeedback());
    // One CSV field as written (quoted when it has to be).
    static QByteArray csvField(const QString &text);
};

} // namespace lineage::casefile
