// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

namespace lineage::casefile {

// Connection settings for one large write (an import), restored when it goes out of scope:
// a larger page cache and, when asked and no other connection has the case open, a rollback
// journal instead of the write-ahead log, so that the bulk of the data is written once rather
// than twice (WAL, then checkpoint). Atomicity is the same either way: a killed process
// leaves a hot journal that SQLite rolls back on the next open. With other connections open
// the case stays in WAL (readers keep reading). Create it before the write's transaction and
// let it outlive that transaction. One thread, the connection's.
class BulkWrite
{
public:
    BulkWrite(Database &db, bool rollbackJournal);
    ~BulkWrite();
    BulkWrite(const BulkWrite &) = delete;
    BulkWrite &operator=(const BulkWrite &) = delete;

    bool usesRollbackJournal() const { return m_rollbackJournal; }

    // Inside the transaction: foreign keys are checked at commit (a row may point to one
    // that is completed later in the same transaction).
    [[nodiscard]] static Status deferForeignKeys(Database &db);

    // Before the transaction, for a writer that makes every reference itself (a query-log
    // import: its own source, accounts it looked up or created) and checks them once at the
    // end (QueryRecordWriter::checkReferences()): SQLite does not check foreign keys row by
    // row. With them checked, every multi-row INSERT also needs a statement journal; without,
    // the import's writing thread runs about a fifth fewer instructions. Restored on scope exit.
    [[nodiscard]] Status uncheckForeignKeys();
    bool foreignKeysUnchecked() const { return m_foreignKeysUnchecked; }

private:
    Database &m_db;
    bool m_rollbackJournal = false;
    bool m_foreignKeysUnchecked = false;
};

} // namespace lineage::casefile
