// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Helpers shared by the ingest tests: a fresh case in a temporary folder, fixture paths,
// and a dump of every table for before/after comparisons.

#include "casefile/case_file.h"
#include "casefile/sqlite.h"

#include <QDir>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace testing {

inline QString fixture(const QString &relative)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/ingest/") + relative;
}

inline const lineage::casefile::Investigator &who()
{
    static const lineage::casefile::Investigator w{QStringLiteral("T. Tester"), QStringLiteral("tester")};
    return w;
}

inline std::unique_ptr<lineage::casefile::CaseFile> newCase(const QTemporaryDir &dir, const QString &name = QStringLiteral("case.lineage"))
{
    lineage::casefile::CaseInfo info;
    info.title = QStringLiteral("Ingest test");
    auto file = lineage::casefile::CaseFile::create(dir.filePath(name), info, who());
    if (!file)
        return nullptr;
    return std::move(*file);
}

inline qint64 count(lineage::casefile::Database &db, const char *sql)
{
    auto n = db.queryInt(sql);
    return n ? *n : -1;
}

// Every row of every table (and the schema), as text: equal dumps mean equal content.
inline QStringList dumpTables(lineage::casefile::Database &db)
{
    using lineage::casefile::Statement;
    QStringList out;
    QStringList tables;
    {
        auto s = Statement::prepare(db, "SELECT name, coalesce(sql, '') FROM sqlite_schema ORDER BY name");
        if (!s)
            return {QStringLiteral("error")};
        while (s->step().value()) {
            out << s->text(0) + QLatin1Char('|') + s->text(1);
            const QString sql = s->text(1);
            if (sql.startsWith(QLatin1String("CREATE TABLE")))
                tables << s->text(0);
        }
    }
    for (const QString &t : std::as_const(tables)) {
        const QByteArray sql = "SELECT * FROM \"" + t.toUtf8() + "\" ORDER BY 1";
        auto s = Statement::prepare(db, sql.constData());
        if (!s)
            continue;  // shadow tables of the index may refuse direct reads
        while (s->step().value()) {
            QStringList cells;
            for (int c = 0; c < s->columnCount(); ++c)
                cells << (s->isNull(c) ? QStringLiteral("NULL") : QString::fromLatin1(s->blob(c).toHex()));
            out << t + QLatin1Char(':') + cells.join(QLatin1Char(','));
        }
    }
    return out;
}

} // namespace testing
