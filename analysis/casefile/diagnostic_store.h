// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace lineage::casefile {

// A stored import diagnostic: a refused (error) or doubtful (warning) record of a source.
struct DiagnosticRow
{
    qint64 id = 0;
    qint64 sourceId = 0;
    std::optional<qint64> line;
    std::optional<qint64> column;
    std::optional<qint64> byteOffset;
    QString severity;   // "error" or "warning"
    QString reason;
    QByteArray raw;     // truncated
};

// The import_diagnostics table. The writer prepares its insert once and is used inside the
// source's import transaction; reads page by id. Errors are returned.
class DiagnosticWriter
{
public:
    DiagnosticWriter(Database &db, qint64 sourceId) : m_db(db), m_sourceId(sourceId) {}
    [[nodiscard]] Status insert(const DiagnosticRow &row);

private:
    Database &m_db;
    qint64 m_sourceId;
    Statement m_insert;
};

class DiagnosticStore
{
public:
    [[nodiscard]] static Result<QList<DiagnosticRow>> fetch(Database &db, qint64 sourceId, qint64 afterId = 0, int limit = 1000);
};

} // namespace lineage::casefile
