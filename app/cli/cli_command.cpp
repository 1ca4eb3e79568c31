// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli_command.h"

#include "ingest/time_parser.h"
#include "timeline/bucket_grid.h"

#include <QCoreApplication>
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
    ctx.err << "lineage-cli: " << message << Qt::endl << Qt::endl << commandHelp(parser, ctx.command);
    return kExitUsage;
}

QString commandHelp(QCommandLineParser &parser, const QString &command)
{
    // QCommandLineParser starts its usage line with the program's path (argv[0]); a
    // subcommand's usage line names the program and the command instead.
    QString text = parser.helpText();
    const QString prefix = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
    if (text.startsWith(prefix))
        text.replace(0, prefix.size(), QStringLiteral("Usage: lineage-cli ") + command);
    return text;
}

QString PrintZone::format(qint64 utcMs) const
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(utcMs, zone);
    const int offset = t.offsetFromUtc();
    const int minutes = qAbs(offset) / 60;
    return QStringLiteral("%1 %2%3:%4")
        .arg(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), offset < 0 ? QStringLiteral("-") : QStringLiteral("+"))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

Result<PrintZone> printZone(const QString &tzOption, const QString &caseSetting)
{
    const bool given = !tzOption.isEmpty();
    PrintZone z;
    z.id = given ? tzOption : caseSetting.isEmpty() ? QStringLiteral("UTC") : caseSetting;
    const QString whose = given ? QStringLiteral("as --tz asks") : QStringLiteral("the case's display zone");
    if (z.id == QLatin1String("UTC")) {
        z.zone = QTimeZone::utc();
        z.name = QStringLiteral("UTC, %1").arg(whose);
    } else if (z.id == QLatin1String("local")) {
        z.zone = QTimeZone::systemTimeZone();
        z.name = QStringLiteral("local time (%1), %2").arg(QString::fromUtf8(z.zone.id()), whose);
    } else {
        z.zone = QTimeZone(z.id.toUtf8());
        if (!z.zone.isValid()) {
            if (given)
                return makeError(ErrorCode::InvalidInput,
                                 QStringLiteral("'%1' is not a time zone; use UTC, local or an IANA name such as "
                                                "Europe/Berlin.")
                                     .arg(z.id));
            // A case naming a zone this computer does not know: UTC, and say so.
            z.zone = QTimeZone::utc();
            z.name = QStringLiteral("UTC (the case's display zone %1 is unknown here)").arg(z.id);
            z.id = QStringLiteral("UTC");
            return z;
        }
        z.name = QStringLiteral("%1, %2").arg(z.id, whose);
    }
    return z;
}

const QCommandLineOption &tzOption()
{
    static const QCommandLineOption option(
        QStringLiteral("tz"),
        QStringLiteral("Print times in this zone (UTC, local or an IANA name; default: the case's display zone)."),
        QStringLiteral("ZONE"));
    return option;
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

Result<qint64> parseCliTime(const QString &text, const QString &zoneSetting, const QString &option)
{
    const auto zone = timeline::zoneFromSetting(zoneSetting);
    if (!zone)
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("'%1' is not a time zone; use UTC, local or an IANA name such as Europe/Berlin.")
                .arg(zoneSetting));
    ingest::TimeParser parser(QString(), timeline::zoneName(*zone));
    const QByteArray utf8 = text.trimmed().toUtf8();
    const auto parsed = parser.parse(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (!parsed)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("--%1 '%2' is not a time; give YYYY-MM-DD or an ISO time such as "
                                        "2024-05-01T12:00:00+02:00.")
                             .arg(option, text));
    return parsed->utcMs;
}

} // namespace lineage::cli
