// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/annotation_store.h"

#include "casefile/audit_log.h"
#include "casefile/bulk_write.h"
#include "casefile/case_file.h"
#include "casefile/table_store.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace lineage::casefile {

namespace {

// Lists of ids up to this size are written into the audit entry; longer ones by count and hash.
constexpr qsizetype kListedIds = 100;

struct KindTable
{
    const char *kind;
    const char *exists; // SQL: one row when the item exists; nullptr: any positive id
};

constexpr KindTable kKinds[] = {
    { "record", "SELECT 1 FROM query_records WHERE id = ?" },
    { "turn", "SELECT 1 FROM turns WHERE id = ?" },
    { "page", "SELECT 1 FROM pages WHERE id = ?" },
    { "document", "SELECT 1 FROM documents WHERE id = ?" },
    { "transcript", "SELECT 1 FROM transcripts WHERE id = ?" },
    { "finding", "SELECT 1 FROM findings WHERE id = ?" },
    { "account", "SELECT 1 FROM accounts WHERE id = ?" },
    { "actor", "SELECT 1 FROM actors WHERE id = ?" },
    { "diagnostic", "SELECT 1 FROM import_diagnostics WHERE id = ?" },
    { "audit", "SELECT 1 FROM audit_log WHERE seq = ?" },
    { "chart", nullptr },
};

Result<const KindTable *> kindTable(const QString &kind)
{
    for (const KindTable &k : kKinds)
        if (kind == QLatin1String(k.kind))
            return &k;
    return makeError(ErrorCode::InvalidInput,
                     QStringLiteral("'%1' is not a kind of item that takes annotations (%2).")
                         .arg(kind, AnnotationStore::itemKinds().join(QStringLiteral(", "))));
}

// Checks that every id names an item of its kind.
Status checkItems(Database &db, const QString &kind, const QList<qint64> &ids)
{
    auto table = kindTable(kind);
    if (!table)
        return table.error();
    for (qint64 id : ids)
        if (id <= 0)
            return makeError(ErrorCode::InvalidInput, QStringLiteral("%1 is not an item id.").arg(id));
    if (!(*table)->exists)
        return {};
    auto stmt = Statement::prepare(db, (*table)->exists);
    if (!stmt)
        return stmt.error();
    for (qint64 id : ids) {
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row)
            return row.error();
        stmt->reset();
        if (!*row)
            return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no %1 %2.").arg(kind).arg(id));
    }
    return {};
}

qint64 nowUtc()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString target(const ItemRef &item)
{
    return QStringLiteral("%1:%2").arg(item.kind).arg(item.id);
}

// The ids an entry names: listed when few, always counted and hashed (sorted, one per line).
QJsonObject idsJson(QList<qint64> ids, const char *prefix = "")
{
    std::sort(ids.begin(), ids.end());
    QByteArray text;
    for (qint64 id : ids)
        text += QByteArray::number(id) + '\n';
    QJsonObject o;
    const QString p = QString::fromLatin1(prefix);
    o.insert(p + QStringLiteral("count"), qint64(ids.size()));
    o.insert(p + QStringLiteral("ids_sha256"),
             QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex()));
    if (ids.size() <= kListedIds) {
        QJsonArray list;
        for (qint64 id : ids)
            list.append(id);
        o.insert(p + QStringLiteral("ids"), list);
    }
    return o;
}

QJsonObject merged(QJsonObject a, const QJsonObject &b)
{
    for (auto it = b.begin(); it != b.end(); ++it)
        a.insert(it.key(), it.value());
    return a;
}

QJsonObject commentJson(const CommentRow &c)
{
    return { { QStringLiteral("id"), c.id },
             { QStringLiteral("item"), target(c.item) },
             { QStringLiteral("body"), c.body },
             { QStringLiteral("author"), c.author },
             { QStringLiteral("created_utc"), c.createdUtc } };
}

QJsonObject exhibitJson(const ExhibitRow &e)
{
    return { { QStringLiteral("id"), e.id },
             { QStringLiteral("number"), e.number },
             { QStringLiteral("item"), target(e.item) },
             { QStringLiteral("caption"), e.caption },
             { QStringLiteral("created_utc"), e.createdUtc } };
}

