// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/account_linking.h"

#include "forensics/case_inputs.h"
#include "similarity/fingerprints.h"
#include "similarity/near_duplicates.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

namespace lineage::forensics {

namespace {

using Holders = std::vector<std::pair<int, qint64>>; // (profile, records)

struct UnionFind
{
    std::vector<int> parent;
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x)
    {
        while (parent[size_t(x)] != x)
            x = parent[size_t(x)] = parent[size_t(parent[size_t(x)])];
        return x;
    }
    void join(int a, int b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[size_t(std::max(a, b))] = std::min(a, b);
    }
};

std::map<QString, Holders> holders(const std::vector<AccountProfile> &profiles,
                                   QHash<QString, qint64> AccountProfile::*field)
{
    // Hashed first: most values (a client IP at a million records) have one holder and link
    // nothing; only the shared ones are ordered.
    QHash<QString, Holders> all;
    for (size_t i = 0; i < profiles.size(); ++i) {
        const auto &values = profiles[i].*field;
        for (auto it = values.constBegin(); it != values.constEnd(); ++it)
            all[it.key()].emplace_back(int(i), it.value());
    }
    std::map<QString, Holders> out;
    for (auto it = all.begin(); it != all.end(); ++it)
        if (it->size() >= 2)
            out.emplace(it.key(), std::move(*it));
    return out;
}

class LinkBuilder
{
public:
    LinkBuilder(const std::vector<AccountProfile> &profiles, const LinkOptions &options)
        : m_profiles(profiles), m_options(options)
    {
        const int n = int(profiles.size());
        m_shareLimit = std::max(2, std::min(options.maxAccounts, int(std::floor(options.maxShare * n))));
    }

    // Links every pair of holders of each value, unless too many hold it.
    void addShared(const std::map<QString, Holders> &values, const QString &kind, bool shareLimited,
                   const std::function<QString(const QString &)> &reason,
                   const std::function<bool(int, int, const QString &)> &skipPair = {})
    {
        const int limit = shareLimited ? m_shareLimit : m_options.maxAccounts;
        for (const auto &[value, list] : values) {
            if (list.size() < 2)
                continue;
            if (int(list.size()) > limit) {
                m_out.common << QStringLiteral("%1 %2 (%3 accounts)").arg(kind, quote(value, 80)).arg(list.size());
                continue;
            }
            for (size_t x = 0; x < list.size(); ++x)
                for (size_t y = x + 1; y < list.size(); ++y) {
                    int a = list[x].first, b = list[y].first;
                    if (a > b)
                        std::swap(a, b);
                    if (skipPair && skipPair(a, b, value))
                        continue;
                    addLink(a, b, kind, value, reason, list[x].second + list[y].second);
                }
        }
    }

    // One link per pair and kind: a further shared value adds its records and is counted;
    // the value with the most records names the link.
    void addLink(int a, int b, const QString &kind, const QString &value,
                 const std::function<QString(const QString &)> &reason, qint64 records)
    {
        int kindId = m_kindIds.value(kind, -1);
        if (kindId < 0) {
            kindId = int(m_kindIds.size());
            m_kindIds.insert(kind, kindId);
        }
        const quint64 key = (quint64(quint32(a)) << 36) ^ (quint64(quint32(b)) << 8) ^ quint64(kindId);
        const auto it = m_pairIndex.constFind(key);
        if (it == m_pairIndex.constEnd()) {
            m_pairIndex.insert(key, m_out.links.size());
            m_out.links.push_back(AccountLink { a, b, kind, value, reason(value), records, 1 });
            m_reasons.push_back(reason);
            return;
        }
        AccountLink &l = m_out.links[*it];
        ++l.values;
        if (records > m_bestRecords.value(*it, l.records)) {
            m_bestRecords.insert(*it, records);
            l.value = value;
        }
        l.records += records;
    }

