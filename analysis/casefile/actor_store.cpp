// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/actor_store.h"

#include "casefile/case_file.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace lineage::casefile {

namespace {

// The note column is NOT NULL: an absent note is stored as empty text.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

Membership readMembership(const Statement &s)
{
    return Membership { s.int64(0), s.text(1), s.optInt64(2) };
}

Result<QList<Membership>> membershipsOf(Database &db, const QList<qint64> &accountIds)
{
    auto stmt = Statement::prepare(db, "SELECT id, name, actor_id FROM accounts WHERE id = ?");
    if (!stmt)
        return stmt.error();
    QList<Membership> out;
    QSet<qint64> seen;
    for (qint64 id : accountIds) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        stmt->reset();
        stmt->bind(1, id);
        auto m = stmt->one<Membership>(
            readMembership,
            makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no account number %1.").arg(id)));
        if (!m)
            return m.error();
        out.append(*m);
    }
    return out;
}

Result<ActorRow> readActor(Database &db, qint64 id)
{
    auto stmt = Statement::prepare(db, "SELECT id, name, note, created_utc FROM actors WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->one<ActorRow>(
        [](const Statement &s) {
            ActorRow a;
            a.id = s.int64(0);
            a.name = s.text(1);
            a.note = s.text(2);
            a.createdUtc = s.int64(3);
            return a;
        },
        makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no actor number %1.").arg(id)));
    if (!row)
        return row.error();
    auto members = Statement::prepare(db, "SELECT id, name, actor_id FROM accounts WHERE actor_id = ? ORDER BY name");
    if (!members)
        return members.error();
    members->bind(1, id);
    auto list = members->collect<Membership>(readMembership);
    if (!list)
        return list.error();
    row->accounts = *list;
    return row;
}

Status checkName(Database &db, const QString &name, std::optional<qint64> except)
{
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("An actor needs a name."));
    auto stmt = Statement::prepare(db, "SELECT id FROM actors WHERE name = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, name);
    auto row = stmt->maybeOne<qint64>([](const Statement &s) { return s.int64(0); });
    if (!row)
        return row.error();
    if (*row && (!except || **row != *except))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("An actor named '%1' exists already (actor %2).").arg(name).arg(**row));
    return {};
}

Status setActor(Database &db, const QList<Membership> &memberships)
{
    auto stmt = Statement::prepare(db, "UPDATE accounts SET actor_id = ? WHERE id = ?");
    if (!stmt)
        return stmt.error();
    for (const Membership &m : memberships) {
        stmt->bind(1, m.actorId).bind(2, m.accountId);
        if (auto s = stmt->run(); !s)
            return s;
    }
    return {};
}

QJsonArray membershipJson(const QList<Membership> &list)
{
    QJsonArray out;
    for (const Membership &m : list)
        out.append(QJsonObject { { QStringLiteral("account"), m.account },
                                 { QStringLiteral("account_id"), m.accountId },
                                 { QStringLiteral("actor"), m.actorId ? QJsonValue(*m.actorId) : QJsonValue() } });
    return out;
}

QList<Membership> movedTo(const QList<Membership> &before, std::optional<qint64> actorId)
{
    QList<Membership> after = before;
    for (Membership &m : after)
        m.actorId = actorId;
    return after;
}

QString target(qint64 id)
{
    return QStringLiteral("actor:%1").arg(id);
}

} // namespace

Result<QList<ActorRow>> ActorStore::actors()
{
    auto ids = Statement::prepare(m_db, "SELECT id FROM actors ORDER BY name");
    if (!ids)
        return ids.error();
    auto list = ids->collect<qint64>([](const Statement &s) { return s.int64(0); });
    if (!list)
        return list.error();
    QList<ActorRow> out;
    for (qint64 id : std::as_const(*list)) {
        auto a = readActor(m_db, id);
        if (!a)
            return a.error();
        out.append(*a);
    }
    return out;
}

Result<ActorRow> ActorStore::actor(qint64 id)
{
    return readActor(m_db, id);
}

