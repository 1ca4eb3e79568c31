// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>

#include <memory>
#include <optional>
#include <vector>

namespace lineage::casefile {

// What one query record adds to the activity summaries (resources/migrations/
// 0010_activity_summaries.sql): its time, account (0: none), sources and model.
struct ActivityContribution
{
    qint64 timeUtc = 0;
    qint64 accountId = 0;
    qint64 sourceId = 0;
    qint64 joinedSourceId = 0;
    QByteArray model; // UTF-8, empty when the record names none
    qint64 tokens = 0; // prompt + completion, missing counts as 0
};

// Keeps the activity summaries in step with the query records one writer adds or changes,
// inside the writer's transaction. Contributions are summed in memory in the tables' own
// packed rows (an hour of the whole case with its minutes, a day of an account with its
// hours; memory bounded: written out once kMaxRows are held) and added by finish() to what
// the tables hold (upserts), so several imports of the same period add up. A change (a Batch
// join) is a removal of the record's old contribution and an addition of its new one; a row
// left without records is deleted, so the tables always equal a recomputation from
// query_records. Used on the writer's thread only. Errors are returned; the caller's
// transaction then rolls everything back.
class ActivityWriter
{
public:
    static constexpr size_t kMaxRows = 1 << 14;

    explicit ActivityWriter(Database &db);
    ~ActivityWriter();

    void add(const ActivityContribution &c) { accumulate(c, +1); }
    void remove(const ActivityContribution &c) { accumulate(c, -1); }
    // Adds what is held to the tables once it exceeds kMaxRows.
    [[nodiscard]] Status writeIfFull();
    // Adds everything held to the tables.
    [[nodiscard]] Status finish();

    // The contribution of stored record `id`, nothing when it has no time.
    [[nodiscard]] Result<std::optional<ActivityContribution>> contributionOf(qint64 id);

    class PackedRows;

private:
    struct Table;

    void accumulate(const ActivityContribution &c, int sign);
    int modelIndex(const QByteArray &model);
    Status write(const Table &table, PackedRows &rows);

    Database &m_db;
    std::unique_ptr<PackedRows> m_days; // per account and day, its hours
    std::unique_ptr<PackedRows> m_hours; // per hour of the whole case, its minutes
    QList<QByteArray> m_models;
    int m_lastModel = -1;
    Statement m_contribution;
};

} // namespace lineage::casefile
