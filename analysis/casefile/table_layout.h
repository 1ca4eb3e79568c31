// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "casefile/table_classes.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>

#include <vector>

namespace lineage::casefile {

// How the rows of one table of the case are hashed: its columns in schema order (which of
// them have REAL affinity), whether it has row ids, and its rule (table_classes.h).
// A plain value.
struct TableLayout
{
    QByteArray name;
    bool withoutRowid = false;
    std::vector<bool> realAffinity; // one per column, in schema order
    std::optional<TableRule> rule; // nothing: a table Lineage does not know

    bool hashed() const
    {
        return rule && !rule->recomputed
            && (rule->tableClass == TableClass::Committed || rule->tableClass == TableClass::Derived);
    }
    // SELECT of every row in hashing order: "SELECT rowid, * FROM t ORDER BY rowid", or,
    // without row ids, "SELECT * FROM t ORDER BY 1, 2, ...".
    QByteArray selectAll() const;
    // One row by id (rowid tables).
    QByteArray selectOne() const;
};

// The layouts of the case's ordinary and shadow tables (not views, not virtual tables, not
// sqlite_ tables), by name order.
[[nodiscard]] Result<QList<TableLayout>> loadTableLayouts(Database &db);

QByteArray quotedName(const QByteArray &name);

} // namespace lineage::casefile
