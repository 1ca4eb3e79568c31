// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/account_profile.h"

#include "casefile/account_activity_store.h"
#include "casefile/analysis_input_store.h"
#include "forensics/shapiro_wilk.h"
#include "similarity/hashing.h"
#include "similarity/near_duplicates.h"
#include "similarity/parallel.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace lineage::forensics {

namespace {

constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kNoTime = std::numeric_limits<qint64>::min();

quint64 hashBytes(QByteArrayView b)
{
    const auto *p = reinterpret_cast<const unsigned char *>(b.data());
    size_t n = size_t(b.size());
    quint64 h = 0x9E3779B97F4A7C15ULL ^ (quint64(n) * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        quint64 v;
        std::memcpy(&v, p, 8);
        h = similarity::rotl64(h ^ similarity::fmix64(v), 29) * 0x9E3779B97F4A7C15ULL;
        p += 8;
        n -= 8;
    }
    quint64 tail = 0;
    if (n)
        std::memcpy(&tail, p, n);
    return similarity::fmix64(h ^ similarity::fmix64(tail ^ 0x2545F4914F6CDD1DULL));
}

void bump(QHash<QByteArray, qint64> &h, QByteArrayView v)
{
    if (v.isEmpty())
        return;
    const QByteArray probe = QByteArray::fromRawData(v.data(), v.size());
    const auto it = h.find(probe);
    if (it != h.end())
        ++*it;
    else
        h.insert(QByteArray(v.data(), v.size()), 1);
}

QString subnetOf(const QString &ip)
{
    if (ip.contains(QLatin1Char(':'))) {
        const QStringList parts = ip.split(QLatin1Char(':'));
        if (parts.size() < 3)
            return {};
        return QStringLiteral("%1:%2:%3::/48").arg(parts[0], parts[1], parts[2]);
    }
    const QStringList parts = ip.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return {};
    return QStringLiteral("%1.%2.%3.0/24").arg(parts[0], parts[1], parts[2]);
}

QString offsetText(qint64 seconds)
{
    const qint64 a = std::abs(seconds);
    return QStringLiteral("%1%2:%3")
        .arg(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(a / 3600, 2, 10, QLatin1Char('0'))
        .arg((a % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    const size_t m = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + qsizetype(m), v.end());
    const double hi = v[m];
    if (v.size() % 2)
        return hi;
    return (*std::max_element(v.begin(), v.begin() + qsizetype(m)) + hi) / 2.0;
}

struct Sampled
{
    qint64 id = 0;
    qint64 time = kNoTime;
    QByteArray text;
};

// What the scan gathers for one account (or actor).
struct Unit
{
    QString name;
    bool isActor = false;
    QString actor;
    QStringList accounts;
    QList<qint64> accountIds;
    qint64 expected = 0;
    quint64 sampleBelow = 0; // a record is sampled when its hash is at most this
    std::vector<qint64> times;
    std::vector<quint64> prompts;
    qint64 requests = 0, cot = 0, logprobs = 0, topLogprobs = 0, nGt1 = 0, completions = 0, maxN = 1;
    qint64 truncated = 0, withSystem = 0, promptTokens = 0, completionTokens = 0, tokenRecords = 0;
    qint64 temperatures = 0, temperatureZero = 0;
    double temperatureSum = 0;
    QHash<qint64, qint64> offsets;
    QHash<QByteArray, qint64> ips, orgs, keys, userAgents;
    QHash<quint64, qint64> systems;
    QHash<quint64, QString> systemText;
    std::vector<qint64> inWindow; // per release
    std::vector<Sampled> sample;
};

struct Shared
{
    const AccountProfileOptions &options;
    const AccountSignals &lexicon;
    const QList<ReleaseEvent> &releases;
    std::vector<double> populationWindowShare; // per release, -1 when outside the logs
};

void set(AccountProfile &p, const char *name, double v)
{
    const QString key = QString::fromLatin1(name);
    if (!std::isfinite(v)) {
        p.features.insert(key, QJsonValue());
        return;
    }
    p.values[key] = v;
    p.features.insert(key, v);
}

void setNull(AccountProfile &p, const char *name)
{
    p.features.insert(QString::fromLatin1(name), QJsonValue());
}

void timing(const Unit &u, const Shared &shared, AccountProfile &p)
{
    std::vector<qint64> t = u.times;
    std::sort(t.begin(), t.end());
    if (t.empty()) {
        for (const char *name : { "active_days", "span_days", "requests_per_active_day", "requests_per_active_hour",
                                  "peak_hour_requests", "burstiness", "session_gap_cv", "median_session_gap_s",
                                  "night_share", "weekend_share", "night_share_stated", "pre_release_share",
                                  "pre_release_lift" })
            setNull(p, name);
        return;
    }
    p.firstUtc = t.front();
    p.lastUtc = t.back();
    p.features.insert(QStringLiteral("first_utc"), isoUtc(t.front()));
    p.features.insert(QStringLiteral("last_utc"), isoUtc(t.back()));

    // The stated zone: the offset the log wrote most often.
    std::optional<qint64> stated;
    qint64 statedCount = 0;
    for (auto it = u.offsets.constBegin(); it != u.offsets.constEnd(); ++it)
        if (it.value() > statedCount || (it.value() == statedCount && stated && it.key() < *stated)) {
            stated = it.key();
            statedCount = it.value();
        }
    std::array<qint64, 24> hours {};
    for (qint64 ms : t)
        ++hours[size_t(floorDiv(ms, kHourMs) % 24 + 24) % 24];
    const ZoneFit zone = inferZone(hours, stated ? std::optional<int>(int(std::lround(double(*stated) / 3600.0)))
                                                 : std::nullopt);
    const qint64 shift = qint64(zone.offsetHours) * kHourMs;
    p.features.insert(QStringLiteral("zone_inferred"), offsetText(qint64(zone.offsetHours) * 3600));
    set(p, "zone_inferred_hours", zone.offsetHours);
    set(p, "zone_fit_bits", zone.bitsPerRequest);
    p.features.insert(QStringLiteral("zone_stated"), stated ? QJsonValue(offsetText(*stated)) : QJsonValue());

    QSet<qint64> days, clockHours;
    QHash<qint64, qint64> perHour;
    qint64 night = 0, weekend = 0, nightStated = 0;
    for (qint64 ms : t) {
        const qint64 local = ms + shift;
        const qint64 day = floorDiv(local, kDayMs);
        days.insert(day);
        const qint64 hourBucket = floorDiv(ms, kHourMs);
        clockHours.insert(hourBucket);
        ++perHour[hourBucket];
        const qint64 hour = floorDiv(local, kHourMs) - day * 24;
        if (hour < 6)
            ++night;
        const qint64 dow = ((day + 3) % 7 + 7) % 7; // 0 = Monday; 1970-01-01 was a Thursday
        if (dow >= 5)
            ++weekend;
        if (stated) {
            const qint64 s = ms + *stated * 1000;
            const qint64 sh = floorDiv(s, kHourMs) - floorDiv(s, kDayMs) * 24;
            if (sh < 6)
                ++nightStated;
        }
    }
    const double n = double(t.size());
    qint64 peak = 0;
    for (qint64 c : std::as_const(perHour))
        peak = std::max(peak, c);
    set(p, "active_days", double(days.size()));
    set(p, "span_days", double(t.back() - t.front()) / double(kDayMs));
    set(p, "requests_per_active_day", n / double(days.size()));
    set(p, "requests_per_active_hour", n / double(clockHours.size()));
    set(p, "peak_hour_requests", double(peak));
    set(p, "night_share", double(night) / n);
    set(p, "weekend_share", double(weekend) / n);
    if (stated)
        set(p, "night_share_stated", double(nightStated) / n);
    else
        setNull(p, "night_share_stated");

    // Pauses: burstiness over all of them, regularity within sessions.
    std::vector<double> gaps, session;
    for (size_t i = 1; i < t.size(); ++i) {
        const double g = double(t[i] - t[i - 1]) / 1000.0;
        gaps.push_back(g);
        if (g <= double(shared.options.sessionGapSeconds))
            session.push_back(g);
    }
    auto meanSd = [](const std::vector<double> &v) {
        double m = 0;
        for (double x : v)
            m += x;
        m /= double(v.size());
        double ss = 0;
        for (double x : v)
            ss += (x - m) * (x - m);
        return std::pair { m, std::sqrt(ss / double(v.size())) };
    };
    if (gaps.size() >= 2) {
        const auto [m, sd] = meanSd(gaps);
        if (m + sd > 0)
            set(p, "burstiness", (sd - m) / (sd + m));
        else
            setNull(p, "burstiness");
    } else {
        setNull(p, "burstiness");
    }
    if (session.size() >= 5) {
        const auto [m, sd] = meanSd(session);
        if (m > 0)
            set(p, "session_gap_cv", sd / m);
        else
            setNull(p, "session_gap_cv");
        set(p, "median_session_gap_s", median(session));
    } else {
        setNull(p, "session_gap_cv");
        setNull(p, "median_session_gap_s");
    }

    // Activity before a model release, against the population's share in the same window.
    double bestLift = -1;
    int bestRelease = -1;
    for (int r = 0; r < shared.releases.size(); ++r) {
        const double population = shared.populationWindowShare[size_t(r)];
        if (population <= 0)
            continue;
        const double share = double(u.inWindow[size_t(r)]) / n;
        const double lift = share / population;
        if (lift > bestLift) {
            bestLift = lift;
            bestRelease = r;
        }
    }
    if (bestRelease >= 0) {
        const ReleaseEvent &e = shared.releases[bestRelease];
        set(p, "pre_release_share", double(u.inWindow[size_t(bestRelease)]) / n);
        set(p, "pre_release_lift", bestLift);
        set(p, "population_pre_release_share", shared.populationWindowShare[size_t(bestRelease)]);
        p.features.insert(QStringLiteral("release"), e.title);
        p.features.insert(QStringLiteral("release_date"),
                          QDateTime::fromMSecsSinceEpoch(e.utc, Qt::UTC).date().toString(Qt::ISODate));
    } else {
        setNull(p, "pre_release_share");
        setNull(p, "pre_release_lift");
    }
}

void counts(const Unit &u, AccountProfile &p)
{
    const double n = double(u.requests);
    set(p, "requests", n);
    std::vector<quint64> distinct = u.prompts;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    set(p, "distinct_prompt_share", double(distinct.size()) / n);
    set(p, "cot_share", double(u.cot) / n);
    set(p, "logprobs_share", double(u.logprobs) / n);
    set(p, "top_logprobs_share", double(u.topLogprobs) / n);
    set(p, "n_gt1_share", double(u.nGt1) / n);
    set(p, "mean_completions", double(u.completions) / n);
    set(p, "max_n", double(u.maxN));
    set(p, "truncated_share", double(u.truncated) / n);
    set(p, "system_prompt_share", double(u.withSystem) / n);
    qint64 topSystem = 0;
    quint64 topHash = 0;
    for (auto it = u.systems.constBegin(); it != u.systems.constEnd(); ++it)
        if (it.value() > topSystem || (it.value() == topSystem && it.key() < topHash)) {
            topSystem = it.value();
            topHash = it.key();
        }
    set(p, "system_prompt_reuse", double(topSystem) / n);
    p.features.insert(QStringLiteral("top_system_prompt"),
                      topSystem > 0 ? QJsonValue(u.systemText.value(topHash)) : QJsonValue());
    if (u.promptTokens > 0)
        set(p, "output_input_ratio", double(u.completionTokens) / double(u.promptTokens));
    else
        setNull(p, "output_input_ratio");
    if (u.temperatures > 0) {
        set(p, "temperature_mean", u.temperatureSum / double(u.temperatures));
        set(p, "temperature_zero_share", double(u.temperatureZero) / double(u.temperatures));
    } else {
        setNull(p, "temperature_mean");
        setNull(p, "temperature_zero_share");
    }
    for (auto it = u.ips.constBegin(); it != u.ips.constEnd(); ++it) {
        const QString ip = QString::fromUtf8(it.key());
        p.ips[ip] += it.value();
        if (const QString net = subnetOf(ip); !net.isEmpty())
            p.subnets[net] += it.value();
    }
    for (auto it = u.orgs.constBegin(); it != u.orgs.constEnd(); ++it)
        p.orgs[QString::fromUtf8(it.key())] += it.value();
    for (auto it = u.keys.constBegin(); it != u.keys.constEnd(); ++it)
        p.keys[QString::fromUtf8(it.key())] += it.value();
    for (auto it = u.userAgents.constBegin(); it != u.userAgents.constEnd(); ++it)
        p.userAgents[QString::fromUtf8(it.key())] += it.value();
    p.systemPrompts = u.systems;
    p.systemPromptText = u.systemText;
    set(p, "ips", double(p.ips.size()));
    set(p, "subnets", double(p.subnets.size()));
    set(p, "orgs", double(p.orgs.size()));
    set(p, "keys", double(p.keys.size()));
    set(p, "user_agents", double(p.userAgents.size()));
}

void sampled(Unit &u, const Shared &shared, AccountProfile &p)
{
    const AccountProfileOptions &o = shared.options;
    std::sort(u.sample.begin(), u.sample.end(), [](const Sampled &a, const Sampled &b) {
        return a.time != b.time ? a.time < b.time : a.id < b.id;
    });
    const text::Tokenizer tokenizer;
    std::vector<PromptShingles> shingles;
    std::vector<std::vector<quint64>> maskedTokens;
    std::vector<text::TokenizedText> tokenized;
    std::vector<QString> texts;
    std::vector<int> topics(size_t(shared.lexicon.topics().size()), 0);
    int topical = 0;
    std::vector<quint64> raw, masked;
    std::vector<bool> isMasked;
    for (const Sampled &s : u.sample) {
        p.sampleRecords.append(s.id);
        QString text = QString::fromUtf8(s.text);
        text::TokenizedText tokens = tokenizer.tokenize(text);
        maskedTokenHashes(tokens, raw, masked, isMasked);
        PromptShingles ps;
        ps.masked = shinglesOf(masked, o.templates.shingle);
        ps.raw = shinglesOf(raw, o.templates.shingle);
        const int topic = shared.lexicon.topicOf(tokens);
        if (topic >= 0) {
            ++topics[size_t(topic)];
            ++topical;
        }
        shingles.push_back(std::move(ps));
        maskedTokens.push_back(masked);
        tokenized.push_back(std::move(tokens));
        texts.push_back(std::move(text));
    }
    p.sampled = int(u.sample.size());
    set(p, "sampled_prompts", double(p.sampled));

    // Templates, shown from their first member.
    TemplateAnalysis templates = findTemplates(shingles, o.templates);
    for (PromptTemplate &t : templates.templates) {
        const int first = t.members.front();
        t.text = templateText(texts[size_t(first)], tokenized[size_t(first)], maskedTokens[size_t(first)], t.frame,
                              o.templates.shingle);
    }
    set(p, "template_count", double(templates.templates.size()));
    set(p, "top_template_share", templates.topShare);
    set(p, "template_coverage", templates.anyShare);
    set(p, "template_fill_share", templates.topShare * p.values[QStringLiteral("distinct_prompt_share")]);
    p.features.insert(QStringLiteral("top_template"),
                      templates.templates.empty() ? QJsonValue() : QJsonValue(templates.templates.front().text));
    p.templates = std::move(templates.templates);

    // The spread of topics: normalized entropy over the topics the prompts fall in.
    if (topical > 0 && topics.size() > 1) {
        double h = 0;
        int covered = 0;
        int best = 0;
        for (size_t t = 0; t < topics.size(); ++t) {
            if (topics[t] == 0)
                continue;
            const double q = double(topics[t]) / double(topical);
            h -= q * std::log(q);
            if (topics[t] >= std::max(2.0, 0.05 * topical))
                ++covered;
            if (topics[t] > topics[size_t(best)])
                best = int(t);
        }
        set(p, "topic_spread", h / std::log(double(topics.size())));
        set(p, "topic_count", covered);
        set(p, "topical_share", double(topical) / double(u.sample.size()));
        p.features.insert(QStringLiteral("top_topic"), shared.lexicon.topics()[best]);
    } else {
        setNull(p, "topic_spread");
        set(p, "topic_count", 0);
        set(p, "topical_share", 0);
        p.features.insert(QStringLiteral("top_topic"), QJsonValue());
    }

    // PRADA: each prompt's distance to the nearest earlier one (Jaccard distance of word
    // shingles), and whether those distances are normally distributed.
    std::vector<double> distances;
    for (size_t i = 1; i < shingles.size(); ++i) {
        const auto &a = shingles[i].raw;
        if (a.empty())
            continue;
        double nearest = 1.0;
        for (size_t j = 0; j < i && nearest > 0; ++j) {
            const auto &b = shingles[j].raw;
            if (b.empty())
                continue;
            nearest = std::min(nearest, 1.0 - similarity::measurePair(0, 0, a, b).jaccard);
        }
        distances.push_back(nearest);
    }
    if (distances.size() >= 20) {
        set(p, "distance_median", median(distances));
        if (const auto sw = shapiroWilk(distances)) {
            set(p, "distance_normality_w", sw->w);
            set(p, "distance_normality_p", sw->p);
        } else {
            setNull(p, "distance_normality_w");
            setNull(p, "distance_normality_p");
        }
    } else {
        setNull(p, "distance_median");
        setNull(p, "distance_normality_w");
        setNull(p, "distance_normality_p");
    }
    u.sample.clear();
    u.sample.shrink_to_fit();
}

} // namespace

const std::array<double, 24> &dailyRhythm()
{
    // A generic working-day-and-evening curve of online activity by local hour: lowest
    // between 02:00 and 05:00, highest from mid-morning to late afternoon.
    static const std::array<double, 24> rhythm = [] {
        std::array<double, 24> w { 1.5, 0.8, 0.5, 0.4, 0.4, 0.6, 1.2, 2.5, 4.5, 6.0, 6.8, 7.0,
                                   6.5, 6.8, 7.0, 6.8, 6.3, 5.6, 4.8, 4.5, 4.3, 4.0, 3.3, 2.4 };
        const double sum = std::accumulate(w.begin(), w.end(), 0.0);
        for (double &x : w)
            x /= sum;
        return w;
    }();
    return rhythm;
}

ZoneFit inferZone(const std::array<qint64, 24> &utcHours, std::optional<int> statedHours)
{
    const auto &rhythm = dailyRhythm();
    qint64 n = 0;
    for (qint64 c : utcHours)
        n += c;
    ZoneFit best;
    double bestLl = -std::numeric_limits<double>::infinity();
    for (int o = -12; o <= 14; ++o) {
        double ll = 0;
        for (int h = 0; h < 24; ++h)
            if (utcHours[size_t(h)])
                ll += double(utcHours[size_t(h)]) * std::log(rhythm[size_t(((h + o) % 24 + 24) % 24)]);
        const auto closer = [&](int a, int b) {
            // Ties: nearer the stated zone, then nearer UTC, then the western one.
            const int ref = statedHours.value_or(0);
            if (std::abs(a - ref) != std::abs(b - ref))
                return std::abs(a - ref) < std::abs(b - ref);
            if (std::abs(a) != std::abs(b))
                return std::abs(a) < std::abs(b);
            return a < b;
        };
        if (ll > bestLl + 1e-9 || (std::abs(ll - bestLl) <= 1e-9 && closer(o, best.offsetHours))) {
            bestLl = ll;
            best.offsetHours = o;
        }
    }
    if (n > 0)
        best.bitsPerRequest = (bestLl - double(n) * std::log(1.0 / 24.0)) / double(n) / std::log(2.0);
    return best;
}

Result<AccountPopulation> profileAccounts(casefile::Database &db, const AccountProfileOptions &options,
                                          const AccountSignals &lexicon, const QList<ReleaseEvent> &releases,
                                          Feedback &feedback)
{
    casefile::AccountActivityStore store(db);
    auto accounts = store.accounts();
    if (!accounts)
        return accounts.error();
    AccountPopulation population;
    auto without = store.recordsWithoutAccount();
    if (!without)
        return without.error();
    population.recordsWithoutAccount = *without;
    auto sources = casefile::AnalysisInputStore(db).queryLogSources();
    if (!sources)
        return sources.error();
    for (const casefile::InputSource &s : *sources)
        population.sources << s.id;

    // Units: accounts, or one per actor when grouped by actor; in name order.
    std::vector<Unit> units;
    QHash<QString, int> unitByKey;
    QHash<qint64, int> unitOfAccount;
    for (const casefile::AccountSummaryRow &a : std::as_const(*accounts)) {
        const bool asActor = options.byActor && a.actorId;
        const QString key = asActor ? QStringLiteral("actor:%1").arg(*a.actorId) : QStringLiteral("account:%1").arg(a.id);
        int index = unitByKey.value(key, -1);
        if (index < 0) {
            index = int(units.size());
            unitByKey.insert(key, index);
            Unit u;
            u.name = asActor ? a.actor : a.name;
            u.isActor = asActor;
            u.actor = a.actor;
            units.push_back(std::move(u));
        }
        Unit &u = units[size_t(index)];
        u.accounts << a.name;
        u.accountIds << a.id;
        u.expected += a.records;
        unitOfAccount.insert(a.id, index);
    }
    std::vector<int> order(units.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const Unit &x = units[size_t(a)];
        const Unit &y = units[size_t(b)];
        return x.name != y.name ? x.name < y.name : x.isActor < y.isActor;
    });
    {
        std::vector<Unit> sorted;
        sorted.reserve(units.size());
        std::vector<int> newIndex(units.size());
        for (size_t i = 0; i < order.size(); ++i) {
            newIndex[size_t(order[i])] = int(i);
            sorted.push_back(std::move(units[size_t(order[i])]));
        }
        units = std::move(sorted);
        for (auto it = unitOfAccount.begin(); it != unitOfAccount.end(); ++it)
            it.value() = newIndex[size_t(it.value())];
    }
    for (Unit &u : units) {
        std::sort(u.accounts.begin(), u.accounts.end());
        u.times.reserve(size_t(u.expected));
        u.prompts.reserve(size_t(u.expected));
        u.inWindow.assign(size_t(releases.size()), 0);
        const double rate = u.expected > 0 ? double(options.sample) / double(u.expected) : 1.0;
        u.sampleBelow = rate >= 1.0 ? std::numeric_limits<quint64>::max()
                                    : quint64(rate * 18446744073709551616.0);
    }

    // One pass over the records.
    const qint64 windowMs = qint64(options.releaseWindowDays) * kDayMs;
    std::vector<qint64> populationInWindow(size_t(releases.size()), 0);
    qint64 timed = 0;
    const quint64 seedMix = similarity::fmix64(options.seed ^ 0x5A17ULL);
    std::string scratch;
    auto status = store.scan(feedback, [&](const casefile::ActivityRow &r) {
        const auto it = unitOfAccount.constFind(r.accountId);
        if (it == unitOfAccount.constEnd())
            return;
        Unit &u = units[size_t(*it)];
        ++u.requests;
        if (r.timeUtc) {
            const qint64 t = *r.timeUtc;
            u.times.push_back(t);
            ++timed;
            population.firstUtc = population.firstUtc ? std::min(*population.firstUtc, t) : t;
            population.lastUtc = population.lastUtc ? std::max(*population.lastUtc, t) : t;
            for (int e = 0; e < releases.size(); ++e)
                if (t >= releases[e].utc - windowMs && t < releases[e].utc) {
                    ++u.inWindow[size_t(e)];
                    ++populationInWindow[size_t(e)];
                }
            if (r.timeOffset)
                ++u.offsets[*r.timeOffset];
        }
        u.prompts.push_back(hashBytes(r.prompt));
        if (lexicon.asksForReasoning(r.prompt, scratch) || lexicon.asksForReasoning(r.systemPrompt, scratch))
            ++u.cot;
        if (r.logprobs > 0 || r.topLogprobs > 0)
            ++u.logprobs;
        if (r.topLogprobs > 0)
            ++u.topLogprobs;
        const qint64 n = std::max<qint64>(1, r.n);
        u.completions += n;
        u.maxN = std::max(u.maxN, n);
        if (n > 1)
            ++u.nGt1;
        if (r.finishReason == "length" || r.finishReason == "max_tokens")
            ++u.truncated;
        if (!r.systemPrompt.isEmpty()) {
            ++u.withSystem;
            const quint64 h = hashBytes(r.systemPrompt);
            if (++u.systems[h] == 1)
                u.systemText.insert(h, QString::fromUtf8(r.systemPrompt.first(std::min<qsizetype>(r.systemPrompt.size(), 300))));
        }
        if (r.promptTokens > 0 && r.completionTokens >= 0) {
            u.promptTokens += r.promptTokens;
            u.completionTokens += r.completionTokens;
            ++u.tokenRecords;
        }
        if (!std::isnan(r.temperature)) {
            ++u.temperatures;
            u.temperatureSum += r.temperature;
            if (r.temperature == 0.0)
                ++u.temperatureZero;
        }
        bump(u.ips, r.ip);
        bump(u.orgs, r.org);
        bump(u.keys, r.apiKey);
        bump(u.userAgents, r.userAgent);
        if (!r.prompt.isEmpty() && similarity::fmix64(quint64(r.id) ^ seedMix) <= u.sampleBelow) {
            // Cut at a character boundary: never inside a UTF-8 sequence.
            qsizetype cut = std::min<qsizetype>(r.prompt.size(), qsizetype(options.maxPromptChars) * 3);
            while (cut < r.prompt.size() && cut > 0 && (static_cast<unsigned char>(r.prompt[cut]) & 0xC0) == 0x80)
                --cut;
            u.sample.push_back(Sampled { r.id, r.timeUtc.value_or(kNoTime), r.prompt.first(cut).toByteArray() });
        }
    });
    if (!status)
        return status.error();
    for (const Unit &u : units)
        population.records += u.requests;
    population.recordsWithoutTime = population.records - timed;

    Shared shared { options, lexicon, releases, {} };
    for (int e = 0; e < releases.size(); ++e) {
        // A window that the logs do not reach says nothing.
        const bool inside = population.firstUtc && *population.firstUtc < releases[e].utc
            && *population.lastUtc >= releases[e].utc - windowMs;
        shared.populationWindowShare.push_back(inside && timed > 0 && populationInWindow[size_t(e)] > 0
                                                   ? double(populationInWindow[size_t(e)]) / double(timed)
                                                   : -1.0);
    }

    feedback.setPhase(QStringLiteral("Measuring accounts"), qint64(units.size()), QStringLiteral("accounts"));
    population.profiles.resize(units.size());
    const bool done = similarity::parallelChunks(
        qint64(units.size()), 8, options.threads, feedback, [&](qint64, qint64 begin, qint64 end) {
            for (qint64 i = begin; i < end; ++i) {
                Unit &u = units[size_t(i)];
                AccountProfile &p = population.profiles[size_t(i)];
                p.name = u.name;
                p.isActor = u.isActor;
                p.accounts = u.accounts;
                p.accountIds = u.accountIds;
                p.actor = u.actor;
                p.requests = u.requests;
                counts(u, p);
                timing(u, shared, p);
                sampled(u, shared, p);
                // What this unit held is no longer needed.
                u.times = {};
                u.prompts = {};
            }
        });
    if (!done)
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    return population;
}

} // namespace lineage::forensics
