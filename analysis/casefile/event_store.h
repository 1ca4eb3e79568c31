// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QHash>
#include <QList>
#include <QString>

#include <limits>
#include <optional>

namespace lineage::casefile {

class CaseFile;

// A point or span on the timeline. `itemKind`/`itemId` name what it rests on ("page",
// "turn", "record", "finding"), `itemStart`/`itemLength` the span of text in that item.
struct EventRow
{
    qint64 id = 0;
    QString kind; // "document-date", "model-release", "note", ...
    qint64 startUtc = 0; // ms since the epoch
    std::optional<qint64> endUtc;
    QString title;
    QString description;
    QString itemKind;
    std::optional<qint64> itemId;
    std::optional<qint64> itemStart;
    std::optional<qint64> itemLength;
    qint64 createdUtc = 0;
};

// A stored finding as the timeline draws it: the span from the first to the last query
// record it rests on.
struct FindingMark
{
    qint64 findingId = 0;
    QString kind;
    QString subject;
    QString strength;
    qint64 firstUtc = 0;
    qint64 lastUtc = 0;
    qint64 records = 0;
};

// The events table. Adding or removing an event is an analyst's act and is audited; reads
// page by time. Borrows the case's connection; used on its thread only. Errors are returned.
class EventStore
{
public:
    explicit EventStore(Database &db) : m_db(db) { }

    // Adds the event (created_utc set now) with its audit entry; returns the new id.
    [[nodiscard]] static Result<qint64> addEvent(CaseFile &file, const EventRow &event);
    // Removes event `id`, its audit entry keeping what it was (the undo of an addition).
    [[nodiscard]] static Status removeEvent(CaseFile &file, qint64 id);

    [[nodiscard]] Result<EventRow> event(qint64 id);
    // The kind of the finding each "finding" event in [fromUtc, toUtc) rests on (event id ->
    // finding kind); an event whose finding is not stored maps to "".
    [[nodiscard]] Result<QHash<qint64, QString>> findingKinds(qint64 fromUtc, qint64 toUtc);

    // The findings resting on query records with a time, whose span reaches into
    // [fromUtc, toUtc), ordered by their first record.
    [[nodiscard]] Result<QList<FindingMark>> findingMarks(qint64 fromUtc, qint64 toUtc);

    // Events whose start lies in [fromUtc, toUtc), in time order.
    [[nodiscard]] Result<QList<EventRow>> events(qint64 fromUtc = std::numeric_limits<qint64>::min(),
                                                 qint64 toUtc = std::numeric_limits<qint64>::max());
    // Events that rest on one item (e.g. the dates accepted from a page).
    [[nodiscard]] Result<QList<EventRow>> eventsForItem(const QString &itemKind, qint64 itemId);

    // Inserts the event without an audit entry of its own: for a change that is already
    // inside CaseFile::auditedChange (an analysis run storing its dates), whose entry
    // records it. An event of the same kind, start, item and span is not inserted again;
    // returns the id of the new or the existing event.
    [[nodiscard]] Result<qint64> insertOnce(const EventRow &event);

private:
    Result<QList<EventRow>> collect(Statement &stmt);

    Database &m_db;
};

} // namespace lineage::casefile
