// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/bucket_grid.h"

#include <QDateTime>
#include <QRegularExpression>

namespace lineage::timeline {

namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

qint64 floorTo(qint64 t, qint64 unit)
{
    return t - (((t % unit) + unit) % unit);
}

qint64 ceilTo(qint64 t, qint64 unit)
{
    const qint64 f = floorTo(t, unit);
    return f == t ? t : f + unit;
}

QDateTime utcTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

qint64 offsetMs(const QTimeZone &zone, qint64 utcMs)
{
    return qint64(zone.offsetFromUtc(utcTime(utcMs))) * kSecond;
}

// The first day of the calendar bucket holding `date`.
QDate unitStart(const QDate &date, BucketSize::Unit unit)
{
    switch (unit) {
    case BucketSize::Unit::Week:
        return date.addDays(1 - date.dayOfWeek());
    case BucketSize::Unit::Month:
        return QDate(date.year(), date.month(), 1);
    default:
        return date;
    }
}

QDate nextUnit(const QDate &start, BucketSize::Unit unit, int count)
{
    switch (unit) {
    case BucketSize::Unit::Week:
        return start.addDays(7 * count);
    case BucketSize::Unit::Month:
        return start.addMonths(count);
    default:
        return start.addDays(count);
    }
}

qint64 startOfDay(const QDate &date, const QTimeZone &zone)
{
    return date.startOfDay(zone).toMSecsSinceEpoch();
}

} // namespace

qint64 BucketSize::nominalMs() const
{
    switch (unit) {
    case Unit::Second:
        return count * kSecond;
    case Unit::Minute:
        return count * kMinute;
    case Unit::Hour:
        return count * kHour;
    case Unit::Day:
        return count * kDay;
    case Unit::Week:
        return count * 7 * kDay;
    case Unit::Month:
        return count * qint64(30.436875 * double(kDay));
    }
    return kDay;
}

QString BucketSize::name() const
{
    switch (unit) {
    case Unit::Second:
        return QStringLiteral("%1s").arg(count);
    case Unit::Minute:
        return count == 1 ? QStringLiteral("minute") : QStringLiteral("%1min").arg(count);
    case Unit::Hour:
        return count == 1 ? QStringLiteral("hour") : QStringLiteral("%1h").arg(count);
    case Unit::Day:
        return count == 1 ? QStringLiteral("day") : QStringLiteral("%1d").arg(count);
    case Unit::Week:
        return count == 1 ? QStringLiteral("week") : QStringLiteral("%1w").arg(count);
    case Unit::Month:
        return count == 1 ? QStringLiteral("month") : QStringLiteral("%1mo").arg(count);
    }
    return {};
}

std::optional<BucketSize> BucketSize::parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    static const QList<std::pair<QString, BucketSize>> words {
        { QStringLiteral("second"), { Unit::Second, 1 } }, { QStringLiteral("minute"), { Unit::Minute, 1 } },
        { QStringLiteral("hour"), { Unit::Hour, 1 } },     { QStringLiteral("day"), { Unit::Day, 1 } },
        { QStringLiteral("week"), { Unit::Week, 1 } },     { QStringLiteral("month"), { Unit::Month, 1 } },
    };
    for (const auto &[word, size] : words)
        if (t == word)
            return size;
    static const QRegularExpression form(QStringLiteral("^(\\d+)\\s*(s|min|m|h|d|w|mo)$"));
    const auto match = form.match(t);
    if (!match.hasMatch())
        return std::nullopt;
    const int n = match.captured(1).toInt();
    const QString u = match.captured(2);
    BucketSize size;
    size.count = n;
    if (u == QLatin1String("s"))
        size.unit = Unit::Second;
    else if (u == QLatin1String("min") || u == QLatin1String("m"))
        size.unit = Unit::Minute;
    else if (u == QLatin1String("h"))
        size.unit = Unit::Hour;
    else if (u == QLatin1String("d"))
        size.unit = Unit::Day;
    else if (u == QLatin1String("w"))
        size.unit = Unit::Week;
    else
        size.unit = Unit::Month;
    if (n <= 0)
        return std::nullopt;
    // Clock-aligned sizes must divide a day; calendar sizes count whole units.
    if (!size.isCalendar() && kDay % size.nominalMs() != 0)
        return std::nullopt;
    return size;
}

const QList<BucketSize> &BucketSize::ladder()
{
    static const QList<BucketSize> sizes {
        { Unit::Second, 1 }, { Unit::Second, 5 },  { Unit::Second, 15 }, { Unit::Second, 30 }, { Unit::Minute, 1 },
        { Unit::Minute, 5 }, { Unit::Minute, 15 }, { Unit::Minute, 30 }, { Unit::Hour, 1 },    { Unit::Hour, 3 },
        { Unit::Hour, 6 },   { Unit::Hour, 12 },   { Unit::Day, 1 },     { Unit::Week, 1 },    { Unit::Month, 1 },
    };
    return sizes;
}

