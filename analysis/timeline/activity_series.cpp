// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/activity_series.h"

#include "casefile/activity_store.h"
#include "casefile/search_index.h"
#include "timeline/series_streams.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <array>
#include <vector>

namespace lineage::timeline {

using namespace lineage::casefile;

namespace {

using detail::BucketPointer;
using detail::DistinctCounter;
using detail::LevelStream;
using detail::MergedStream;

class Builder
{
public:
    Builder(Database &db, const SeriesRequest &request, Feedback &feedback)
        : m_db(db), m_reader(db), m_request(request), m_feedback(feedback)
    {
    }

    Result<Series> run();

private:
    // What one per-account pass feeds: counts and distinct accounts of the total, of the
    // account or actor lanes (always both), of the source or model lanes.
    struct Feeds
    {
        bool totalCounts = false;
        bool totalDistinct = false;
        bool keyCounts = false;
        bool keyDistinct = false;
    };

    Status resolveLanes();
    void initLane(SeriesLane &lane);
    bool passesSource(const ActivityCell &c) const
    {
        const auto &s = m_request.filter.sourceId;
        return !s || c.sourceId == *s || c.joinedSourceId == *s;
    }
    bool passesFilter(const ActivityCell &c) const
    {
        return passesSource(c) && (m_filterAccounts.isEmpty() || m_filterAccounts.contains(c.accountId));
    }
    bool canceled() { return (++m_polls & 0xFFFF) == 0 && m_feedback.isCanceled(); }
    Error canceledError() const
    {
        return makeError(ErrorCode::Canceled, QStringLiteral("The timeline series was canceled."));
    }
    int modelLane(int model);
    // The source or model lanes of a cell (at most two: a joined record is in both sources).
    int keyLanes(const ActivityCell &c, int out[2]);

    Status passCase();
    Status passPerAccount(const QList<qint64> &accounts, const Feeds &feeds);
    Status passText();

