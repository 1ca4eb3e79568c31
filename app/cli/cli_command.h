// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "core/result.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <QTimeZone>

#include <functional>

namespace lineage::cli {

// Exit codes of lineage-cli.
enum ExitCode : int {
    kExitOk = 0,
    kExitVerificationFailed = 1,
    kExitUsage = 2,
};

// Where a command writes: results to `out` (stdout), messages to `err` (stderr).
struct CliContext
{
    QTextStream &out;
    QTextStream &err;
    QString investigator; // --investigator or $LINEAGE_INVESTIGATOR
    QString command; // the subcommand being run, for its usage line
};

// A subcommand: parses its own arguments with `parser` (set up by `configure`) and runs.
struct CliCommand
{
    QString name;
    QString summary;
    std::function<void(QCommandLineParser &)> configure;
    std::function<int(QCommandLineParser &, CliContext &)> run;
    // True when the command may write audit entries (and so offers --investigator); commands
    // that only read a case or no case at all set it false.
    bool writesAudit = true;
};

// Commands register themselves from their own file with a static CliRegistration.
QList<CliCommand> &commandRegistry();

struct CliRegistration
{
    explicit CliRegistration(CliCommand command) { commandRegistry().append(std::move(command)); }
};

// Shared helpers for commands.
int printError(CliContext &ctx, const Error &error);
int usageError(CliContext &ctx, QCommandLineParser &parser, const QString &message);
// The parser's help with a usage line that names the command ("Usage: lineage-cli info ...").
QString commandHelp(QCommandLineParser &parser, const QString &command);
void printJson(CliContext &ctx, const QJsonObject &object);
QString formatUtc(qint64 utcMs, int offsetSeconds = 0);

// Opens a case for a command, and says on stderr what opening found: an interrupted write
// that was undone, or a schema changed outside Lineage (the case is then read-only).
Result<std::unique_ptr<casefile::CaseFile>> openCaseFile(const QString &path, CliContext &ctx, casefile::OpenMode mode);

// The zone times are printed in: the case's display zone unless --tz names another. `name`
// says which ("Europe/Berlin, the case's display zone").
struct PrintZone
{
    QTimeZone zone;
    QString id; // "UTC", "local" or an IANA id, as given
    QString name; // for the reader
    // "2025-06-10 14:05:09 +02:00"
    QString format(qint64 utcMs) const;
};
// From --tz when set, else from the case's `caseSetting`; an unknown zone is an error.
Result<PrintZone> printZone(const QString &tzOption, const QString &caseSetting);
const QCommandLineOption &tzOption();
// A time given on the command line (YYYY-MM-DD or ISO 8601), read in the zone `zoneSetting`
// (UTC, local or an IANA name) when it has no offset of its own; an error names --option, or
// the zone when it is not one.
Result<qint64> parseCliTime(const QString &text, const QString &zoneSetting, const QString &option);

} // namespace lineage::cli
