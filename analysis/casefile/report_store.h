// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/annotation_store.h"
#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>
#include <QString>

namespace lineage::casefile {

// The reads a report needs beyond the other stores: every comment of the case, and a
// consistent copy of the case file through SQLite's online backup API (safe while another
// connection, the workbench's, has the case open and writes). Stateless; works on the
// caller's connection and thread. Errors are returned.
class ReportStore
{
public:
    // Every comment, oldest first (then by id).
    [[nodiscard]] static Result<QList<CommentRow>> comments(Database &db);

    // Copies the database behind `db` into a new file `target` (which must not exist), a few
    // hundred pages per step, polling `feedback` between steps; cancel removes the copy.
    // The copy is a rollback-journal file of its own (no WAL side files).
    [[nodiscard]] static Status snapshot(Database &db, const QString &target, Feedback &feedback = nullFeedback());
};

} // namespace lineage::casefile
