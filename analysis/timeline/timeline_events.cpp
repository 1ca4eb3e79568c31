// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/timeline_events.h"

#include "casefile/document_store.h"
#include "casefile/event_store.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <limits>

namespace lineage::timeline {

using casefile::EventRow;
using casefile::EventStore;

const QStringList &manualEventCategories()
{
    static const QStringList categories { kNoteCategory, kModelReleaseCategory, kDocumentDateCategory,
                                          kFindingCategory };
    return categories;
}

QString TimelineEvent::restsOn() const
{
    if (itemKind.isEmpty() || !itemId)
        return {};
    return QStringLiteral("%1 %2").arg(itemKind).arg(*itemId);
}

namespace {

TimelineEvent fromRow(const EventRow &row)
{
    TimelineEvent e;
    e.id = row.id;
    e.category = row.kind;
    e.startUtc = row.startUtc;
    e.endUtc = row.endUtc;
    e.title = row.title;
    e.description = row.description;
    e.itemKind = row.itemKind;
    e.itemId = row.itemId;
    e.itemStart = row.itemStart;
    e.itemLength = row.itemLength;
    e.lane = QStringLiteral("events");
    return e;
}

std::optional<qint64> parseWhen(const QString &text)
{
    const QString t = text.trimmed();
    const QDate date = QDate::fromString(t, Qt::ISODate);
    if (date.isValid() && t.size() == 10)
        return date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        return std::nullopt;
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeSpec(Qt::UTC); // a time without an offset is read as UTC
    return dt.toMSecsSinceEpoch();
}

} // namespace

Result<QList<TimelineEvent>> eventsIn(casefile::Database &db, qint64 fromUtc, qint64 toUtc)
{
    auto stored = EventStore(db).events(std::numeric_limits<qint64>::min(), toUtc);
    if (!stored)
        return stored.error();
    auto kinds = EventStore(db).findingKinds(std::numeric_limits<qint64>::min(), toUtc);
    if (!kinds)
        return kinds.error();
    QList<TimelineEvent> out;
    for (const EventRow &row : *stored) {
        if (std::max(row.startUtc, row.endUtc.value_or(row.startUtc)) < fromUtc)
            continue;
        TimelineEvent e = fromRow(row);
        if (e.category == kFindingCategory) {
            const QString kind = kinds->value(row.id);
            e.lane = QStringLiteral("finding: %1").arg(kind.isEmpty() ? QStringLiteral("other") : kind);
        }
        out.append(e);
    }
    auto documents = casefile::DocumentStore(db).documents();
    if (!documents)
        return documents.error();
    for (const casefile::DocumentRow &d : *documents) {
        const QDate date = QDate::fromString(d.effectiveDate, Qt::ISODate);
        if (!date.isValid())
            continue;
        TimelineEvent e;
        e.category = kEffectiveDateCategory;
        e.startUtc = date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
        if (e.startUtc < fromUtc || e.startUtc >= toUtc)
            continue;
        const QString name = d.title.isEmpty() ? d.sourceName : d.title;
        e.title = QStringLiteral("%1 in effect").arg(name);
        e.description = QStringLiteral("Effective date of %1 (%2).").arg(name, d.type);
        e.itemKind = QStringLiteral("document");
        e.itemId = d.id;
        e.lane = QStringLiteral("events");
        out.append(e);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const TimelineEvent &a, const TimelineEvent &b) { return a.startUtc < b.startUtc; });
    return out;
}

Result<QList<TimelineEvent>> findingEvents(casefile::Database &db, qint64 fromUtc, qint64 toUtc)
{
    auto marks = EventStore(db).findingMarks(fromUtc, toUtc);
    if (!marks)
        return marks.error();
    QList<TimelineEvent> out;
    out.reserve(marks->size());
    for (const casefile::FindingMark &m : *marks) {
        TimelineEvent e;
        e.category = kFindingCategory;
        e.startUtc = m.firstUtc;
        if (m.lastUtc > m.firstUtc)
            e.endUtc = m.lastUtc;
        e.title = m.subject.isEmpty() ? m.kind : QStringLiteral("%1: %2").arg(m.kind, m.subject);
        e.description = QStringLiteral("%1 finding resting on %2 query record(s).")
                            .arg(m.strength.isEmpty() ? m.kind : m.strength)
                            .arg(m.records);
        e.itemKind = QStringLiteral("finding");
        e.itemId = m.findingId;
        e.lane = QStringLiteral("finding: %1").arg(m.kind);
        out.append(e);
    }
    return out;
}

