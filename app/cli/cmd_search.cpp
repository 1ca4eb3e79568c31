// SPDX-License-Identifier: GPL-3.0-or-later
// Saved searches and findings exports: saved-search keeps full-text searches by name in the
// case (audited); export-findings writes the findings as JSON or their shared passages as PAN
// text-alignment XML (audited with every file's SHA-256).
#include "casefile/case_file.h"
#include "casefile/saved_search_store.h"
#include "casefile/search_index.h"
#include "cli/cli_command.h"
#include "report/findings_export.h"

#include <QJsonArray>

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::OpenMode;
using casefile::SavedSearchStore;

int savedSearch(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() < 2)
        return usageError(ctx, p,
                          QStringLiteral("Give the case and what to do: list, add NAME QUERY, remove NAME, "
                                         "run NAME."));
    const QString action = args[1];
    const auto who = casefile::Investigator::current(ctx.investigator);
    if (action == QLatin1String("list") || action == QLatin1String("run")) {
        auto file = CaseFile::open(args[0], who, OpenMode::ReadOnly);
        if (!file)
            return printError(ctx, file.error());
        if (action == QLatin1String("list")) {
            auto list = SavedSearchStore::list((*file)->db());
            if (!list)
                return printError(ctx, list.error());
            if (p.isSet(QStringLiteral("json"))) {
                QJsonArray a;
                for (const auto &s : *list)
                    a.append(QJsonObject { { QStringLiteral("id"), s.id },
                                           { QStringLiteral("name"), s.name },
                                           { QStringLiteral("kind"), s.kind },
                                           { QStringLiteral("definition"), s.definition },
                                           { QStringLiteral("created_utc"), s.createdUtc } });
                printJson(ctx, { { QStringLiteral("saved_searches"), a } });
            } else {
                for (const auto &s : *list)
                    ctx.out << s.name << '\t' << s.kind << '\t' << s.definition << '\n';
            }
            ctx.out.flush();
            return kExitOk;
        }
        if (args.size() != 3)
            return usageError(ctx, p, QStringLiteral("run takes the name of the saved search."));
        auto found = SavedSearchStore::find((*file)->db(), args[2]);
        if (!found)
            return printError(ctx, found.error());
        if (!*found)
            return printError(
                ctx, makeError(ErrorCode::InvalidInput, QStringLiteral("There is no saved search '%1'.").arg(args[2])));
        if ((*found)->kind != QLatin1String("text"))
            return printError(
                ctx,
                makeError(ErrorCode::Unsupported,
                          QStringLiteral("'%1' is a table filter; run it with export-table.").arg(args[2])));
        auto hits = casefile::SearchIndex::search((*file)->db(), (*found)->definition, 50);
        if (!hits)
            return printError(ctx, hits.error());
        for (const auto &h : *hits)
            ctx.out << h.itemKind << ':' << h.itemId << '\t' << h.field << '\t' << h.snippet << '\n';
        ctx.out.flush();
        return kExitOk;
    }
    auto file = CaseFile::open(args[0], who);
    if (!file)
        return printError(ctx, file.error());
    if (action == QLatin1String("add")) {
        if (args.size() != 4)
            return usageError(ctx, p, QStringLiteral("add takes a name and the query."));
        auto saved = SavedSearchStore::save(**file, args[2], QStringLiteral("text"), args[3]);
        if (!saved)
            return printError(ctx, saved.error());
        ctx.out << "Saved '" << saved->name << "'.\n";
    } else if (action == QLatin1String("remove")) {
        if (args.size() != 3)
            return usageError(ctx, p, QStringLiteral("remove takes the name of the saved search."));
        if (auto s = SavedSearchStore::remove(**file, args[2]); !s)
            return printError(ctx, s.error());
        ctx.out << "Removed '" << args[2] << "'.\n";
    } else {
        return usageError(ctx, p, QStringLiteral("Unknown action '%1': list, add, remove or run.").arg(action));
    }
    ctx.out.flush();
    return kExitOk;
}

int exportFindings(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give the case."));
    const QString format = p.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("pan"))
        return usageError(ctx, p, QStringLiteral("--format is json or pan."));
    if (!p.isSet(QStringLiteral("out")))
        return usageError(ctx, p, QStringLiteral("Give --out: the JSON file, or for pan the folder of XML files."));
    std::optional<qint64> run;
    if (p.isSet(QStringLiteral("run"))) {
        bool ok = false;
        run = p.value(QStringLiteral("run")).toLongLong(&ok);
        if (!ok)
            return usageError(ctx, p, QStringLiteral("--run takes a run id (lineage-cli runs CASE lists them)."));
    }
    auto file = CaseFile::open(args[0], casefile::Investigator::current(ctx.investigator));
    if (!file)
        return printError(ctx, file.error());
    const QString out = p.value(QStringLiteral("out"));
    auto summary = format == QLatin1String("json") ? report::FindingsExport::toJson(**file, run, out)
                                                   : report::FindingsExport::toPan(**file, run, out);
    if (!summary)
        return printError(ctx, summary.error());
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray files;
        for (const auto &f : summary->files)
            files.append(QJsonObject { { QStringLiteral("path"), f.path },
                                       { QStringLiteral("bytes"), f.bytes },
                                       { QStringLiteral("sha256"), f.sha256 } });
        printJson(ctx,
                  { { QStringLiteral("format"), format },
                    { QStringLiteral("findings"), summary->findings },
                    { QStringLiteral("detections"), summary->detections },
                    { QStringLiteral("files"), files } });
    } else {
        ctx.out << "Exported " << summary->findings << " findings";
        if (format == QLatin1String("pan"))
            ctx.out << " (" << summary->detections << " shared passages)";
        ctx.out << " to " << summary->files.size() << (summary->files.size() == 1 ? " file" : " files") << ":\n";
        for (const auto &f : summary->files)
            ctx.out << "  " << f.path << "  SHA-256 " << f.sha256 << '\n';
    }
    ctx.out.flush();
    return kExitOk;
}

const CliRegistration kSavedSearch(
    { QStringLiteral("saved-search"),
      QStringLiteral("Keep full-text searches by name in the case: list, add NAME QUERY, remove NAME, run NAME."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
          p.addPositionalArgument(QStringLiteral("ACTION"),
                                  QStringLiteral("list | add NAME QUERY | remove NAME | run NAME"));
          p.addOption({ QStringLiteral("json"), QStringLiteral("list: machine-readable JSON output.") });
      },
      savedSearch });
const CliRegistration kExportFindings(
    { QStringLiteral("export-findings"),
      QStringLiteral("Write the findings as JSON, or their shared passages as PAN XML (audited with SHA-256)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
          p.addOption({ QStringLiteral("format"), QStringLiteral("json (default) or pan."), QStringLiteral("F"),
                        QStringLiteral("json") });
          p.addOption({ QStringLiteral("out"),
                        QStringLiteral("json: the file to write; pan: the folder, one XML file per suspicious text."),
                        QStringLiteral("PATH") });
          p.addOption(
              { QStringLiteral("run"), QStringLiteral("Only the findings of this run."), QStringLiteral("ID") });
          p.addOption({ QStringLiteral("json"), QStringLiteral("Machine-readable JSON output.") });
      },
      exportFindings });

} // namespace

} // namespace lineage::cli
