// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/saved_search_store.h"

#include "casefile/case_file.h"

#include <QDateTime>
#include <QJsonObject>

namespace lineage::casefile {

namespace {

SavedSearch readRow(const Statement &s)
{
    return SavedSearch { s.int64(0), s.text(1), s.text(2), s.text(3), s.int64(4) };
}

Status checkKind(const QString &kind)
{
    if (kind != QLatin1String("text") && kind != QLatin1String("table"))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("A saved search is of kind 'text' or 'table', not '%1'.").arg(kind));
    return {};
}

Status insert(Database &db, const SavedSearch &s)
{
    auto stmt = Statement::prepare(db,
                                   "INSERT INTO saved_searches (id, name, kind, definition, created_utc) "
                                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, "
                                   "definition = excluded.definition");
    if (!stmt)
        return stmt.error();
    if (s.id > 0)
        stmt->bind(1, s.id);
    else
        stmt->bindNull(1);
    stmt->bind(2, s.name).bind(3, s.kind).bind(4, s.definition).bind(5, s.createdUtc);
    return stmt->run();
}

} // namespace

Result<SavedSearch> SavedSearchStore::save(CaseFile &file, const QString &name, const QString &kind,
                                           const QString &definition)
{
    const QString n = name.trimmed();
    if (n.isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("Give the saved search a name."));
    if (auto s = checkKind(kind); !s)
        return s.error();
    if (definition.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("There is no search to save under '%1'.").arg(n));
    SavedSearch out;
    auto status = file.auditedChange(
        QStringLiteral("search.save"), QStringLiteral("search:%1").arg(n),
        { { QStringLiteral("name"), n },
          { QStringLiteral("kind"), kind },
          { QStringLiteral("definition"), definition } },
        [&]() -> Result<QJsonObject> {
            auto before = find(file.db(), n);
            if (!before)
                return before.error();
            SavedSearch s { 0, n, kind, definition, QDateTime::currentMSecsSinceEpoch() };
            if (auto st = insert(file.db(), s); !st)
                return st.error();
            auto after = find(file.db(), n);
            if (!after)
                return after.error();
            if (!*after)
                return makeError(ErrorCode::Internal, QStringLiteral("The saved search '%1' was not kept.").arg(n));
            out = **after;
            QJsonObject result { { QStringLiteral("id"), out.id } };
            if (*before)
                result.insert(QStringLiteral("replaced"), (*before)->definition);
            return result;
        });
    if (!status)
        return status.error();
    return out;
}

Status SavedSearchStore::restore(CaseFile &file, const SavedSearch &search)
{
    if (auto s = checkKind(search.kind); !s)
        return s;
    return file.auditedChange(QStringLiteral("search.save"), QStringLiteral("search:%1").arg(search.name),
                              { { QStringLiteral("name"), search.name },
                                { QStringLiteral("kind"), search.kind },
                                { QStringLiteral("definition"), search.definition },
                                { QStringLiteral("restored_id"), search.id } },
                              [&]() -> Result<QJsonObject> {
                                  if (auto s = insert(file.db(), search); !s)
                                      return s.error();
                                  return QJsonObject { { QStringLiteral("id"), search.id } };
                              });
}

Status SavedSearchStore::remove(CaseFile &file, const QString &name)
{
    return file.auditedChange(
        QStringLiteral("search.remove"), QStringLiteral("search:%1").arg(name), { { QStringLiteral("name"), name } },
        [&]() -> Result<QJsonObject> {
            auto before = find(file.db(), name);
            if (!before)
                return before.error();
            if (!*before)
                return makeError(ErrorCode::InvalidInput, QStringLiteral("There is no saved search '%1'.").arg(name));
            auto stmt = Statement::prepare(file.db(), "DELETE FROM saved_searches WHERE name = ?");
            if (!stmt)
                return stmt.error();
            stmt->bind(1, name);
            if (auto s = stmt->run(); !s)
                return s.error();
            return QJsonObject { { QStringLiteral("id"), (*before)->id },
                                 { QStringLiteral("definition"), (*before)->definition } };
        });
}

Result<QList<SavedSearch>> SavedSearchStore::list(Database &db, const QString &kind)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT id, name, kind, definition, created_utc FROM saved_searches "
                                   "WHERE ?1 = '' OR kind = ?1 ORDER BY name, id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, kind.isNull() ? QStringLiteral("") : kind);
    return stmt->collect<SavedSearch>(readRow);
}

Result<std::optional<SavedSearch>> SavedSearchStore::find(Database &db, const QString &name)
{
    auto stmt
        = Statement::prepare(db, "SELECT id, name, kind, definition, created_utc FROM saved_searches WHERE name = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, name);
    return stmt->maybeOne<SavedSearch>(readRow);
}

} // namespace lineage::casefile