    Database &m_db;
    ActivityReader m_reader;
    const SeriesRequest &m_request;
    Feedback &m_feedback;
    Series m_series;
    detail::Plan m_plan;
    QSet<qint64> m_filterAccounts;
    QHash<qint64, int> m_sourceLanes; // source id -> lane
    std::vector<int> m_modelLanes; // reader's model index -> lane (-2: not looked up)
    QHash<qint64, QList<int>> m_accountLanes; // account -> account or actor lanes
    quint64 m_polls = 0;
};

int Builder::modelLane(int model)
{
    if (size_t(model) >= m_modelLanes.size())
        m_modelLanes.resize(size_t(model) + 1, -2);
    int &lane = m_modelLanes[size_t(model)];
    if (lane == -2) {
        lane = -1;
        const QString &name = m_reader.models().at(model);
        for (int i = 0; i < m_series.lanes.size(); ++i)
            if (m_series.lanes[i].key == name)
                lane = i;
    }
    return lane;
}

int Builder::keyLanes(const ActivityCell &c, int out[2])
{
    int n = 0;
    if (m_request.laneKind == LaneKind::Source) {
        const int a = m_sourceLanes.value(c.sourceId, -1);
        if (a >= 0)
            out[n++] = a;
        if (c.joinedSourceId != 0 && c.joinedSourceId != c.sourceId) {
            const int b = m_sourceLanes.value(c.joinedSourceId, -1);
            if (b >= 0 && b != a)
                out[n++] = b;
        }
    } else if (m_request.laneKind == LaneKind::Model) {
        const int m = modelLane(c.model);
        if (m >= 0)
            out[n++] = m;
    }
    return n;
}

void Builder::initLane(SeriesLane &lane)
{
    const int n = m_series.bucketCount();
    lane.records.fill(0, n);
    lane.tokens.fill(0, n);
    if (m_request.distinctAccounts)
        lane.accounts.fill(0, n);
}

Status Builder::resolveLanes()
{
    const int top = std::max(0, m_request.topLanes);
    switch (m_request.laneKind) {
    case LaneKind::None:
        return {};
    case LaneKind::Account: {
        auto accounts = m_request.laneIds.isEmpty() ? ActivityStore::accounts(m_db, top)
                                                    : ActivityStore::accountsById(m_db, m_request.laneIds);
        if (!accounts)
            return accounts.error();
        for (const AccountActivity &a : *accounts) {
            if (m_request.laneIds.isEmpty() && a.records == 0)
                continue;
            m_accountLanes[a.accountId].append(int(m_series.lanes.size()));
            m_series.lanes.append({ LaneKind::Account, a.accountId, {}, a.name, {}, {}, {} });
        }
        return {};
    }
    case LaneKind::Actor: {
        auto actors = ActivityStore::actors(m_db);
        if (!actors)
            return actors.error();
        for (const ActorActivity &a : *actors) {
            if (m_request.laneIds.isEmpty() ? (m_series.lanes.size() >= top || a.records == 0)
                                            : !m_request.laneIds.contains(a.actorId))
                continue;
            for (const qint64 account : a.accountIds)
                m_accountLanes[account].append(int(m_series.lanes.size()));
            m_series.lanes.append({ LaneKind::Actor, a.actorId, {}, a.name, {}, {}, {} });
        }
        return {};
    }
    case LaneKind::Source: {
        auto sources = ActivityStore::sources(m_db);
        if (!sources)
            return sources.error();
        for (const KeyActivity &s : *sources) {
            if (m_request.laneIds.isEmpty() ? (m_series.lanes.size() >= top || s.records == 0)
                                            : !m_request.laneIds.contains(s.id))
                continue;
            m_sourceLanes.insert(s.id, int(m_series.lanes.size()));
            m_series.lanes.append({ LaneKind::Source, s.id, {}, s.name, {}, {}, {} });
        }
        return {};
    }
    case LaneKind::Model: {
        QStringList names = m_request.laneModels;
        if (names.isEmpty()) {
            auto models = ActivityStore::models(m_db);
            if (!models)
                return models.error();
            for (const KeyActivity &m : *models)
                if (names.size() < top && m.records > 0)
                    names << m.name;
        }
        for (const QString &name : std::as_const(names))
            m_series.lanes.append(
                { LaneKind::Model, 0, name, name.isEmpty() ? QStringLiteral("(no model)") : name, {}, {}, {} });
        return {};
    }
    }
    return {};
}

// The whole-case summaries: counts of the total and of source and model lanes.
Status Builder::passCase()
{
    auto hours = m_reader.cursor(ActivityTable::CaseHours);
    auto minutes = m_reader.cursor(ActivityTable::CaseMinutes);
    auto records = m_reader.cursor(ActivityTable::Records);
    if (!hours || !minutes || !records)
        return (!hours ? hours.error() : !minutes ? minutes.error() : records.error());
    SeriesStats &st = m_series.stats;
    LevelStream h(*hours, m_plan.hours, true, &st.hourCells, &st.queries);
    LevelStream m(*minutes, m_plan.minutes, false, &st.minuteCells, &st.queries);
    LevelStream r(*records, m_plan.records, false, &st.records, &st.queries);
    MergedStream stream({ &h, &m, &r });
    if (auto s = stream.prime(); !s)
        return s;
    BucketPointer bucket(m_series.edges);
    ActivityCell c;
    int lanes[2];
    for (;;) {
        auto more = stream.next(c);
        if (!more)
            return more.error();
        if (!*more)
            return {};
        if (canceled())
            return canceledError();
        if (!passesSource(c))
            continue;
        const int b = bucket.at(c.start);
        m_series.total.records[b] += c.records;
        m_series.total.tokens[b] += c.tokens;
        for (int i = 0, n = keyLanes(c, lanes); i < n; ++i) {
            m_series.lanes[lanes[i]].records[b] += c.records;
            m_series.lanes[lanes[i]].tokens[b] += c.tokens;
        }
    }
}

// Account by account: the hour summaries of each account, and its records in what is finer
// than whole hours (one shared time-ordered read). An account counts once in a bucket where
// it has records.
Status Builder::passPerAccount(const QList<qint64> &accounts, const Feeds &feeds)
{
    if (accounts.isEmpty())
        return {};
    QHash<qint64, int> slotOf;
    for (int i = 0; i < accounts.size(); ++i)
        slotOf.insert(accounts[i], i);
    SeriesStats &st = m_series.stats;
    struct Fine
    {
        int slot;
        int bucket;
        ActivityCell cell;
    };
    std::vector<Fine> fine;
    {
        auto records = m_reader.cursor(ActivityTable::Records);
        if (!records)
            return records.error();
        LevelStream r(*records, m_plan.finerThanHours, false, &st.records, &st.queries);
        BucketPointer bucket(m_series.edges);
        ActivityCell c;
        for (;;) {
            auto more = r.next(c);
            if (!more)
                return more.error();
            if (!*more)
                break;
            if (canceled())
                return canceledError();
            const auto it = slotOf.constFind(c.accountId);
            if (it != slotOf.constEnd())
                fine.push_back({ *it, bucket.at(c.start), c });
        }
        std::stable_sort(fine.begin(), fine.end(), [](const Fine &a, const Fine &b) { return a.slot < b.slot; });
    }

    // Per target of the current account (0: the total, 1 + i: lane i), what it has per bucket.
    const int n = m_series.bucketCount();
    struct Target
    {
        QVector<qint64> records;
        QVector<qint64> tokens;
        QVector<int> touched;
    };
    std::vector<Target> targets(size_t(m_series.lanes.size()) + 1);
    std::vector<int> used;
    auto targetFor = [&](int t) -> Target & {
        Target &target = targets[size_t(t)];
        if (target.records.isEmpty()) {
            target.records.fill(0, n);
            target.tokens.fill(0, n);
        }
        if (target.touched.isEmpty())
            used.push_back(t);
        return target;
    };
    auto add = [&](int t, int b, const ActivityCell &c) {
        Target &target = targetFor(t);
        if (target.records[b] == 0 && target.tokens[b] == 0)
            target.touched.append(b);
        target.records[b] += c.records;
        target.tokens[b] += c.tokens;
    };
    const bool total = feeds.totalCounts || feeds.totalDistinct;
    const bool keys = feeds.keyCounts || feeds.keyDistinct;
    // The lanes of the account being read (looked up once per account, not per cell).
    QList<int> accountLanes;
    auto route = [&](int b, const ActivityCell &c) {
        if (!passesFilter(c))
            return;
        if (total)
            add(0, b, c);
        for (const int lane : std::as_const(accountLanes))
            add(1 + lane, b, c);
        if (keys) {
            int lanes[2];
            for (int i = 0, k = keyLanes(c, lanes); i < k; ++i)
                add(1 + lanes[i], b, c);
        }
    };

    auto hours = m_reader.cursor(ActivityTable::HoursOfAccount);
    if (!hours)
        return hours.error();
    LevelStream h(*hours, m_plan.hours, true, &st.hourCells, &st.queries);
    size_t f = 0;
    for (int slot = 0; slot < accounts.size(); ++slot) {
        const qint64 account = accounts[slot];
        accountLanes = m_accountLanes.value(account);
        h.restart(account);
        BucketPointer bucket(m_series.edges);
        ActivityCell c;
        for (;;) {
            auto more = h.next(c);
            if (!more)
                return more.error();
            if (!*more)
                break;
            if (canceled())
                return canceledError();
            route(bucket.at(c.start), c);
        }
        for (; f < fine.size() && fine[size_t(f)].slot == slot; ++f)
            route(fine[f].bucket, fine[f].cell);
        for (const int t : used) {
            Target &target = targets[size_t(t)];
            SeriesLane &lane = t == 0 ? m_series.total : m_series.lanes[t - 1];
            const bool accountLane = t > 0 && (lane.kind == LaneKind::Account || lane.kind == LaneKind::Actor);
            const bool counts = t == 0 ? feeds.totalCounts : accountLane || feeds.keyCounts;
            const bool distinct
                = m_request.distinctAccounts && (t == 0 ? feeds.totalDistinct : accountLane || feeds.keyDistinct);
            for (const int b : std::as_const(target.touched)) {
                if (counts) {
                    lane.records[b] += target.records[b];
                    lane.tokens[b] += target.tokens[b];
                }
                if (distinct && target.records[b] > 0 && account > 0)
                    ++lane.accounts[b];
                target.records[b] = 0;
                target.tokens[b] = 0;
            }
            target.touched.clear();
        }
        used.clear();
    }
    return {};
}

// Under a text filter: the matching records themselves, for the total and every lane.
Status Builder::passText()
{
    m_reader.setMatch(SearchIndex::matchExpression(m_request.filter.text));
    auto matching = m_reader.cursor(ActivityTable::MatchingRecords);
    if (!matching)
        return matching.error();
    SeriesStats &st = m_series.stats;
    LevelStream r(*matching, m_plan.records, false, &st.records, &st.queries);
    BucketPointer bucket(m_series.edges);
    const bool distinct = m_request.distinctAccounts;
    DistinctCounter totalDistinct;
    std::vector<DistinctCounter> laneDistinct(size_t(m_series.lanes.size()));
    auto add = [&](SeriesLane &lane, DistinctCounter &counter, int b, const ActivityCell &c) {
        lane.records[b] += c.records;
        lane.tokens[b] += c.tokens;
        if (distinct && counter.add(b, c.accountId))
            ++lane.accounts[b];
    };
    ActivityCell c;
    int lanes[2];
    for (;;) {
        auto more = r.next(c);
        if (!more)
            return more.error();
        if (!*more)
            return {};
        if (canceled())
            return canceledError();
        if (!passesFilter(c))
            continue;
        const int b = bucket.at(c.start);
        add(m_series.total, totalDistinct, b, c);
        for (int i = 0, n = keyLanes(c, lanes); i < n; ++i)
            add(m_series.lanes[lanes[i]], laneDistinct[size_t(lanes[i])], b, c);
        for (const int lane : m_accountLanes.value(c.accountId))
            add(m_series.lanes[lane], laneDistinct[size_t(lane)], b, c);
    }
}

Result<Series> Builder::run()
{
    const SeriesRequest &r = m_request;
    m_series.request = r;
    const auto zone = zoneFromSetting(r.zone);
    if (!zone)
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("'%1' is not a time zone; use UTC, local or an IANA name such as Europe/Berlin.")
                .arg(r.zone));
    m_series.zoneName = zoneName(*zone);
    auto edges = bucketEdges(r.fromUtc, r.toUtc, r.bucket, *zone, r.maxBuckets);
    if (!edges)
        return edges.error();
    m_series.edges = std::move(*edges);
    const bool text = !r.filter.text.trimmed().isEmpty();
    if (text && SearchIndex::matchExpression(r.filter.text).isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("The text filter '%1' has no word or character to look for.").arg(r.filter.text));
    for (const qint64 a : r.filter.accountIds)
        m_filterAccounts.insert(a);

