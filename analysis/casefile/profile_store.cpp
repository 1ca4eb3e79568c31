// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/profile_store.h"

#include "casefile/case_file.h"

#include <QDateTime>
#include <QJsonDocument>

namespace lineage::casefile {

namespace {

MappingProfileRow readRow(const Statement &s)
{
    MappingProfileRow r;
    r.id = s.int64(0);
    r.name = s.text(1);
    r.kind = s.text(2);
    r.definition = QJsonDocument::fromJson(s.text(3).toUtf8()).object();
    r.createdUtc = s.int64(4);
    return r;
}

} // namespace

Status ProfileStore::save(CaseFile &file, const QString &name, const QString &kind, const QJsonObject &definition)
{
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A mapping profile needs a name."));
    const QString json = QString::fromUtf8(QJsonDocument(definition).toJson(QJsonDocument::Compact));
    return file.auditedChange(QStringLiteral("profile.save"), QStringLiteral("profile:%1").arg(name),
                              QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), kind},
                                          {QStringLiteral("definition"), definition}},
                              [&]() -> Result<QJsonObject> {
        auto stmt = Statement::prepare(file.db(),
            "INSERT INTO mapping_profiles (name, kind, definition, created_utc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, definition = excluded.definition, "
            "created_utc = excluded.created_utc");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, name).bind(2, kind).bind(3, json).bind(4, QDateTime::currentMSecsSinceEpoch());
        if (auto s = stmt->run(); !s)
            return s.error();
        return QJsonObject{};
    });
}

Result<std::optional<MappingProfileRow>> ProfileStore::find(Database &db, const QString &name)
{
    auto stmt = Statement::prepare(db, "SELECT id, name, kind, definition, created_utc FROM mapping_profiles WHERE name = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, name);
    return stmt->maybeOne<MappingProfileRow>(readRow);
}

Result<QList<MappingProfileRow>> ProfileStore::list(Database &db)
{
    auto stmt = Statement::prepare(db, "SELECT id, name, kind, definition, created_utc FROM mapping_profiles ORDER BY name");
    if (!stmt)
        return stmt.error();
    return stmt->collect<MappingProfileRow>(readRow);
}

} // namespace lineage::casefile
