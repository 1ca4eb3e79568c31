// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/case_schema.h"

#include "casefile/migrations.h"

#include <QHash>
#include <QSet>

#include <mutex>

namespace lineage::casefile {

namespace {

QString label(const SchemaObject &o)
{
    if (o.type == QLatin1String("index") || o.type == QLatin1String("trigger"))
        return QStringLiteral("%1 %2 on %3").arg(o.type, o.name, o.table);
    return QStringLiteral("%1 %2").arg(o.type, o.name);
}

} // namespace

QString CaseSchema::normalizeSql(const QString &sql)
{
    // Outside quotes: comments dropped, runs of white space made one space, and no space
    // next to punctuation. Quoted text ('...', "...", `...`, [...]) is kept as it is.
    QString out;
    out.reserve(sql.size());
    bool pendingSpace = false;
    auto isPunct = [](QChar c) {
        return c == QLatin1Char('(') || c == QLatin1Char(')') || c == QLatin1Char(',') || c == QLatin1Char(';')
            || c == QLatin1Char('=');
    };
    auto put = [&](QChar c) {
        if (pendingSpace && !out.isEmpty() && !isPunct(c) && !isPunct(out.back()))
            out += QLatin1Char(' ');
        pendingSpace = false;
        out += c;
    };
    const qsizetype n = sql.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = sql[i];
        if (c == QLatin1Char('-') && i + 1 < n && sql[i + 1] == QLatin1Char('-')) {
            while (i < n && sql[i] != QLatin1Char('\n'))
                ++i;
            pendingSpace = true;
            continue;
        }
        if (c == QLatin1Char('/') && i + 1 < n && sql[i + 1] == QLatin1Char('*')) {
            i += 2;
            while (i + 1 < n && !(sql[i] == QLatin1Char('*') && sql[i + 1] == QLatin1Char('/')))
                ++i;
            ++i;
            pendingSpace = true;
            continue;
        }
        if (c.isSpace()) {
            pendingSpace = true;
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('[')) {
            const QChar close = c == QLatin1Char('[') ? QLatin1Char(']') : c;
            put(c);
            for (++i; i < n; ++i) {
                out += sql[i];
                if (sql[i] == close) {
                    if (close != QLatin1Char(']') && i + 1 < n && sql[i + 1] == close) {
                        out += sql[++i]; // a doubled quote inside the literal
                        continue;
                    }
                    break;
                }
            }
            continue;
        }
        put(c);
    }
    while (out.endsWith(QLatin1Char(';')))
        out.chop(1);
    return out;
}

Result<QList<SchemaObject>> CaseSchema::live(Database &db)
{
    auto stmt = Statement::prepare(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
    if (!stmt)
        return stmt.error();
    return stmt->collect<SchemaObject>([](const Statement &s) {
        return SchemaObject { s.text(0), s.text(1), s.text(2), normalizeSql(s.text(3)) };
    });
}

Result<QList<SchemaObject>> CaseSchema::expected(int version)
{
    static std::mutex mutex;
    static QHash<int, QList<SchemaObject>> cache;
    std::lock_guard lock(mutex);
    if (const auto it = cache.constFind(version); it != cache.constEnd())
        return *it;
    if (version < 1 || version > latestSchemaVersion())
        return makeError(ErrorCode::Unsupported, QStringLiteral("Lineage has no case schema version %1.").arg(version));
    auto db = Database::open(QStringLiteral(":memory:"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!db)
        return db.error();
    if (auto s = migrate(*db, version); !s)
        return s.error();
    auto objects = live(*db);
    if (!objects)
        return objects.error();
    cache.insert(version, *objects);
    return *objects;
}

Result<QList<SchemaDifference>> CaseSchema::compare(Database &db, int version)
{
    auto want = expected(version);
    if (!want)
        return want.error();
    auto have = live(db);
    if (!have)
        return have.error();
    QHash<QString, SchemaObject> expectedByName;
    for (const SchemaObject &o : std::as_const(*want))
        expectedByName.insert(o.name, o);
    QList<SchemaDifference> differences;
    QSet<QString> seen;
    const QString versionText = QStringLiteral("schema version %1").arg(version);
    for (const SchemaObject &o : std::as_const(*have)) {
        seen.insert(o.name);
        const auto it = expectedByName.constFind(o.name);
        if (it == expectedByName.constEnd()) {
            differences.append(
                { label(o), QStringLiteral("%1 is not part of a Lineage case (%2)").arg(label(o), versionText) });
        } else if (it->type != o.type) {
            differences.append(
                { label(o),
                  QStringLiteral("%1 replaces the %2 of that name (%3)").arg(label(o), it->type, versionText) });
        } else if (it->table != o.table || it->sql != o.sql) {
            differences.append(
                { label(o), QStringLiteral("%1 differs from its definition in %2").arg(label(o), versionText) });
        }
    }
    for (const SchemaObject &o : std::as_const(*want))
        if (!seen.contains(o.name))
            differences.append({ label(o), QStringLiteral("%1 is missing (%2)").arg(label(o), versionText) });
    return differences;
}

QString CaseSchema::describe(const QList<SchemaDifference> &differences, int limit)
{
    QStringList parts;
    for (qsizetype i = 0; i < differences.size() && i < limit; ++i)
        parts << differences[i].message;
    QString text = parts.join(QStringLiteral("; "));
    if (differences.size() > limit)
        text += QStringLiteral("; and %1 more").arg(differences.size() - limit);
    return text;
}

} // namespace lineage::casefile
