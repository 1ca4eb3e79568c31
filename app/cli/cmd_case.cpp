// SPDX-License-Identifier: GPL-3.0-or-later
// Case commands: new, info, verify, log.
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/case_overview.h"
#include "cli/cli_command.h"
#include "cli/cmd_bundle.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));

int newCase(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file to create."));
    if (!p.isSet(QStringLiteral("title")))
        return usageError(ctx, p, QStringLiteral("A case needs a title: --title \"...\"."));
    const QString tz = p.value(QStringLiteral("tz"));
    if (!tz.isEmpty() && tz != QLatin1String("UTC") && tz != QLatin1String("local") && !QTimeZone(tz.toUtf8()).isValid())
        return usageError(ctx, p, QStringLiteral("'%1' is not a time zone; use UTC, local or an IANA name such as Europe/Berlin.").arg(tz));
    casefile::CaseInfo info;
    info.title = p.value(QStringLiteral("title"));
    info.caseNumber = p.value(QStringLiteral("number"));
    info.investigator = p.value(QStringLiteral("investigator"));
    info.classification = p.value(QStringLiteral("classification"));
    info.displayTimeZone = tz.isEmpty() ? QStringLiteral("UTC") : tz;
    auto file = CaseFile::create(args[0], info, Investigator::current(ctx.investigator));
    if (!file)
        return printError(ctx, file.error());
    if (p.isSet(kJson))
        printJson(ctx, {{QStringLiteral("case"), args[0]}, {QStringLiteral("schema_version"), (*file)->schemaVersion()}});
    else
        ctx.out << "Created " << args[0] << Qt::endl;
    return kExitOk;
}

