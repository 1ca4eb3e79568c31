// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli actors: the analyst's groups of accounts believed to be one party (list, create
// by hand or from a linking cluster of an accounts run, add, remove, rename, merge, split).
// Every change is one audited change of the case.
#include "casefile/actor_store.h"
#include "casefile/analysis_store.h"
#include "casefile/case_file.h"
#include "cli/cli_command.h"

#include <QJsonArray>

namespace lineage::cli {

namespace {

using casefile::ActorChange;
using casefile::ActorRow;
using casefile::ActorStore;
using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Print JSON."));
const QCommandLineOption kNote(QStringLiteral("note"), QStringLiteral("create, rename: the actor's note."),
                               QStringLiteral("TEXT"));
const QCommandLineOption kRun(QStringLiteral("run"), QStringLiteral("create: the accounts run of --cluster."),
                              QStringLiteral("R"));
const QCommandLineOption kCluster(QStringLiteral("cluster"),
                                  QStringLiteral("create: the accounts of this linking cluster of --run."),
                                  QStringLiteral("C"));

QJsonObject actorJson(const ActorRow &a)
{
    QJsonArray accounts;
    for (const casefile::Membership &m : a.accounts)
        accounts.append(m.account);
    return QJsonObject { { QStringLiteral("id"), a.id },
                         { QStringLiteral("name"), a.name },
                         { QStringLiteral("note"), a.note },
                         { QStringLiteral("accounts"), accounts } };
}

// An actor by name, or by number when no actor has that name.
Result<ActorRow> findActor(CaseFile &file, const QString &nameOrId)
{
    ActorStore store(file.db());
    auto named = store.actorNamed(nameOrId);
    if (!named)
        return named.error();
    if (*named)
        return **named;
    bool ok = false;
    const qint64 id = nameOrId.toLongLong(&ok);
    if (ok)
        return store.actor(id);
    return makeError(
        ErrorCode::InvalidInput,
        QStringLiteral("The case has no actor named '%1' (see 'lineage-cli actors CASE list').").arg(nameOrId));
}

Result<QList<qint64>> accountIds(CaseFile &file, const QStringList &names)
{
    auto members = ActorStore(file.db()).accountsNamed(names);
    if (!members)
        return members.error();
    QList<qint64> ids;
    for (const casefile::Membership &m : std::as_const(*members))
        ids.append(m.accountId);
    return ids;
}

// The account names of cluster `cluster` of the stored accounts run `run`.
Result<QStringList> clusterAccounts(CaseFile &file, qint64 run, int cluster)
{
    casefile::AnalysisStore store(file.db());
    auto stored = store.run(run);
    if (!stored)
        return stored.error();
    if (stored->kind != QLatin1String("accounts"))
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("Run %1 is a %2 run; clusters come from an accounts run.").arg(run).arg(stored->kind));
    auto findings = store.findings(run);
    if (!findings)
        return findings.error();
    for (const casefile::FindingRow &f : std::as_const(*findings))
        if (f.kind == QLatin1String("account-cluster") && f.payload.value(QStringLiteral("id")).toInt() == cluster) {
            QStringList names;
            for (const QJsonValue &v : f.payload.value(QStringLiteral("accounts")).toArray())
                names << v.toString();
            return names;
        }
    return makeError(ErrorCode::InvalidInput, QStringLiteral("Run %1 has no cluster %2.").arg(run).arg(cluster));
}

int report(CliContext &ctx, QCommandLineParser &p, CaseFile &file, const QString &action, const ActorChange &change)
{
    QJsonObject out { { QStringLiteral("action"), action } };
    if (change.actorId) {
        auto actor = ActorStore(file.db()).actor(change.actorId);
        if (actor)
            out.insert(QStringLiteral("actor"), actorJson(*actor));
    }
    if (change.deleted)
        out.insert(QStringLiteral("deleted"), actorJson(*change.deleted));
    QJsonArray moved;
    for (const casefile::Membership &m : change.after)
        moved.append(m.account);
    out.insert(QStringLiteral("accounts_changed"), moved);
    if (p.isSet(kJson)) {
        printJson(ctx, out);
    } else {
        const QJsonObject a = out.value(QStringLiteral("actor")).toObject();
        if (!a.isEmpty())
            ctx.out << QStringLiteral("%1: actor %2 '%3' with %4 account(s).\n")
                           .arg(action)
                           .arg(a.value(QStringLiteral("id")).toInteger())
                           .arg(a.value(QStringLiteral("name")).toString())
                           .arg(a.value(QStringLiteral("accounts")).toArray().size());
        else if (change.deleted)
            ctx.out << QStringLiteral("%1: actor '%2' deleted; its %3 account(s) belong to no actor.\n")
                           .arg(action, change.deleted->name)
                           .arg(change.deleted->accounts.size());
    }
    ctx.out.flush();
    return kExitOk;
}

int list(QCommandLineParser &p, CliContext &ctx, CaseFile &file)
{
    auto actors = ActorStore(file.db()).actors();
    if (!actors)
        return printError(ctx, actors.error());
    if (p.isSet(kJson)) {
        QJsonArray list;
        for (const ActorRow &a : std::as_const(*actors))
            list.append(actorJson(a));
        printJson(ctx, { { QStringLiteral("actors"), list } });
    } else if (actors->isEmpty()) {
        ctx.out << "No actors.\n";
    } else {
        for (const ActorRow &a : std::as_const(*actors)) {
            QStringList names;
            for (const casefile::Membership &m : a.accounts)
                names << m.account;
            ctx.out << QStringLiteral("%1  %2  (%3 accounts)%4\n    %5\n")
                           .arg(a.id, 4)
                           .arg(a.name)
                           .arg(a.accounts.size())
                           .arg(a.note.isEmpty() ? QString() : QStringLiteral("  ") + a.note,
                                names.join(QStringLiteral(", ")));
        }
    }
    ctx.out.flush();
    return kExitOk;
}

int actorsCommand(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.isEmpty())
        return usageError(ctx, p, QStringLiteral("Give the CASE file, then list, create, add, remove or rename."));
    const QString action = args.size() > 1 ? args[1] : QStringLiteral("list");
    const QStringList rest = args.mid(2);
    static const QStringList kActions { QStringLiteral("list"),   QStringLiteral("create"), QStringLiteral("add"),
                                        QStringLiteral("remove"), QStringLiteral("rename"), QStringLiteral("merge"),
                                        QStringLiteral("split") };
    if (!kActions.contains(action))
        return usageError(
            ctx, p,
            QStringLiteral("'%1' is not an actors action; use %2.").arg(action, kActions.join(QStringLiteral(", "))));
    auto opened = CaseFile::open(args[0], Investigator::current(ctx.investigator),
                                 action == QLatin1String("list") ? OpenMode::ReadOnly : OpenMode::ReadWrite);
    if (!opened)
        return printError(ctx, opened.error());
    CaseFile &file = **opened;

