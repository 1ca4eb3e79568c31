// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace lineage::forensics {

// What the Accounts tab draws of one stored accounts run, read from its findings' payloads
// (nothing is recomputed): every account-risk finding as an entry (rank, risk, its numeric
// features, its contributions and mitigations) and every account-cluster finding with its
// links and their reasons. Plain values sorted as the views show them; built on any thread
// by accountsSeries() from a connection of that thread.

// One feature's share of an account's risk (the payload's "contributions", largest first).
struct AccountContribution
{
    QString feature; // "cot_share"
    double value = 0; // the account's measured value
    double z = 0; // capped robust z against the population
    double contribution = 0; // its weighted part of the risk
    QString text; // "every request asks for step-by-step reasoning"
};

// Why two accounts of a cluster are linked.
struct AccountLinkEntry
{
    QString a, b; // account names
    QString kind; // "ip", "org", "key", "template", ...
    QString reason; // "shared ip 45.134.26.17 and 2 more ip value(s)"
    QString value;
    qint64 records = 0; // records of the two accounts carrying the value
    qint64 values = 0; // shared values of this kind
};

struct AccountEntry
{
    qint64 findingId = 0;
    QString name; // the finding's subject: an account, or an actor when the run grouped by actor
    QString unit; // "account" or "actor"
    int rank = 0; // 1: highest risk
    double risk = 0;
    QString strength;
    bool flagged = false;
    std::optional<int> cluster; // the cluster number of the run, none when unlinked
    QStringList accounts; // the account names measured
    QList<qint64> accountIds; // their ids (the finding's "subject" refs)
    QString actor; // the actor of the account when the run measured it, empty when none
    QString explanation;
    QStringList topFeatures;
    QStringList mitigations;
    QList<AccountContribution> contributions;
    QHash<QString, double> features; // the numeric features; absent: not measurable

    // A feature by name, "risk" and "rank" included; nothing when not measured.
    std::optional<double> feature(const QString &name) const;
};

struct AccountCluster
{
    int id = 0;
    qint64 findingId = 0;
    QString strength;
    QStringList accounts;
    QList<AccountLinkEntry> links;
    QString explanation;
};

struct AccountsSeries
{
    casefile::AnalysisRunRow run;
    std::vector<AccountEntry> accounts; // by rank
    std::vector<AccountCluster> clusters; // by id
    // The numeric features some entry has, "risk" first, then by name: what a scatter's axes
    // can show.
    QStringList features;

    // Where each finding's entry is in `accounts` (filled by accountsSeries(); a series built
    // by hand without it is searched entry by entry).
    QHash<qint64, qsizetype> entryIndex;

    const AccountEntry *entry(qint64 findingId) const;
    const AccountCluster *cluster(int id) const;
    // The links of `entry`'s cluster that involve one of its accounts.
    QList<AccountLinkEntry> linksOf(const AccountEntry &entry) const;
};

// The complete accounts runs of the case, oldest first.
[[nodiscard]] Result<QList<casefile::AnalysisRunRow>> accountsRuns(casefile::Database &db);

// Reads accounts run `runId` (0: the latest complete one) and builds its series. No such run,
// a run of another kind or an unfinished one -> ErrorCode::InvalidInput naming it; canceled
// -> ErrorCode::Canceled.
[[nodiscard]] Result<AccountsSeries> accountsSeries(casefile::Database &db, qint64 runId,
                                                    Feedback &feedback = nullFeedback());

} // namespace lineage::forensics
