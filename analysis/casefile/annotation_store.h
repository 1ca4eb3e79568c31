// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "casefile/table_spec.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lineage::casefile {

class CaseFile;

// What an annotation is on: the kind of item (the table it lives in) and its id. Kinds:
// record, turn, page, document, transcript, finding, account, actor, diagnostic, audit,
// chart (an exhibit of a chart names the chart by a number of its own).
struct ItemRef
{
    QString kind;
    qint64 id = 0;
    bool operator==(const ItemRef &) const = default;
};

struct TagCount
{
    QString name;
    QString color;
    qint64 items = 0;
};

struct CommentRow
{
    qint64 id = 0;
    ItemRef item;
    QString body;
    QString author;
    qint64 createdUtc = 0;
    bool operator==(const CommentRow &) const = default;
};

// An exhibit: an item promoted into the report's numbered list (1, 2, 3 ...).
struct ExhibitRow
{
    qint64 id = 0;
    int number = 0;
    ItemRef item;
    QString caption;
    QString note;
    qint64 createdUtc = 0;
    bool operator==(const ExhibitRow &) const = default;
};

// The annotations of one item, as a details pane shows them.
struct ItemAnnotations
{
    QStringList tags; // sorted
    bool starred = false;
    QList<CommentRow> comments; // oldest first
    QList<ExhibitRow> exhibits;
};

// What a tag or star change did: the ids whose state changed (an undo reverts exactly those).
struct MarkChange
{
    QString kind;
    QList<qint64> changed;
    qint64 requested = 0;
};

// Tags, stars, comments and exhibits: the analyst's marks on any item. Every change runs in
// CaseFile::auditedChange (one transaction with its audit entry; an undo is a new change and
// a new entry). A tag exists while some item carries it. Works on the calling thread's
// CaseFile; errors (unknown item, empty tag name) are returned with a sentence to act on.
class AnnotationStore
{
public:
    static const QStringList &itemKinds();

    // Adds (on) or removes the tag on each item; changes nothing for items already so.
    [[nodiscard]] static Result<MarkChange> setTag(CaseFile &file, const QString &tag, const QString &kind,
                                                   const QList<qint64> &ids, bool on);
    // The same for every row a table query selects, in one transaction: all or none. Polls
    // `feedback` every 16k rows; cancel rolls everything back.
    [[nodiscard]] static Result<MarkChange> setTagWhere(CaseFile &file, const QString &tag, const TableSpec &spec,
                                                        const TableQuery &query, bool on,
                                                        Feedback &feedback = nullFeedback());
    [[nodiscard]] static Result<MarkChange> setStar(CaseFile &file, const QString &kind, const QList<qint64> &ids,
                                                    bool on);

    [[nodiscard]] static Result<CommentRow> addComment(CaseFile &file, const ItemRef &item, const QString &body);
    // Puts back a removed comment as it was (same id, author and time): undo of a removal.
    [[nodiscard]] static Status restoreComment(CaseFile &file, const CommentRow &comment);
    [[nodiscard]] static Status editComment(CaseFile &file, qint64 id, const QString &body);
    [[nodiscard]] static Status removeComment(CaseFile &file, qint64 id);

    // Appends (number 0) or inserts the item at `number`, moving the later ones down.
    [[nodiscard]] static Result<ExhibitRow> addExhibit(CaseFile &file, const ItemRef &item, const QString &caption,
                                                       int number = 0);
    // Puts back a removed exhibit at its number, with its id and time: undo of a removal.
    [[nodiscard]] static Status restoreExhibit(CaseFile &file, const ExhibitRow &exhibit);
    [[nodiscard]] static Status removeExhibit(CaseFile &file, qint64 id);
    [[nodiscard]] static Status moveExhibit(CaseFile &file, qint64 id, int number);
    [[nodiscard]] static Status setExhibitCaption(CaseFile &file, qint64 id, const QString &caption);

    [[nodiscard]] static Result<QList<TagCount>> tags(Database &db);
    [[nodiscard]] static Result<ItemAnnotations> forItem(Database &db, const ItemRef &item);
    [[nodiscard]] static Result<QList<ExhibitRow>> exhibits(Database &db);
    [[nodiscard]] static Result<ExhibitRow> exhibit(Database &db, qint64 id);
    [[nodiscard]] static Result<CommentRow> comment(Database &db, qint64 id);
    // Which of `ids` carry a star / which tags, for a table's visible rows.
    [[nodiscard]] static Result<QList<qint64>> starredAmong(Database &db, const QString &kind,
                                                            const QList<qint64> &ids);
    [[nodiscard]] static Result<QHash<qint64, QStringList>> tagsAmong(Database &db, const QString &kind,
                                                                      const QList<qint64> &ids);
};

} // namespace lineage::casefile
