// SPDX-License-Identifier: GPL-3.0-or-later
// Account behavior: per-account features from the query logs, account linking into
// clusters, and a ranked, explained risk score.
#include "casefile/event_store.h"
#include "forensics/account_linking.h"
#include "forensics/account_profile.h"
#include "forensics/account_risk.h"
#include "forensics/analysis_kind.h"
#include "forensics/case_inputs.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QMap>

#include <algorithm>
#include <climits>
#include <memory>
#include <numeric>

namespace lineage::forensics {

namespace {

using casefile::FindingRow;

class AccountsKind final : public AnalysisKind
{
public:
    QString name() const override { return QStringLiteral("accounts"); }
    QString title() const override { return QStringLiteral("Account behavior"); }
    QString description() const override
    {
        return QStringLiteral(
            "Measures every account of the query logs (volume, active days, requests per hour, burstiness, regularity "
            "of pauses, night and weekend activity in its apparent time zone, prompt templates, distinct prompts, "
            "topic spread, chain-of-thought elicitation, logprobs and n > 1, system-prompt reuse, output-to-input "
            "tokens, answers cut at max_tokens, a PRADA-style normality test of query distances, activity before "
            "model releases), links accounts that share IPs, networks, orgs, keys, user agents, system prompts or "
            "templates into clusters, and ranks them by a risk score robust to scale (median and MAD against the "
            "population), each with its top features and a sentence.");
    }
    QString strengthRule() const override
    {
        return QStringLiteral(
            "Per account: flagged when the risk reaches the threshold and at least harvest_share of the threshold "
            "comes from signs of harvesting answers; then strong when the risk reaches twice the threshold or the "
            "account is linked to others, moderate otherwise. Weak when not flagged (listed, not flagged), also an "
            "account whose risk comes from automation alone. A cluster has the strength of its strongest account.");
    }
    QString engineVersion() const override { return QStringLiteral("accounts/2"); }

    QList<ParameterSpec> parameters() const override
    {
        return {
            { QStringLiteral("group_by"),
              ParameterType::Choice,
              QStringLiteral("account"),
              QStringLiteral("Measure each account, or the accounts of each actor together (accounts without an actor "
                             "stay alone)."),
              { QStringLiteral("account"), QStringLiteral("actor") },
              true },
            { QStringLiteral("threshold"),
              ParameterType::Real,
              1.0,
              QStringLiteral("Risk at or above which an account is flagged (the weighted mean of its capped robust "
                             "z-scores)."),
              {},
              true,
              0.0,
              100.0 },
            { QStringLiteral("harvest_share"),
              ParameterType::Real,
              0.25,
              QStringLiteral("Of the threshold, the share that must come from signs of harvesting answers (reasoning "
                             "requests, log-probabilities, several completions, long answers, topic coverage, timing "
                             "before a release): volume, rhythm and templates alone mark automation, not harvesting."),
              {},
              true,
              0.0,
              1.0 },
            { QStringLiteral("lexicon"),
              ParameterType::Text,
              QString(),
              QStringLiteral("A file of the form of resources/forensics/account_signals.json: chain-of-thought phrases "
                             "and topics (default: the built-in lists)."),
              {},
              true },
            { QStringLiteral("sample"),
              ParameterType::Integer,
              128,
              QStringLiteral("Prompts per account read for templates, topics and query distances (a uniform sample "
                             "fixed by the record ids)."),
              {},
              false,
              20,
              5000 },
            { QStringLiteral("release_window_days"),
              ParameterType::Integer,
              60,
              QStringLiteral("Days before a model release (timeline events of kind model-release) that count as "
                             "\"before the release\"."),
              {},
              false,
              1,
              3650 },
            { QStringLiteral("session_gap_s"),
              ParameterType::Integer,
              1800,
              QStringLiteral("A pause longer than this many seconds ends a session."),
              {},
              false,
              1,
              864000 },
            { QStringLiteral("template_min_share"),
              ParameterType::Real,
              0.25,
              QStringLiteral("Share of an account's prompts a text must recur in to be part of a template."),
              {},
              false,
              0.01,
              1.0 },
            { QStringLiteral("template_min_prompts"),
              ParameterType::Integer,
              5,
              QStringLiteral("Prompts a template must cover at least."),
              {},
              false,
              2,
              100000 },
            { QStringLiteral("max_link_accounts"),
              ParameterType::Integer,
              25,
              QStringLiteral("A value (IP, key, org, user agent, system prompt, template) held by more accounts links "
                             "none of them."),
              {},
              false,
              2,
              100000 },
            { QStringLiteral("max_link_share"),
              ParameterType::Real,
              0.05,
              QStringLiteral("A user agent, system prompt or template used by more than this share of the accounts "
                             "links none of them."),
              {},
              false,
              0.0,
              1.0 },
            { QStringLiteral("seed"),
              ParameterType::Integer,
              1,
              QStringLiteral("Seed of the prompt sample."),
              {},
              false,
              0,
              1e15 },
        };
    }

