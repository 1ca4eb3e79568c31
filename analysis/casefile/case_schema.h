// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>
#include <QString>

namespace lineage::casefile {

// One row of sqlite_schema, with its SQL normalized (comments dropped, white space
// collapsed) so that only a change of meaning is a difference.
struct SchemaObject
{
    QString type; // table, index, trigger, view
    QString name;
    QString table; // tbl_name
    QString sql; // normalized; empty for automatic indexes

    bool operator==(const SchemaObject &o) const = default;
};

// Something in a case's schema that its schema version does not have, lacks, or has
// otherwise: `object` names it ("trigger audit_log_wipe"), `message` says what is wrong.
struct SchemaDifference
{
    QString object;
    QString message;
};

// The schema is evidence too: a case must hold exactly the tables, indexes, triggers and
// views that the migrations up to its version create. The expected schema is computed by
// applying the shipped migrations to an in-memory database (once per version, cached;
// thread-safe). Reads only; never changes the case.
class CaseSchema
{
public:
    [[nodiscard]] static Result<QList<SchemaObject>> expected(int version);
    [[nodiscard]] static Result<QList<SchemaObject>> live(Database &db);
    // Every difference between `db`'s schema and the one of `version`, in a fixed order.
    [[nodiscard]] static Result<QList<SchemaDifference>> compare(Database &db, int version);
    // One sentence naming the differences, for refusing write access.
    static QString describe(const QList<SchemaDifference> &differences, int limit = 3);

    static QString normalizeSql(const QString &sql);
};

} // namespace lineage::casefile
