// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/diagnostic_store.h"

namespace lineage::casefile {

Status DiagnosticWriter::insert(const DiagnosticRow &row)
{
    if (!m_insert.handle()) {
        auto stmt = Statement::prepare(m_db,
            "INSERT INTO import_diagnostics (source_id, line, col, byte_offset, severity, reason, raw) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!stmt)
            return stmt.error();
        m_insert = std::move(*stmt);
    }
    m_insert.bind(1, m_sourceId).bind(2, row.line).bind(3, row.column).bind(4, row.byteOffset).bind(5, row.severity)
        .bind(6, row.reason).bind(7, row.raw);
    return m_insert.run();
}

Result<QList<DiagnosticRow>> DiagnosticStore::fetch(Database &db, qint64 sourceId, qint64 afterId, int limit)
{
    auto stmt = Statement::prepare(db,
        "SELECT id, source_id, line, col, byte_offset, severity, reason, raw FROM import_diagnostics "
        "WHERE source_id = ? AND id > ? ORDER BY id LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, sourceId).bind(2, afterId).bind(3, qint64(limit));
    return stmt->collect<DiagnosticRow>([](const Statement &s) {
        DiagnosticRow d;
        d.id = s.int64(0);
        d.sourceId = s.int64(1);
        d.line = s.optInt64(2);
        d.column = s.optInt64(3);
        d.byteOffset = s.optInt64(4);
        d.severity = s.text(5);
        d.reason = s.text(6);
        d.raw = s.blob(7);
        return d;
    });
}

} // namespace lineage::casefile
