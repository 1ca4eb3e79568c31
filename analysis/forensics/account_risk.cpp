// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/account_risk.h"

#include "forensics/case_inputs.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>

namespace lineage::forensics {

namespace {

using Scale = RiskFeature::Scale;

double transform(const RiskFeature &f, double v)
{
    switch (f.scale) {
    case Scale::Plain:
        return v;
    case Scale::Log10:
        return std::log10(std::max(v, 1e-3));
    case Scale::Log2:
        return std::log2(std::max(v, 1e-3));
    case Scale::Log2Plus1:
        return std::log2(1.0 + std::max(v, 0.0));
    }
    return v;
}

// How many observations a share rests on.
double basis(const RiskFeature &f, const AccountProfile &p)
{
    const QString name = QString::fromLatin1(f.name);
    if (name.startsWith(QLatin1String("top_template")) || name.startsWith(QLatin1String("template")))
        return double(p.sampled);
    return double(p.requests);
}

QString count(double v)
{
    return QLocale::c().toString(qint64(std::llround(v)));
}

QString percent(double v)
{
    if (v >= 0.995)
        return QStringLiteral("100%");
    if (v > 0 && v < 0.01)
        return QStringLiteral("<1%");
    return QStringLiteral("%1%").arg(qRound(v * 100));
}

double value(const AccountProfile &p, const char *name, double fallback = 0)
{
    const auto it = p.values.find(QString::fromLatin1(name));
    return it == p.values.end() ? fallback : it->second;
}

bool has(const AccountProfile &p, const char *name)
{
    return p.values.count(QString::fromLatin1(name)) > 0;
}

struct LinkFacts
{
    QSet<int> linked;
    QSet<QString> ips;
    QSet<QString> kinds;
};

QString featureText(const QString &feature, const AccountProfile &p, const LinkFacts &links)
{
    if (feature == QLatin1String("requests") || feature == QLatin1String("requests_per_active_day"))
        return QStringLiteral("%1 requests in %2 active days").arg(count(p.requests), count(value(p, "active_days")));
    if (feature == QLatin1String("peak_hour_requests"))
        return QStringLiteral("up to %1 requests in one hour").arg(count(value(p, "peak_hour_requests")));
    if (feature == QLatin1String("burstiness"))
        return QStringLiteral("activity in bursts (burstiness %1)").arg(value(p, "burstiness"), 0, 'f', 2);
    if (feature == QLatin1String("session_gap_cv"))
        return QStringLiteral("requests every %1 s with clockwork regularity (pause CV %2)")
            .arg(qRound(value(p, "median_session_gap_s")))
            .arg(value(p, "session_gap_cv"), 0, 'f', 2);
    if (feature == QLatin1String("night_share"))
        return QStringLiteral("%1 at night in its apparent zone (UTC%2)")
            .arg(percent(value(p, "night_share")), p.features.value(QStringLiteral("zone_inferred")).toString());
    if (feature == QLatin1String("weekend_share"))
        return QStringLiteral("%1 on weekends").arg(percent(value(p, "weekend_share")));
    if (feature == QLatin1String("top_template_share") || feature == QLatin1String("template_fill_share"))
        return QStringLiteral("%1 from one template (\"%2\")")
            .arg(percent(value(p, "top_template_share")),
                 quote(p.features.value(QStringLiteral("top_template")).toString(), 90));
    if (feature == QLatin1String("topic_spread"))
        return QStringLiteral("prompts spread evenly over %1 topics (spread %2)")
            .arg(qRound(value(p, "topic_count")))
            .arg(value(p, "topic_spread"), 0, 'f', 2);
    if (feature == QLatin1String("cot_share"))
        return value(p, "cot_share") >= 0.995
            ? QStringLiteral("every request asks for step-by-step reasoning")
            : QStringLiteral("%1 of requests ask for step-by-step reasoning").arg(percent(value(p, "cot_share")));
    if (feature == QLatin1String("n_gt1_share"))
        return QStringLiteral("%1 ask for several completions (n up to %2)")
            .arg(percent(value(p, "n_gt1_share")))
            .arg(qRound(value(p, "max_n")));
    if (feature == QLatin1String("logprobs_share"))
        return value(p, "logprobs_share") >= 0.995
            ? QStringLiteral("every request asks for token log-probabilities")
            : QStringLiteral("%1 ask for token log-probabilities").arg(percent(value(p, "logprobs_share")));
    if (feature == QLatin1String("system_prompt_reuse"))
        return QStringLiteral("one system prompt in %1 of requests").arg(percent(value(p, "system_prompt_reuse")));
    if (feature == QLatin1String("output_input_ratio"))
        return QStringLiteral("answers %1x as long as the prompts").arg(value(p, "output_input_ratio"), 0, 'f', 1);
    if (feature == QLatin1String("truncated_share"))
        return QStringLiteral("%1 of answers cut at max_tokens").arg(percent(value(p, "truncated_share")));
    if (feature == QLatin1String("distance_normality_w"))
        return QStringLiteral("distances between its queries look normally distributed (Shapiro-Wilk W %1), as "
                              "systematic extraction's do")
            .arg(value(p, "distance_normality_w"), 0, 'f', 3);
    if (feature == QLatin1String("pre_release_lift"))
        return QStringLiteral("%1 of its requests in the days before %2 (%3), %4x the population's share")
            .arg(percent(value(p, "pre_release_share")), p.features.value(QStringLiteral("release")).toString(),
                 p.features.value(QStringLiteral("release_date")).toString())
            .arg(value(p, "pre_release_lift"), 0, 'f', 1);
    if (feature == QLatin1String("linked_accounts")) {
        const int others = int(links.linked.size());
        if (!links.ips.isEmpty())
            return QStringLiteral("shares %1 IP%2 with %3 other account%4")
                .arg(links.ips.size())
                .arg(links.ips.size() == 1 ? QString() : QStringLiteral("s"))
                .arg(others)
                .arg(others == 1 ? QString() : QStringLiteral("s"));
        QStringList kinds(links.kinds.begin(), links.kinds.end());
        std::sort(kinds.begin(), kinds.end());
        return QStringLiteral("linked to %1 other account%2 by %3")
            .arg(others)
            .arg(others == 1 ? QString() : QStringLiteral("s"))
            .arg(kinds.join(QStringLiteral(", ")));
    }
    return feature;
}

// What keeps a heavy or templated account low: the harvesting signs it lacks.
QStringList mitigationsOf(const AccountProfile &p)
{
    QStringList out;
    if (value(p, "cot_share") < 0.05)
        out << QStringLiteral("no chain-of-thought requests");
    if (value(p, "n_gt1_share") < 0.05)
        out << QStringLiteral("one completion per request");
    if (value(p, "logprobs_share") < 0.05)
        out << QStringLiteral("no log-probabilities");
    if (has(p, "output_input_ratio") && value(p, "output_input_ratio") < 1.0)
        out << QStringLiteral("answers shorter than the prompts (ratio %1)")
                   .arg(value(p, "output_input_ratio"), 0, 'f', 2);
    if (value(p, "distinct_prompt_share", 1) < 0.5)
        out << QStringLiteral("only %1 distinct prompts (the same prompts asked again)")
                   .arg(percent(value(p, "distinct_prompt_share")));
    if (has(p, "topic_spread") && value(p, "topic_count") <= 2)
        out << QStringLiteral("prompts on %1 topic%2 (%3)")
                   .arg(qRound(std::max(1.0, value(p, "topic_count"))))
                   .arg(value(p, "topic_count") > 1 ? QStringLiteral("s") : QString())
                   .arg(p.features.value(QStringLiteral("top_topic")).toString());
    return out;
}

} // namespace

const std::vector<RiskFeature> &riskFeatures()
{
    static const std::vector<RiskFeature> features {
        { "requests", 1.0, +1, Scale::Log10, false, 0.1, false },
        { "requests_per_active_day", 0.75, +1, Scale::Log10, false, 0.1, false },
        { "peak_hour_requests", 0.5, +1, Scale::Log10, false, 0.1, false },
        { "burstiness", 0.5, +1, Scale::Plain, false, 0.05, false },
        { "session_gap_cv", 0.75, -1, Scale::Plain, false, 0.05, false },
        { "night_share", 0.5, +1, Scale::Plain, true, 0.02, false },
        { "weekend_share", 0.25, +1, Scale::Plain, true, 0.02, false },
        { "top_template_share", 1.0, +1, Scale::Plain, true, 0.02, false },
        { "template_fill_share", 0.75, +1, Scale::Plain, true, 0.02, false },
        { "topic_spread", 1.0, +1, Scale::Plain, false, 0.05, true },
        { "cot_share", 1.5, +1, Scale::Plain, true, 0.02, true },
        { "n_gt1_share", 1.25, +1, Scale::Plain, true, 0.02, true },
        { "logprobs_share", 1.0, +1, Scale::Plain, true, 0.02, true },
        { "system_prompt_reuse", 0.25, +1, Scale::Plain, true, 0.02, false },
        { "output_input_ratio", 1.0, +1, Scale::Log10, false, 0.05, true },
        { "truncated_share", 0.25, +1, Scale::Plain, true, 0.02, false },
        { "distance_normality_w", 0.5, +1, Scale::Plain, false, 0.02, false },
        { "pre_release_lift", 1.0, +1, Scale::Log2, false, 0.1, true },
        { "linked_accounts", 0.75, +1, Scale::Log2Plus1, false, 0.5, false },
    };
    return features;
}

double robustMedian(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}

double robustScale(const std::vector<double> &values, double median, double floor)
{
    if (values.empty())
        return floor;
    std::vector<double> dev;
    dev.reserve(values.size());
    double sum = 0;
    for (double x : values) {
        dev.push_back(std::fabs(x - median));
        sum += dev.back();
    }
    double scale = 1.4826 * robustMedian(dev);
    if (scale <= 0)
        scale = 1.2533 * sum / double(values.size());
    return std::max(scale, floor);
}

RiskResult scoreAccounts(const std::vector<AccountProfile> &profiles, const AccountLinking &linking,
                         const RiskOptions &options)
{
    RiskResult out;
    const size_t n = profiles.size();
    std::vector<LinkFacts> facts(n);
    for (const AccountLink &l : linking.links) {
        for (const auto &[self, other] : { std::pair { l.a, l.b }, std::pair { l.b, l.a } }) {
            facts[size_t(self)].linked.insert(other);
            facts[size_t(self)].kinds.insert(l.kind);
            if (l.kind == QLatin1String("ip"))
                facts[size_t(self)].ips.insert(l.value);
        }
    }
    auto raw = [&](const RiskFeature &f, size_t i) -> std::optional<double> {
        if (std::string_view(f.name) == "linked_accounts")
            return double(facts[i].linked.size());
        const auto it = profiles[i].values.find(QString::fromLatin1(f.name));
        if (it == profiles[i].values.end())
            return std::nullopt;
        return it->second;
    };

    double totalWeight = 0;
    for (const RiskFeature &f : riskFeatures())
        totalWeight += f.weight;
    out.ranked.resize(n);
    for (size_t i = 0; i < n; ++i)
        out.ranked[i].profile = int(i);

    for (const RiskFeature &f : riskFeatures()) {
        std::vector<double> measured;
        for (size_t i = 0; i < n; ++i)
            if (auto v = raw(f, i))
                measured.push_back(*v);
        if (measured.empty())
            continue;
        const double rawMedian = robustMedian(measured);
        // Shrink shares toward the population's median, then standardize.
        std::vector<std::optional<double>> scored(n);
        std::vector<double> present;
        for (size_t i = 0; i < n; ++i) {
            auto v = raw(f, i);
            if (!v)
                continue;
            double x = *v;
            if (f.share) {
                const double b = basis(f, profiles[i]);
                x = (x * b + rawMedian * options.shrinkage) / (b + options.shrinkage);
            }
            scored[i] = transform(f, x);
            present.push_back(*scored[i]);
        }
        const double med = robustMedian(present);
        const double scale = robustScale(present, med, f.floor);
        out.reference.insert(QString::fromLatin1(f.name),
                             QJsonObject { { QStringLiteral("median"), med },
                                           { QStringLiteral("scale"), scale },
                                           { QStringLiteral("raw_median"), rawMedian },
                                           { QStringLiteral("accounts"), qint64(present.size()) },
                                           { QStringLiteral("weight"), f.weight },
                                           { QStringLiteral("direction"), f.direction } });
        for (size_t i = 0; i < n; ++i) {
            if (!scored[i])
                continue;
            const double z = f.direction * (*scored[i] - med) / scale;
            AccountScore &s = out.ranked[i];
            s.standardized.insert(QString::fromLatin1(f.name), z);
            const double c = f.weight * std::clamp(z, 0.0, options.zCap) / totalWeight;
            s.risk += c;
            if (f.harvestSpecific)
                s.harvestRisk += c;
            if (c > 0)
                s.contributions.push_back(FeatureContribution { QString::fromLatin1(f.name), *raw(f, i), z, c, {} });
        }
    }

    for (AccountScore &s : out.ranked) {
        const AccountProfile &p = profiles[size_t(s.profile)];
        std::stable_sort(s.contributions.begin(), s.contributions.end(),
                         [](const FeatureContribution &a, const FeatureContribution &b) {
                             return a.contribution > b.contribution;
                         });
        for (FeatureContribution &c : s.contributions)
            c.text = featureText(c.feature, p, facts[size_t(s.profile)]);
        const bool overThreshold = s.risk >= options.threshold;
        const bool automationOnly = overThreshold && s.harvestRisk < options.harvestShare * options.threshold;
        s.flagged = overThreshold && !automationOnly;
        const bool linked = linking.clusterOf[size_t(s.profile)] >= 0;
        s.strength = s.flagged && (s.risk >= 2 * options.threshold || linked) ? QStringLiteral("strong")
            : s.flagged                                                       ? QStringLiteral("moderate")
                                                                              : QStringLiteral("weak");
        QStringList phrases;
        QSet<QString> said;
        for (const FeatureContribution &c : s.contributions) {
            if (c.z < 1.0 || int(s.topFeatures.size()) >= options.topFeatures)
                break;
            s.topFeatures << c.feature;
            if (c.feature == QLatin1String("requests") || c.feature == QLatin1String("requests_per_active_day"))
                continue; // the sentence opens with the volume anyway
            if (!said.contains(c.text)) {
                said.insert(c.text);
                phrases << c.text;
            }
        }
        QString sentence = QStringLiteral("%1: %2 requests").arg(p.name, count(double(p.requests)));
        if (has(p, "active_days"))
            sentence += QStringLiteral(" in %1 active day%2")
                            .arg(count(value(p, "active_days")))
                            .arg(value(p, "active_days") == 1 ? QString() : QStringLiteral("s"));
        if (p.isActor)
            sentence += QStringLiteral(" from %1 accounts").arg(p.accounts.size());
        const bool heavy = s.standardized.value(QStringLiteral("requests")).toDouble() >= 2.0
            || s.standardized.value(QStringLiteral("requests_per_active_day")).toDouble() >= 2.0
            || value(p, "top_template_share") >= 0.5 || s.standardized.value(QStringLiteral("session_gap_cv")).toDouble() >= 2.0;
        if (!phrases.isEmpty())
            sentence += QStringLiteral(", ") + phrases.join(QStringLiteral(", "));
        if (automationOnly) {
            s.mitigations = mitigationsOf(p);
            sentence
                += QStringLiteral("; not flagged: its risk (%1) comes from automation (volume, rhythm, templates), "
                                  "not from signs of harvesting answers")
                       .arg(s.risk, 0, 'f', 2);
            if (!s.mitigations.isEmpty())
                sentence += QStringLiteral(": ") + s.mitigations.join(QStringLiteral(", "));
        } else if (!s.flagged && heavy) {
            s.mitigations = mitigationsOf(p);
            if (!s.mitigations.isEmpty())
                sentence += QStringLiteral("; ranks below the threshold: ") + s.mitigations.join(QStringLiteral(", "));
        } else if (phrases.isEmpty()) {
            sentence += QStringLiteral("; nothing stands out against the population");
        }
        s.explanation = sentence + QLatin1Char('.');
    }
    std::stable_sort(out.ranked.begin(), out.ranked.end(), [&](const AccountScore &a, const AccountScore &b) {
        if (a.risk != b.risk)
            return a.risk > b.risk;
        return profiles[size_t(a.profile)].name < profiles[size_t(b.profile)].name;
    });
    for (size_t r = 0; r < out.ranked.size(); ++r)
        out.ranked[r].rank = int(r) + 1;
    return out;
}

} // namespace lineage::forensics
