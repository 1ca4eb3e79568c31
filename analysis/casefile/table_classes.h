// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace lineage::casefile {

// What a table of the case is, for verification and for the row ledger (row_ledger.h).
//
// HOW TO CLASSIFY A NEW TABLE (every table a migration creates must be listed in
// table_classes.cpp, or writing to it fails and tst_case_integrity's classification test
// fails):
//   Committed  rows that say something about the case: evidence rows an import writes,
//              anything an analyst or an analysis writes (runs, findings, actors, events,
//              annotations...). Write them only inside CaseFile::auditedChange (or an
//              import's CaseChange); the ledger hashes every row a change touches and the
//              change's audit entry commits to the result. Nothing else is needed: no store
//              computes hashes itself. Writes outside an audited change are refused.
//   Derived    rows computed from committed rows and rebuildable from them (an index, a
//              cache, a summary). Same hashing (so a damaged or altered index is found),
//              but they may also be written outside an audited change, in a Transaction:
//              its commit then appends a "derived.update" audit entry by itself. List what
//              they derive from and how to rebuild them (`rebuild`), so verify can say so.
//              A derived table that verify recomputes from what it derives from and
//              compares whole (`recomputed`: the activity summaries) is not hashed at all:
//              the recomputation is the stronger check, and an import does not pay for
//              hashing it. Add its comparison to case_verifier.cpp (checkRecomputed).
//   Evidence   the compressed chunks of the originals: verified by the SHA-256 of the
//              original they store (blobs.sha256, committed, and the import's audit entry).
//   Ledger     the audit log and the row digests: verified by their own hash chain.
// A virtual table (FTS5) is listed with its own name; its shadow tables (name_data,
// name_idx, ...) take its class. Prefer rowid tables: a WITHOUT ROWID table is committed as
// a whole (one digest over all its rows, recomputed when it changes, and verify cannot
// name the row that differs), which is only right for small tables.
enum class TableClass {
    Committed,
    Derived,
    Evidence,
    Ledger,
};

struct TableRule
{
    const char *name;
    TableClass tableClass;
    const char *derivedFrom = nullptr; // Derived: what it is computed from
    const char *rebuild = nullptr; // Derived: how it is rebuilt
    bool virtualTable = false; // an FTS5 table: name_data, name_idx... are its shadows
    bool recomputed = false; // Derived: verify recomputes and compares it; never hashed
};

// The rule for `table` (a shadow table takes its virtual table's rule); nothing for a
// table Lineage does not know.
std::optional<TableRule> tableRule(const QString &table);
std::optional<TableRule> tableRule(const char *table);

// Every rule, in a fixed order.
const QList<TableRule> &tableRules();

QString tableClassName(TableClass c);

} // namespace lineage::casefile
