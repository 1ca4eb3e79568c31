// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/bulk_write.h"

namespace lineage::casefile {

BulkWrite::BulkWrite(Database &db) : m_db(db)
{
    (void)m_db.exec("PRAGMA cache_size = -32768");  // 32 MiB: the indexes' working set at 1 GB
    // A multi-row INSERT keeps a statement journal (the pages it changes, to undo just that
    // statement on a constraint error). Kept in memory it is a few pages per statement; in
    // a temporary file it cost one write() per page changed (more system time than SQLite's
    // own work). The transaction's journal, and so what a crash leaves, is unchanged.
    (void)m_db.exec("PRAGMA temp_store = MEMORY");
    // Pages read back (an index built after the rows, an upsert of the summaries) are mapped
    // rather than copied by read(): a deferred index build reads the whole table once per index.
    (void)m_db.exec("PRAGMA mmap_size = 4294967296");
}

BulkWrite::~BulkWrite()
{
    (void)m_db.exec("PRAGMA cache_size = -2000");
    (void)m_db.exec("PRAGMA temp_store = DEFAULT");
    (void)m_db.exec("PRAGMA mmap_size = 0");
    if (m_foreignKeysUnchecked)
        (void)m_db.exec("PRAGMA foreign_keys = ON");
}

Status BulkWrite::uncheckForeignKeys()
{
    if (!sqlite3_get_autocommit(m_db.handle()))
        return makeError(ErrorCode::Internal, QStringLiteral("Foreign keys can only be switched outside a transaction."));
    if (auto s = m_db.exec("PRAGMA foreign_keys = OFF"); !s)
        return s;
    m_foreignKeysUnchecked = true;
    return {};
}

Status BulkWrite::deferForeignKeys(Database &db)
{
    return db.exec("PRAGMA defer_foreign_keys = ON");
}

} // namespace lineage::casefile
