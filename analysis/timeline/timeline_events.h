// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "casefile/sqlite.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace lineage::timeline {

// Event categories. Findings (from analysis runs) are events of category "finding" that rest
// on a finding; the timeline gives each finding kind a lane of its own.
inline const QString kNoteCategory = QStringLiteral("note");
inline const QString kModelReleaseCategory = QStringLiteral("model-release");
inline const QString kDocumentDateCategory = QStringLiteral("document-date");
inline const QString kEffectiveDateCategory = QStringLiteral("effective-date");
inline const QString kFindingCategory = QStringLiteral("finding");

// The categories an analyst may add by hand (lineage-cli events add, the timeline's Add Event).
const QStringList &manualEventCategories();

// A point or a span on the timeline and what it rests on. Stored events have an id; a
// document's effective date is shown as an event without being one (id 0, category
// "effective-date", resting on the document).
struct TimelineEvent
{
    qint64 id = 0;
    QString category;
    qint64 startUtc = 0;
    std::optional<qint64> endUtc;
    QString title;
    QString description;
    QString itemKind; // "page", "document", "record", "turn", "finding", ...
    std::optional<qint64> itemId;
    std::optional<qint64> itemStart;
    std::optional<qint64> itemLength;
    QString lane; // "events", or "finding: KIND" for findings
    bool isSpan() const { return endUtc && *endUtc > startUtc; }
    // "page 4", "document 2": what the event rests on, empty when nothing.
    QString restsOn() const;
};

// The events starting in [fromUtc, toUtc) (spans that reach into it included), stored ones and
// the documents' effective dates, in time order. Runs on the caller's connection.
[[nodiscard]] Result<QList<TimelineEvent>> eventsIn(casefile::Database &db, qint64 fromUtc, qint64 toUtc);

// The stored findings that rest on query records, as events of category "finding" (id 0,
// resting on the finding) spanning their first to last record, each in the lane
// "finding: KIND"; those reaching into [fromUtc, toUtc), in time order.
[[nodiscard]] Result<QList<TimelineEvent>> findingEvents(casefile::Database &db, qint64 fromUtc, qint64 toUtc);

// Adds an event by hand (category from manualEventCategories(), a title, a span that does not
// end before it starts), audited ("event.add"); returns its id.
[[nodiscard]] Result<qint64> addEvent(casefile::CaseFile &file, const TimelineEvent &event);
// Removes a stored event, audited ("event.remove").
[[nodiscard]] Status removeEvent(casefile::CaseFile &file, qint64 id);

// A list of model releases to put on the timeline: CSV lines "model,date[,title]" (a header
// line naming "model" is skipped) or a JSON array of {"model", "date", "title"?}; dates are
// YYYY-MM-DD (the start of that day, UTC) or ISO 8601 times. Errors name the line.
[[nodiscard]] Result<QList<TimelineEvent>> readReleaseList(const QString &path);

// The event as JSON, times in UTC milliseconds and in `zone`.
QJsonObject eventToJson(const TimelineEvent &event, const QTimeZone &zone);
// "2024-03-31T03:00:00+02:00": a time in a zone, with its offset.
QString isoInZone(qint64 utcMs, const QTimeZone &zone);

} // namespace lineage::timeline
