// SPDX-License-Identifier: GPL-3.0-or-later
// Analysis commands: analyze (run a kind, or re-run a stored run), findings, runs.
#include "casefile/analysis_store.h"
#include "casefile/case_file.h"
#include "cli/cli_command.h"
#include "forensics/analysis_runner.h"
#include "forensics/kind_registry.h"

#include <QJsonArray>
#include <QSet>

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;
using namespace lineage::forensics;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));
const QCommandLineOption kParam(QStringLiteral("param"),
                                QStringLiteral("A parameter of the analysis, NAME=VALUE (repeatable; see the kinds "
                                               "below)."),
                                QStringLiteral("NAME=VALUE"));
const QCommandLineOption kRerun(QStringLiteral("rerun"),
                                QStringLiteral("Run stored run R again from its stored parameters and report every "
                                               "difference (exit 1 when there is one)."),
                                QStringLiteral("R"));
const QCommandLineOption kRun(QStringLiteral("run"), QStringLiteral("Only the findings of run R."),
                              QStringLiteral("R"));
const QCommandLineOption kThreads(QStringLiteral("threads"),
                                  QStringLiteral("Worker threads (default: every core; "
                                                 "results never depend on it)."),
                                  QStringLiteral("T"));
const QCommandLineOption kProgress(QStringLiteral("progress"), QStringLiteral("Report progress on stderr."));

// The kinds' convenience options (`--suspect LABEL`), each once, whichever kind has it.
QList<ParameterSpec> kindOptions()
{
    QList<ParameterSpec> out;
    QSet<QString> seen;
    for (const AnalysisKind *kind : analysisKinds())
        for (const ParameterSpec &spec : kind->parameters())
            if (spec.cliOption && !seen.contains(spec.name)) {
                seen.insert(spec.name);
                out.append(spec);
            }
    return out;
}

QString kindsHelp()
{
    QString text = QStringLiteral("Analysis kinds and their parameters (--param NAME=VALUE; those marked * also as "
                                  "--NAME VALUE):\n");
    for (const AnalysisKind *kind : analysisKinds()) {
        text += QStringLiteral("\n  %1: %2\n    Strength: %3\n").arg(kind->name(), kind->title(), kind->strengthRule());
        for (const ParameterSpec &spec : kind->parameters()) {
            QString def = spec.defaultValue.isNull() ? QStringLiteral("not set")
                : spec.defaultValue.isBool()   ? QString::fromLatin1(spec.defaultValue.toBool() ? "true" : "false")
                : spec.defaultValue.isDouble() ? QString::number(spec.defaultValue.toDouble())
                                               : spec.defaultValue.toString();
            if (def.isEmpty())
                def = QStringLiteral("not set");
            text += QStringLiteral("    %1%2 (%3, default %4): %5\n")
                        .arg(spec.name, spec.cliOption ? QStringLiteral("*") : QString(), parameterTypeName(spec.type),
                             def, spec.description);
        }
    }
    return text;
}

Result<std::unique_ptr<CaseFile>> openCase(const QString &path, CliContext &ctx, OpenMode mode)
{
    return CaseFile::open(path, Investigator::current(ctx.investigator), mode);
}

void watchProgress(QCommandLineParser &p, CliContext &ctx, Feedback &feedback)
{
    if (!p.isSet(kProgress))
        return;
    feedback.setObserver(
        [&ctx](const Feedback::Progress &pr) {
            ctx.err << pr.phase << ": " << pr.done;
            if (pr.total > 0)
                ctx.err << " / " << pr.total;
            ctx.err << Qt::endl;
        },
        std::chrono::milliseconds(1000));
}

QString number(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'g', 4) : QStringLiteral("-");
}

