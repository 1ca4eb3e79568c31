// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace lineage::casefile {

class CaseFile;

// A saved field mapping for generic JSONL/CSV query logs (see ingest/mapping_profile.h for
// what the definition holds).
struct MappingProfileRow
{
    qint64 id = 0;
    QString name;
    QString kind;            // "query-log"
    QJsonObject definition;
    qint64 createdUtc = 0;
};

// The mapping_profiles table. save() is audited ("profile.save") and replaces a profile of
// the same name; reads are plain. Errors are returned.
class ProfileStore
{
public:
    [[nodiscard]] static Status save(CaseFile &file, const QString &name, const QString &kind, const QJsonObject &definition);
    [[nodiscard]] static Result<std::optional<MappingProfileRow>> find(Database &db, const QString &name);
    [[nodiscard]] static Result<QList<MappingProfileRow>> list(Database &db);
};

} // namespace lineage::casefile