    void addTemplates(Feedback &feedback, Status &status)
    {
        struct Ref
        {
            int profile;
            size_t index;
        };
        std::vector<Ref> refs;
        similarity::Fingerprints frames;
        for (size_t i = 0; i < m_profiles.size(); ++i)
            for (size_t t = 0; t < m_profiles[i].templates.size(); ++t) {
                frames.append(m_profiles[i].templates[t].frame, {});
                refs.push_back(Ref { int(i), t });
            }
        if (refs.size() < 2)
            return;
        similarity::FingerprintOptions fo;
        fo.numPerm = 64;
        fo.threads = m_options.threads;
        if (auto s = similarity::computeSignatures(frames, fo, feedback); !s) {
            status = s;
            return;
        }
        similarity::NearDuplicateOptions no;
        no.threshold = m_options.templateJaccard;
        no.threads = m_options.threads;
        auto pairs = similarity::nearDuplicatesWithin(frames, no, feedback);
        if (!pairs) {
            status = pairs.error();
            return;
        }
        // Templates this similar are one template; one used by too many accounts is common.
        UnionFind classes(refs.size());
        for (const similarity::PairMatch &m : pairs->pairs)
            classes.join(int(m.a), int(m.b));
        std::map<int, QSet<int>> users;
        for (size_t r = 0; r < refs.size(); ++r)
            users[classes.find(int(r))].insert(refs[r].profile);
        std::map<std::pair<int, int>, std::tuple<double, size_t, size_t>> best; // pair -> (jaccard, ref a, ref b)
        QSet<int> reported;
        for (const similarity::PairMatch &m : pairs->pairs) {
            const Ref &x = refs[size_t(m.a)];
            const Ref &y = refs[size_t(m.b)];
            if (x.profile == y.profile)
                continue;
            const int cls = classes.find(int(m.a));
            if (int(users[cls].size()) > m_shareLimit) {
                if (!reported.contains(cls)) {
                    reported.insert(cls);
                    m_out.common << QStringLiteral("template %1 (%2 accounts)")
                                        .arg(quote(m_profiles[size_t(x.profile)].templates[x.index].text, 80))
                                        .arg(users[cls].size());
                }
                continue;
            }
            std::pair<int, int> key { std::min(x.profile, y.profile), std::max(x.profile, y.profile) };
            const size_t ra = x.profile < y.profile ? size_t(m.a) : size_t(m.b);
            const size_t rb = x.profile < y.profile ? size_t(m.b) : size_t(m.a);
            auto it = best.find(key);
            if (it == best.end() || std::get<0>(it->second) < m.jaccard)
                best[key] = { m.jaccard, ra, rb };
        }
        for (const auto &[key, value] : best) {
            const auto &[jaccard, ra, rb] = value;
            const AccountProfile &pa = m_profiles[size_t(key.first)];
            const AccountProfile &pb = m_profiles[size_t(key.second)];
            const PromptTemplate &ta = pa.templates[refs[ra].index];
            const PromptTemplate &tb = pb.templates[refs[rb].index];
            const qint64 records
                = qRound64(ta.coverage * double(pa.requests)) + qRound64(tb.coverage * double(pb.requests));
            m_reasons.push_back({});
            m_out.links.push_back(AccountLink { key.first, key.second, QStringLiteral("template"), ta.text,
                                                QStringLiteral("same prompt template \"%1\" (frame Jaccard %2)")
                                                    .arg(quote(ta.text, 100))
                                                    .arg(jaccard, 0, 'f', 2),
                                                records });
        }
    }

    AccountLinking finish()
    {
        for (size_t i = 0; i < m_out.links.size(); ++i) {
            AccountLink &l = m_out.links[i];
            if (l.values > 1)
                l.reason = QStringLiteral("%1 and %2 more %3 value(s)")
                               .arg(m_reasons[i](l.value))
                               .arg(l.values - 1)
                               .arg(l.kind);
            else if (m_bestRecords.contains(i))
                l.reason = m_reasons[i](l.value);
        }
        std::sort(m_out.links.begin(), m_out.links.end(), [](const AccountLink &x, const AccountLink &y) {
            return std::tie(x.a, x.b, x.kind, x.value) < std::tie(y.a, y.b, y.kind, y.value);
        });
        UnionFind components(m_profiles.size());
        for (const AccountLink &l : m_out.links)
            components.join(l.a, l.b);
        std::map<int, std::vector<int>> groups;
        for (size_t i = 0; i < m_profiles.size(); ++i)
            groups[components.find(int(i))].push_back(int(i));
        m_out.clusterOf.assign(m_profiles.size(), -1);
        for (auto &[root, members] : groups) {
            if (members.size() < 2)
                continue;
            for (int m : members)
                m_out.clusterOf[size_t(m)] = int(m_out.clusters.size());
            m_out.clusters.push_back(members);
        }
        return std::move(m_out);
    }

private:
    const std::vector<AccountProfile> &m_profiles;
    const LinkOptions &m_options;
    int m_shareLimit = 2;
    AccountLinking m_out;
    QHash<QString, int> m_kindIds;
    QHash<quint64, size_t> m_pairIndex;
    QHash<size_t, qint64> m_bestRecords;
    std::vector<std::function<QString(const QString &)>> m_reasons; // per link
};

} // namespace