BucketSize BucketSize::forSpan(qint64 spanMs, int maxBuckets)
{
    for (const BucketSize &size : ladder())
        if (spanMs <= size.nominalMs() * qint64(std::max(1, maxBuckets)))
            return size;
    return ladder().last();
}

std::optional<QTimeZone> zoneFromSetting(const QString &setting)
{
    if (setting.isEmpty() || setting == QLatin1String("UTC"))
        return QTimeZone::utc();
    if (setting == QLatin1String("local"))
        return QTimeZone::systemTimeZone();
    QTimeZone zone(setting.toUtf8());
    if (!zone.isValid())
        return std::nullopt;
    return zone;
}

QString zoneName(const QTimeZone &zone)
{
    if (zone == QTimeZone::utc())
        return QStringLiteral("UTC");
    return QString::fromUtf8(zone.id());
}

Result<QVector<qint64>> bucketEdges(qint64 fromUtc, qint64 toUtc, const BucketSize &size, const QTimeZone &zone,
                                    int maxBuckets)
{
    if (toUtc <= fromUtc)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The time range is empty: it must end after it starts."));
    if (size.count <= 0)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A bucket must be at least one unit long."));
    const qint64 estimate = (toUtc - fromUtc) / std::max<qint64>(1, size.nominalMs() * 9 / 10);
    auto tooMany = [&] {
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("Buckets of %1 cut this range into more than %2 buckets; choose a larger bucket "
                           "or a shorter range.")
                .arg(size.name())
                .arg(maxBuckets));
    };
    if (estimate > maxBuckets)
        return tooMany();
    QVector<qint64> edges;
    edges.reserve(int(estimate) + 3);
    edges.append(fromUtc);
    if (!size.isCalendar()) {
        // Whole multiples of the width on the zone's clock, in each stretch of constant offset.
        const qint64 width = size.nominalMs();
        QList<qint64> segmentStarts { fromUtc };
        QList<qint64> segmentOffsets { offsetMs(zone, fromUtc) };
        if (zone.hasTransitions()) {
            const auto transitions = zone.transitions(utcTime(fromUtc + 1), utcTime(toUtc));
            for (const QTimeZone::OffsetData &t : transitions) {
                const qint64 at = t.atUtc.toMSecsSinceEpoch();
                if (at <= fromUtc || at >= toUtc)
                    continue;
                segmentStarts.append(at);
                segmentOffsets.append(qint64(t.offsetFromUtc) * kSecond);
            }
        }
        for (qsizetype s = 0; s < segmentStarts.size(); ++s) {
            const qint64 begin = segmentStarts[s];
            const qint64 end = s + 1 < segmentStarts.size() ? segmentStarts[s + 1] : toUtc;
            const qint64 offset = segmentOffsets[s];
            for (qint64 u = ceilTo(begin + offset, width) - offset; u < end; u += width) {
                if (u <= edges.last())
                    continue;
                edges.append(u);
                if (edges.size() > maxBuckets)
                    return tooMany();
            }
        }
    } else {
        const QDate first = QDateTime::fromMSecsSinceEpoch(fromUtc, zone).date();
        for (QDate d = nextUnit(unitStart(first, size.unit), size.unit, size.count);;
             d = nextUnit(d, size.unit, size.count)) {
            const qint64 u = startOfDay(d, zone);
            if (u >= toUtc)
                break;
            if (u > edges.last())
                edges.append(u);
            if (edges.size() > maxBuckets)
                return tooMany();
        }
    }
    edges.append(toUtc);
    return edges;
}

qint64 bucketStart(qint64 utcMs, const BucketSize &size, const QTimeZone &zone)
{
    if (size.isCalendar()) {
        const QDate date = QDateTime::fromMSecsSinceEpoch(utcMs, zone).date();
        const qint64 start = startOfDay(unitStart(date, size.unit), zone);
        return start <= utcMs ? start : utcMs;
    }
    // The last edge at or before the instant, over a stretch long enough to hold one.
    const qint64 back = size.nominalMs() + 3 * kHour;
    auto edges = bucketEdges(utcMs - back, utcMs + 1, size, zone);
    if (!edges || edges->size() < 3)
        return floorTo(utcMs, size.nominalMs());
    return edges->at(edges->size() - 2);
}

qint64 bucketEnd(qint64 utcMs, const BucketSize &size, const QTimeZone &zone)
{
    const qint64 reach = size.isCalendar() ? size.nominalMs() * 2 : size.nominalMs() + 3 * kHour;
    auto edges = bucketEdges(utcMs, utcMs + reach, size, zone);
    if (!edges || edges->size() < 2)
        return utcMs + size.nominalMs();
    return edges->at(1);
}

} // namespace lineage::timeline
