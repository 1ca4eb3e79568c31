// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/migrations.h"

#include <QDir>
#include <QFile>

namespace lineage::casefile {

const QList<Migration> &migrations()
{
    static const QList<Migration> list = [] {
        QList<Migration> result;
        QDir dir(QStringLiteral(":/lineage/migrations"));
        const QStringList names = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        for (const QString &name : names) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const int version = name.left(4).toInt();
            result.append({version, name, file.readAll()});
        }
        // Numbers are reserved per change, so a branch may hold 0006 before 0003 lands:
        // they must only increase (applied in order; merged branches fill the gaps).
        for (qsizetype i = 1; i < result.size(); ++i)
            Q_ASSERT_X(result[i].version > result[i - 1].version, "migrations", "migration numbers must increase");
        return result;
    }();
    return list;
}

int latestSchemaVersion()
{
    return migrations().isEmpty() ? 0 : migrations().last().version;
}

Status migrate(Database &db, int target)
{
    if (target < 0)
        target = latestSchemaVersion();
    auto current = db.queryInt("PRAGMA user_version");
    if (!current)
        return current.error();
    // A migration may rebuild a table that others reference (SQLite cannot alter a
    // constraint in place): foreign keys are off while it runs, as SQLite's procedure for
    // schema changes asks, and checked before it commits. The pragma has no effect inside a
    // transaction, so it is set around them.
    auto foreignKeys = db.queryInt("PRAGMA foreign_keys");
    if (!foreignKeys)
        return foreignKeys.error();
    struct RestoreForeignKeys
    {
        Database &db;
        bool on;
        ~RestoreForeignKeys()
        {
            if (on)
                (void)db.exec("PRAGMA foreign_keys = ON");
        }
    } restore { db, *foreignKeys != 0 };
    if (*foreignKeys)
        if (auto s = db.exec("PRAGMA foreign_keys = OFF"); !s)
            return s;
    for (const Migration &m : migrations()) {
        if (m.version <= *current || m.version > target)
            continue;
        Transaction tx(db);
        if (auto s = tx.begin(); !s)
            return s;
        if (auto s = db.execScript(m.sql); !s)
            return makeError(ErrorCode::Sql, QStringLiteral("Schema migration %1 failed; the case was left unchanged at version %2.")
                                                 .arg(m.name).arg(*current), s.error().detail);
        auto dangling = db.queryInt("SELECT count(*) FROM pragma_foreign_key_check");
        if (!dangling)
            return dangling.error();
        if (*dangling > 0)
            return makeError(ErrorCode::Sql,
                             QStringLiteral("Schema migration %1 failed; the case was left unchanged at version %2.")
                                 .arg(m.name)
                                 .arg(*current),
                             QStringLiteral("%1 row(s) would refer to rows that do not exist").arg(*dangling));
        const QByteArray pragma = "PRAGMA user_version = " + QByteArray::number(m.version);
        if (auto s = db.exec(pragma.constData()); !s)
            return s;
        if (auto s = tx.commit(); !s)
            return s;
        *current = m.version;
    }
    return {};
}

} // namespace lineage::casefile