Result<AccountLinking> linkAccounts(const std::vector<AccountProfile> &profiles, const LinkOptions &options,
                                    Feedback &feedback)
{
    feedback.setPhase(QStringLiteral("Linking accounts"));
    LinkBuilder builder(profiles, options);
    builder.addShared(holders(profiles, &AccountProfile::ips), QStringLiteral("ip"), false,
                      [](const QString &v) { return QStringLiteral("shared ip %1").arg(v); });
    // A shared network only adds something when the two share no address in it.
    builder.addShared(
        holders(profiles, &AccountProfile::subnets), QStringLiteral("subnet"), false,
        [](const QString &v) { return QStringLiteral("shared network %1").arg(v); },
        [&](int a, int b, const QString &net) {
            const QString prefix = net.left(net.lastIndexOf(QLatin1Char('.')) + 1);
            const bool v6 = net.contains(QLatin1Char(':'));
            const QString p6 = net.left(net.indexOf(QStringLiteral("::")));
            for (auto it = profiles[size_t(a)].ips.constBegin(); it != profiles[size_t(a)].ips.constEnd(); ++it)
                if ((v6 ? it.key().startsWith(p6 + QLatin1Char(':')) : it.key().startsWith(prefix))
                    && profiles[size_t(b)].ips.contains(it.key()))
                    return true;
            return false;
        });
    builder.addShared(holders(profiles, &AccountProfile::orgs), QStringLiteral("org"), false,
                      [](const QString &v) { return QStringLiteral("same org %1").arg(v); });
    builder.addShared(holders(profiles, &AccountProfile::keys), QStringLiteral("key"), false,
                      [](const QString &v) { return QStringLiteral("shared api key %1").arg(v); });
    builder.addShared(holders(profiles, &AccountProfile::userAgents), QStringLiteral("user-agent"), true,
                      [](const QString &v) { return QStringLiteral("same user agent %1").arg(quote(v, 100)); });
    {
        std::map<QString, Holders> systems;
        QHash<QString, QString> texts;
        for (size_t i = 0; i < profiles.size(); ++i)
            for (auto it = profiles[i].systemPrompts.constBegin(); it != profiles[i].systemPrompts.constEnd(); ++it) {
                const QString key = QString::number(it.key(), 16).rightJustified(16, QLatin1Char('0'));
                systems[key].emplace_back(int(i), it.value());
                texts.insert(key, profiles[i].systemPromptText.value(it.key()));
            }
        // Keyed by hash (two prompts may begin alike); shown by their text.
        std::map<QString, Holders> byText;
        for (auto &[key, list] : systems)
            byText[texts.value(key) + QChar(0x1F) + key] = list;
        builder.addShared(byText, QStringLiteral("system-prompt"), true, [](const QString &v) {
            return QStringLiteral("same system prompt \"%1\"").arg(quote(v.section(QChar(0x1F), 0, 0), 100));
        });
    }
    Status status;
    builder.addTemplates(feedback, status);
    if (!status)
        return status.error();
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    AccountLinking out = builder.finish();
    // System-prompt links carry the hash after the text; keep the text only.
    for (AccountLink &l : out.links)
        if (l.kind == QLatin1String("system-prompt"))
            l.value = l.value.section(QChar(0x1F), 0, 0);
    for (QString &c : out.common)
        c = c.section(QChar(0x1F), 0, 0);
    return out;
}

} // namespace lineage::forensics
