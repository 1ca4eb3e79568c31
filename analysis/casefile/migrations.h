// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>

namespace lineage::casefile {

struct Migration
{
    int version = 0;      // the user_version the case has after this migration
    QString name;         // "0001_initial.sql"
    QByteArray sql;
};

// The numbered schema migrations shipped in resources (resources/migrations/NNNN_*.sql),
// sorted by version. Version numbers increase from 1 (a number reserved for work not
// merged yet may be missing).
const QList<Migration> &migrations();
int latestSchemaVersion();

// Applies the migrations after `db`'s user_version up to `target` (latest by default),
// each in its own transaction that also sets user_version, with foreign keys off while it
// runs and checked before it commits. A failing migration rolls back and leaves the case at
// the previous version.
[[nodiscard]] Status migrate(Database &db, int target = -1);

} // namespace lineage::casefile
