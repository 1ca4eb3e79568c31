// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lineage::casefile {

class CaseFile;

// An account of the logs and the actor it is assigned to (none: nullopt).
struct Membership
{
    qint64 accountId = 0;
    QString account;
    std::optional<qint64> actorId;

    bool operator==(const Membership &) const = default;
};

// An actor: an analyst's group of accounts believed to be one party.
struct ActorRow
{
    qint64 id = 0;
    QString name;
    QString note;
    qint64 createdUtc = 0;
    QList<Membership> accounts; // by account name
};

// What one change did, so that it can be taken back exactly (the workbench's undo): the
// memberships of the accounts it touched before and after, the actor it created, the actor
// row it deleted (with its accounts) and the name it replaced.
struct ActorChange
{
    qint64 actorId = 0; // the actor created, changed or kept
    QList<Membership> before;
    QList<Membership> after;
    std::optional<ActorRow> deleted;
    QString previousName;
    QString previousNote;
};

// The actors table and the accounts' actor_id. Reads borrow a connection (its thread only);
// every change is a static call that writes in one audited change (CaseFile::auditedChange)
// and returns what it did. An account belongs to at most one actor: assigning it elsewhere
// moves it, and the audit entry records where it was. Errors are returned with messages an
// analyst can act on (unknown account or actor, a name already taken).
class ActorStore
{
public:
    explicit ActorStore(Database &db) : m_db(db) { }

    [[nodiscard]] Result<QList<ActorRow>> actors();
    [[nodiscard]] Result<ActorRow> actor(qint64 id);
    [[nodiscard]] Result<std::optional<ActorRow>> actorNamed(const QString &name);
    // The accounts named, in the order given; an error names the unknown ones.
    [[nodiscard]] Result<QList<Membership>> accountsNamed(const QStringList &names);
    // Every account with its actor, by account id.
    [[nodiscard]] Result<QList<Membership>> memberships();

    // A new actor `name` (unique, not empty) holding `accountIds` (moved from their actors).
    // `id` asks for a given row id (an undo of a deletion restores the actor it deleted).
    [[nodiscard]] static Result<ActorChange> create(CaseFile &file, const QString &name, const QString &note,
                                                    const QList<qint64> &accountIds,
                                                    std::optional<qint64> id = std::nullopt);
    // Deletes the actor; its accounts belong to no actor afterwards.
    [[nodiscard]] static Result<ActorChange> remove(CaseFile &file, qint64 actorId);
    [[nodiscard]] static Result<ActorChange> rename(CaseFile &file, qint64 actorId, const QString &name,
                                                    std::optional<QString> note = std::nullopt);
    // Assigns the accounts to `actorId`, or to no actor (nullopt).
    [[nodiscard]] static Result<ActorChange> assign(CaseFile &file, const QList<qint64> &accountIds,
                                                    std::optional<qint64> actorId);
    // Puts each account back to the actor it names (the inverse of a change's `after`).
    [[nodiscard]] static Result<ActorChange> restore(CaseFile &file, const QList<Membership> &memberships);
    // Moves every account of `from` to `into` and deletes `from`.
    [[nodiscard]] static Result<ActorChange> merge(CaseFile &file, qint64 into, qint64 from);
    // Moves `accountIds` (all of `from`'s) to a new actor `name`.
    [[nodiscard]] static Result<ActorChange> split(CaseFile &file, qint64 from, const QList<qint64> &accountIds,
                                                   const QString &name);

private:
    Database &m_db;
};

} // namespace lineage::casefile
