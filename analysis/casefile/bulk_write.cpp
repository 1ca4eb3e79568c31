// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/bulk_write.h"

namespace lineage::casefile {

namespace {

QString journalMode(Database &db, const char *sql)
{
    auto stmt = Statement::prepare(db, sql);
    if (!stmt)
        return {};
    auto row = stmt->step();
    return row.ok() && *row ? stmt->text(0) : QString();
}

} // namespace

BulkWrite::BulkWrite(Database &db, bool rollbackJournal) : m_db(db)
{
    (void)m_db.exec("PRAGMA cache_size = -65536");
    if (rollbackJournal && journalMode(m_db, "PRAGMA journal_mode") == QLatin1String("wal")) {
        // Fails at once (no waiting) when another connection has the case open.
        sqlite3_busy_timeout(m_db.handle(), 0);
        m_rollbackJournal = journalMode(m_db, "PRAGMA journal_mode = DELETE") == QLatin1String("delete");
        sqlite3_busy_timeout(m_db.handle(), 5000);
    }
}

BulkWrite::~BulkWrite()
{
    if (m_rollbackJournal)
        (void)journalMode(m_db, "PRAGMA journal_mode = WAL");
    (void)m_db.exec("PRAGMA cache_size = -2000");
}

Status BulkWrite::deferForeignKeys(Database &db)
{
    return db.exec("PRAGMA defer_foreign_keys = ON");
}

Status BulkWrite::deferIndexes(const char *table)
{
    const QByteArray probe = QByteArray("SELECT EXISTS (SELECT 1 FROM \"") + table + "\")";
    auto rows = m_db.queryInt(probe.constData());
    if (!rows)
        return rows.error();
    if (*rows)
        return {};
    auto list = Statement::prepare(m_db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? "
                                         "AND sql IS NOT NULL AND sql NOT LIKE '% WHERE %' ORDER BY name");
    if (!list)
        return list.error();
    list->bindText(1, QByteArray(table));
    QList<QByteArray> names;
    for (;;) {
        auto row = list->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        names << list->text(0).toUtf8();
        m_deferredIndexes << list->text(1).toUtf8();
    }
    for (const QByteArray &name : std::as_const(names)) {
        const QByteArray drop = "DROP INDEX \"" + name + "\"";
        if (auto s = m_db.exec(drop.constData()); !s)
            return s;
    }
    return {};
}

Status BulkWrite::restoreIndexes()
{
    for (const QByteArray &sql : std::as_const(m_deferredIndexes))
        if (auto s = m_db.execScript(sql); !s)
            return s;
    m_deferredIndexes.clear();
    return {};
}

} // namespace lineage::casefile
