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
    QString investigator;  // --investigator or $LINEAGE_INVESTIGATOR
};

// A subcommand: parses its own arguments with `parser` (set up by `configure`) and runs.
struct CliCommand
{
    QString name;
    QString summary;
    std::function<void(QCommandLineParser &)> configure;
    std::function<int(QCommandLineParser &, CliContext &)> run;
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
void printJson(CliContext &ctx, const QJsonObject &object);
QString formatUtc(qint64 utcMs, int offsetSeconds = 0);

// Opens a case for a command, and says on stderr what opening found: an interrupted write
// that was undone, or a schema changed outside Lineage (the case is then read-only).
Result<std::unique_ptr<casefile::CaseFile>> openCaseFile(const QString &path, CliContext &ctx, casefile::OpenMode mode);

} // namespace lineage::cli