    if (action == QLatin1String("list")) {
        if (!rest.isEmpty())
            return usageError(ctx, p, QStringLiteral("list takes no further arguments."));
        return list(p, ctx, file);
    }
    if (action == QLatin1String("create")) {
        if (rest.isEmpty())
            return usageError(ctx, p,
                              QStringLiteral("create takes a NAME, then the accounts (or --run R --cluster C)."));
        QStringList names = rest.mid(1);
        if (p.isSet(kCluster) || p.isSet(kRun)) {
            bool okRun = false, okCluster = false;
            const qint64 run = p.value(kRun).toLongLong(&okRun);
            const int cluster = p.value(kCluster).toInt(&okCluster);
            if (!okRun || !okCluster)
                return usageError(ctx, p, QStringLiteral("--cluster C needs --run R, both numbers."));
            auto members = clusterAccounts(file, run, cluster);
            if (!members)
                return printError(ctx, members.error());
            names += *members;
        }
        if (names.isEmpty())
            return usageError(ctx, p, QStringLiteral("create needs at least one account."));
        auto ids = accountIds(file, names);
        if (!ids)
            return printError(ctx, ids.error());
        auto change = ActorStore::create(file, rest[0], p.value(kNote), *ids);
        if (!change)
            return printError(ctx, change.error());
        return report(ctx, p, file, action, *change);
    }
    if (rest.isEmpty())
        return usageError(ctx, p, QStringLiteral("%1 takes an actor (name or number) first.").arg(action));
    auto actor = findActor(file, rest[0]);
    if (!actor)
        return printError(ctx, actor.error());
    Result<ActorChange> change = makeError(ErrorCode::Internal, QStringLiteral("No change."));
    if (action == QLatin1String("add")) {
        if (rest.size() < 2)
            return usageError(ctx, p, QStringLiteral("add takes the actor, then the accounts to add."));
        auto ids = accountIds(file, rest.mid(1));
        if (!ids)
            return printError(ctx, ids.error());
        change = ActorStore::assign(file, *ids, actor->id);
    } else if (action == QLatin1String("remove")) {
        if (rest.size() < 2) {
            change = ActorStore::remove(file, actor->id);
        } else {
            auto ids = accountIds(file, rest.mid(1));
            if (!ids)
                return printError(ctx, ids.error());
            QSet<qint64> members;
            for (const casefile::Membership &m : std::as_const(actor->accounts))
                members.insert(m.accountId);
            for (qsizetype i = 0; i < ids->size(); ++i)
                if (!members.contains((*ids)[i]))
                    return printError(
                        ctx,
                        makeError(
                            ErrorCode::InvalidInput,
                            QStringLiteral("Account %1 does not belong to actor '%2'.").arg(rest[i + 1], actor->name)));
            change = ActorStore::assign(file, *ids, std::nullopt);
            if (change)
                change->actorId = actor->id;
        }
    } else if (action == QLatin1String("rename")) {
        if (rest.size() != 2)
            return usageError(ctx, p, QStringLiteral("rename takes the actor and its new name."));
        change = ActorStore::rename(file, actor->id, rest[1],
                                    p.isSet(kNote) ? std::optional<QString>(p.value(kNote)) : std::nullopt);
    } else if (action == QLatin1String("merge")) {
        if (rest.size() != 2)
            return usageError(ctx, p, QStringLiteral("merge takes the actor to keep and the actor to merge into it."));
        auto from = findActor(file, rest[1]);
        if (!from)
            return printError(ctx, from.error());
        change = ActorStore::merge(file, actor->id, from->id);
    } else if (action == QLatin1String("split")) {
        if (rest.size() < 3)
            return usageError(ctx, p, QStringLiteral("split takes the actor, the new actor's name and its accounts."));
        auto ids = accountIds(file, rest.mid(2));
        if (!ids)
            return printError(ctx, ids.error());
        change = ActorStore::split(file, actor->id, *ids, rest[1]);
    }
    if (!change)
        return printError(ctx, change.error());
    return report(ctx, p, file, action, *change);
}

const CliRegistration kActors(
    { QStringLiteral("actors"),
      QStringLiteral("List and edit actors: groups of accounts believed to be one party (every change audited)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
          p.addPositionalArgument(
              QStringLiteral("ACTION"),
              QStringLiteral("list (default); create NAME [ACCOUNT...]; add ACTOR ACCOUNT...; remove ACTOR "
                             "[ACCOUNT...] (no accounts: delete the actor); rename ACTOR NEW; merge ACTOR OTHER; "
                             "split ACTOR NEW ACCOUNT..."),
              QStringLiteral("[list|create|add|remove|rename|merge|split]"));
          p.addOption(kNote);
          p.addOption(kRun);
          p.addOption(kCluster);
          p.addOption(kJson);
      },
      actorsCommand });

} // namespace

} // namespace lineage::cli
