// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"
#include "timeline/bucket_grid.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace lineage::timeline {

// What the lanes of a timeline are: one per account, actor (a group of accounts), source
// (a query log; a record joined from two Batch files is in both) or model.
enum class LaneKind { None, Account, Actor, Source, Model };
QString laneKindName(LaneKind kind); // "none", "account", "actor", "source", "model"
std::optional<LaneKind> laneKindFromName(const QString &name);

// The records a series counts: the record table's filters. Every set member must match.
struct SeriesFilter
{
    QList<qint64> accountIds; // empty: every account
    std::optional<qint64> sourceId; // records of (or joined from) this source
    QString text; // a full-text query as typed (SearchIndex::matchExpression); empty: none
    bool isEmpty() const { return accountIds.isEmpty() && !sourceId && text.trimmed().isEmpty(); }
};

struct SeriesRequest
{
    qint64 fromUtc = 0; // inclusive, ms
    qint64 toUtc = 0; // exclusive, ms
    BucketSize bucket;
    QString zone = QStringLiteral("UTC"); // "UTC", "local" or an IANA id
    LaneKind laneKind = LaneKind::None;
    QList<qint64> laneIds; // accounts, actors or sources; empty: the busiest topLanes of the case
    QStringList laneModels; // models for LaneKind::Model; empty: the busiest topLanes
    int topLanes = 10;
    SeriesFilter filter;
    bool distinctAccounts = true; // also count the distinct accounts of each bucket
    int maxBuckets = 200000;
};

// One line of a timeline: per bucket, the records, their tokens and (when asked) how many
// distinct accounts sent them.
struct SeriesLane
{
    LaneKind kind = LaneKind::None;
    qint64 id = 0; // account, actor or source id
    QString key; // model name for model lanes
    QString label; // what the lane is called on screen
    QVector<qint64> records;
    QVector<qint64> tokens;
    QVector<qint64> accounts; // empty unless distinct accounts were asked
    qint64 totalRecords() const;
};

// Where a series was assembled from, for benchmarks and tests.
struct SeriesStats
{
    qint64 hourCells = 0;
    qint64 minuteCells = 0;
    qint64 records = 0; // single records read (unaligned edges, sub-minute buckets, text filters)
    int queries = 0;
};

struct Series
{
    SeriesRequest request;
    QString zoneName;
    QVector<qint64> edges; // bucket i is [edges[i], edges[i + 1])
    SeriesLane total; // every record that passes the filter
    QList<SeriesLane> lanes;
    SeriesStats stats;
    int bucketCount() const { return int(edges.size()) - 1; }
};

// Computes the activity series of `request` on `db` (a connection of the caller's thread,
// read-only is enough): bucket edges on the display zone's clock, then each bucket assembled
// from the hour summaries where whole hours fit, minute summaries where whole minutes fit
// and single records for the rest (or for everything, under a text filter). Equal to a
// count over the records. Polls `feedback` for cancel. Errors are returned.
[[nodiscard]] Result<Series> computeSeries(casefile::Database &db, const SeriesRequest &request,
                                           Feedback &feedback = nullFeedback());

// The whole case in buckets of `size`: from the start of the first record's bucket to the end
// of the last record's; nothing when no record has a time.
[[nodiscard]] Result<std::optional<std::pair<qint64, qint64>>> caseRange(casefile::Database &db, const BucketSize &size,
                                                                         const QTimeZone &zone);

} // namespace lineage::timeline