Result<std::optional<ActorRow>> ActorStore::actorNamed(const QString &name)
{
    auto stmt = Statement::prepare(m_db, "SELECT id FROM actors WHERE name = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, name);
    auto id = stmt->maybeOne<qint64>([](const Statement &s) { return s.int64(0); });
    if (!id)
        return id.error();
    if (!*id)
        return std::optional<ActorRow>();
    auto a = readActor(m_db, **id);
    if (!a)
        return a.error();
    return std::optional<ActorRow>(*a);
}

Result<QList<Membership>> ActorStore::accountsNamed(const QStringList &names)
{
    auto stmt = Statement::prepare(m_db, "SELECT id, name, actor_id FROM accounts WHERE name = ?");
    if (!stmt)
        return stmt.error();
    QList<Membership> out;
    QStringList unknown;
    for (const QString &name : names) {
        stmt->reset();
        stmt->bind(1, name);
        auto m = stmt->maybeOne<Membership>(readMembership);
        if (!m)
            return m.error();
        if (!*m)
            unknown << name;
        else if (std::none_of(out.begin(), out.end(),
                              [&](const Membership &o) { return o.accountId == (*m)->accountId; }))
            out.append(**m);
    }
    if (!unknown.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("The logs of the case name no account %1.").arg(unknown.join(QStringLiteral(", "))));
    return out;
}

Result<QList<Membership>> ActorStore::memberships()
{
    auto stmt = Statement::prepare(m_db, "SELECT id, name, actor_id FROM accounts ORDER BY id");
    if (!stmt)
        return stmt.error();
    return stmt->collect<Membership>(readMembership);
}

Result<ActorChange> ActorStore::create(CaseFile &file, const QString &name, const QString &note,
                                       const QList<qint64> &accountIds, std::optional<qint64> id)
{
    ActorChange change;
    const QString trimmed = name.trimmed();
    auto status = file.auditedChange(
        QStringLiteral("actor.create"), QStringLiteral("actors"),
        QJsonObject { { QStringLiteral("name"), trimmed },
                      { QStringLiteral("note"), note },
                      { QStringLiteral("accounts"), qint64(accountIds.size()) } },
        [&]() -> Result<QJsonObject> {
            Database &db = file.db();
            if (auto s = checkName(db, trimmed, std::nullopt); !s)
                return s.error();
            auto before = membershipsOf(db, accountIds);
            if (!before)
                return before.error();
            auto insert
                = Statement::prepare(db, "INSERT INTO actors (id, name, note, created_utc) VALUES (?, ?, ?, ?)");
            if (!insert)
                return insert.error();
            insert->bind(1, id).bind(2, trimmed).bind(3, notNull(note)).bind(4, QDateTime::currentMSecsSinceEpoch());
            if (auto s = insert->run(); !s)
                return s.error();
            change.actorId = db.lastInsertRowId();
            change.before = *before;
            change.after = movedTo(*before, change.actorId);
            if (auto s = setActor(db, change.after); !s)
                return s.error();
            return QJsonObject { { QStringLiteral("actor"), change.actorId },
                                 { QStringLiteral("before"), membershipJson(change.before) } };
        });
    if (!status)
        return status.error();
    return change;
}

Result<ActorChange> ActorStore::remove(CaseFile &file, qint64 actorId)
{
    ActorChange change;
    change.actorId = actorId;
    auto status = file.auditedChange(
        QStringLiteral("actor.delete"), target(actorId), QJsonObject {}, [&]() -> Result<QJsonObject> {
            Database &db = file.db();
            auto row = readActor(db, actorId);
            if (!row)
                return row.error();
            change.deleted = *row;
            change.before = row->accounts;
            change.after = movedTo(row->accounts, std::nullopt);
            if (auto s = setActor(db, change.after); !s)
                return s.error();
            auto del = Statement::prepare(db, "DELETE FROM actors WHERE id = ?");
            if (!del)
                return del.error();
            del->bind(1, actorId);
            if (auto s = del->run(); !s)
                return s.error();
            return QJsonObject { { QStringLiteral("name"), row->name },
                                 { QStringLiteral("note"), row->note },
                                 { QStringLiteral("released"), membershipJson(change.before) } };
        });
    if (!status)
        return status.error();
    return change;
}

Result<ActorChange> ActorStore::rename(CaseFile &file, qint64 actorId, const QString &name, std::optional<QString> note)
{
    ActorChange change;
    change.actorId = actorId;
    const QString trimmed = name.trimmed();
    QJsonObject params { { QStringLiteral("name"), trimmed } };
    if (note)
        params.insert(QStringLiteral("note"), *note);
    auto status
        = file.auditedChange(QStringLiteral("actor.rename"), target(actorId), params, [&]() -> Result<QJsonObject> {
              Database &db = file.db();
              auto row = readActor(db, actorId);
              if (!row)
                  return row.error();
              if (auto s = checkName(db, trimmed, actorId); !s)
                  return s.error();
              change.previousName = row->name;
              change.previousNote = row->note;
              auto update = Statement::prepare(db, "UPDATE actors SET name = ?, note = ? WHERE id = ?");
              if (!update)
                  return update.error();
              update->bind(1, trimmed).bind(2, notNull(note ? *note : row->note)).bind(3, actorId);
              if (auto s = update->run(); !s)
                  return s.error();
              return QJsonObject { { QStringLiteral("before"),
                                     QJsonObject { { QStringLiteral("name"), row->name },
                                                   { QStringLiteral("note"), row->note } } } };
          });
    if (!status)
        return status.error();
    return change;
}

Result<ActorChange> ActorStore::assign(CaseFile &file, const QList<qint64> &accountIds, std::optional<qint64> actorId)
{
    ActorChange change;
    change.actorId = actorId.value_or(0);
    auto status = file.auditedChange(
        actorId ? QStringLiteral("actor.add") : QStringLiteral("actor.remove"),
        actorId ? target(*actorId) : QStringLiteral("actors"),
        QJsonObject { { QStringLiteral("accounts"), qint64(accountIds.size()) } }, [&]() -> Result<QJsonObject> {
            Database &db = file.db();
            if (actorId)
                if (auto row = readActor(db, *actorId); !row)
                    return row.error();
            auto before = membershipsOf(db, accountIds);
            if (!before)
                return before.error();
            change.before = *before;
            change.after = movedTo(*before, actorId);
            if (auto s = setActor(db, change.after); !s)
                return s.error();
            return QJsonObject { { QStringLiteral("before"), membershipJson(change.before) },
                                 { QStringLiteral("after"), membershipJson(change.after) } };
        });
    if (!status)
        return status.error();
    return change;
}

Result<ActorChange> ActorStore::restore(CaseFile &file, const QList<Membership> &memberships)
{
    ActorChange change;
    auto status = file.auditedChange(
        QStringLiteral("actor.restore"), QStringLiteral("actors"),
        QJsonObject { { QStringLiteral("memberships"), membershipJson(memberships) } }, [&]() -> Result<QJsonObject> {
            Database &db = file.db();
            QList<qint64> ids;
            for (const Membership &m : memberships) {
                ids << m.accountId;
                if (m.actorId)
                    if (auto row = readActor(db, *m.actorId); !row)
                        return row.error();
            }
            auto before = membershipsOf(db, ids);
            if (!before)
                return before.error();
            change.before = *before;
            change.after = memberships;
            if (auto s = setActor(db, change.after); !s)
                return s.error();
            return QJsonObject { { QStringLiteral("before"), membershipJson(change.before) } };
        });
    if (!status)
        return status.error();
    return change;
}

Result<ActorChange> ActorStore::merge(CaseFile &file, qint64 into, qint64 from)
{
    if (into == from)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("An actor cannot be merged into itself."));
    ActorChange change;
    change.actorId = into;
    auto status
        = file.auditedChange(QStringLiteral("actor.merge"), target(into),
                             QJsonObject { { QStringLiteral("from"), from } }, [&]() -> Result<QJsonObject> {
                                 Database &db = file.db();
                                 if (auto kept = readActor(db, into); !kept)
                                     return kept.error();
                                 auto absorbed = readActor(db, from);
                                 if (!absorbed)
                                     return absorbed.error();
                                 change.deleted = *absorbed;
                                 change.before = absorbed->accounts;
                                 change.after = movedTo(absorbed->accounts, into);
                                 if (auto s = setActor(db, change.after); !s)
                                     return s.error();
                                 auto del = Statement::prepare(db, "DELETE FROM actors WHERE id = ?");
                                 if (!del)
                                     return del.error();
                                 del->bind(1, from);
                                 if (auto s = del->run(); !s)
                                     return s.error();
                                 return QJsonObject { { QStringLiteral("deleted"),
                                                        QJsonObject { { QStringLiteral("name"), absorbed->name },
                                                                      { QStringLiteral("note"), absorbed->note } } },
                                                      { QStringLiteral("moved"), membershipJson(change.before) } };
                             });
    if (!status)
        return status.error();
    return change;
}

