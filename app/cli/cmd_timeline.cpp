// SPDX-License-Identifier: GPL-3.0-or-later
// Timeline commands: timeline (the activity series the Timeline tab draws, as text, JSON or
// CSV; the check and rebuild of the activity summaries) and events (list, add, remove;
// model releases from a list), through the same core calls the GUI uses.
#include "casefile/activity_store.h"
#include "casefile/case_file.h"
#include "cli/cli_command.h"
#include "timeline/activity_series.h"
#include "timeline/activity_summaries.h"
#include "timeline/series_format.h"
#include "timeline/timeline_events.h"

#include <QJsonArray>
#include <QLocale>

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;
using namespace lineage::timeline;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));
const QCommandLineOption kCsv(QStringLiteral("csv"), QStringLiteral("CSV output: one row per lane and bucket."));
const QCommandLineOption kTz(QStringLiteral("tz"),
                             QStringLiteral("Display zone: UTC, local or an IANA name (default: the case's)."),
                             QStringLiteral("ZONE"));
const QCommandLineOption kFrom(QStringLiteral("from"),
                               QStringLiteral("Start (YYYY-MM-DD or an ISO time; without an offset, in the zone)."),
                               QStringLiteral("TIME"));
const QCommandLineOption kTo(QStringLiteral("to"), QStringLiteral("End, exclusive (as --from)."),
                             QStringLiteral("TIME"));

Result<std::unique_ptr<CaseFile>> openCase(const QString &path, CliContext &ctx, OpenMode mode)
{
    return CaseFile::open(path, Investigator::current(ctx.investigator), mode);
}

// The display zone: --tz, else the case's.
Result<QString> zoneSetting(QCommandLineParser &p, CaseFile &file)
{
    QString setting = p.value(kTz);
    if (setting.isEmpty()) {
        auto info = file.info();
        if (!info)
            return info.error();
        setting = info->displayTimeZone;
    }
    if (!zoneFromSetting(setting))
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("'%1' is not a time zone; use UTC, local or an IANA name such as Europe/Berlin.")
                .arg(setting));
    return setting;
}

Result<QList<qint64>> parseIds(const QString &text, const QString &option)
{
    QList<qint64> ids;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id <= 0)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("--%1 takes ids separated by commas; '%2' is not one.").arg(option, part));
        ids.append(id);
    }
    return ids;
}

void printSeriesText(CliContext &ctx, const Series &series)
{
    const QTimeZone zone = zoneFromSetting(series.request.zone).value_or(QTimeZone::utc());
    const QLocale c = QLocale::c();
    ctx.out << QStringLiteral("Activity per %1 in %2, %3 to %4\n")
                   .arg(series.request.bucket.name(), series.zoneName, isoInZone(series.request.fromUtc, zone),
                        isoInZone(series.request.toUtc, zone));
    QString header
        = QStringLiteral("%1 %2 %3 %4")
              .arg(QStringLiteral("start").leftJustified(26), QStringLiteral("records").rightJustified(10),
                   QStringLiteral("tokens").rightJustified(12), QStringLiteral("accounts").rightJustified(9));
    for (const SeriesLane &lane : series.lanes)
        header += QLatin1Char(' ') + lane.label.left(14).rightJustified(14);
    ctx.out << header << '\n';
    for (int i = 0; i < series.bucketCount(); ++i) {
        QString line
            = QStringLiteral("%1 %2 %3 %4")
                  .arg(isoInZone(series.edges[i], zone).leftJustified(26))
                  .arg(series.total.records[i], 10)
                  .arg(series.total.tokens[i], 12)
                  .arg(series.total.accounts.isEmpty() ? QString() : QString::number(series.total.accounts[i]), 9);
        for (const SeriesLane &lane : series.lanes)
            line += QStringLiteral(" %1").arg(lane.records[i], 14);
        ctx.out << line << '\n';
    }
    ctx.out << QStringLiteral("%1 records in %2 buckets\n")
                   .arg(c.toString(series.total.totalRecords()))
                   .arg(series.bucketCount());
    ctx.out.flush();
}

