// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/source_store.h"

#include <QUuid>

namespace lineage::casefile {

namespace {

constexpr const char *kColumns =
    "id, kind, format, original_name, original_path, sha256, size, content_size, compression, imported_utc, "
    "imported_offset, importer, importer_version, declared_tz, profile, parameters, status, record_count, "
    "diagnostic_count, indexed";

SourceRow readRow(const Statement &s)
{
    SourceRow r;
    r.id = s.int64(0);
    r.kind = s.text(1);
    r.format = s.text(2);
    r.originalName = s.text(3);
    r.originalPath = s.text(4);
    r.sha256 = s.text(5);
    r.size = s.int64(6);
    r.contentSize = s.int64(7);
    r.compression = s.text(8);
    r.importedUtc = s.int64(9);
    r.importedOffset = int(s.int64(10));
    r.importer = s.text(11);
    r.importerVersion = s.text(12);
    r.declaredTz = s.text(13);
    r.profile = s.text(14);
    r.parameters = s.text(15);
    r.status = s.text(16);
    r.recordCount = s.int64(17);
    r.diagnosticCount = s.int64(18);
    r.indexed = s.int64(19) != 0;
    return r;
}

QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

Result<QList<SourceRow>> select(Database &db, const QByteArray &where, const std::function<void(Statement &)> &bind)
{
    const QByteArray sql = QByteArray("SELECT ") + kColumns + " FROM sources " + where;
    auto stmt = Statement::prepare(db, sql.constData());
    if (!stmt)
        return stmt.error();
    if (bind)
        bind(*stmt);
    return stmt->collect<SourceRow>(readRow);
}

} // namespace

Result<qint64> SourceStore::insertPending(Database &db, const SourceRow &row)
{
    auto stmt = Statement::prepare(db,
        "INSERT INTO sources (kind, format, original_name, original_path, sha256, size, content_size, compression, "
        "imported_utc, imported_offset, importer, importer_version, declared_tz, profile, parameters, status) "
        "VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, 'partial')");
    if (!stmt)
        return stmt.error();
    const QString placeholder = QStringLiteral("pending:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    stmt->bind(1, row.kind).bind(2, row.format).bind(3, row.originalName).bind(4, text(row.originalPath))
        .bind(5, placeholder).bind(6, text(row.compression)).bind(7, row.importedUtc).bind(8, row.importedOffset)
        .bind(9, row.importer).bind(10, row.importerVersion).bind(11, text(row.declaredTz)).bind(12, text(row.profile))
        .bind(13, row.parameters.isEmpty() ? QStringLiteral("{}") : row.parameters);
    if (auto s = stmt->run(); !s)
        return s.error();
    return db.lastInsertRowId();
}

Status SourceStore::finish(Database &db, const SourceRow &row)
{
    auto stmt = Statement::prepare(db,
        "UPDATE sources SET sha256 = ?, size = ?, content_size = ?, format = ?, compression = ?, record_count = ?, "
        "diagnostic_count = ?, indexed = ?, status = ? WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, row.sha256).bind(2, row.size).bind(3, row.contentSize).bind(4, row.format)
        .bind(5, text(row.compression)).bind(6, row.recordCount).bind(7, row.diagnosticCount)
        .bind(8, qint64(row.indexed ? 1 : 0)).bind(9, row.status).bind(10, row.id);
    return stmt->run();
}

Result<std::optional<SourceRow>> SourceStore::findBySha256(Database &db, const QString &sha256)
{
    auto rows = select(db, "WHERE sha256 = ?", [&](Statement &s) { s.bind(1, sha256); });
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<SourceRow>();
    return std::optional<SourceRow>(rows->first());
}

Result<bool> SourceStore::existsWithSize(Database &db, qint64 size)
{
    auto stmt = Statement::prepare(db, "SELECT 1 FROM sources WHERE size = ? LIMIT 1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, size);
    return stmt->step();
}

Result<SourceRow> SourceStore::get(Database &db, qint64 id)
{
    auto rows = select(db, "WHERE id = ?", [&](Statement &s) { s.bind(1, id); });
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no source %1.").arg(id));
    return rows->first();
}

Result<QList<SourceRow>> SourceStore::list(Database &db)
{
    return select(db, "ORDER BY id", {});
}

Result<QList<qint64>> SourceStore::unindexed(Database &db)
{
    auto stmt = Statement::prepare(db, "SELECT id FROM sources WHERE indexed = 0 ORDER BY id");
    if (!stmt)
        return stmt.error();
    return stmt->collect<qint64>([](const Statement &s) { return s.int64(0); });
}

Status SourceStore::setIndexed(Database &db, qint64 id)
{
    auto stmt = Statement::prepare(db, "UPDATE sources SET indexed = 1 WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->run();
}

} // namespace lineage::casefile