// Marks (tags or stars) on a list of items, inside the caller's change. `add`/`remove` take
// the item id as their last parameter after `lead` (tag id and kind, or the kind).
Result<QList<qint64>> applyMarks(Database &db, const char *addSql, const char *removeSql, const QVariantList &lead,
                                 const QList<qint64> &ids, bool on, Feedback &feedback)
{
    auto stmt = Statement::prepare(db, on ? addSql : removeSql);
    if (!stmt)
        return stmt.error();
    QList<qint64> changed;
    feedback.setPhase(on ? QStringLiteral("Marking") : QStringLiteral("Unmarking"), ids.size(),
                      QStringLiteral("items"));
    const int n = int(lead.size());
    for (qsizetype i = 0; i < ids.size(); ++i) {
        for (int j = 0; j < n; ++j)
            stmt->bindVariant(1 + j, lead[j]);
        stmt->bind(1 + n, ids[i]);
        if (on) // the insert repeats the key for its NOT EXISTS check
            for (int j = 0; j < n; ++j)
                stmt->bindVariant(2 + n + j, lead[j]);
        if (on)
            stmt->bind(2 + 2 * n, ids[i]);
        if (auto s = stmt->run(); !s)
            return s.error();
        if (db.changes() > 0)
            changed << ids[i];
        if ((i & 0x3FFF) == 0x3FFF) {
            if (feedback.isCanceled())
                return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
            feedback.setProgress(i + 1, i + 1);
        }
    }
    feedback.setProgress(ids.size(), ids.size());
    return changed;
}

// The id of tag `name`, created when missing.
Result<qint64> tagId(Database &db, const QString &name, bool create)
{
    if (create) {
        auto insert = Statement::prepare(db,
                                         "INSERT INTO tags (name) SELECT ? WHERE NOT EXISTS "
                                         "(SELECT 1 FROM tags WHERE name = ?)");
        if (!insert)
            return insert.error();
        insert->bind(1, name).bind(2, name);
        if (auto s = insert->run(); !s)
            return s.error();
    }
    auto find = Statement::prepare(db, "SELECT id FROM tags WHERE name = ?");
    if (!find)
        return find.error();
    find->bind(1, name);
    return find->one<qint64>([](const Statement &s) { return s.int64(0); }, Error { ErrorCode::InvalidInput, {}, {} });
}

