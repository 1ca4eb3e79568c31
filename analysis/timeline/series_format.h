// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeline/activity_series.h"
#include "timeline/timeline_events.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace lineage::timeline {

// A series (and the events in its range) as lineage-cli prints it. JSON: zone, bucket,
// lanes_by, from/to, the buckets (start and end in the zone and in UTC milliseconds), the
// total and each lane (records, tokens and accounts per bucket, aligned with the buckets),
// the events. CSV: one row per lane and bucket, the total first (lane_kind "total").
QJsonObject seriesToJson(const Series &series, const QList<TimelineEvent> &events);
QString seriesToCsv(const Series &series);

} // namespace lineage::timeline
