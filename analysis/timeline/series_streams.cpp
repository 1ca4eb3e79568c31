// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/series_streams.h"

namespace lineage::timeline::detail {

using casefile::ActivityCell;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 3'600'000;

qint64 floorTo(qint64 t, qint64 unit)
{
    return t - (((t % unit) + unit) % unit);
}

qint64 ceilTo(qint64 t, qint64 unit)
{
    const qint64 f = floorTo(t, unit);
    return f == t ? t : f + unit;
}

void appendRun(QList<Run> &runs, qint64 from, qint64 to)
{
    if (from >= to)
        return;
    if (!runs.isEmpty() && runs.last().to == from)
        runs.last().to = to;
    else
        runs.append({ from, to });
}

} // namespace

Plan planFor(const QVector<qint64> &edges, bool recordsOnly)
{
    Plan plan;
    if (recordsOnly) {
        appendRun(plan.records, edges.first(), edges.last());
        plan.finerThanHours = plan.records;
        return plan;
    }
    auto fine = [&](qint64 x, qint64 y) {
        appendRun(plan.finerThanHours, x, y);
        const qint64 mA = ceilTo(x, kMinute);
        const qint64 mB = floorTo(y, kMinute);
        if (mA < mB) {
            appendRun(plan.records, x, mA);
            appendRun(plan.minutes, mA, mB);
            appendRun(plan.records, mB, y);
        } else {
            appendRun(plan.records, x, y);
        }
    };
    for (int i = 0; i + 1 < edges.size(); ++i) {
        const qint64 a = edges[i];
        const qint64 b = edges[i + 1];
        const qint64 hA = ceilTo(a, kHour);
        const qint64 hB = floorTo(b, kHour);
        if (hA < hB) {
            fine(a, hA);
            appendRun(plan.hours, hA, hB);
            fine(hB, b);
        } else {
            fine(a, b);
        }
    }
    return plan;
}

LevelStream::LevelStream(casefile::ActivityCursor *cursor, const QList<Run> &runs, bool hull, qint64 *rows,
                         int *queries)
    : m_cursor(cursor), m_runs(runs), m_hull(hull), m_rows(rows), m_queries(queries)
{
}

void LevelStream::restart(qint64 account)
{
    m_account = account;
    m_run = -1;
    m_open = false;
    m_done = false;
    m_filterRun = 0;
}

Result<bool> LevelStream::next(ActivityCell &cell)
{
    if (!m_cursor || m_runs.isEmpty())
        return false;
    for (;;) {
        if (m_done)
            return false;
        if (!m_open) {
            Status s;
            if (m_hull) {
                if (m_run >= 0) {
                    m_done = true;
                    return false;
                }
                m_run = 0;
                s = m_cursor->seek(m_runs.first().from, m_runs.last().to, m_account);
            } else {
                if (++m_run >= m_runs.size()) {
                    m_done = true;
                    return false;
                }
                s = m_cursor->seek(m_runs[m_run].from, m_runs[m_run].to, m_account);
            }
            if (!s)
                return s.error();
            ++*m_queries;
            m_open = true;
        }
        auto row = m_cursor->next(cell);
        if (!row)
            return row.error();
        if (!*row) {
            m_open = false;
            continue;
        }
        if (m_hull) {
            while (m_filterRun < m_runs.size() && m_runs[m_filterRun].to <= cell.start)
                ++m_filterRun;
            if (m_filterRun == m_runs.size() || cell.start < m_runs[m_filterRun].from)
                continue;
        }
        ++*m_rows;
        return true;
    }
}

MergedStream::MergedStream(std::vector<LevelStream *> streams) : m_streams(std::move(streams))
{
    m_heads.resize(m_streams.size());
    m_has.assign(m_streams.size(), false);
}

Status MergedStream::prime()
{
    for (size_t i = 0; i < m_streams.size(); ++i) {
        auto r = m_streams[i]->next(m_heads[i]);
        if (!r)
            return r.error();
        m_has[i] = *r;
    }
    return {};
}

Result<bool> MergedStream::next(ActivityCell &cell)
{
    int best = -1;
    for (size_t i = 0; i < m_streams.size(); ++i)
        if (m_has[i] && (best < 0 || m_heads[i].start < m_heads[size_t(best)].start))
            best = int(i);
    if (best < 0)
        return false;
    cell = m_heads[size_t(best)];
    auto r = m_streams[size_t(best)]->next(m_heads[size_t(best)]);
    if (!r)
        return r.error();
    m_has[size_t(best)] = *r;
    return true;
}

} // namespace lineage::timeline::detail
