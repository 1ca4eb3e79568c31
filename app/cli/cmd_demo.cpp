// SPDX-License-Identifier: GPL-3.0-or-later
// demo: writes the demo evidence and builds a case from it through the import pipeline.
#include "casefile/investigator.h"
#include "cli/cli_command.h"
#include "demo/demo_generator.h"

#include <QJsonObject>

#include <cstdio>
#include <unistd.h>

namespace lineage::cli {

namespace {

int demo(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one OUT_DIR for the demo evidence and case."));
    demo::DemoOptions options;
    options.tiny = p.isSet(QStringLiteral("tiny"));
    if (p.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        options.seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return usageError(ctx, p, QStringLiteral("--seed takes a whole number."));
    }
    Feedback feedback;
    if (isatty(fileno(stderr))) {
        feedback.setObserver(
            [&ctx](const Feedback::Progress &progress) {
                ctx.err << "\r" << progress.phase.leftJustified(40).left(60);
                if (progress.items > 0)
                    ctx.err << " " << progress.items;
                ctx.err.flush();
            },
            std::chrono::milliseconds(200));
    }
    const bool json = p.isSet(QStringLiteral("json"));
    if (p.isSet(QStringLiteral("evidence-only"))) {
        auto files = demo::writeDemoEvidence(args[0], options, feedback);
        if (isatty(fileno(stderr)))
            ctx.err << "\n";
        if (!files)
            return printError(ctx, files.error());
        if (json)
            printJson(ctx,
                      { { QStringLiteral("out_dir"), args[0] },
                        { QStringLiteral("query_records"), files->queryRecords },
                        { QStringLiteral("ground_truth"), files->groundTruth } });
        else
            ctx.out << "Wrote demo evidence (" << files->queryRecords << " query records) and " << files->groundTruth
                    << Qt::endl;
        return kExitOk;
    }
    auto summary = demo::buildDemoCase(args[0], options, casefile::Investigator::current(ctx.investigator), feedback);
    if (isatty(fileno(stderr)))
        ctx.err << "\n";
    if (!summary)
        return printError(ctx, summary.error());
    if (json) {
        printJson(ctx,
                  { { QStringLiteral("case"), summary->casePath },
                    { QStringLiteral("sources"), summary->sources },
                    { QStringLiteral("query_records"), summary->files.queryRecords },
                    { QStringLiteral("ring_records"), summary->files.ringRecords },
                    { QStringLiteral("reused_outputs"), summary->files.reusedOutputs },
                    { QStringLiteral("records"), summary->records },
                    { QStringLiteral("diagnostics"), summary->diagnostics },
                    { QStringLiteral("events"), summary->events },
                    { QStringLiteral("seconds"), summary->seconds },
                    { QStringLiteral("ground_truth"), summary->files.groundTruth } });
    } else {
        ctx.out << "Built " << summary->casePath << " from " << summary->sources
                << " sources: " << summary->files.queryRecords << " query records (" << summary->files.ringRecords
                << " from the ring), " << summary->records << " records in all, " << summary->diagnostics
                << " diagnostics, " << summary->events << " timeline events, in "
                << QString::number(summary->seconds, 'f', 1) << " s.\n"
                << "Ground truth: " << summary->files.groundTruth << Qt::endl;
    }
    return kExitOk;
}

const CliRegistration
    kDemo({ QStringLiteral("demo"),
            QStringLiteral("Write realistic demo evidence into OUT_DIR and build OUT_DIR/demo.lineage from it."),
            [](QCommandLineParser &p) {
                p.addPositionalArgument(QStringLiteral("OUT_DIR"),
                                        QStringLiteral("Folder for the evidence, ground_truth.json and demo.lineage."));
                p.addOption({ QStringLiteral("tiny"),
                              QStringLiteral("A few hundred records instead of tens of thousands (for tests).") });
                p.addOption({ QStringLiteral("seed"),
                              QStringLiteral("Random seed (default 20250610); the same seed gives the same evidence."),
                              QStringLiteral("N") });
                p.addOption({ QStringLiteral("evidence-only"),
                              QStringLiteral("Write the evidence and ground truth, build no case.") });
                p.addOption({ QStringLiteral("json"), QStringLiteral("Machine-readable JSON output.") });
            },
            demo });

} // namespace

} // namespace lineage::cli
