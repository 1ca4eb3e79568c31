// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/report_store.h"

#include <QFile>

#include <sqlite3.h>

namespace lineage::casefile {

Result<QList<CommentRow>> ReportStore::comments(Database &db)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT id, item_kind, item_id, body, author, created_utc FROM comments "
                                   "ORDER BY created_utc, id");
    if (!stmt)
        return stmt.error();
    return stmt->collect<CommentRow>([](const Statement &s) {
        CommentRow c;
        c.id = s.int64(0);
        c.item = { s.text(1), s.int64(2) };
        c.body = s.text(3);
        c.author = s.text(4);
        c.createdUtc = s.int64(5);
        return c;
    });
}

Status ReportStore::snapshot(Database &db, const QString &target, Feedback &feedback)
{
    if (QFile::exists(target))
        return makeError(ErrorCode::Io, QStringLiteral("The snapshot file %1 exists already.").arg(target));
    auto dest = Database::open(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!dest)
        return dest.error();
    auto fail = [&](Error error) -> Status {
        dest->close();
        QFile::remove(target);
        return error;
    };
    sqlite3_backup *backup = sqlite3_backup_init(dest->handle(), "main", db.handle(), "main");
    if (!backup)
        return fail(makeError(ErrorCode::Sql, QStringLiteral("The case could not be copied."), dest->lastError()));
    feedback.setPhase(QStringLiteral("Copying the case file"));
    int rc = SQLITE_OK;
    while (true) {
        if (feedback.isCanceled()) {
            sqlite3_backup_finish(backup);
            return fail(makeError(ErrorCode::Canceled, QStringLiteral("The copy of the case was canceled.")));
        }
        rc = sqlite3_backup_step(backup, 256);
        const int total = sqlite3_backup_pagecount(backup);
        feedback.setProgress(total - sqlite3_backup_remaining(backup));
        if (rc == SQLITE_DONE)
            break;
        if (rc == SQLITE_OK)
            continue;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            sqlite3_sleep(20);
            continue;
        }
        break;
    }
    const int finish = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE || finish != SQLITE_OK)
        return fail(makeError(ErrorCode::Sql, QStringLiteral("The case could not be copied."), dest->lastError()));
    // A snapshot is one self-contained file.
    if (auto s = dest->exec("PRAGMA journal_mode=DELETE"); !s)
        return fail(s.error());
    dest->close();
    return Status::success();
}

} // namespace lineage::casefile
