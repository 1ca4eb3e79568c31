// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/event_store.h"

#include "casefile/case_file.h"

#include <QDateTime>
#include <QJsonObject>

namespace lineage::casefile {

namespace {

constexpr const char *kColumns
    = "SELECT id, kind, start_utc, end_utc, title, description, coalesce(item_kind, ''), item_id, item_start, "
      "item_length, created_utc FROM events ";

} // namespace

Result<qint64> EventStore::addEvent(CaseFile &file, const EventRow &event)
{
    if (event.kind.trimmed().isEmpty() || event.title.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("An event needs a kind and a title."));
    if (event.endUtc && *event.endUtc < event.startUtc)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("An event cannot end before it starts."));
    QJsonObject params { { QStringLiteral("kind"), event.kind },
                         { QStringLiteral("start_utc"), event.startUtc },
                         { QStringLiteral("title"), event.title } };
    if (event.endUtc)
        params.insert(QStringLiteral("end_utc"), *event.endUtc);
    if (!event.itemKind.isEmpty() && event.itemId) {
        params.insert(QStringLiteral("item"), QStringLiteral("%1:%2").arg(event.itemKind).arg(*event.itemId));
        if (event.itemStart)
            params.insert(QStringLiteral("item_start"), *event.itemStart);
        if (event.itemLength)
            params.insert(QStringLiteral("item_length"), *event.itemLength);
    }
    qint64 id = 0;
    auto status = file.auditedChange(
        QStringLiteral("event.add"), QStringLiteral("events"), params, [&]() -> Result<QJsonObject> {
            auto insert = Statement::prepare(
                file.db(),
                "INSERT INTO events (kind, start_utc, end_utc, title, description, item_kind, item_id, item_start, "
                "item_length, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            if (!insert)
                return insert.error();
            insert->bind(1, event.kind)
                .bind(2, event.startUtc)
                .bind(3, event.endUtc)
                .bind(4, event.title)
                .bind(5, event.description.isNull() ? QStringLiteral("") : event.description)
                .bind(6, event.itemKind.isEmpty() ? QString() : event.itemKind)
                .bind(7, event.itemId)
                .bind(8, event.itemStart)
                .bind(9, event.itemLength)
                .bind(10, QDateTime::currentMSecsSinceEpoch());
            if (auto s = insert->run(); !s)
                return s.error();
            id = file.db().lastInsertRowId();
            return QJsonObject { { QStringLiteral("event_id"), id } };
        });
    if (!status)
        return status.error();
    return id;
}

Status EventStore::removeEvent(CaseFile &file, qint64 id)
{
    auto old = EventStore(file.db()).event(id);
    if (!old)
        return old.error();
    QJsonObject params { { QStringLiteral("event_id"), id },
                         { QStringLiteral("kind"), old->kind },
                         { QStringLiteral("start_utc"), old->startUtc },
                         { QStringLiteral("title"), old->title } };
    if (old->endUtc)
        params.insert(QStringLiteral("end_utc"), *old->endUtc);
    if (!old->itemKind.isEmpty() && old->itemId)
        params.insert(QStringLiteral("item"), QStringLiteral("%1:%2").arg(old->itemKind).arg(*old->itemId));
    return file.auditedChange(QStringLiteral("event.remove"), QStringLiteral("event:%1").arg(id), params,
                              [&]() -> Result<QJsonObject> {
                                  auto remove = Statement::prepare(file.db(), "DELETE FROM events WHERE id = ?");
                                  if (!remove)
                                      return remove.error();
                                  remove->bind(1, id);
                                  if (auto s = remove->run(); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

Result<EventRow> EventStore::event(qint64 id)
{
    const QByteArray sql = QByteArray(kColumns) + "WHERE id = ?";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto rows = collect(*stmt);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no event %1.").arg(id));
    return rows->first();
}

Result<QList<FindingMark>> EventStore::findingMarks(qint64 fromUtc, qint64 toUtc)
{
    auto stmt = Statement::prepare(
        m_db, "SELECT f.id, f.kind, f.subject, f.strength, min(q.time_utc), max(q.time_utc), count(*) "
              "FROM findings f JOIN finding_refs r ON r.finding_id = f.id AND r.item_kind = 'record' "
              "JOIN query_records q ON q.id = r.item_id AND q.time_utc IS NOT NULL "
              "GROUP BY f.id HAVING max(q.time_utc) >= ? AND min(q.time_utc) < ? ORDER BY 5, f.id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, fromUtc).bind(2, toUtc);
    return stmt->collect<FindingMark>([](const Statement &s) {
        FindingMark m;
        m.findingId = s.int64(0);
        m.kind = s.text(1);
        m.subject = s.text(2);
        m.strength = s.text(3);
        m.firstUtc = s.int64(4);
        m.lastUtc = s.int64(5);
        m.records = s.int64(6);
        return m;
    });
}

Result<QHash<qint64, QString>> EventStore::findingKinds(qint64 fromUtc, qint64 toUtc)
{
    auto stmt = Statement::prepare(m_db,
                                   "SELECT e.id, coalesce(f.kind, '') FROM events e LEFT JOIN findings f "
                                   "ON e.item_kind = 'finding' AND f.id = e.item_id "
                                   "WHERE e.kind = 'finding' AND e.start_utc >= ? AND e.start_utc < ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, fromUtc).bind(2, toUtc);
    auto rows = stmt->collect<std::pair<qint64, QString>>(
        [](const Statement &s) { return std::pair<qint64, QString>(s.int64(0), s.text(1)); });
    if (!rows)
        return rows.error();
    QHash<qint64, QString> kinds;
    for (const auto &[id, kind] : *rows)
        kinds.insert(id, kind);
    return kinds;
}

Result<QList<EventRow>> EventStore::collect(Statement &stmt)
{
    return stmt.collect<EventRow>([](const Statement &s) {
        EventRow e;
        e.id = s.int64(0);
        e.kind = s.text(1);
        e.startUtc = s.int64(2);
        e.endUtc = s.optInt64(3);
        e.title = s.text(4);
        e.description = s.text(5);
        e.itemKind = s.text(6);
        e.itemId = s.optInt64(7);
        e.itemStart = s.optInt64(8);
        e.itemLength = s.optInt64(9);
        e.createdUtc = s.int64(10);
        return e;
    });
}

Result<QList<EventRow>> EventStore::events(qint64 fromUtc, qint64 toUtc)
{
    const QByteArray sql = QByteArray(kColumns) + "WHERE start_utc >= ? AND start_utc < ? ORDER BY start_utc, id";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, fromUtc).bind(2, toUtc);
    return collect(*stmt);
}

Result<QList<EventRow>> EventStore::eventsForItem(const QString &itemKind, qint64 itemId)
{
    const QByteArray sql = QByteArray(kColumns) + "WHERE item_kind = ? AND item_id = ? ORDER BY start_utc, id";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, itemKind).bind(2, itemId);
    return collect(*stmt);
}

Result<qint64> EventStore::insertOnce(const EventRow &event)
{
    auto same = Statement::prepare(m_db,
                                   "SELECT id FROM events WHERE kind = ? AND start_utc = ? AND item_kind IS ? AND "
                                   "item_id IS ? AND item_start IS ? AND item_length IS ?");
    if (!same)
        return same.error();
    same->bind(1, event.kind)
        .bind(2, event.startUtc)
        .bind(3, event.itemKind.isEmpty() ? QString() : event.itemKind)
        .bind(4, event.itemId)
        .bind(5, event.itemStart)
        .bind(6, event.itemLength);
    auto existing = same->maybeOne<qint64>([](const Statement &s) { return s.int64(0); });
    if (!existing)
        return existing.error();
    if (*existing)
        return **existing;
    auto insert = Statement::prepare(m_db,
                                     "INSERT INTO events (kind, start_utc, end_utc, title, description, item_kind, "
                                     "item_id, item_start, item_length, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bind(1, event.kind)
        .bind(2, event.startUtc)
        .bind(3, event.endUtc)
        .bind(4, event.title)
        .bind(5, event.description.isNull() ? QStringLiteral("") : event.description)
        .bind(6, event.itemKind.isEmpty() ? QString() : event.itemKind)
        .bind(7, event.itemId)
        .bind(8, event.itemStart)
        .bind(9, event.itemLength)
        .bind(10, QDateTime::currentMSecsSinceEpoch());
    if (auto s = insert->run(); !s)
        return s.error();
    return m_db.lastInsertRowId();
}

} // namespace lineage::casefile