// A tag no item carries any more is removed with the change that left it alone.
Status dropTagIfUnused(Database &db, qint64 id)
{
    auto stmt = Statement::prepare(db,
                                   "DELETE FROM tags WHERE id = ? AND NOT EXISTS "
                                   "(SELECT 1 FROM item_tags WHERE tag_id = ?)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id).bind(2, id);
    return stmt->run();
}

Result<MarkChange> tagIds(CaseFile &file, const QString &tag, const QString &kind, const QList<qint64> &ids, bool on,
                          const QJsonObject &selection, Feedback &feedback)
{
    const QString name = tag.trimmed();
    if (name.isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A tag needs a name."));
    MarkChange change { kind, {}, ids.size() };
    QJsonObject params { { QStringLiteral("tag"), name }, { QStringLiteral("kind"), kind } };
    params = merged(params, selection);
    auto status = file.auditedChange(
        on ? QStringLiteral("tag.add") : QStringLiteral("tag.remove"), QStringLiteral("tag:%1").arg(name), params,
        [&]() -> Result<QJsonObject> {
            Database &db = file.db();
            auto id = tagId(db, name, on);
            if (!id) // removing a tag that does not exist changes nothing
                return on ? Result<QJsonObject>(id.error()) : Result<QJsonObject>(idsJson({}, "changed_"));
            auto changed
                = applyMarks(db,
                             "INSERT INTO item_tags (tag_id, item_kind, item_id) SELECT ?, ?, ? WHERE NOT EXISTS "
                             "(SELECT 1 FROM item_tags WHERE tag_id = ? AND item_kind = ? AND item_id = ?)",
                             "DELETE FROM item_tags WHERE tag_id = ? AND item_kind = ? AND item_id = ?", { *id, kind },
                             ids, on, feedback);
            if (!changed)
                return changed.error();
            if (auto s = dropTagIfUnused(db, *id); !s) // also: a tag put on nothing is not kept
                return s.error();
            change.changed = std::move(*changed);
            return idsJson(change.changed, "changed_");
        });
    if (!status)
        return status.error();
    return change;
}

} // namespace

const QStringList &AnnotationStore::itemKinds()
{
    static const QStringList kinds = [] {
        QStringList k;
        for (const KindTable &t : kKinds)
            k << QString::fromLatin1(t.kind);
        return k;
    }();
    return kinds;
}

Result<MarkChange> AnnotationStore::setTag(CaseFile &file, const QString &tag, const QString &kind,
                                           const QList<qint64> &ids, bool on)
{
    if (auto s = checkItems(file.db(), kind, ids); !s)
        return s.error();
    return tagIds(file, tag, kind, ids, on, idsJson(ids), nullFeedback());
}

Result<MarkChange> AnnotationStore::setTagWhere(CaseFile &file, const QString &tag, const TableSpec &spec,
                                                const TableQuery &query, bool on, Feedback &feedback)
{
    // The ids first, then the change: the scan must not see the rows the change writes.
    feedback.setPhase(QStringLiteral("Selecting"), 0, QStringLiteral("rows"));
    QList<qint64> ids;
    auto scan = TableStore::forEachId(file.db(), spec, query, feedback, [&](qint64 id) {
        ids << id;
        return Status();
    });
    if (!scan)
        return scan.error();
    QJsonObject selection { { QStringLiteral("table"), spec.name }, { QStringLiteral("query"), query.toJson() } };
    selection = merged(selection, idsJson(ids));
    // A larger page cache for the one big transaction (the write-ahead log stays).
    BulkWrite bulk(file.db(), false);
    return tagIds(file, tag, spec.itemKind, ids, on, selection, feedback);
}

Result<MarkChange> AnnotationStore::setStar(CaseFile &file, const QString &kind, const QList<qint64> &ids, bool on)
{
    if (auto s = checkItems(file.db(), kind, ids); !s)
        return s.error();
    MarkChange change { kind, {}, ids.size() };
    QJsonObject params = merged({ { QStringLiteral("kind"), kind } }, idsJson(ids));
    auto status = file.auditedChange(
        on ? QStringLiteral("star.add") : QStringLiteral("star.remove"),
        ids.size() == 1 ? target({ kind, ids.front() }) : kind, params, [&]() -> Result<QJsonObject> {
            auto changed = applyMarks(file.db(),
                                      "INSERT INTO stars (item_kind, item_id) SELECT ?, ? WHERE NOT EXISTS "
                                      "(SELECT 1 FROM stars WHERE item_kind = ? AND item_id = ?)",
                                      "DELETE FROM stars WHERE item_kind = ? AND item_id = ?", { kind }, ids, on,
                                      nullFeedback());
            if (!changed)
                return changed.error();
            change.changed = std::move(*changed);
            return idsJson(change.changed, "changed_");
        });
    if (!status)
        return status.error();
    return change;
}

namespace {

Status insertComment(Database &db, const CommentRow &c)
{
    auto stmt = Statement::prepare(db,
                                   "INSERT INTO comments (id, item_kind, item_id, body, author, created_utc) "
                                   "VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, c.id).bind(2, c.item.kind).bind(3, c.item.id).bind(4, c.body).bind(5, c.author).bind(6, c.createdUtc);
    return stmt->run();
}

CommentRow readComment(const Statement &s)
{
    return CommentRow { s.int64(0), { s.text(1), s.int64(2) }, s.text(3), s.text(4), s.int64(5) };
}

ExhibitRow readExhibit(const Statement &s)
{
    return ExhibitRow { s.int64(0), int(s.int64(1)), { s.text(2), s.int64(3) }, s.text(4), s.text(5), s.int64(6) };
}

constexpr const char *kExhibitSelect = "SELECT id, number, item_kind, item_id, title, note, created_utc FROM exhibits ";

// Moves the numbers in [from, to] by `delta` (+1 or -1). Numbers are unique, so they pass
// through negative values: no two rows ever hold the same number.
Status shiftExhibits(Database &db, int from, int to, int delta)
{
    auto away = Statement::prepare(db, "UPDATE exhibits SET number = -(number + ?) WHERE number BETWEEN ? AND ?");
    if (!away)
        return away.error();
    away->bind(1, delta).bind(2, from).bind(3, to);
    if (auto s = away->run(); !s)
        return s;
    return db.exec("UPDATE exhibits SET number = -number WHERE number < 0");
}

Result<int> exhibitCount(Database &db)
{
    auto n = db.queryInt("SELECT count(*) FROM exhibits");
    if (!n)
        return n.error();
    return int(*n);
}

Status insertExhibit(Database &db, const ExhibitRow &e)
{
    auto count = exhibitCount(db);
    if (!count)
        return count.error();
    if (e.number < 1 || e.number > *count + 1)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Exhibit number %1 is out of range (1 to %2).").arg(e.number).arg(*count + 1));
    if (auto s = shiftExhibits(db, e.number, *count, +1); !s)
        return s;
    auto stmt = Statement::prepare(db,
                                   "INSERT INTO exhibits (id, number, item_kind, item_id, title, note, created_utc) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    if (e.id > 0)
        stmt->bind(1, e.id);
    else
        stmt->bindNull(1);
    // A null QString binds NULL; the columns are NOT NULL with '' for "none".
    const auto text = [](const QString &t) { return t.isNull() ? QString(QLatin1String("")) : t; };
    stmt->bind(2, e.number)
        .bind(3, e.item.kind)
        .bind(4, e.item.id)
        .bind(5, text(e.caption))
        .bind(6, text(e.note))
        .bind(7, e.createdUtc);
    return stmt->run();
}

} // namespace

Result<CommentRow> AnnotationStore::addComment(CaseFile &file, const ItemRef &item, const QString &body)
{
    if (body.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A comment needs some text."));
    if (auto s = checkItems(file.db(), item.kind, { item.id }); !s)
        return s.error();
    auto next = file.db().queryInt("SELECT coalesce(max(id), 0) + 1 FROM comments");
    if (!next)
        return next.error();
    CommentRow c { *next, item, body, file.investigator().name, nowUtc() };
    auto status
        = file.auditedChange(QStringLiteral("comment.add"), target(item), commentJson(c), [&]() -> Result<QJsonObject> {
              if (auto s = insertComment(file.db(), c); !s)
                  return s.error();
              return QJsonObject {};
          });
    if (!status)
        return status.error();
    return c;
}

Status AnnotationStore::restoreComment(CaseFile &file, const CommentRow &c)
{
    if (auto s = checkItems(file.db(), c.item.kind, { c.item.id }); !s)
        return s;
    return file.auditedChange(QStringLiteral("comment.restore"), target(c.item), commentJson(c),
                              [&]() -> Result<QJsonObject> {
                                  if (auto s = insertComment(file.db(), c); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

Status AnnotationStore::editComment(CaseFile &file, qint64 id, const QString &body)
{
    if (body.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A comment needs some text."));
    auto old = comment(file.db(), id);
    if (!old)
        return old.error();
    if (old->body == body)
        return {};
    FieldChanges changes;
    changes.compare("body", old->body, body);
    return file.auditedChange(QStringLiteral("comment.edit"), QStringLiteral("comment:%1").arg(id),
                              changes.parameters(), [&]() -> Result<QJsonObject> {
                                  auto stmt
                                      = Statement::prepare(file.db(), "UPDATE comments SET body = ? WHERE id = ?");
                                  if (!stmt)
                                      return stmt.error();
                                  stmt->bind(1, body).bind(2, id);
                                  if (auto s = stmt->run(); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

Status AnnotationStore::removeComment(CaseFile &file, qint64 id)
{
    auto old = comment(file.db(), id);
    if (!old)
        return old.error();
    return file.auditedChange(QStringLiteral("comment.remove"), target(old->item), commentJson(*old),
                              [&]() -> Result<QJsonObject> {
                                  auto stmt = Statement::prepare(file.db(), "DELETE FROM comments WHERE id = ?");
                                  if (!stmt)
                                      return stmt.error();
                                  stmt->bind(1, id);
                                  if (auto s = stmt->run(); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

Result<ExhibitRow> AnnotationStore::addExhibit(CaseFile &file, const ItemRef &item, const QString &caption, int number)
{
    if (auto s = checkItems(file.db(), item.kind, { item.id }); !s)
        return s.error();
    auto count = exhibitCount(file.db());
    if (!count)
        return count.error();
    auto next = file.db().queryInt("SELECT coalesce(max(id), 0) + 1 FROM exhibits");
    if (!next)
        return next.error();
    ExhibitRow e { *next, number > 0 ? number : *count + 1, item, caption, {}, nowUtc() };
    auto status
        = file.auditedChange(QStringLiteral("exhibit.add"), target(item), exhibitJson(e), [&]() -> Result<QJsonObject> {
              if (auto s = insertExhibit(file.db(), e); !s)
                  return s.error();
              return QJsonObject {};
          });
    if (!status)
        return status.error();
    return e;
}

Status AnnotationStore::restoreExhibit(CaseFile &file, const ExhibitRow &e)
{
    return file.auditedChange(QStringLiteral("exhibit.restore"), target(e.item), exhibitJson(e),
                              [&]() -> Result<QJsonObject> {
                                  if (auto s = insertExhibit(file.db(), e); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

Status AnnotationStore::removeExhibit(CaseFile &file, qint64 id)
{
    auto old = exhibit(file.db(), id);
    if (!old)
        return old.error();
    return file.auditedChange(QStringLiteral("exhibit.remove"), QStringLiteral("exhibit:%1").arg(id), exhibitJson(*old),
                              [&]() -> Result<QJsonObject> {
                                  Database &db = file.db();
                                  auto stmt = Statement::prepare(db, "DELETE FROM exhibits WHERE id = ?");
                                  if (!stmt)
                                      return stmt.error();
                                  stmt->bind(1, id);
                                  if (auto s = stmt->run(); !s)
                                      return s.error();
                                  auto count = exhibitCount(db);
                                  if (!count)
                                      return count.error();
                                  if (auto s = shiftExhibits(db, old->number + 1, *count + 1, -1); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

Status AnnotationStore::moveExhibit(CaseFile &file, qint64 id, int number)
{
    auto old = exhibit(file.db(), id);
    if (!old)
        return old.error();
    auto count = exhibitCount(file.db());
    if (!count)
        return count.error();
    if (number < 1 || number > *count)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Exhibit number %1 is out of range (1 to %2).").arg(number).arg(*count));
    if (number == old->number)
        return {};
    const QJsonObject params { { QStringLiteral("before"), old->number }, { QStringLiteral("after"), number } };
    return file.auditedChange(
        QStringLiteral("exhibit.move"), QStringLiteral("exhibit:%1").arg(id), params, [&]() -> Result<QJsonObject> {
            Database &db = file.db();
            auto park = Statement::prepare(db, "UPDATE exhibits SET number = 0 WHERE id = ?");
            if (!park)
                return park.error();
            park->bind(1, id);
            if (auto s = park->run(); !s)
                return s.error();
            const Status shifted = number > old->number ? shiftExhibits(db, old->number + 1, number, -1)
                                                        : shiftExhibits(db, number, old->number - 1, +1);
            if (!shifted)
                return shifted.error();
            auto place = Statement::prepare(db, "UPDATE exhibits SET number = ? WHERE id = ?");
            if (!place)
                return place.error();
            place->bind(1, number).bind(2, id);
            if (auto s = place->run(); !s)
                return s.error();
            return QJsonObject {};
        });
}

Status AnnotationStore::setExhibitCaption(CaseFile &file, qint64 id, const QString &caption)
{
    auto old = exhibit(file.db(), id);
    if (!old)
        return old.error();
    if (old->caption == caption)
        return {};
    FieldChanges changes;
    changes.compare("caption", old->caption, caption);
    return file.auditedChange(QStringLiteral("exhibit.caption"), QStringLiteral("exhibit:%1").arg(id),
                              changes.parameters(), [&]() -> Result<QJsonObject> {
                                  auto stmt
                                      = Statement::prepare(file.db(), "UPDATE exhibits SET title = ? WHERE id = ?");
                                  if (!stmt)
                                      return stmt.error();
                                  stmt->bind(1, caption.isNull() ? QString(QLatin1String("")) : caption).bind(2, id);
                                  if (auto s = stmt->run(); !s)
                                      return s.error();
                                  return QJsonObject {};
                              });
}

Result<QList<TagCount>> AnnotationStore::tags(Database &db)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT t.name, t.color, (SELECT count(*) FROM item_tags it WHERE it.tag_id = t.id) "
                                   "FROM tags t ORDER BY t.name");
    if (!stmt)
        return stmt.error();
    return stmt->collect<TagCount>([](const Statement &s) { return TagCount { s.text(0), s.text(1), s.int64(2) }; });
}

Result<ItemAnnotations> AnnotationStore::forItem(Database &db, const ItemRef &item)
{
    ItemAnnotations a;
    auto tagsOf = tagsAmong(db, item.kind, { item.id });
    if (!tagsOf)
        return tagsOf.error();
    a.tags = tagsOf->value(item.id);
    auto starred = starredAmong(db, item.kind, { item.id });
    if (!starred)
        return starred.error();
    a.starred = !starred->isEmpty();
    auto comments = Statement::prepare(db,
                                       "SELECT id, item_kind, item_id, body, author, created_utc FROM comments "
                                       "WHERE item_kind = ? AND item_id = ? ORDER BY created_utc, id");
    if (!comments)
        return comments.error();
    comments->bind(1, item.kind).bind(2, item.id);
    auto list = comments->collect<CommentRow>(readComment);
    if (!list)
        return list.error();
    a.comments = *list;
    auto exhibits = Statement::prepare(db,
                                       QByteArray(kExhibitSelect)
                                           .append("WHERE item_kind = ? AND item_id = ? "
                                                   "ORDER BY number")
                                           .constData());
    if (!exhibits)
        return exhibits.error();
    exhibits->bind(1, item.kind).bind(2, item.id);
    auto ex = exhibits->collect<ExhibitRow>(readExhibit);
    if (!ex)
        return ex.error();
    a.exhibits = *ex;
    return a;
}

Result<QList<ExhibitRow>> AnnotationStore::exhibits(Database &db)
{
    auto stmt = Statement::prepare(db, QByteArray(kExhibitSelect).append("ORDER BY number").constData());
    if (!stmt)
        return stmt.error();
    return stmt->collect<ExhibitRow>(readExhibit);
}

Result<ExhibitRow> AnnotationStore::exhibit(Database &db, qint64 id)
{
    auto stmt = Statement::prepare(db, QByteArray(kExhibitSelect).append("WHERE id = ?").constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->one<ExhibitRow>(
        readExhibit, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no exhibit %1.").arg(id)));
}

Result<CommentRow> AnnotationStore::comment(Database &db, qint64 id)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT id, item_kind, item_id, body, author, created_utc FROM comments "
                                   "WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->one<CommentRow>(
        readComment, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no comment %1.").arg(id)));
}

Result<QList<qint64>> AnnotationStore::starredAmong(Database &db, const QString &kind, const QList<qint64> &ids)
{
    auto stmt = Statement::prepare(db, "SELECT 1 FROM stars WHERE item_kind = ? AND item_id = ?");
    if (!stmt)
        return stmt.error();
    QList<qint64> out;
    for (qint64 id : ids) {
        stmt->bind(1, kind).bind(2, id);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (*row)
            out << id;
        stmt->reset();
    }
    return out;
}

Result<QHash<qint64, QStringList>> AnnotationStore::tagsAmong(Database &db, const QString &kind,
                                                              const QList<qint64> &ids)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT t.name FROM item_tags it JOIN tags t ON t.id = it.tag_id "
                                   "WHERE it.item_kind = ? AND it.item_id = ? ORDER BY t.name");
    if (!stmt)
        return stmt.error();
    QHash<qint64, QStringList> out;
    for (qint64 id : ids) {
        stmt->bind(1, kind).bind(2, id);
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            out[id] << stmt->text(0);
        }
        stmt->reset();
    }
    return out;
}

} // namespace lineage::casefile
