// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the series engine (activity_series.cpp): which summary cells make up the
// buckets, and time-ordered reads of them.

#include "casefile/activity_store.h"

#include <QList>
#include <QVector>

#include <vector>

namespace lineage::timeline::detail {

struct Run
{
    qint64 from = 0;
    qint64 to = 0;
};

// Which cells of which level make up the buckets: whole UTC hours inside a bucket from the
// hour summaries, whole minutes around them from the minute summaries (whole-case series),
// the rest (less than a minute at an unaligned edge, or buckets shorter than a minute) from
// the records. Every list is in time order, touching runs merged.
struct Plan
{
    QList<Run> hours;
    QList<Run> minutes;
    QList<Run> records;
    // Where there are no minute summaries (per account): the minutes and records runs merged.
    QList<Run> finerThanHours;
};

Plan planFor(const QVector<qint64> &edges, bool recordsOnly);

// The rows of one cursor over a list of runs, in time order. `hull` reads the hull of the
// runs in one query and skips the rows between runs (for the hour level, where the gaps are
// less than an hour at each bucket edge); otherwise one query per run. Counts rows read and
// queries made into the given counters.
class LevelStream
{
public:
    LevelStream(casefile::ActivityCursor *cursor, const QList<Run> &runs, bool hull, qint64 *rows, int *queries);
    // Starts over (for another account, with cursors that take one).
    void restart(qint64 account);
    Result<bool> next(casefile::ActivityCell &cell);

private:
    casefile::ActivityCursor *m_cursor;
    const QList<Run> &m_runs;
    bool m_hull;
    qint64 *m_rows;
    int *m_queries;
    qint64 m_account = 0;
    int m_run = -1;
    bool m_open = false;
    bool m_done = false;
    int m_filterRun = 0;
};

// Level streams merged by time: one time-ordered stream.
class MergedStream
{
public:
    explicit MergedStream(std::vector<LevelStream *> streams);
    [[nodiscard]] Status prime();
    Result<bool> next(casefile::ActivityCell &cell);

private:
    std::vector<LevelStream *> m_streams;
    std::vector<casefile::ActivityCell> m_heads;
    std::vector<bool> m_has;
};

// The bucket of each time of a time-ordered stream.
class BucketPointer
{
public:
    explicit BucketPointer(const QVector<qint64> &edges) : m_edges(edges) { }
    void reset() { m_i = 0; }
    int at(qint64 t)
    {
        const int last = int(m_edges.size()) - 2;
        while (m_i < last && m_edges[m_i + 1] <= t)
            ++m_i;
        return m_i;
    }

private:
    const QVector<qint64> &m_edges;
    int m_i = 0;
};

// Distinct accounts per bucket from a time-ordered stream: an account counts once per bucket
// (its stamp holds the last bucket it was counted in, plus one).
class DistinctCounter
{
public:
    // True when `account` is new in `bucket`.
    bool add(int bucket, qint64 account)
    {
        if (account <= 0)
            return false;
        const size_t a = size_t(account);
        if (a >= m_stamp.size())
            m_stamp.resize(std::max(a + 1, m_stamp.size() * 2), 0);
        if (m_stamp[a] == bucket + 1)
            return false;
        m_stamp[a] = bucket + 1;
        return true;
    }

private:
    std::vector<int> m_stamp;
};

} // namespace lineage::timeline::detail
