// SPDX-License-Identifier: GPL-3.0-or-later
// Table commands: export-table writes a table with its filter and order to CSV or JSON Lines
// (audited with the file's SHA-256); batch-search looks up a list of strings in the
// full-text index and writes the hits per string as CSV.
#include "casefile/batch_search.h"
#include "casefile/case_file.h"
#include "casefile/table_export.h"
#include "casefile/table_spec.h"
#include "cli/cli_command.h"

#include <QFile>
#include <QSaveFile>

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::OpenMode;
using casefile::TableQuery;
using casefile::TableSpec;

QString tableNames()
{
    return TableSpec::names().join(QStringLiteral(", "));
}

int exportTable(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 2)
        return usageError(ctx, p, QStringLiteral("Give the case and the table (%1).").arg(tableNames()));
    const TableSpec *spec = TableSpec::find(args[1]);
    if (!spec)
        return usageError(ctx, p, QStringLiteral("There is no table '%1' (tables: %2).").arg(args[1], tableNames()));
    const QString format = p.value(QStringLiteral("format"));
    if (format != QLatin1String("csv") && format != QLatin1String("jsonl"))
        return usageError(ctx, p, QStringLiteral("--format is csv or jsonl."));
    if (!p.isSet(QStringLiteral("out")))
        return usageError(ctx, p, QStringLiteral("Give the file to write with --out."));
    TableQuery query;
    for (const QString &f : p.values(QStringLiteral("filter")))
        if (auto s = query.addFilter(*spec, f); !s)
            return printError(ctx, s.error());
    if (p.isSet(QStringLiteral("sort"))) {
        query.sortColumn = p.value(QStringLiteral("sort"));
        if (query.sortColumn == QLatin1String("id"))
            query.sortColumn.clear();
    }
    query.descending = p.isSet(QStringLiteral("descending"));
    auto file = CaseFile::open(args[0], casefile::Investigator::current(ctx.investigator));
    if (!file)
        return printError(ctx, file.error());
    casefile::TableExportOptions options;
    options.format = format == QLatin1String("csv") ? casefile::ExportFormat::Csv : casefile::ExportFormat::JsonLines;
    options.path = p.value(QStringLiteral("out"));
    options.byteOrderMark = p.isSet(QStringLiteral("bom"));
    auto summary = casefile::TableExport::run(**file, *spec, query, options);
    if (!summary)
        return printError(ctx, summary.error());
    if (p.isSet(QStringLiteral("json")))
        printJson(ctx,
                  { { QStringLiteral("table"), spec->name },
                    { QStringLiteral("rows"), summary->rows },
                    { QStringLiteral("bytes"), summary->bytes },
                    { QStringLiteral("sha256"), summary->sha256 },
                    { QStringLiteral("out"), options.path } });
    else
        ctx.out << "Exported " << summary->rows << " rows of " << spec->name << " to " << options.path << " (SHA-256 "
                << summary->sha256 << ").\n";
    ctx.out.flush();
    return kExitOk;
}

int batchSearch(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 2)
        return usageError(ctx, p, QStringLiteral("Give the case and the list of strings (one a line)."));
    QFile list(args[1]);
    if (!list.open(QIODevice::ReadOnly))
        return printError(
            ctx, makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(args[1], list.errorString())));
    const QStringList terms = casefile::BatchSearch::terms(QString::fromUtf8(list.readAll()));
    bool ok = false;
    const int limit = p.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0)
        return usageError(ctx, p, QStringLiteral("--limit takes a positive number."));
    auto file = CaseFile::open(args[0], casefile::Investigator::current(ctx.investigator), OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto results = casefile::BatchSearch::run((*file)->db(), terms, limit);
    if (!results)
        return printError(ctx, results.error());
    if (p.isSet(QStringLiteral("out"))) {
        QSaveFile out(p.value(QStringLiteral("out")));
        if (!out.open(QIODevice::WriteOnly)
            || out.write(casefile::BatchSearch::csv(*results, p.isSet(QStringLiteral("bom")))) < 0 || !out.commit())
            return printError(
                ctx,
                makeError(
                    ErrorCode::Io,
                    QStringLiteral("Cannot write %1: %2").arg(p.value(QStringLiteral("out")), out.errorString())));
    }
    for (const auto &r : *results)
        ctx.out << QStringLiteral("%1\t%2%3\n")
                       .arg(r.count)
                       .arg(r.term, r.error.isEmpty() ? QString() : QStringLiteral("\t(") + r.error + QLatin1Char(')'));
    ctx.out.flush();
    return kExitOk;
}

const CliRegistration kExportTable(
    { QStringLiteral("export-table"),
      QStringLiteral("Write a table, filtered and sorted, to CSV or JSON Lines (audited with its SHA-256)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
          p.addPositionalArgument(QStringLiteral("TABLE"), QStringLiteral("One of: %1.").arg(tableNames()));
          p.addOption({ QStringLiteral("filter"),
                        QStringLiteral("KEY=VALUE, KEY!=V, KEY>=N, KEY<N, KEY~TEXT, tag=NAME, starred, match=QUERY; "
                                       "repeat to narrow."),
                        QStringLiteral("F") });
          p.addOption(
              { QStringLiteral("sort"), QStringLiteral("Sort by this column (default id)."), QStringLiteral("COL") });
          p.addOption({ QStringLiteral("descending"), QStringLiteral("Sort descending.") });
          p.addOption({ QStringLiteral("format"), QStringLiteral("csv or jsonl (default csv)."), QStringLiteral("F"),
                        QStringLiteral("csv") });
          p.addOption({ QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE") });
          p.addOption({ QStringLiteral("bom"), QStringLiteral("CSV: start with a UTF-8 byte-order mark.") });
          p.addOption({ QStringLiteral("json"), QStringLiteral("Machine-readable JSON output.") });
      },
      exportTable });
const CliRegistration kBatchSearch(
    { QStringLiteral("batch-search"),
      QStringLiteral("Search a list of strings (one a line) and write the hits per string as CSV."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
          p.addPositionalArgument(QStringLiteral("LIST"), QStringLiteral("Text file: one string a line; # comments."));
          p.addOption({ QStringLiteral("out"), QStringLiteral("CSV of the hits."), QStringLiteral("FILE") });
          p.addOption({ QStringLiteral("limit"),
                        QStringLiteral("Hits listed per string (default 100; all are counted)."), QStringLiteral("N"),
                        QStringLiteral("100") });
          p.addOption({ QStringLiteral("bom"), QStringLiteral("Start the CSV with a UTF-8 byte-order mark.") });
      },
      batchSearch, false });

} // namespace

} // namespace lineage::cli