    Result<AnalysisResult> run(RunContext &ctx) const override;

    QJsonObject report(const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings) const override
    {
        QJsonObject out = runJson(run);
        for (auto it = run.summary.begin(); it != run.summary.end(); ++it)
            out.insert(it.key(), it.value());
        QJsonArray accounts, clusters, all;
        for (const FindingRow &f : findings) {
            QJsonObject entry = f.payload;
            entry.insert(QStringLiteral("finding"), f.id);
            entry.insert(QStringLiteral("strength"), f.strength);
            if (f.kind == QLatin1String("account-risk")) {
                entry.insert(QStringLiteral("explanation"), f.explanation);
                accounts.append(entry);
            } else if (f.kind == QLatin1String("account-cluster")) {
                clusters.append(entry);
            }
            all.append(findingJson(f));
        }
        out.insert(QStringLiteral("accounts"), accounts);
        out.insert(QStringLiteral("clusters"), clusters);
        out.insert(QStringLiteral("findings"), all);
        return out;
    }
};

Result<QByteArray> signalsJson(const RunContext &ctx)
{
    const QString path = ctx.text(QStringLiteral("lexicon"));
    if (path.isEmpty()) {
        QByteArray json = AccountSignals::builtInJson();
        if (json.isEmpty())
            return makeError(ErrorCode::Internal, QStringLiteral("The built-in account lexicon are missing."));
        return json;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read the account lexicon file %1.").arg(path));
    return file.readAll();
}

QJsonValue clusterValue(int c)
{
    return c >= 0 ? QJsonValue(c + 1) : QJsonValue();
}

Result<AnalysisResult> AccountsKind::run(RunContext &ctx) const
{
    Feedback &fb = ctx.feedback();
    auto json = signalsJson(ctx);
    if (!json)
        return json.error();
    auto lexicon = AccountSignals::fromJson(*json);
    if (!lexicon)
        return lexicon.error();
    ctx.setVersion(QStringLiteral("signals_sha256"),
                   QString::fromLatin1(QCryptographicHash::hash(*json, QCryptographicHash::Sha256).toHex()));
    ctx.setVersion(QStringLiteral("tokenizer"), text::TokenizerOptions().versionTag());

    // Model releases on the timeline.
    auto events = casefile::EventStore(ctx.db()).events();
    if (!events)
        return events.error();
    QList<ReleaseEvent> releases;
    QJsonArray releaseJson;
    for (const casefile::EventRow &e : std::as_const(*events))
        if (e.kind == QLatin1String("model-release")) {
            releases.append(ReleaseEvent { e.startUtc, e.title });
            releaseJson.append(QJsonObject { { QStringLiteral("event"), e.id },
                                             { QStringLiteral("title"), e.title },
                                             { QStringLiteral("utc"), e.startUtc } });
        }

    AccountProfileOptions po;
    po.sample = ctx.integer(QStringLiteral("sample"));
    po.releaseWindowDays = ctx.integer(QStringLiteral("release_window_days"));
    po.sessionGapSeconds = ctx.integer(QStringLiteral("session_gap_s"));
    po.templates.minShare = ctx.real(QStringLiteral("template_min_share"));
    po.templates.minPrompts = ctx.integer(QStringLiteral("template_min_prompts"));
    po.seed = quint64(ctx.parameters().value(QStringLiteral("seed")).toDouble());
    po.byActor = ctx.text(QStringLiteral("group_by")) == QLatin1String("actor");
    po.threads = ctx.threads();
    auto population = profileAccounts(ctx.db(), po, *lexicon, releases, fb);
    if (!population)
        return population.error();
    for (qint64 s : std::as_const(population->sources))
        ctx.useSource(s);
    if (population->profiles.empty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no query records with an account."));

    LinkOptions lo;
    lo.maxAccounts = ctx.integer(QStringLiteral("max_link_accounts"));
    lo.maxShare = ctx.real(QStringLiteral("max_link_share"));
    lo.threads = ctx.threads();
    auto linking = linkAccounts(population->profiles, lo, fb);
    if (!linking)
        return linking.error();

    RiskOptions ro;
    ro.threshold = ctx.real(QStringLiteral("threshold"));
    ro.harvestShare = ctx.real(QStringLiteral("harvest_share"));
    fb.setPhase(QStringLiteral("Scoring accounts"));
    const RiskResult risk = scoreAccounts(population->profiles, *linking, ro);

    // Clusters numbered by their best-ranked account.
    std::vector<int> rankOf(population->profiles.size());
    for (const AccountScore &s : risk.ranked)
        rankOf[size_t(s.profile)] = s.rank;
    std::vector<int> clusterOrder(linking->clusters.size());
    std::iota(clusterOrder.begin(), clusterOrder.end(), 0);
    auto bestRank = [&](int c) {
        int best = INT_MAX;
        for (int m : linking->clusters[size_t(c)])
            best = std::min(best, rankOf[size_t(m)]);
        return best;
    };
    std::sort(clusterOrder.begin(), clusterOrder.end(), [&](int a, int b) { return bestRank(a) < bestRank(b); });
    std::vector<int> clusterNumber(linking->clusters.size());
    for (size_t i = 0; i < clusterOrder.size(); ++i)
        clusterNumber[size_t(clusterOrder[i])] = int(i);
    auto clusterOfProfile = [&](int p) {
        const int c = linking->clusterOf[size_t(p)];
        return c < 0 ? -1 : clusterNumber[size_t(c)];
    };

    AnalysisResult result;
    std::vector<QString> strengthOf(population->profiles.size());
    int flagged = 0;
    for (const AccountScore &s : risk.ranked) {
        const AccountProfile &p = population->profiles[size_t(s.profile)];
        strengthOf[size_t(s.profile)] = s.strength;
        if (s.flagged)
            ++flagged;
        FindingRow f;
        f.kind = QStringLiteral("account-risk");
        f.subject = p.name;
        f.strength = s.strength;
        f.score = s.risk;
        f.statistic = double(s.rank);
        f.explanation = s.explanation;
        for (qint64 id : p.accountIds)
            f.refs.append({ QStringLiteral("account"), id, QStringLiteral("subject") });
        for (qsizetype i = 0; i < std::min<qsizetype>(p.sampleRecords.size(), 5); ++i)
            f.refs.append({ QStringLiteral("record"), p.sampleRecords[i], QStringLiteral("example") });
        if (!p.templates.empty())
            for (size_t i = 0; i < std::min<size_t>(p.templates.front().members.size(), 5); ++i)
                f.refs.append({ QStringLiteral("record"), p.sampleRecords[p.templates.front().members[i]],
                                QStringLiteral("template") });
        QJsonArray contributions;
        for (const FeatureContribution &c : s.contributions)
            contributions.append(QJsonObject { { QStringLiteral("feature"), c.feature },
                                               { QStringLiteral("value"), c.value },
                                               { QStringLiteral("z"), c.z },
                                               { QStringLiteral("contribution"), c.contribution },
                                               { QStringLiteral("text"), c.text } });
        QJsonArray templates;
        for (const PromptTemplate &t : p.templates)
            templates.append(
                QJsonObject { { QStringLiteral("text"), t.text },
                              { QStringLiteral("coverage"), t.coverage },
                              { QStringLiteral("sampled_prompts"), qint64(t.members.size()) },
                              { QStringLiteral("records_estimate"), qRound64(t.coverage * double(p.requests)) } });
        QJsonObject features = p.features;
        int links = 0;
        for (const AccountLink &l : linking->links)
            if (l.a == s.profile || l.b == s.profile)
                ++links;
        features.insert(QStringLiteral("links"), links);
        f.payload
            = QJsonObject { { QStringLiteral("account"), p.name },
                            { QStringLiteral("rank"), s.rank },
                            { QStringLiteral("risk"), s.risk },
                            { QStringLiteral("harvest_risk"), s.harvestRisk },
                            { QStringLiteral("cluster"), clusterValue(clusterOfProfile(s.profile)) },
                            { QStringLiteral("flagged"), s.flagged },
                            { QStringLiteral("unit"), p.isActor ? QStringLiteral("actor") : QStringLiteral("account") },
                            { QStringLiteral("accounts"), QJsonArray::fromStringList(p.accounts) },
                            { QStringLiteral("actor"), p.actor.isEmpty() ? QJsonValue() : QJsonValue(p.actor) },
                            { QStringLiteral("features"), features },
                            { QStringLiteral("top_features"), QJsonArray::fromStringList(s.topFeatures) },
                            { QStringLiteral("contributions"), contributions },
                            { QStringLiteral("mitigations"), QJsonArray::fromStringList(s.mitigations) },
                            { QStringLiteral("standardized"), s.standardized },
                            { QStringLiteral("templates"), templates } };
        result.findings.append(f);
    }

    static const QStringList kStrength { QStringLiteral("weak"), QStringLiteral("moderate"), QStringLiteral("strong") };
    for (size_t i = 0; i < clusterOrder.size(); ++i) {
        const std::vector<int> &members = linking->clusters[size_t(clusterOrder[i])];
        QStringList names;
        QString strength = QStringLiteral("weak");
        FindingRow f;
        for (int m : members) {
            names << population->profiles[size_t(m)].name;
            if (kStrength.indexOf(strengthOf[size_t(m)]) > kStrength.indexOf(strength))
                strength = strengthOf[size_t(m)];
            for (qint64 id : population->profiles[size_t(m)].accountIds)
                f.refs.append({ QStringLiteral("account"), id, QStringLiteral("member") });
        }
        QJsonArray links;
        QMap<QString, int> reasons;
        for (const AccountLink &l : linking->links) {
            if (linking->clusterOf[size_t(l.a)] != clusterOrder[i])
                continue;
            links.append(QJsonObject { { QStringLiteral("a"), population->profiles[size_t(l.a)].name },
                                       { QStringLiteral("b"), population->profiles[size_t(l.b)].name },
                                       { QStringLiteral("reason"), l.reason },
                                       { QStringLiteral("kind"), l.kind },
                                       { QStringLiteral("value"), l.value },
                                       { QStringLiteral("records"), l.records },
                                       { QStringLiteral("values"), l.values } });
            ++reasons[l.kind];
        }
        QStringList why;
        for (auto it = reasons.begin(); it != reasons.end(); ++it)
            why << QStringLiteral("%1 %2 link%3")
                       .arg(it.value())
                       .arg(it.key())
                       .arg(it.value() == 1 ? QString() : QStringLiteral("s"));
        f.kind = QStringLiteral("account-cluster");
        f.subject = QStringLiteral("cluster %1").arg(i + 1);
        f.strength = strength;
        f.score = double(members.size());
        f.statistic = double(links.size());
        f.explanation = QStringLiteral("Cluster %1: %2 accounts linked (%3): %4.")
                            .arg(i + 1)
                            .arg(members.size())
                            .arg(why.join(QStringLiteral(", ")), names.join(QStringLiteral(", ")));
        f.payload = QJsonObject { { QStringLiteral("id"), int(i) + 1 },
                                  { QStringLiteral("accounts"), QJsonArray::fromStringList(names) },
                                  { QStringLiteral("links"), links } };
        result.findings.append(f);
    }

    QJsonArray common;
    for (qsizetype i = 0; i < std::min<qsizetype>(linking->common.size(), 50); ++i)
        common.append(linking->common[i]);
    result.summary = QJsonObject { { QStringLiteral("group_by"), ctx.text(QStringLiteral("group_by")) },
                                   { QStringLiteral("threshold"), ro.threshold },
                                   { QStringLiteral("harvest_share"), ro.harvestShare },
                                   { QStringLiteral("account_count"), qint64(population->profiles.size()) },
                                   { QStringLiteral("records"), population->records },
                                   { QStringLiteral("records_without_account"), population->recordsWithoutAccount },
                                   { QStringLiteral("records_without_time"), population->recordsWithoutTime },
                                   { QStringLiteral("flagged"), flagged },
                                   { QStringLiteral("cluster_count"), qint64(linking->clusters.size()) },
                                   { QStringLiteral("link_count"), qint64(linking->links.size()) },
                                   { QStringLiteral("releases"), releaseJson },
                                   { QStringLiteral("reference"), risk.reference },
                                   { QStringLiteral("common_values"), common },
                                   { QStringLiteral("common_value_count"), qint64(linking->common.size()) } };
    if (population->recordsWithoutAccount > 0)
        result.notes << QStringLiteral("%1 query record(s) name no account and were not measured.")
                            .arg(population->recordsWithoutAccount);
    if (!linking->common.isEmpty())
        result.notes << QStringLiteral("%1 value(s) are shared too widely to link accounts (a proxy, a NAT, a common "
                                       "client or prompt), e.g. %2.")
                            .arg(linking->common.size())
                            .arg(linking->common.mid(0, 3).join(QStringLiteral("; ")));
    if (releases.isEmpty())
        result.notes << QStringLiteral("No model-release events on the timeline: activity is not lined up with "
                                       "releases.");
    return result;
}

} // namespace

namespace kinds {
std::unique_ptr<AnalysisKind> accounts()
{
    return std::make_unique<AccountsKind>();
}
} // namespace kinds

} // namespace lineage::forensics
