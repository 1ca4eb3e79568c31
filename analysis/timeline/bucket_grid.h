// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QList>
#include <QString>
#include <QTimeZone>
#include <QVector>

#include <optional>

namespace lineage::timeline {

// The width of a timeline bucket: a count of seconds, minutes or hours (a divisor of a day,
// aligned to the display zone's clock: 15-minute buckets start at :00, :15, :30 and :45
// local time), or one calendar day, ISO week (from Monday) or month in the display zone.
// Days, weeks and months follow the zone's clock through daylight-saving changes (a day may
// last 23 or 25 hours).
struct BucketSize
{
    enum class Unit { Second, Minute, Hour, Day, Week, Month };
    Unit unit = Unit::Day;
    int count = 1;

    bool operator==(const BucketSize &o) const { return unit == o.unit && count == o.count; }
    bool isCalendar() const { return unit >= Unit::Day; }
    // Nominal length (a month as 30.44 days): for choosing a size, never for bucketing.
    qint64 nominalMs() const;
    // "hour", "day", "week", "month", "15min", "6h", "30s"
    QString name() const;
    // Accepts what name() writes, and "minute", "1min", "1h", "1d", "1w".
    static std::optional<BucketSize> parse(const QString &text);

    // The sizes a zoomable view steps through, finest first.
    static const QList<BucketSize> &ladder();
    // The finest size of the ladder that cuts `spanMs` into at most `maxBuckets` buckets.
    static BucketSize forSpan(qint64 spanMs, int maxBuckets);
};

// "UTC", "local" or an IANA id, as a case stores its display zone; nothing when unknown.
std::optional<QTimeZone> zoneFromSetting(const QString &setting);
// The zone's name for axes and messages: "UTC", "Europe/Berlin".
QString zoneName(const QTimeZone &zone);

// Cuts [fromUtc, toUtc) (UTC milliseconds) into buckets of `size` on the clock of `zone`:
// the returned edges start with fromUtc and end with toUtc, and bucket i is
// [edges[i], edges[i+1]); the first and last bucket are clipped to the range. Errors when
// the range is empty or would give more than `maxBuckets` buckets.
[[nodiscard]] Result<QVector<qint64>> bucketEdges(qint64 fromUtc, qint64 toUtc, const BucketSize &size,
                                                  const QTimeZone &zone, int maxBuckets = 200000);

// The start of the bucket of `size` (in `zone`) that holds `utcMs`, and its end (the start
// of the next one).
qint64 bucketStart(qint64 utcMs, const BucketSize &size, const QTimeZone &zone);
qint64 bucketEnd(qint64 utcMs, const BucketSize &size, const QTimeZone &zone);

} // namespace lineage::timeline
