// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"

namespace lineage::casefile {

// Stops a statement of `db` once `feedback` is canceled: while the guard lives, SQLite asks
// every 1000 virtual-machine steps whether the work is still wanted and, when not, ends the
// running statement as sqlite3_interrupt() does (SQLITE_INTERRUPT), so a long full-text
// query stops within milliseconds of Stop. One guard per connection at a time; the progress
// handler is removed on exit.
class InterruptOnCancel
{
public:
    InterruptOnCancel(Database &db, Feedback &feedback) : m_db(db)
    {
        sqlite3_progress_handler(
            m_db.handle(), 1000, [](void *f) { return static_cast<Feedback *>(f)->isCanceled() ? 1 : 0; }, &feedback);
    }
    InterruptOnCancel(const InterruptOnCancel &) = delete;
    InterruptOnCancel &operator=(const InterruptOnCancel &) = delete;
    ~InterruptOnCancel() { sqlite3_progress_handler(m_db.handle(), 0, nullptr, nullptr); }

private:
    Database &m_db;
};

} // namespace lineage::casefile
