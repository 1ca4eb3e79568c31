// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace lineage::casefile {

// One imported file, as the sources table keeps it.
struct SourceRow
{
    qint64 id = 0;
    QString kind;            // "query-log", "transcript", "document"
    QString format;
    QString originalName;
    QString originalPath;
    QString sha256;
    qint64 size = 0;         // original bytes
    qint64 contentSize = 0;  // decompressed bytes
    QString compression;     // "", "gzip", "zstd"
    qint64 importedUtc = 0;
    int importedOffset = 0;
    QString importer;
    QString importerVersion;
    QString declaredTz;
    QString profile;
    QString parameters = QStringLiteral("{}");
    QString status = QStringLiteral("complete");
    qint64 recordCount = 0;
    qint64 diagnosticCount = 0;
    bool indexed = false;
};

// The sources table. Stateless; every call runs on the given connection (and thread) inside
// the caller's transaction where it writes. Errors are returned.
class SourceStore
{
public:
    // Inserts a source whose hash is not known yet (a placeholder, resolved by finish()).
    // The caller's transaction must defer foreign keys (BulkWrite::deferForeignKeys()).
    [[nodiscard]] static Result<qint64> insertPending(Database &db, const SourceRow &row);
    [[nodiscard]] static Status finish(Database &db, const SourceRow &row);

    [[nodiscard]] static Result<std::optional<SourceRow>> findBySha256(Database &db, const QString &sha256);
    [[nodiscard]] static Result<bool> existsWithSize(Database &db, qint64 size);
    [[nodiscard]] static Result<SourceRow> get(Database &db, qint64 id);
    [[nodiscard]] static Result<QList<SourceRow>> list(Database &db);
    [[nodiscard]] static Result<QList<qint64>> unindexed(Database &db);
    [[nodiscard]] static Status setIndexed(Database &db, qint64 id);
};

} // namespace lineage::casefile
