// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/table_layout.h"

namespace lineage::casefile {

QByteArray quotedName(const QByteArray &name)
{
    QByteArray q = name;
    q.replace('"', "\"\"");
    return '"' + q + '"';
}

QByteArray TableLayout::selectAll() const
{
    if (!withoutRowid)
        return "SELECT rowid, * FROM " + quotedName(name) + " ORDER BY rowid";
    QByteArray order;
    for (size_t i = 0; i < realAffinity.size(); ++i)
        order += (i ? ", " : "") + QByteArray::number(qint64(i) + 1);
    return "SELECT * FROM " + quotedName(name) + " ORDER BY " + order;
}

QByteArray TableLayout::selectOne() const
{
    return "SELECT rowid, * FROM " + quotedName(name) + " WHERE rowid = ?";
}

Result<QList<TableLayout>> loadTableLayouts(Database &db)
{
    auto tables = Statement::prepare(
        db,
        "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'shadow') "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    if (!tables)
        return tables.error();
    auto columns = Statement::prepare(db, "SELECT upper(type) FROM pragma_table_info(?) ORDER BY cid");
    if (!columns)
        return columns.error();
    QList<TableLayout> layouts;
    for (;;) {
        auto row = tables->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        TableLayout layout;
        layout.name = tables->text(0).toUtf8();
        layout.withoutRowid = tables->int64(1) != 0;
        layout.rule = tableRule(layout.name.constData());
        columns->bind(1, tables->text(0));
        for (;;) {
            auto c = columns->step();
            if (!c)
                return c.error();
            if (!*c)
                break;
            // SQLite's affinity rules: INT first, then CHAR/CLOB/TEXT, BLOB or none, then REAL.
            const QString type = columns->text(0);
            const bool real = !type.contains(QLatin1String("INT")) && !type.contains(QLatin1String("CHAR"))
                && !type.contains(QLatin1String("CLOB")) && !type.contains(QLatin1String("TEXT"))
                && !type.contains(QLatin1String("BLOB")) && !type.isEmpty()
                && (type.contains(QLatin1String("REAL")) || type.contains(QLatin1String("FLOA"))
                    || type.contains(QLatin1String("DOUB")));
            layout.realAffinity.push_back(real);
        }
        columns->reset();
        layouts.append(std::move(layout));
    }
    return layouts;
}

} // namespace lineage::casefile