Result<ActorChange> ActorStore::split(CaseFile &file, qint64 from, const QList<qint64> &accountIds, const QString &name)
{
    ActorChange change;
    const QString trimmed = name.trimmed();
    auto status = file.auditedChange(
        QStringLiteral("actor.split"), target(from),
        QJsonObject { { QStringLiteral("name"), trimmed }, { QStringLiteral("accounts"), qint64(accountIds.size()) } },
        [&]() -> Result<QJsonObject> {
            Database &db = file.db();
            auto source = readActor(db, from);
            if (!source)
                return source.error();
            auto before = membershipsOf(db, accountIds);
            if (!before)
                return before.error();
            for (const Membership &m : std::as_const(*before))
                if (m.actorId != from)
                    return makeError(
                        ErrorCode::InvalidInput,
                        QStringLiteral("Account %1 is not one of %2's accounts.").arg(m.account, source->name));
            if (before->isEmpty())
                return makeError(ErrorCode::InvalidInput, QStringLiteral("A split needs at least one account."));
            if (auto s = checkName(db, trimmed, std::nullopt); !s)
                return s.error();
            auto insert = Statement::prepare(db, "INSERT INTO actors (name, note, created_utc) VALUES (?, ?, ?)");
            if (!insert)
                return insert.error();
            insert->bind(1, trimmed)
                .bind(2, QStringLiteral("Split from %1.").arg(source->name))
                .bind(3, QDateTime::currentMSecsSinceEpoch());
            if (auto s = insert->run(); !s)
                return s.error();
            change.actorId = db.lastInsertRowId();
            change.before = *before;
            change.after = movedTo(*before, change.actorId);
            if (auto s = setActor(db, change.after); !s)
                return s.error();
            return QJsonObject { { QStringLiteral("actor"), change.actorId },
                                 { QStringLiteral("moved"), membershipJson(change.before) } };
        });
    if (!status)
        return status.error();
    return change;
}

} // namespace lineage::casefile
