// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/account_series.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace lineage::forensics {

namespace {

using casefile::AnalysisRunRow;
using casefile::FindingRow;

const QString kAccounts = QStringLiteral("accounts");

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

AccountEntry entryOf(const FindingRow &f)
{
    const QJsonObject p = f.payload;
    AccountEntry e;
    e.findingId = f.id;
    e.name = f.subject;
    e.unit = p.value(QStringLiteral("unit")).toString(QStringLiteral("account"));
    e.rank = p.value(QStringLiteral("rank")).toInt(int(f.statistic.value_or(0)));
    e.risk = p.value(QStringLiteral("risk")).toDouble(f.score.value_or(0));
    e.strength = f.strength;
    e.flagged = p.value(QStringLiteral("flagged")).toBool();
    if (const QJsonValue c = p.value(QStringLiteral("cluster")); c.isDouble())
        e.cluster = c.toInt();
    e.accounts = strings(p.value(QStringLiteral("accounts")));
    for (const casefile::FindingRef &r : f.refs)
        if (r.itemKind == QLatin1String("account") && r.relation == QLatin1String("subject"))
            e.accountIds << r.itemId;
    e.actor = p.value(QStringLiteral("actor")).toString();
    e.explanation = f.explanation;
    e.topFeatures = strings(p.value(QStringLiteral("top_features")));
    e.mitigations = strings(p.value(QStringLiteral("mitigations")));
    for (const QJsonValue &v : p.value(QStringLiteral("contributions")).toArray()) {
        const QJsonObject c = v.toObject();
        e.contributions.append({ c.value(QStringLiteral("feature")).toString(),
                                 c.value(QStringLiteral("value")).toDouble(), c.value(QStringLiteral("z")).toDouble(),
                                 c.value(QStringLiteral("contribution")).toDouble(),
                                 c.value(QStringLiteral("text")).toString() });
    }
    const QJsonObject features = p.value(QStringLiteral("features")).toObject();
    for (auto it = features.begin(); it != features.end(); ++it)
        if (it.value().isDouble())
            e.features.insert(it.key(), it.value().toDouble());
    return e;
}

AccountCluster clusterOf(const FindingRow &f)
{
    const QJsonObject p = f.payload;
    AccountCluster c;
    c.id = p.value(QStringLiteral("id")).toInt();
    c.findingId = f.id;
    c.strength = f.strength;
    c.accounts = strings(p.value(QStringLiteral("accounts")));
    c.explanation = f.explanation;
    for (const QJsonValue &v : p.value(QStringLiteral("links")).toArray()) {
        const QJsonObject l = v.toObject();
        c.links.append({ l.value(QStringLiteral("a")).toString(), l.value(QStringLiteral("b")).toString(),
                         l.value(QStringLiteral("kind")).toString(), l.value(QStringLiteral("reason")).toString(),
                         l.value(QStringLiteral("value")).toString(),
                         qint64(l.value(QStringLiteral("records")).toDouble()),
                         qint64(l.value(QStringLiteral("values")).toDouble()) });
    }
    return c;
}

} // namespace

std::optional<double> AccountEntry::feature(const QString &name) const
{
    if (name == QLatin1String("risk"))
        return risk;
    if (name == QLatin1String("rank"))
        return double(rank);
    const auto it = features.constFind(name);
    if (it == features.cend())
        return std::nullopt;
    return *it;
}

const AccountEntry *AccountsSeries::entry(qint64 findingId) const
{
    if (!entryIndex.isEmpty()) {
        const auto it = entryIndex.constFind(findingId);
        return it == entryIndex.cend() ? nullptr : &accounts[size_t(*it)];
    }
    for (const AccountEntry &e : accounts)
        if (e.findingId == findingId)
            return &e;
    return nullptr;
}

const AccountCluster *AccountsSeries::cluster(int id) const
{
    for (const AccountCluster &c : clusters)
        if (c.id == id)
            return &c;
    return nullptr;
}

QList<AccountLinkEntry> AccountsSeries::linksOf(const AccountEntry &e) const
{
    QList<AccountLinkEntry> out;
    const AccountCluster *c = e.cluster ? cluster(*e.cluster) : nullptr;
    if (!c)
        return out;
    // A run by actor names the actor in its links; by account, the account.
    QStringList names = e.accounts;
    names << e.name;
    for (const AccountLinkEntry &l : c->links)
        if (names.contains(l.a) || names.contains(l.b))
            out.append(l);
    return out;
}

Result<QList<AnalysisRunRow>> accountsRuns(casefile::Database &db)
{
    auto runs = casefile::AnalysisStore(db).runs();
    if (!runs)
        return runs.error();
    QList<AnalysisRunRow> out;
    for (const AnalysisRunRow &r : std::as_const(*runs))
        if (r.kind == kAccounts && r.status == QLatin1String("complete"))
            out.append(r);
    std::sort(out.begin(), out.end(), [](const AnalysisRunRow &a, const AnalysisRunRow &b) { return a.id < b.id; });
    return out;
}

Result<AccountsSeries> accountsSeries(casefile::Database &db, qint64 runId, Feedback &feedback)
{
    casefile::AnalysisStore store(db);
    if (runId <= 0) {
        auto runs = accountsRuns(db);
        if (!runs)
            return runs.error();
        if (runs->isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("The case has no complete accounts run; run the account analysis."));
        runId = runs->last().id;
    }
    auto run = store.run(runId);
    if (!run)
        return run.error();
    if (run->kind != kAccounts)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Run %1 is a %2 run, not an accounts run.").arg(runId).arg(run->kind));
    if (run->status != QLatin1String("complete"))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Run %1 did not complete (%2); it ranks no accounts.").arg(runId).arg(run->status));
    feedback.setPhase(QStringLiteral("Reading the accounts of run %1").arg(runId));
    auto findings = store.findings(runId);
    if (!findings)
        return findings.error();
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    AccountsSeries out;
    out.run = *run;
    QSet<QString> features;
    for (const FindingRow &f : std::as_const(*findings)) {
        if (f.kind == QLatin1String("account-risk")) {
            out.accounts.push_back(entryOf(f));
            for (auto it = out.accounts.back().features.cbegin(); it != out.accounts.back().features.cend(); ++it)
                features.insert(it.key());
        } else if (f.kind == QLatin1String("account-cluster")) {
            out.clusters.push_back(clusterOf(f));
        }
    }
    std::stable_sort(out.accounts.begin(), out.accounts.end(),
                     [](const AccountEntry &a, const AccountEntry &b) { return a.rank < b.rank; });
    std::stable_sort(out.clusters.begin(), out.clusters.end(),
                     [](const AccountCluster &a, const AccountCluster &b) { return a.id < b.id; });
    for (size_t i = 0; i < out.accounts.size(); ++i)
        out.entryIndex.insert(out.accounts[i].findingId, qsizetype(i));
    QStringList names(features.begin(), features.end());
    names.sort();
    out.features << QStringLiteral("risk") << names;
    return out;
}

} // namespace lineage::forensics
