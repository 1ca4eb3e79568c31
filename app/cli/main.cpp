// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli: every operation the GUI can do to a case, for scripts and experts.
#include "cli/cli_command.h"
#include "core/version.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace lineage::cli;

namespace {

QString overview()
{
    QString text = QStringLiteral("Usage: lineage-cli COMMAND [options] [arguments]\n\n"
                                  "Lineage workbench for AI intellectual-property investigations, command line.\n\n"
                                  "Commands:\n");
    auto commands = commandRegistry();
    std::sort(commands.begin(), commands.end(), [](const CliCommand &a, const CliCommand &b) { return a.name < b.name; });
    // The summaries line up after the longest name, with two spaces between.
    qsizetype width = 0;
    for (const CliCommand &c : commands)
        width = std::max(width, c.name.size());
    for (const CliCommand &c : commands)
        text += QStringLiteral("  %1  %2\n").arg(c.name.leftJustified(width), c.summary);
    text += QStringLiteral("\nRun 'lineage-cli COMMAND --help' for a command's options.\n"
                           "Exit codes: 0 ok, 1 verification failed, 2 usage or input error.\n");
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    // `demo`, `report` and `export` draw PDFs, which needs Qt's font system: a
    // QGuiApplication on the offscreen platform. Every other command runs on a plain
    // QCoreApplication.
    const bool drawsPdfs = argc > 1
        && (qstrcmp(argv[1], "demo") == 0 || qstrcmp(argv[1], "report") == 0 || qstrcmp(argv[1], "export") == 0);
    if (drawsPdfs && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> application(drawsPdfs ? new QGuiApplication(argc, argv) : new QCoreApplication(argc, argv));
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("lineage-cli"));
    QCoreApplication::setApplicationVersion(lineage::programVersion());
    // Results go to stdout and messages to stderr; the core's informational log lines
    // would only interleave with them. --verbose (or QT_LOGGING_RULES) brings them back.
    const bool verbose = app.arguments().contains(QStringLiteral("--verbose"));
    if (!verbose && qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("lineage.*.info=false\nlineage.*.debug=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    CliContext ctx { out, err, qEnvironmentVariable("LINEAGE_INVESTIGATOR"), {} };

    QStringList args = app.arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h") || args[1] == QLatin1String("help")) {
        (args.size() < 2 ? err : out) << overview();
        return args.size() < 2 ? kExitUsage : kExitOk;
    }
    if (args[1] == QLatin1String("--version") || args[1] == QLatin1String("-v")) {
        out << "lineage-cli " << lineage::programVersion() << Qt::endl;
        return kExitOk;
    }
    const QString name = args[1];
    const auto &registry = commandRegistry();
    const auto it = std::find_if(registry.begin(), registry.end(), [&](const CliCommand &c) { return c.name == name; });
    if (it == registry.end()) {
        err << "lineage-cli: unknown command '" << name << "'.\n\n" << overview();
        return kExitUsage;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(it->summary);
    parser.addHelpOption();
    parser.addOption({QStringLiteral("verbose"), QStringLiteral("Also print the program's informational log lines on stderr.")});
    // Only commands that write audit entries have someone to name in them.
    if (it->writesAudit)
        parser.addOption(
            { QStringLiteral("investigator"),
              QStringLiteral("Name written to the audit log (default: $LINEAGE_INVESTIGATOR or the OS user)."),
              QStringLiteral("NAME") });
    it->configure(parser);
    ctx.command = name;
    args.removeAt(1);
    args[0] = QStringLiteral("lineage-cli ") + name;
    if (!parser.parse(args))
        return usageError(ctx, parser, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out << commandHelp(parser, name);
        return kExitOk;
    }
    if (it->writesAudit && parser.isSet(QStringLiteral("investigator")))
        ctx.investigator = parser.value(QStringLiteral("investigator"));
    return it->run(parser, ctx);
}
