// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli_command.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTimeZone>

namespace lineage::cli {

QList<CliCommand> &commandRegistry()
{
    static QList<CliCommand> registry;
    return registry;
}

int printError(CliContext &ctx, const Error &error)
{
    ctx.err << "lineage-cli: " << error.message << Qt::endl;
    if (!error.detail.isEmpty())
        ctx.err << "  (" << error.detail << ")" << Qt::endl;
    return kExitUsage;
}

int usageError(CliContext &ctx, QCommandLineParser &parser, const QString &message)
{
    ctx.err << "lineage-cli: " << message << Qt::endl << Qt::endl << parser.helpText();
    return kExitUsage;
}

void printJson(CliContext &ctx, const QJsonObject &object)
{
    ctx.out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    ctx.out.flush();
}

Result<std::unique_ptr<casefile::CaseFile>> openCaseFile(const QString &path, CliContext &ctx, casefile::OpenMode mode)
{
    // The command line is usually alone with the case: it writes in a private copy that
    // replaces the case when the command ends (shared, through the log, when the case is
    // open in another program).
    if (mode == casefile::OpenMode::ReadWrite)
        mode = casefile::OpenMode::Exclusive;
    auto file = casefile::CaseFile::open(path, casefile::Investigator::current(ctx.investigator), mode);
    if (!file)
        return file;
    const casefile::Recovery &recovery = (*file)->recovery();
    if (recovery.happened)
        ctx.err << "lineage-cli: note: " << recovery.message << Qt::endl;
    if (!(*file)->schemaDifferences().isEmpty())
        ctx.err << "lineage-cli: warning: " << QFileInfo(path).fileName() << " was changed outside Lineage ("
                << casefile::CaseSchema::describe((*file)->schemaDifferences())
                << "); Lineage reads it but does not write to it." << Qt::endl;
    return file;
}

QString formatUtc(qint64 utcMs, int offsetSeconds)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC);
    QString text = t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    if (offsetSeconds != 0) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(utcMs, Qt::OffsetFromUTC, offsetSeconds);
        text += QStringLiteral(" (local %1)").arg(local.toString(Qt::ISODate));
    }
    return text;
}

} // namespace lineage::cli
