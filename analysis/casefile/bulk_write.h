// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

namespace lineage::casefile {

// Connection settings for one large write (an import), restored when it goes out of scope:
// a larger page cache and statement journals in memory. The write goes to the write-ahead
// log like every other (case_recovery.h: a killed import leaves the main file as it was).
// Create it before the write's transaction and let it outlive that transaction. One
// thread, the connection's.
class BulkWrite
{
public:
    explicit BulkWrite(Database &db);
    ~BulkWrite();
    BulkWrite(const BulkWrite &) = delete;
    BulkWrite &operator=(const BulkWrite &) = delete;

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
    bool m_foreignKeysUnchecked = false;
};

} // namespace lineage::casefile