void printRunText(CliContext &ctx, const RunOutcome &outcome)
{
    const auto &run = outcome.run;
    ctx.out << "Run " << run.id << " (" << run.kind << "): " << run.status << ", " << outcome.findings.size()
            << " finding(s)\n";
    if (!run.message.isEmpty())
        ctx.out << run.message << "\n";
    for (const casefile::FindingRow &f : outcome.findings)
        ctx.out << "  #" << f.id << " [" << f.strength << "] " << f.kind << " score " << number(f.score) << ": "
                << f.explanation << "\n";
}

int analyze(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    const bool rerun = p.isSet(kRerun);
    if (args.isEmpty() || (!rerun && args.size() != 2) || (rerun && args.size() != 1))
        return usageError(ctx, p, QStringLiteral("analyze needs CASE KIND, or CASE --rerun R."));
    auto file = openCase(args[0], ctx, OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    Feedback feedback;
    watchProgress(p, ctx, feedback);
    const int threads = p.isSet(kThreads) ? qMax(0, p.value(kThreads).toInt()) : 0;

    if (rerun) {
        bool ok = false;
        const qint64 runId = p.value(kRerun).toLongLong(&ok);
        if (!ok)
            return usageError(ctx, p, QStringLiteral("--rerun needs a run number (see 'lineage-cli runs CASE')."));
        auto outcome = rerunAnalysis(**file, runId, threads, feedback);
        if (!outcome)
            return printError(ctx, outcome.error());
        const AnalysisKind *kind = findKind(outcome->rerun.run.kind);
        if (p.isSet(kJson)) {
            QJsonObject out = kind->report(outcome->rerun.run, outcome->rerun.findings);
            out.insert(QStringLiteral("rerun_of"), runId);
            out.insert(QStringLiteral("identical"), outcome->differences.isEmpty());
            out.insert(QStringLiteral("differences"), QJsonArray::fromStringList(outcome->differences));
            printJson(ctx, out);
        } else {
            printRunText(ctx, outcome->rerun);
            if (outcome->differences.isEmpty())
                ctx.out << "Run " << outcome->rerun.run.id << " repeats run " << runId
                        << ": the same inputs, versions and findings.\n";
            else {
                ctx.out << outcome->differences.size() << " difference(s) from run " << runId << ":\n";
                for (const QString &d : std::as_const(outcome->differences))
                    ctx.out << "  " << d << "\n";
            }
        }
        return outcome->differences.isEmpty() ? kExitOk : kExitVerificationFailed;
    }

    const AnalysisKind *kind = findKind(args[1]);
    if (!kind)
        return usageError(ctx, p,
                          QStringLiteral("'%1' is not an analysis kind; use one of %2.")
                              .arg(args[1], kindNames().join(QStringLiteral(", "))));
    auto given = parseParameterTexts(*kind, p.values(kParam));
    if (!given)
        return usageError(ctx, p, given.error().message);
    for (const ParameterSpec &spec : kindOptions()) {
        if (!p.isSet(spec.name))
            continue;
        const QList<ParameterSpec> own = kind->parameters();
        const auto it
            = std::find_if(own.begin(), own.end(), [&](const ParameterSpec &s) { return s.name == spec.name; });
        if (it == own.end())
            return usageError(ctx, p, QStringLiteral("%1 has no parameter '%2'.").arg(kind->name(), spec.name));
        auto value = parseParameterText(*it, p.value(spec.name));
        if (!value)
            return usageError(ctx, p, value.error().message);
        given->insert(spec.name, *value);
    }
    auto outcome = runAnalysis(**file, RunRequest { kind->name(), *given, threads }, feedback);
    if (!outcome)
        return outcome.error().code == ErrorCode::InvalidInput ? usageError(ctx, p, outcome.error().message)
                                                               : printError(ctx, outcome.error());
    if (p.isSet(kJson))
        printJson(ctx, kind->report(outcome->run, outcome->findings));
    else
        printRunText(ctx, *outcome);
    if (!outcome->complete()) {
        ctx.err << "lineage-cli: the analysis " << outcome->run.status << ": " << outcome->run.message << Qt::endl;
        return kExitUsage;
    }
    return kExitOk;
}

int findings(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("findings needs CASE."));
    auto file = openCase(args[0], ctx, OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    if (p.isSet(kRun)) {
        bool ok = false;
        const qint64 runId = p.value(kRun).toLongLong(&ok);
        if (!ok)
            return usageError(ctx, p, QStringLiteral("--run needs a run number."));
        auto outcome = loadRun((*file)->db(), runId);
        if (!outcome)
            return printError(ctx, outcome.error());
        const AnalysisKind *kind = findKind(outcome->run.kind);
        if (p.isSet(kJson))
            printJson(ctx, kind ? kind->report(outcome->run, outcome->findings) : runJson(outcome->run));
        else
            printRunText(ctx, *outcome);
        return kExitOk;
    }
    auto rows = casefile::AnalysisStore((*file)->db()).findings();
    if (!rows)
        return printError(ctx, rows.error());
    if (p.isSet(kJson)) {
        QJsonArray list;
        for (const casefile::FindingRow &f : std::as_const(*rows))
            list.append(findingJson(f));
        printJson(ctx, QJsonObject { { QStringLiteral("findings"), list } });
        return kExitOk;
    }
    for (const casefile::FindingRow &f : std::as_const(*rows))
        ctx.out << "#" << f.id << " run " << f.runId << " [" << f.strength << "] " << f.kind << " " << f.subject
                << " score " << number(f.score) << ": " << f.explanation << "\n";
    return kExitOk;
}

int runs(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("runs needs CASE."));
    auto file = openCase(args[0], ctx, OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto rows = casefile::AnalysisStore((*file)->db()).runs();
    if (!rows)
        return printError(ctx, rows.error());
    if (p.isSet(kJson)) {
        QJsonArray list;
        for (const casefile::AnalysisRunRow &r : std::as_const(*rows))
            list.append(runJson(r));
        printJson(ctx, QJsonObject { { QStringLiteral("runs"), list } });
        return kExitOk;
    }
    for (const casefile::AnalysisRunRow &r : std::as_const(*rows))
        ctx.out << r.id << "  " << r.kind << "  " << r.status << "  " << formatUtc(r.startedUtc) << "  "
                << r.findingCount << " finding(s)"
                << (r.message.isEmpty() ? QString() : QStringLiteral("  ") + r.message.section(QLatin1Char('\n'), 0, 0))
                << "\n";
    return kExitOk;
}

const CliRegistration kAnalyze(
    { QStringLiteral("analyze"), QStringLiteral("Run an analysis and store its findings (audited), or re-run one."),
      [](QCommandLineParser &p) {
          p.setApplicationDescription(QStringLiteral("Run an analysis and store its findings (audited), or re-run "
                                                     "a stored run.\n\n")
                                      + kindsHelp());
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
          p.addPositionalArgument(QStringLiteral("KIND"), kindNames().join(QStringLiteral(", ")));
          p.addOption(kParam);
          p.addOption(kRerun);
          p.addOption(kJson);
          p.addOption(kThreads);
          p.addOption(kProgress);
          for (const ParameterSpec &spec : kindOptions())
              p.addOption({ spec.name, spec.description, QStringLiteral("VALUE") });
      },
      analyze });
const CliRegistration kFindings({ QStringLiteral("findings"),
                                  QStringLiteral("List the findings of a case, or of one run."),
                                  [](QCommandLineParser &p) {
                                      p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
                                      p.addOption(kRun);
                                      p.addOption(kJson);
                                  },
                                  findings, false });
const CliRegistration kRuns({ QStringLiteral("runs"), QStringLiteral("List a case's analysis runs."),
                              [](QCommandLineParser &p) {
                                  p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
                                  p.addOption(kJson);
                              },
                              runs, false });

} // namespace

} // namespace lineage::cli