int info(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    auto file = CaseFile::open(args[0], Investigator::current(ctx.investigator), OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto info = (*file)->info();
    if (!info)
        return printError(ctx, info.error());
    auto zone = printZone(p.value(tzOption()), info->displayTimeZone);
    if (!zone)
        return usageError(ctx, p, zone.error().message);
    auto n = casefile::CaseOverviewQueries::counts((*file)->db());
    if (!n)
        return printError(ctx, n.error());
    // Printed in this order; the JSON keys are fixed (outside checks read them).
    const QList<QPair<QString, qint64>> counts {
        { QStringLiteral("sources"), n->sources },
        { QStringLiteral("query_records"), n->queryRecords },
        { QStringLiteral("transcripts"), n->transcripts },
        { QStringLiteral("transcripts_without_role"), n->transcriptsWithoutRole },
        { QStringLiteral("turns"), n->turns },
        { QStringLiteral("documents"), n->documents },
        { QStringLiteral("pages"), n->pages },
        { QStringLiteral("accounts"), n->accounts },
        { QStringLiteral("diagnostics"), n->diagnostics },
        { QStringLiteral("analysis_runs"), n->analysisRuns },
        { QStringLiteral("findings"), n->findings },
        { QStringLiteral("exhibits"), n->exhibits },
        { QStringLiteral("audit_entries"), n->auditEntries },
    };
    if (p.isSet(kJson)) {
        QJsonObject countsJson;
        for (const auto &[key, value] : counts)
            countsJson.insert(key, value);
        printJson(ctx,
                  { { QStringLiteral("case"), args[0] },
                    { QStringLiteral("title"), info->title },
                    { QStringLiteral("case_number"), info->caseNumber },
                    { QStringLiteral("investigator"), info->investigator },
                    { QStringLiteral("classification"), info->classification },
                    { QStringLiteral("display_tz"), info->displayTimeZone },
                    { QStringLiteral("created_utc_ms"), info->createdUtc },
                    { QStringLiteral("created"), zone->format(info->createdUtc) },
                    { QStringLiteral("tz"), zone->id },
                    { QStringLiteral("created_by"), info->createdBy },
                    { QStringLiteral("program_version"), info->programVersion },
                    { QStringLiteral("schema_version"), (*file)->schemaVersion() },
                    { QStringLiteral("counts"), countsJson } });
        return kExitOk;
    }
    ctx.out << "Case:            " << args[0] << "\n"
            << "Title:           " << info->title << "\n"
            << "Case number:     " << info->caseNumber << "\n"
            << "Investigator:    " << info->investigator << "\n"
            << "Classification:  " << info->classification << "\n"
            << "Display zone:    " << info->displayTimeZone << "\n"
            << "Times in:        " << zone->name << "\n"
            << "Created:         " << zone->format(info->createdUtc) << " by " << info->createdBy << "\n"
            << "Schema version:  " << (*file)->schemaVersion() << " (Lineage " << info->programVersion << ")\n";
    for (const auto &[key, value] : counts)
        ctx.out << QStringLiteral("%1 %2\n").arg((key + QLatin1Char(':')).leftJustified(25)).arg(value);
    ctx.out.flush();
    return kExitOk;
}

int verify(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file or BUNDLE.zip."));
    if (isBundlePath(args[0]))
        return verifyBundleCommand(args[0], p.isSet(kJson), ctx);
    auto file = CaseFile::open(args[0], Investigator::current(ctx.investigator), OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto report = (*file)->verify();
    if (!report)
        return printError(ctx, report.error());
    if (p.isSet(kJson)) {
        QJsonArray problems;
        for (const auto &pr : report->problems)
            problems.append(QJsonObject{{QStringLiteral("area"), pr.area}, {QStringLiteral("item"), pr.item}, {QStringLiteral("message"), pr.message}});
        printJson(ctx, {{QStringLiteral("case"), args[0]}, {QStringLiteral("ok"), report->ok()},
                        {QStringLiteral("audit_entries"), report->auditEntries}, {QStringLiteral("blobs"), report->blobs},
                        {QStringLiteral("evidence_bytes"), report->evidenceBytes}, {QStringLiteral("problems"), problems}});
    } else {
        for (const auto &pr : report->problems)
            ctx.out << "FAILED " << pr.area << " " << pr.item << ": " << pr.message << "\n";
        ctx.out << (report->ok() ? "OK" : "FAILED") << ": integrity, " << report->auditEntries << " audit entries, "
                << report->blobs << " originals (" << report->evidenceBytes << " bytes) checked\n";
        ctx.out.flush();
    }
    return report->ok() ? kExitOk : kExitVerificationFailed;
}

int log(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    auto file = CaseFile::open(args[0], Investigator::current(ctx.investigator), OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto info = (*file)->info();
    if (!info)
        return printError(ctx, info.error());
    auto zone = printZone(p.value(tzOption()), info->displayTimeZone);
    if (!zone)
        return usageError(ctx, p, zone.error().message);
    auto entries = casefile::AuditLog::entries((*file)->db());
    if (!entries)
        return printError(ctx, entries.error());
    if (p.isSet(kJson)) {
        QJsonArray list;
        for (const auto &e : *entries) {
            list.append(
                QJsonObject { { QStringLiteral("seq"), e.seq },
                              { QStringLiteral("utc_ms"), e.utcMs },
                              { QStringLiteral("time"), zone->format(e.utcMs) },
                              { QStringLiteral("local_offset"), e.localOffset },
                              { QStringLiteral("investigator"), e.investigator },
                              { QStringLiteral("os_user"), e.osUser },
                              { QStringLiteral("action"), e.action },
                              { QStringLiteral("target"), e.target },
                              { QStringLiteral("parameters"), QJsonDocument::fromJson(e.parameters.toUtf8()).object() },
                              { QStringLiteral("result"), QJsonDocument::fromJson(e.result.toUtf8()).object() },
                              { QStringLiteral("prev_hash"), e.prevHash },
                              { QStringLiteral("hash"), e.hash } });
        }
        printJson(ctx,
                  { { QStringLiteral("case"), args[0] },
                    { QStringLiteral("tz"), zone->id },
                    { QStringLiteral("entries"), list } });
        return kExitOk;
    }
    ctx.out << "Times in " << zone->name << ".\n";
    for (const auto &e : *entries) {
        // The investigator's own clock, when it was not the zone printed.
        const int shownOffset = QDateTime::fromMSecsSinceEpoch(e.utcMs, zone->zone).offsetFromUtc();
        const QString clock = e.localOffset == shownOffset
            ? QString()
            : QStringLiteral(" (investigator's clock UTC%1%2:%3)")
                  .arg(e.localOffset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                  .arg(qAbs(e.localOffset) / 3600, 2, 10, QLatin1Char('0'))
                  .arg(qAbs(e.localOffset) % 3600 / 60, 2, 10, QLatin1Char('0'));
        ctx.out << QStringLiteral("#%1  %2%3  %4 (%5)  %6  %7  %8\n")
                       .arg(e.seq)
                       .arg(zone->format(e.utcMs), clock, e.investigator, e.osUser, e.action, e.target, e.parameters);
        if (e.result != QLatin1String("{}"))
            ctx.out << "      result " << e.result << "\n";
        ctx.out << "      hash " << e.hash << "\n";
    }
    ctx.out.flush();
    return kExitOk;
}

void caseArg(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
    p.addOption(kJson);
}

void caseArgWithZone(QCommandLineParser &p)
{
    caseArg(p);
    p.addOption(tzOption());
}

const CliRegistration kNew({QStringLiteral("new"), QStringLiteral("Create a new, empty case file."),
    [](QCommandLineParser &p) {
        caseArg(p);
        p.addOption({QStringLiteral("title"), QStringLiteral("Case title (required)."), QStringLiteral("T")});
        p.addOption({QStringLiteral("number"), QStringLiteral("Case number."), QStringLiteral("N")});
        p.addOption({QStringLiteral("classification"), QStringLiteral("Classification banner text."), QStringLiteral("TEXT")});
        p.addOption({QStringLiteral("tz"), QStringLiteral("Display time zone: UTC, local or an IANA name."), QStringLiteral("ZONE")});
    }, newCase});
const CliRegistration kInfo({ QStringLiteral("info"), QStringLiteral("Show a case's properties and counts."),
                              caseArgWithZone, info, false });
const CliRegistration
    kVerify({ QStringLiteral("verify"),
              QStringLiteral("Check a case (integrity, audit chain, evidence hashes) or a case bundle (exit 1 on failure)."), caseArg,
              verify, false });
const CliRegistration kLog({ QStringLiteral("log"), QStringLiteral("Print the audit trail (chain of custody)."),
                             caseArgWithZone, log, false });

} // namespace

} // namespace lineage::cli