Result<qint64> addEvent(casefile::CaseFile &file, const TimelineEvent &event)
{
    if (!manualEventCategories().contains(event.category))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("'%1' is not an event category; use one of %2.")
                             .arg(event.category, manualEventCategories().join(QStringLiteral(", "))));
    if (event.title.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("An event needs a title."));
    EventRow row;
    row.kind = event.category;
    row.startUtc = event.startUtc;
    row.endUtc = event.isSpan() ? event.endUtc : std::nullopt;
    if (event.endUtc && *event.endUtc < event.startUtc)
        row.endUtc = event.endUtc; // refused by the store with its message
    row.title = event.title.trimmed();
    row.description = event.description;
    row.itemKind = event.itemKind;
    row.itemId = event.itemId;
    row.itemStart = event.itemStart;
    row.itemLength = event.itemLength;
    return EventStore::addEvent(file, row);
}

Status removeEvent(casefile::CaseFile &file, qint64 id)
{
    if (id <= 0)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Only stored events can be removed; a document's effective date is changed in "
                                        "the document's properties."));
    return EventStore::removeEvent(file, id);
}

Result<QList<TimelineEvent>> readReleaseList(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, f.errorString()));
    const QByteArray bytes = f.readAll();
    const QString name = QFileInfo(path).fileName();
    QList<TimelineEvent> out;
    auto release
        = [&](const QString &model, const QString &when, const QString &title, const QString &where) -> Status {
        if (model.trimmed().isEmpty())
            return makeError(ErrorCode::InvalidInput, QStringLiteral("%1 %2: no model named.").arg(name, where));
        const auto start = parseWhen(when);
        if (!start)
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("%1 %2: '%3' is not a date (YYYY-MM-DD) or an ISO 8601 time.").arg(name, where, when));
        TimelineEvent e;
        e.category = kModelReleaseCategory;
        e.startUtc = *start;
        e.title = title.trimmed().isEmpty() ? QStringLiteral("%1 released").arg(model.trimmed()) : title.trimmed();
        e.description = QStringLiteral("Release of %1 (from %2).").arg(model.trimmed(), name);
        out.append(e);
        return {};
    };
    const QByteArray trimmed = bytes.trimmed();
    if (trimmed.startsWith('[')) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
        if (doc.isNull())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("%1 is not valid JSON: %2.").arg(name, error.errorString()));
        const QJsonArray items = doc.array();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonObject o = items[i].toObject();
            if (auto s
                = release(o.value(QStringLiteral("model")).toString(), o.value(QStringLiteral("date")).toString(),
                          o.value(QStringLiteral("title")).toString(), QStringLiteral("item %1").arg(i + 1));
                !s)
                return s.error();
        }
        return out;
    }
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines[i]).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList cells = line.split(QLatin1Char(','));
        if (i == 0 && cells.first().trimmed().compare(QLatin1String("model"), Qt::CaseInsensitive) == 0)
            continue;
        if (cells.size() < 2)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("%1 line %2: expected model,date[,title].").arg(name).arg(i + 1));
        const QString title = cells.size() > 2 ? cells.mid(2).join(QLatin1Char(',')) : QString();
        if (auto s = release(cells[0], cells[1], title, QStringLiteral("line %1").arg(i + 1)); !s)
            return s.error();
    }
    if (out.isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("%1 lists no model release.").arg(name));
    return out;
}

QString isoInZone(qint64 utcMs, const QTimeZone &zone)
{
    return QDateTime::fromMSecsSinceEpoch(utcMs, zone).toString(Qt::ISODate);
}

QJsonObject eventToJson(const TimelineEvent &e, const QTimeZone &zone)
{
    QJsonObject o { { QStringLiteral("id"), e.id },
                    { QStringLiteral("category"), e.category },
                    { QStringLiteral("lane"), e.lane },
                    { QStringLiteral("start"), isoInZone(e.startUtc, zone) },
                    { QStringLiteral("start_utc_ms"), e.startUtc },
                    { QStringLiteral("title"), e.title },
                    { QStringLiteral("description"), e.description } };
    o.insert(QStringLiteral("end"), e.endUtc ? QJsonValue(isoInZone(*e.endUtc, zone)) : QJsonValue());
    o.insert(QStringLiteral("end_utc_ms"), e.endUtc ? QJsonValue(*e.endUtc) : QJsonValue());
    o.insert(QStringLiteral("rests_on"),
             e.itemId ? QJsonValue(
                 QJsonObject { { QStringLiteral("kind"), e.itemKind }, { QStringLiteral("id"), *e.itemId } })
                      : QJsonValue());
    return o;
}

} // namespace lineage::timeline