    m_series.total.label = QStringLiteral("All records");
    initLane(m_series.total);
    if (auto s = resolveLanes(); !s)
        return s.error();
    for (SeriesLane &lane : m_series.lanes)
        initLane(lane);
    m_plan = detail::planFor(m_series.edges, text);
    if (text) {
        if (auto s = passText(); !s)
            return s.error();
        return std::move(m_series);
    }

    const bool filtered = !m_filterAccounts.isEmpty();
    const bool distinct = r.distinctAccounts;
    const bool keyLaneKind = r.laneKind == LaneKind::Source || r.laneKind == LaneKind::Model;
    // Without an account filter the whole-case summaries give the counts of the total and
    // of source and model lanes.
    if (!filtered)
        if (auto s = passCase(); !s)
            return s.error();
    // The rest account by account: under an account filter the filter's accounts (counts and
    // distinct accounts), else every account when distinct accounts are asked, and the
    // accounts of account or actor lanes.
    Feeds feeds;
    feeds.totalCounts = filtered;
    feeds.totalDistinct = distinct;
    feeds.keyCounts = keyLaneKind && filtered;
    feeds.keyDistinct = keyLaneKind && distinct;
    QSet<qint64> wanted;
    if (filtered) {
        wanted = m_filterAccounts;
    } else if (distinct) {
        auto all = ActivityStore::accounts(m_db);
        if (!all)
            return all.error();
        for (const AccountActivity &a : *all)
            if (a.records > 0)
                wanted.insert(a.accountId);
    }
    for (auto it = m_accountLanes.constBegin(); it != m_accountLanes.constEnd(); ++it)
        if (!filtered || m_filterAccounts.contains(it.key()))
            wanted.insert(it.key());
    if (!feeds.totalCounts && !feeds.totalDistinct && !feeds.keyCounts && !feeds.keyDistinct) {
        // Only the account or actor lanes need their accounts.
        wanted.clear();
        for (auto it = m_accountLanes.constBegin(); it != m_accountLanes.constEnd(); ++it)
            wanted.insert(it.key());
    }
    QList<qint64> accounts(wanted.begin(), wanted.end());
    std::sort(accounts.begin(), accounts.end());
    if (auto s = passPerAccount(accounts, feeds); !s)
        return s.error();
    return std::move(m_series);
}

} // namespace

