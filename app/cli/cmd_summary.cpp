// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli summary: each line of evidence of the case with its strength and what it rests
// on, and what the evidence does not show.
#include "casefile/case_file.h"
#include "cli/cli_command.h"
#include "forensics/case_summary.h"

namespace lineage::cli {

namespace {

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Print JSON."));

int summaryCommand(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give the CASE file."));
    auto file = casefile::CaseFile::open(args[0], casefile::Investigator::current(ctx.investigator),
                                         casefile::OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto summary = forensics::summarizeCase((*file)->db());
    if (!summary)
        return printError(ctx, summary.error());
    if (p.isSet(kJson)) {
        QJsonObject o = forensics::summaryJson(*summary);
        o.insert(QStringLiteral("case"), args[0]);
        printJson(ctx, o);
    } else {
        ctx.out << forensics::summaryText(*summary);
    }
    ctx.out.flush();
    return kExitOk;
}

const CliRegistration kSummary({ QStringLiteral("summary"),
                                 QStringLiteral("The case summary: each line of evidence with its strength and what it "
                                                "rests on, and what is not shown."),
                                 [](QCommandLineParser &p) {
                                     p.addPositionalArgument(QStringLiteral("CASE"),
                                                             QStringLiteral("The case file (*.lineage)."));
                                     p.addOption(kJson);
                                 },
                                 summaryCommand });

} // namespace

} // namespace lineage::cli
