// SPDX-License-Identifier: GPL-3.0-or-later
// export-uco: the case's sources, hashes, findings and chain of custody as CASE/UCO JSON-LD.
#include "casefile/case_file.h"
#include "cli/cli_command.h"
#include "report/uco_export.h"

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;

int exportUco(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    const QString out = p.value(QStringLiteral("out"));
    if (out.isEmpty())
        return usageError(ctx, p, QStringLiteral("--out FILE.jsonld is required."));
    auto file = CaseFile::open(args[0], Investigator::current(ctx.investigator), OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    Feedback feedback;
    auto written = report::exportUco(**file, out, {}, feedback);
    if (!written)
        return printError(ctx, written.error());
    if (p.isSet(QStringLiteral("json"))) {
        printJson(ctx,
                  { { QStringLiteral("path"), written->path },
                    { QStringLiteral("format"), report::kUcoSpecVersion },
                    { QStringLiteral("sha256"), written->sha256 },
                    { QStringLiteral("size"), written->size },
                    { QStringLiteral("nodes"), written->nodes },
                    { QStringLiteral("files"), written->files },
                    { QStringLiteral("actions"), written->actions },
                    { QStringLiteral("annotations"), written->annotations } });
        return kExitOk;
    }
    ctx.out << "Wrote " << written->path << " (" << report::kUcoSpecVersion << " JSON-LD, " << written->nodes
            << " nodes: " << written->files << " files, " << written->actions << " investigative actions, "
            << written->annotations << " findings; SHA-256 " << written->sha256 << ")\n";
    ctx.out.flush();
    return kExitOk;
}

const CliRegistration kExportUco(
    { QStringLiteral("export-uco"),
      QStringLiteral("Export the case's sources, hashes, findings and chain of custody as CASE/UCO JSON-LD."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
          p.addOption({ QStringLiteral("out"), QStringLiteral("The JSON-LD document to write."),
                        QStringLiteral("FILE.jsonld") });
          p.addOption({ QStringLiteral("json"), QStringLiteral("Machine-readable JSON output.") });
      },
      exportUco });

} // namespace

} // namespace lineage::cli
