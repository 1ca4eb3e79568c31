// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/series_format.h"

#include <QJsonArray>

namespace lineage::timeline {

namespace {

QJsonArray numbers(const QVector<qint64> &values)
{
    QJsonArray a;
    for (const qint64 v : values)
        a.append(v);
    return a;
}

QJsonObject laneJson(const SeriesLane &lane, const QString &kind)
{
    QJsonObject o { { QStringLiteral("kind"), kind },
                    { QStringLiteral("label"), lane.label },
                    { QStringLiteral("records_total"), lane.totalRecords() },
                    { QStringLiteral("records"), numbers(lane.records) },
                    { QStringLiteral("tokens"), numbers(lane.tokens) } };
    if (lane.kind == LaneKind::Model)
        o.insert(QStringLiteral("model"), lane.key);
    else if (lane.kind != LaneKind::None)
        o.insert(QStringLiteral("id"), lane.id);
    if (!lane.accounts.isEmpty())
        o.insert(QStringLiteral("accounts"), numbers(lane.accounts));
    return o;
}

QString csvCell(QString text)
{
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n')))
        return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return text;
}

} // namespace

QJsonObject seriesToJson(const Series &series, const QList<TimelineEvent> &events)
{
    const QTimeZone zone = zoneFromSetting(series.request.zone).value_or(QTimeZone::utc());
    QJsonArray buckets;
    for (int i = 0; i < series.bucketCount(); ++i)
        buckets.append(QJsonObject { { QStringLiteral("start"), isoInZone(series.edges[i], zone) },
                                     { QStringLiteral("end"), isoInZone(series.edges[i + 1], zone) },
                                     { QStringLiteral("start_utc_ms"), series.edges[i] },
                                     { QStringLiteral("end_utc_ms"), series.edges[i + 1] } });
    QJsonArray lanes;
    for (const SeriesLane &lane : series.lanes)
        lanes.append(laneJson(lane, laneKindName(lane.kind)));
    QJsonArray eventList;
    for (const TimelineEvent &e : events)
        eventList.append(eventToJson(e, zone));
    QJsonObject filter;
    if (!series.request.filter.accountIds.isEmpty()) {
        QJsonArray ids;
        for (const qint64 id : series.request.filter.accountIds)
            ids.append(id);
        filter.insert(QStringLiteral("account_ids"), ids);
    }
    if (series.request.filter.sourceId)
        filter.insert(QStringLiteral("source_id"), *series.request.filter.sourceId);
    if (!series.request.filter.text.isEmpty())
        filter.insert(QStringLiteral("text"), series.request.filter.text);
    return { { QStringLiteral("zone"), series.zoneName },
             { QStringLiteral("bucket"), series.request.bucket.name() },
             { QStringLiteral("lanes_by"), laneKindName(series.request.laneKind) },
             { QStringLiteral("from"), isoInZone(series.request.fromUtc, zone) },
             { QStringLiteral("to"), isoInZone(series.request.toUtc, zone) },
             { QStringLiteral("from_utc_ms"), series.request.fromUtc },
             { QStringLiteral("to_utc_ms"), series.request.toUtc },
             { QStringLiteral("filter"), filter },
             { QStringLiteral("buckets"), buckets },
             { QStringLiteral("total"), laneJson(series.total, QStringLiteral("total")) },
             { QStringLiteral("lanes"), lanes },
             { QStringLiteral("events"), eventList } };
}

QString seriesToCsv(const Series &series)
{
    const QTimeZone zone = zoneFromSetting(series.request.zone).value_or(QTimeZone::utc());
    const bool accounts = !series.total.accounts.isEmpty();
    QString out = QStringLiteral("lane_kind,lane_id,lane,start,end,start_utc_ms,end_utc_ms,records,tokens%1\n")
                      .arg(accounts ? QStringLiteral(",accounts") : QString());
    auto write = [&](const SeriesLane &lane, const QString &kind) {
        const QString id = lane.kind == LaneKind::Model ? csvCell(lane.key)
            : lane.kind == LaneKind::None               ? QString()
                                                        : QString::number(lane.id);
        for (int i = 0; i < series.bucketCount(); ++i) {
            out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9")
                       .arg(kind, id, csvCell(lane.label), isoInZone(series.edges[i], zone),
                            isoInZone(series.edges[i + 1], zone))
                       .arg(series.edges[i])
                       .arg(series.edges[i + 1])
                       .arg(lane.records[i])
                       .arg(lane.tokens[i]);
            if (accounts)
                out += QLatin1Char(',') + QString::number(lane.accounts[i]);
            out += QLatin1Char('\n');
        }
    };
    write(series.total, QStringLiteral("total"));
    for (const SeriesLane &lane : series.lanes)
        write(lane, laneKindName(lane.kind));
    return out;
}

} // namespace lineage::timeline