QString laneKindName(LaneKind kind)
{
    switch (kind) {
    case LaneKind::None:
        return QStringLiteral("none");
    case LaneKind::Account:
        return QStringLiteral("account");
    case LaneKind::Actor:
        return QStringLiteral("actor");
    case LaneKind::Source:
        return QStringLiteral("source");
    case LaneKind::Model:
        return QStringLiteral("model");
    }
    return {};
}

std::optional<LaneKind> laneKindFromName(const QString &name)
{
    for (LaneKind k : { LaneKind::None, LaneKind::Account, LaneKind::Actor, LaneKind::Source, LaneKind::Model })
        if (laneKindName(k) == name)
            return k;
    return std::nullopt;
}

qint64 SeriesLane::totalRecords() const
{
    qint64 n = 0;
    for (const qint64 r : records)
        n += r;
    return n;
}

Result<std::optional<std::pair<qint64, qint64>>> caseRange(Database &db, const BucketSize &size, const QTimeZone &zone)
{
    auto extent = ActivityStore::extent(db);
    if (!extent)
        return extent.error();
    if (!*extent)
        return std::optional<std::pair<qint64, qint64>>();
    return std::optional<std::pair<qint64, qint64>>(
        std::pair { bucketStart((*extent)->first, size, zone), bucketEnd((*extent)->second, size, zone) });
}

Result<Series> computeSeries(Database &db, const SeriesRequest &request, Feedback &feedback)
{
    Builder builder(db, request, feedback);
    return builder.run();
}

} // namespace lineage::timeline
