// SPDX-License-Identifier: GPL-3.0-or-later
// report: the case's report as PDF (and HTML), headless.
#include "casefile/case_file.h"
#include "cli/cli_command.h"
#include "report/report_writer.h"

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;

int report(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    const QString out = p.value(QStringLiteral("out"));
    if (out.isEmpty())
        return usageError(ctx, p, QStringLiteral("--out FILE.pdf is required."));
    report::ReportOptions options;
    if (p.isSet(QStringLiteral("sections"))) {
        auto sections = report::parseSections(p.value(QStringLiteral("sections")));
        if (!sections)
            return printError(ctx, sections.error());
        options.sections = *sections;
    }
    if (p.isSet(QStringLiteral("zone")))
        options.zone = p.value(QStringLiteral("zone"));
    if (p.isSet(QStringLiteral("audit-entries"))) {
        bool ok = false;
        options.auditExcerpt = p.value(QStringLiteral("audit-entries")).toInt(&ok);
        if (!ok || options.auditExcerpt < 0)
            return usageError(ctx, p, QStringLiteral("--audit-entries takes a whole number (0: every entry)."));
    }
    auto file = CaseFile::open(args[0], Investigator::current(ctx.investigator), OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    Feedback feedback;
    auto written = report::writeReport(**file, options, out, p.value(QStringLiteral("html")), feedback);
    if (!written)
        return printError(ctx, written.error());
    if (p.isSet(QStringLiteral("json"))) {
        printJson(ctx,
                  { { QStringLiteral("pdf"), written->pdfPath },
                    { QStringLiteral("pages"), written->pages },
                    { QStringLiteral("pdf_sha256"), written->pdfSha256 },
                    { QStringLiteral("html"), written->htmlPath },
                    { QStringLiteral("html_sha256"), written->htmlSha256 } });
        return kExitOk;
    }
    ctx.out << "Wrote " << written->pdfPath << " (" << written->pages << " pages, SHA-256 " << written->pdfSha256
            << ")\n";
    if (!written->htmlPath.isEmpty())
        ctx.out << "Wrote " << written->htmlPath << " (SHA-256 " << written->htmlSha256 << ")\n";
    ctx.out.flush();
    return kExitOk;
}

const CliRegistration kReport(
    { QStringLiteral("report"), QStringLiteral("Write the case's report as PDF (and HTML), without a display."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
          p.addOption({ QStringLiteral("out"), QStringLiteral("The PDF to write."), QStringLiteral("FILE.pdf") });
          p.addOption({ QStringLiteral("html"), QStringLiteral("Also write the report as self-contained HTML."),
                        QStringLiteral("FILE.html") });
          p.addOption({ QStringLiteral("sections"),
                        QStringLiteral("Comma-separated sections (default all): cover, contents, summary, "
                                       "methodology, findings, exhibits, comments, documents, timeline, "
                                       "custody, audit, verification, versions."),
                        QStringLiteral("LIST") });
          p.addOption({ QStringLiteral("zone"),
                        QStringLiteral("Time zone of the report's times (default: the case's display zone)."),
                        QStringLiteral("ZONE") });
          p.addOption({ QStringLiteral("audit-entries"),
                        QStringLiteral("Newest audit entries listed in the appendix (default 60; 0: all)."),
                        QStringLiteral("N") });
          p.addOption({ QStringLiteral("json"), QStringLiteral("Machine-readable JSON output.") });
      },
      report, false });

} // namespace

} // namespace lineage::cli