int checkSummaries(QCommandLineParser &p, CliContext &ctx, const QString &path)
{
    const bool rebuild = p.isSet(QStringLiteral("rebuild-summaries"));
    auto file = openCase(path, ctx, rebuild ? OpenMode::ReadWrite : OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto check = rebuild ? rebuildActivitySummaries(**file) : checkActivitySummaries((*file)->db());
    if (!check)
        return printError(ctx, check.error());
    if (p.isSet(kJson)) {
        QJsonArray differences;
        for (const auto &d : check->differences)
            differences.append(QJsonObject { { QStringLiteral("table"), d.table },
                                             { QStringLiteral("missing"), d.missing },
                                             { QStringLiteral("unexpected"), d.unexpected },
                                             { QStringLiteral("example"), d.example } });
        printJson(ctx,
                  { { QStringLiteral("case"), path },
                    { QStringLiteral("ok"), check->ok() },
                    { QStringLiteral("cells"), check->cells },
                    { QStringLiteral("differences"), differences },
                    { QStringLiteral("rebuilt"), rebuild } });
    } else {
        for (const auto &d : check->differences)
            ctx.out << QStringLiteral("DIFFERS %1: %2 cells missing or different, %3 unexpected (%4)\n")
                           .arg(d.table)
                           .arg(d.missing)
                           .arg(d.unexpected)
                           .arg(d.example);
        if (check->ok())
            ctx.out << QStringLiteral("The activity summaries (%1 cells) match the records.\n").arg(check->cells);
        else if (rebuild)
            ctx.out << "The activity summaries were rebuilt from the records.\n";
        ctx.out.flush();
    }
    return check->ok() || rebuild ? kExitOk : kExitVerificationFailed;
}

int timelineCommand(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    if (p.isSet(kJson) && p.isSet(kCsv))
        return usageError(ctx, p, QStringLiteral("Choose one of --json and --csv."));
    if (p.isSet(QStringLiteral("check-summaries")) || p.isSet(QStringLiteral("rebuild-summaries")))
        return checkSummaries(p, ctx, args[0]);
    SeriesRequest request;
    const QString bucketText
        = p.isSet(QStringLiteral("bucket")) ? p.value(QStringLiteral("bucket")) : QStringLiteral("day");
    const auto bucket = BucketSize::parse(bucketText);
    if (!bucket)
        return usageError(
            ctx, p,
            QStringLiteral("'%1' is not a bucket; use hour, day, week, month, or a width such as 15min or 6h.")
                .arg(bucketText));
    request.bucket = *bucket;
    if (p.isSet(QStringLiteral("lane"))) {
        const auto kind = laneKindFromName(p.value(QStringLiteral("lane")));
        if (!kind)
            return usageError(ctx, p,
                              QStringLiteral("'%1' is not a lane kind; use account, actor, source or model.")
                                  .arg(p.value(QStringLiteral("lane"))));
        request.laneKind = *kind;
    }
    if (p.isSet(QStringLiteral("top"))) {
        bool ok = false;
        request.topLanes = p.value(QStringLiteral("top")).toInt(&ok);
        if (!ok || request.topLanes <= 0)
            return usageError(ctx, p, QStringLiteral("--top takes a positive number of lanes."));
    }
    if (p.isSet(QStringLiteral("lanes"))) {
        if (request.laneKind == LaneKind::Model) {
            request.laneModels = p.value(QStringLiteral("lanes")).split(QLatin1Char(','));
        } else {
            auto ids = parseIds(p.value(QStringLiteral("lanes")), QStringLiteral("lanes"));
            if (!ids)
                return usageError(ctx, p, ids.error().message);
            request.laneIds = *ids;
        }
    }
    if (p.isSet(QStringLiteral("accounts"))) {
        auto ids = parseIds(p.value(QStringLiteral("accounts")), QStringLiteral("accounts"));
        if (!ids)
            return usageError(ctx, p, ids.error().message);
        request.filter.accountIds = *ids;
    }
    if (p.isSet(QStringLiteral("source"))) {
        auto ids = parseIds(p.value(QStringLiteral("source")), QStringLiteral("source"));
        if (!ids || ids->size() != 1)
            return usageError(ctx, p, QStringLiteral("--source takes one source id."));
        request.filter.sourceId = ids->first();
    }
    request.filter.text = p.value(QStringLiteral("text"));

    auto file = openCase(args[0], ctx, OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto &db = (*file)->db();
    auto zone = zoneSetting(p, **file);
    if (!zone)
        return usageError(ctx, p, zone.error().message);
    request.zone = *zone;
    const QTimeZone tz = *zoneFromSetting(*zone);
    auto range = caseRange(db, request.bucket, tz);
    if (!range)
        return printError(ctx, range.error());
    if (p.isSet(kFrom)) {
        auto from = parseCliTime(p.value(kFrom), *zone, QStringLiteral("from"));
        if (!from)
            return usageError(ctx, p, from.error().message);
        request.fromUtc = *from;
    } else {
        request.fromUtc = *range ? (*range)->first : 0;
    }
    if (p.isSet(kTo)) {
        auto to = parseCliTime(p.value(kTo), *zone, QStringLiteral("to"));
        if (!to)
            return usageError(ctx, p, to.error().message);
        request.toUtc = *to;
    } else {
        request.toUtc = *range ? (*range)->second : request.fromUtc + request.bucket.nominalMs();
    }
    if (!*range && !p.isSet(kFrom)) {
        ctx.err
            << "lineage-cli: the case has no query records with a time; give --from and --to for an empty series.\n";
        return kExitUsage;
    }
    request.distinctAccounts = true;
    auto series = computeSeries(db, request);
    if (!series)
        return printError(ctx, series.error());
    if (p.isSet(kJson)) {
        auto events = eventsIn(db, request.fromUtc, request.toUtc);
        if (!events)
            return printError(ctx, events.error());
        QJsonObject o = seriesToJson(*series, *events);
        o.insert(QStringLiteral("case"), args[0]);
        printJson(ctx, o);
    } else if (p.isSet(kCsv)) {
        ctx.out << seriesToCsv(*series);
        ctx.out.flush();
    } else {
        printSeriesText(ctx, *series);
    }
    return kExitOk;
}

// ---- events -------------------------------------------------------------------------------

void printEvent(CliContext &ctx, const TimelineEvent &e, const QTimeZone &zone)
{
    QString when = isoInZone(e.startUtc, zone);
    if (e.endUtc)
        when += QStringLiteral(" to ") + isoInZone(*e.endUtc, zone);
    ctx.out << QStringLiteral("%1  %2  %3  %4%5\n")
                   .arg(e.id ? QString::number(e.id) : QStringLiteral("-"), 5)
                   .arg(when, e.category.leftJustified(14), e.title,
                        e.restsOn().isEmpty() ? QString() : QStringLiteral("  (rests on %1)").arg(e.restsOn()));
}

int listEvents(QCommandLineParser &p, CliContext &ctx, const QString &path)
{
    auto file = openCase(path, ctx, OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto zone = zoneSetting(p, **file);
    if (!zone)
        return usageError(ctx, p, zone.error().message);
    qint64 from = std::numeric_limits<qint64>::min();
    qint64 to = std::numeric_limits<qint64>::max();
    if (p.isSet(kFrom)) {
        auto t = parseCliTime(p.value(kFrom), *zone, QStringLiteral("from"));
        if (!t)
            return usageError(ctx, p, t.error().message);
        from = *t;
    }
    if (p.isSet(kTo)) {
        auto t = parseCliTime(p.value(kTo), *zone, QStringLiteral("to"));
        if (!t)
            return usageError(ctx, p, t.error().message);
        to = *t;
    }
    auto events = eventsIn((*file)->db(), from, to);
    if (!events)
        return printError(ctx, events.error());
    const QString category = p.value(QStringLiteral("category"));
    const QTimeZone tz = *zoneFromSetting(*zone);
    QJsonArray list;
    int shown = 0;
    for (const TimelineEvent &e : *events) {
        if (!category.isEmpty() && e.category != category)
            continue;
        ++shown;
        if (p.isSet(kJson))
            list.append(eventToJson(e, tz));
        else
            printEvent(ctx, e, tz);
    }
    if (p.isSet(kJson)) {
        printJson(ctx,
                  { { QStringLiteral("case"), path },
                    { QStringLiteral("zone"), zoneName(tz) },
                    { QStringLiteral("events"), list } });
        return kExitOk;
    }
    if (shown == 0)
        ctx.out << "No events.\n";
    ctx.out.flush();
    return kExitOk;
}

int addEvents(QCommandLineParser &p, CliContext &ctx, const QString &path)
{
    QList<TimelineEvent> events;
    auto file = openCase(path, ctx, OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    auto zone = zoneSetting(p, **file);
    if (!zone)
        return usageError(ctx, p, zone.error().message);
    if (p.isSet(QStringLiteral("releases"))) {
        auto list = readReleaseList(p.value(QStringLiteral("releases")));
        if (!list)
            return printError(ctx, list.error());
        events = *list;
    } else {
        if (!p.isSet(QStringLiteral("at")) || !p.isSet(QStringLiteral("title")))
            return usageError(ctx, p,
                              QStringLiteral("An event needs --at TIME and --title TEXT (or --releases FILE for a list "
                                             "of model releases)."));
        TimelineEvent e;
        e.category = p.isSet(QStringLiteral("category")) ? p.value(QStringLiteral("category")) : kNoteCategory;
        auto at = parseCliTime(p.value(QStringLiteral("at")), *zone, QStringLiteral("at"));
        if (!at)
            return usageError(ctx, p, at.error().message);
        e.startUtc = *at;
        if (p.isSet(QStringLiteral("end"))) {
            auto end = parseCliTime(p.value(QStringLiteral("end")), *zone, QStringLiteral("end"));
            if (!end)
                return usageError(ctx, p, end.error().message);
            e.endUtc = *end;
        }
        e.title = p.value(QStringLiteral("title"));
        e.description = p.value(QStringLiteral("description"));
        if (p.isSet(QStringLiteral("item"))) {
            const QStringList parts = p.value(QStringLiteral("item")).split(QLatin1Char(':'));
            bool ok = false;
            const qint64 id = parts.size() == 2 ? parts[1].toLongLong(&ok) : 0;
            if (!ok || id <= 0 || parts[0].isEmpty())
                return usageError(ctx, p, QStringLiteral("--item takes KIND:ID, e.g. page:12 or finding:3."));
            e.itemKind = parts[0];
            e.itemId = id;
        }
        events.append(e);
    }
    QJsonArray added;
    const QTimeZone tz = *zoneFromSetting(*zone);
    for (TimelineEvent &e : events) {
        auto id = addEvent(**file, e);
        if (!id)
            return printError(ctx, id.error());
        e.id = *id;
        added.append(*id);
        if (!p.isSet(kJson)) {
            ctx.out << "Added ";
            printEvent(ctx, e, tz);
        }
    }
    if (p.isSet(kJson))
        printJson(ctx, { { QStringLiteral("case"), path }, { QStringLiteral("added"), added } });
    ctx.out.flush();
    return kExitOk;
}

int removeEvents(QCommandLineParser &p, CliContext &ctx, const QString &path, const QStringList &idArgs)
{
    if (idArgs.isEmpty())
        return usageError(ctx, p,
                          QStringLiteral("Give the ids of the events to remove (see 'lineage-cli events CASE')."));
    auto ids = parseIds(idArgs.join(QLatin1Char(',')), QStringLiteral("remove"));
    if (!ids)
        return usageError(ctx, p, QStringLiteral("'%1' is not an event id.").arg(idArgs.join(QLatin1Char(' '))));
    auto file = openCase(path, ctx, OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    QJsonArray removed;
    for (const qint64 id : *ids) {
        if (auto s = removeEvent(**file, id); !s)
            return printError(ctx, s.error());
        removed.append(id);
        if (!p.isSet(kJson))
            ctx.out << "Removed event " << id << ".\n";
    }
    if (p.isSet(kJson))
        printJson(ctx, { { QStringLiteral("case"), path }, { QStringLiteral("removed"), removed } });
    ctx.out.flush();
    return kExitOk;
}

int eventsCommand(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.isEmpty())
        return usageError(ctx, p, QStringLiteral("Give the CASE file, then list, add or remove."));
    const QString action = args.size() > 1 ? args[1] : QStringLiteral("list");
    if (action == QLatin1String("list")) {
        if (args.size() > 2)
            return usageError(ctx, p, QStringLiteral("list takes no further arguments."));
        return listEvents(p, ctx, args[0]);
    }
    if (action == QLatin1String("add")) {
        if (args.size() > 2)
            return usageError(ctx, p, QStringLiteral("add takes its values as options (--at, --title, ...)."));
        return addEvents(p, ctx, args[0]);
    }
    if (action == QLatin1String("remove"))
        return removeEvents(p, ctx, args[0], args.mid(2));
    return usageError(ctx, p, QStringLiteral("'%1' is not an events action; use list, add or remove.").arg(action));
}

const CliRegistration kTimeline(
    { QStringLiteral("timeline"),
      QStringLiteral("Print the activity series the Timeline tab draws (text, --json or --csv)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
          p.addOption({ QStringLiteral("bucket"),
                        QStringLiteral("Bucket: hour, day (default), week, month, or a width such as 15min or 6h."),
                        QStringLiteral("SIZE") });
          p.addOption({ QStringLiteral("lane"), QStringLiteral("One lane per account, actor, source or model."),
                        QStringLiteral("KIND") });
          p.addOption(
              { QStringLiteral("top"), QStringLiteral("Lanes for the N busiest (default 10)."), QStringLiteral("N") });
          p.addOption({ QStringLiteral("lanes"),
                        QStringLiteral("Lanes for these ids (accounts, actors, sources) or model names."),
                        QStringLiteral("ID,...") });
          p.addOption(kFrom);
          p.addOption(kTo);
          p.addOption(kTz);
          p.addOption({ QStringLiteral("accounts"), QStringLiteral("Only records of these account ids."),
                        QStringLiteral("ID,...") });
          p.addOption(
              { QStringLiteral("source"), QStringLiteral("Only records of this source."), QStringLiteral("ID") });
          p.addOption({ QStringLiteral("text"), QStringLiteral("Only records whose text matches (full-text search)."),
                        QStringLiteral("QUERY") });
          p.addOption(kJson);
          p.addOption(kCsv);
          p.addOption({ QStringLiteral("check-summaries"),
                        QStringLiteral("Recompute the activity summaries and compare (exit 1 when they differ).") });
          p.addOption({ QStringLiteral("rebuild-summaries"),
                        QStringLiteral("Replace the activity summaries by a recomputation (audited).") });
      },
      timelineCommand, false });

const CliRegistration kEvents(
    { QStringLiteral("events"), QStringLiteral("List, add or remove timeline events (adding and removing is audited)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
          p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list (default), add, or remove ID..."),
                                  QStringLiteral("[list|add|remove]"));
          p.addOption({ QStringLiteral("category"),
                        QStringLiteral("add: %1 (default note); list: only this category.")
                            .arg(manualEventCategories().join(QStringLiteral(", "))),
                        QStringLiteral("C") });
          p.addOption({ QStringLiteral("at"), QStringLiteral("add: when (YYYY-MM-DD or an ISO time)."),
                        QStringLiteral("TIME") });
          p.addOption({ QStringLiteral("end"), QStringLiteral("add: the end of a span."), QStringLiteral("TIME") });
          p.addOption({ QStringLiteral("title"), QStringLiteral("add: the event's title."), QStringLiteral("TEXT") });
          p.addOption(
              { QStringLiteral("description"), QStringLiteral("add: a longer description."), QStringLiteral("TEXT") });
          p.addOption({ QStringLiteral("item"), QStringLiteral("add: what it rests on, e.g. page:12 or finding:3."),
                        QStringLiteral("KIND:ID") });
          p.addOption({ QStringLiteral("releases"),
                        QStringLiteral("add: model releases from a CSV (model,date[,title]) or JSON list."),
                        QStringLiteral("FILE") });
          p.addOption(kFrom);
          p.addOption(kTo);
          p.addOption(kTz);
          p.addOption(kJson);
      },
      eventsCommand });

} // namespace

} // namespace lineage::cli
