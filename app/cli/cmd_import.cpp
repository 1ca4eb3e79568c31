// SPDX-License-Identifier: GPL-3.0-or-later
// Import commands: import, search, index, profile.
#include "casefile/case_file.h"
#include "casefile/diagnostic_store.h"
#include "casefile/profile_store.h"
#include "casefile/search_index.h"
#include "cli/cli_command.h"
#include "ingest/case_sink.h"
#include "ingest/format_registry.h"
#include "ingest/importer.h"
#include "ingest/mapping_profile.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <limits>
#include <optional>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));
constexpr int kWarningsShown = 5;

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
}

// Progress on stderr, rewritten in place, only when stderr is a terminal.
void watchProgress(Feedback &feedback, CliContext &ctx)
{
    if (!isatty(fileno(stderr)))
        return;
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    feedback.setObserver([&ctx, timer](const Feedback::Progress &p) {
        const double seconds = std::max(0.001, double(timer->elapsed()) / 1000.0);
        const double rate = double(p.done) / seconds;
        QString line = QStringLiteral("\r%1: %2").arg(p.phase, megabytes(p.done));
        if (p.total > 0) {
            line += QStringLiteral(" of %1 (%2%)").arg(megabytes(p.total)).arg(100.0 * double(p.done) / double(p.total), 0, 'f', 0);
            if (rate > 0 && p.done > 0)
                line += QStringLiteral(", ETA %1 s").arg(double(p.total - p.done) / rate, 0, 'f', 0);
        }
        line += QStringLiteral(", %1 %2, %3/s   ").arg(p.items).arg(p.itemsLabel, megabytes(qint64(rate)));
        ctx.err << line;
        ctx.err.flush();
    }, std::chrono::milliseconds(200));
}

QJsonObject summaryJson(const ingest::ImportSummary &s)
{
    return {{QStringLiteral("file"), s.fileName}, {QStringLiteral("source_id"), s.sourceId},
            {QStringLiteral("sha256"), s.sha256}, {QStringLiteral("format"), s.format},
            {QStringLiteral("compression"), s.compression}, {QStringLiteral("records"), s.records},
            {QStringLiteral("transcripts"), s.transcripts}, {QStringLiteral("documents"), s.documents},
            {QStringLiteral("diagnostics"), s.diagnostics}, {QStringLiteral("diagnostics_stored"), s.diagnosticsStored},
            {QStringLiteral("warnings"), s.warnings}, {QStringLiteral("joined"), s.joined}, {QStringLiteral("bytes"), s.bytes},
            {QStringLiteral("content_bytes"), s.contentBytes}, {QStringLiteral("seconds"), s.seconds},
            {QStringLiteral("mb_per_s"), s.seconds > 0 ? double(s.bytes) / 1e6 / s.seconds : 0.0},
            {QStringLiteral("indexed"), s.indexed}};
}

int importFiles(QCommandLineParser &p, CliContext &ctx)
{
    QStringList args = p.positionalArguments();
    if (args.size() < 2)
        return usageError(ctx, p, QStringLiteral("Give the CASE and at least one FILE to import."));
    const QString casePath = args.takeFirst();
    ingest::ImportOptions options;
    // Without --kind, each file's kind is guessed from its content (ingest::guessKind, as the
    // import wizard does); a --format given alone implies its kind.
    const bool kindGiven = p.isSet(QStringLiteral("kind"));
    if (kindGiven) {
        const auto sourceKind = ingest::sourceKindFromName(p.value(QStringLiteral("kind")));
        if (!sourceKind)
            return usageError(ctx, p, QStringLiteral("--kind must be query-log, transcript or document."));
        options.kind = *sourceKind;
    }
    options.format = p.value(QStringLiteral("format"));
    if (!kindGiven && !options.format.isEmpty()) {
        if (const ingest::Parser *parser = ingest::FormatRegistry::builtin().find(options.format))
            options.kind = parser->kind();
    }
    options.profile = p.value(QStringLiteral("profile"));
    options.timeZone = p.value(QStringLiteral("tz"));
    options.modelLabel = p.value(QStringLiteral("label"));
    if (p.isSet(QStringLiteral("role"))) {
        const auto role = ingest::roleFromName(p.value(QStringLiteral("role")));
        if (!role)
            return usageError(
                ctx, p, QStringLiteral("--role must be provider, suspect, control, protected-corpus or unassigned."));
        options.role = *role;
    }
    if (p.isSet(QStringLiteral("doc-type"))) {
        const auto type = ingest::documentTypeFromName(p.value(QStringLiteral("doc-type")));
        if (!type)
            return usageError(ctx, p, QStringLiteral("--doc-type must be terms-of-service, contract, complaint, letter or other."));
        options.docType = *type;
    }
    if (options.kind == ingest::SourceKind::Transcript && options.modelLabel.isEmpty() && !p.isSet(QStringLiteral("label")))
        options.modelLabel = QString();
    options.strict = p.isSet(QStringLiteral("strict"));
    options.buildIndex = !p.isSet(QStringLiteral("no-index"));
    if (p.isSet(QStringLiteral("max-line-bytes"))) {
        bool ok = false;
        options.maxLineBytes = p.value(QStringLiteral("max-line-bytes")).toLongLong(&ok);
        if (!ok || options.maxLineBytes < 16)
            return usageError(ctx, p, QStringLiteral("--max-line-bytes must be a number of bytes (at least 16)."));
    }

#ifdef __GLIBC__
    // A bulk import allocates and frees megabyte blocks all the time: keep them in the heap
    // instead of mapping and unmapping them (fewer page faults; measured 5-10% faster).
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
    auto file = openCaseFile(casePath, ctx, OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    QJsonArray results;
    int exit = kExitOk;
    for (const QString &path : std::as_const(args)) {
        ingest::ImportOptions fileOptions = options;
        QString guessed;
        if (!kindGiven && options.format.isEmpty()) {
            // A file no format reads keeps the default kind; the import then says what it looks like.
            auto guess = ingest::guessKind(path);
            if (guess && !guess->format.isEmpty()) {
                fileOptions.kind = guess->kind;
                guessed = guess->description;
            }
        }
        Feedback feedback;
        watchProgress(feedback, ctx);
        auto summary = ingest::importFile(**file, path, fileOptions, feedback);
        if (isatty(fileno(stderr)))
            ctx.err << "\r\033[K";
        if (!summary) {
            printError(ctx, summary.error());
            // The core says what is wrong; the command line says which option changes it.
            if (summary.error().code == ErrorCode::Unsupported && options.format.isEmpty())
                ctx.err << "  Give the format with --format (one of those named above), or the kind of evidence with "
                           "--kind.\n";
            else if (summary.error().message.contains(QLatin1String("field-mapping profile"))
                     && options.profile.isEmpty())
                ctx.err << "  Give a saved mapping with --profile NAME ('lineage-cli profile CASE save NAME FILE.json' "
                           "saves one).\n";
            ctx.err.flush();
            results.append(QJsonObject{{QStringLiteral("file"), QFileInfo(path).fileName()},
                                       {QStringLiteral("error"), summary.error().message}});
            exit = kExitUsage;
            continue;
        }
        const auto &s = *summary;
        QJsonObject json = summaryJson(s);
        json.insert(QStringLiteral("kind"), ingest::sourceKindName(fileOptions.kind));
        json.insert(QStringLiteral("kind_guessed"), !guessed.isEmpty());
        results.append(json);
        if (!p.isSet(kJson)) {
            if (!guessed.isEmpty())
                ctx.out << QStringLiteral("%1: kind guessed from the content: %2 (%3); --kind sets it\n")
                               .arg(QFileInfo(path).fileName(), ingest::sourceKindName(fileOptions.kind), guessed);
            ctx.out << QStringLiteral("Imported %1 as source %2 (%3%4): %5 records, %6 diagnostics%7, %8 s, %9 MB/s\n")
                           .arg(s.fileName).arg(s.sourceId).arg(s.format,
                                s.compression.isEmpty() ? QString() : QStringLiteral(", ") + s.compression)
                           .arg(s.records).arg(s.diagnostics)
                           .arg(s.warnings ? QStringLiteral(" (%1 warnings)").arg(s.warnings) : QString())
                           .arg(s.seconds, 0, 'f', 2).arg(s.seconds > 0 ? double(s.bytes) / 1e6 / s.seconds : 0.0, 0, 'f', 1);
            if (s.diagnostics > s.diagnosticsStored)
                ctx.out << QStringLiteral("  %1 diagnostic rows stored: the first %2 with their bytes, the rest counted by kind\n")
                               .arg(s.diagnosticsStored)
                               .arg(ingest::CaseSink::kMaxStoredDiagnostics);
            ctx.out << "  SHA-256 " << s.sha256 << (s.indexed ? "" : ", not yet in the full-text index (lineage-cli index)") << "\n";
            // Warnings say what may be missing (a page without text, a font that cannot be read).
            if (s.warnings > 0) {
                auto rows = casefile::DiagnosticStore::fetch((*file)->db(), s.sourceId, 0, 200);
                int shown = 0;
                for (const casefile::DiagnosticRow &d : rows ? *rows : QList<casefile::DiagnosticRow> {}) {
                    if (d.severity != QLatin1String("warning") || shown == kWarningsShown)
                        continue;
                    ctx.out << "  warning: " << d.reason << "\n";
                    ++shown;
                }
                if (s.warnings > shown)
                    ctx.out << "  (" << s.warnings - shown << " more warnings in the case's diagnostics)\n";
            }
            ctx.out.flush();
        }
    }
    if (p.isSet(kJson))
        printJson(ctx, {{QStringLiteral("case"), casePath}, {QStringLiteral("imports"), results}});
    return exit;
}

int search(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() < 2)
        return usageError(ctx, p, QStringLiteral("Give the CASE and the QUERY."));
    auto file = openCaseFile(args[0], ctx, OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    int limit = 50;
    if (p.isSet(QStringLiteral("limit")))
        limit = std::max(1, p.value(QStringLiteral("limit")).toInt());
    const QString query = args.mid(1).join(QLatin1Char(' '));
    // --from/--to keep query records of that time (read in --tz or the case's zone).
    std::optional<casefile::TimeRange> range;
    if (p.isSet(QStringLiteral("from")) || p.isSet(QStringLiteral("to"))) {
        auto info = (*file)->info();
        if (!info)
            return printError(ctx, info.error());
        const QString zone = p.isSet(tzOption()) ? p.value(tzOption()) : info->displayTimeZone;
        casefile::TimeRange r { std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max() };
        for (const QString &option : { QStringLiteral("from"), QStringLiteral("to") }) {
            if (!p.isSet(option))
                continue;
            auto t = parseCliTime(p.value(option), zone, option);
            if (!t)
                return usageError(ctx, p, t.error().message);
            (option == QLatin1String("from") ? r.fromUtc : r.toUtc) = *t;
        }
        if (r.toUtc <= r.fromUtc)
            return usageError(ctx, p, QStringLiteral("--to must come after --from."));
        range = r;
    }
    auto hits = casefile::SearchIndex::search((*file)->db(), query, range, limit);
    if (!hits)
        return printError(ctx, hits.error());
    if (p.isSet(kJson)) {
        QJsonArray list;
        for (const auto &h : *hits) {
            QJsonObject hit { { QStringLiteral("item_kind"), h.itemKind }, { QStringLiteral("item_id"), h.itemId },
                              { QStringLiteral("field"), h.field },        { QStringLiteral("source_id"), h.sourceId },
                              { QStringLiteral("source"), h.sourceName },  { QStringLiteral("line"), h.line },
                              { QStringLiteral("page"), h.page },          { QStringLiteral("snippet"), h.snippet } };
            if (h.timeUtc)
                hit.insert(QStringLiteral("time_utc_ms"), *h.timeUtc);
            list.append(hit);
        }
        QJsonObject out { { QStringLiteral("query"), query }, { QStringLiteral("hits"), list } };
        if (range) {
            if (range->fromUtc != std::numeric_limits<qint64>::min())
                out.insert(QStringLiteral("from_utc_ms"), range->fromUtc);
            if (range->toUtc != std::numeric_limits<qint64>::max())
                out.insert(QStringLiteral("to_utc_ms"), range->toUtc);
        }
        printJson(ctx, out);
        return kExitOk;
    }
    for (const auto &h : *hits) {
        const QString place = h.itemKind == QLatin1String("page") ? QStringLiteral("page %1").arg(h.page)
                                                                  : QStringLiteral("line %1").arg(h.line);
        ctx.out << QStringLiteral("%1:%2  %3 %4 %5  %6\n").arg(h.sourceName, place, h.itemKind).arg(h.itemId).arg(h.field, h.snippet);
    }
    ctx.out << hits->size() << (hits->size() == 1 ? " hit" : " hits") << (hits->size() == limit ? " (limit reached)" : "") << "\n";
    ctx.out.flush();
    return kExitOk;
}

int index(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    auto file = openCaseFile(args[0], ctx, OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    Feedback feedback;
    QElapsedTimer timer;
    timer.start();
    const bool rebuild = p.isSet(QStringLiteral("rebuild"));
    auto done = rebuild ? ingest::rebuildDerivedData(**file, feedback) : ingest::buildSearchIndex(**file, feedback);
    if (!done)
        return printError(ctx, done.error());
    QJsonArray ids;
    for (qint64 id : std::as_const(*done))
        ids.append(id);
    if (p.isSet(kJson))
        printJson(ctx, {{QStringLiteral("indexed_sources"), ids}, {QStringLiteral("seconds"), double(timer.elapsed()) / 1000.0},
                        {QStringLiteral("rebuilt"), rebuild}});
    else
        ctx.out << "Indexed " << done->size() << (done->size() == 1 ? " source" : " sources") << " in "
                << QString::number(double(timer.elapsed()) / 1000.0, 'f', 2) << " s" << Qt::endl;
    return kExitOk;
}

int profile(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() < 2)
        return usageError(ctx, p, QStringLiteral("Give the CASE and an action: save NAME FILE.json, show NAME, or list."));
    const QString action = args[1];
    const bool write = action == QLatin1String("save");
    auto file = openCaseFile(args[0], ctx, write ? OpenMode::ReadWrite : OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    if (write) {
        if (args.size() != 4)
            return usageError(ctx, p, QStringLiteral("profile CASE save NAME FILE.json"));
        QFile json(args[3]);
        if (!json.open(QIODevice::ReadOnly))
            return printError(ctx, makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(args[3], json.errorString())));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json.readAll(), &error);
        if (!doc.isObject())
            return printError(ctx, makeError(ErrorCode::InvalidInput, QStringLiteral("%1 is not a JSON object: %2").arg(args[3], error.errorString())));
        auto parsed = ingest::MappingProfile::fromJson(doc.object());
        if (!parsed)
            return printError(ctx, parsed.error());
        if (auto s = casefile::ProfileStore::save(**file, args[2], QStringLiteral("query-log"), parsed->toJson()); !s)
            return printError(ctx, s.error());
        ctx.out << "Saved mapping profile " << args[2] << Qt::endl;
        return kExitOk;
    }
    if (action == QLatin1String("list")) {
        auto list = casefile::ProfileStore::list((*file)->db());
        if (!list)
            return printError(ctx, list.error());
        QJsonArray names;
        for (const auto &r : *list) {
            names.append(r.name);
            if (!p.isSet(kJson))
                ctx.out << r.name << "  " << QString::fromUtf8(QJsonDocument(r.definition).toJson(QJsonDocument::Compact)) << "\n";
        }
        if (p.isSet(kJson))
            printJson(ctx, {{QStringLiteral("profiles"), names}});
        ctx.out.flush();
        return kExitOk;
    }
    if (action == QLatin1String("show") && args.size() == 3) {
        auto found = casefile::ProfileStore::find((*file)->db(), args[2]);
        if (!found)
            return printError(ctx, found.error());
        if (!*found)
            return printError(ctx, makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no mapping profile named '%1'.").arg(args[2])));
        ctx.out << QString::fromUtf8(QJsonDocument((*found)->definition).toJson(QJsonDocument::Indented));
        ctx.out.flush();
        return kExitOk;
    }
    return usageError(ctx, p, QStringLiteral("Unknown profile action '%1': use save, show or list.").arg(action));
}

const CliRegistration kImport({QStringLiteral("import"), QStringLiteral("Import evidence files (query logs, transcripts, documents) into a case."),
    [](QCommandLineParser &p) {
        p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
        p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Files to import (gzip or zstd compressed files are read transparently)."), QStringLiteral("FILE..."));
        p.addOption({QStringLiteral("kind"), QStringLiteral("query-log, transcript or document (default: guessed from each file's content)."), QStringLiteral("KIND")});
        p.addOption({QStringLiteral("format"), QStringLiteral("The format; sniffed from the content when not given."), QStringLiteral("F")});
        p.addOption({QStringLiteral("profile"), QStringLiteral("A saved field-mapping profile (generic JSONL/CSV)."), QStringLiteral("P")});
        p.addOption({QStringLiteral("tz"), QStringLiteral("Time zone of times written without an offset (IANA name; default UTC)."), QStringLiteral("ZONE")});
        p.addOption({QStringLiteral("label"), QStringLiteral("Transcripts: the model that produced them."), QStringLiteral("MODEL")});
        p.addOption({ QStringLiteral("role"),
                      QStringLiteral("Transcripts: provider, suspect, control or protected-corpus (default: "
                                     "unassigned, to be given later)."),
                      QStringLiteral("ROLE") });
        p.addOption({QStringLiteral("doc-type"), QStringLiteral("Documents: terms-of-service, contract, complaint, letter or other."), QStringLiteral("TYPE")});
        p.addOption({QStringLiteral("strict"), QStringLiteral("Stop at the first bad record (nothing of that file is imported).")});
        p.addOption({QStringLiteral("no-index"), QStringLiteral("Defer the full-text index (build it later with 'lineage-cli index').")});
        p.addOption({QStringLiteral("wal"), QStringLiteral("Accepted for older scripts: every import writes through the write-ahead log.")});
        p.addOption({QStringLiteral("max-line-bytes"), QStringLiteral("Longer lines become diagnostics (default 16 MiB)."), QStringLiteral("N")});
        p.addOption(kJson);
    }, importFiles});
const CliRegistration kSearch(
    { QStringLiteral("search"), QStringLiteral("Full-text search of prompts, completions, transcripts and documents."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
          p.addPositionalArgument(
              QStringLiteral("QUERY"),
              QStringLiteral(
                  "Words (all required), \"quoted phrases\", prefix*; Chinese text matches as a substring."));
          p.addOption({ QStringLiteral("limit"), QStringLiteral("At most N hits (default 50)."), QStringLiteral("N") });
          p.addOption({ QStringLiteral("from"),
                        QStringLiteral("Only query records from this time on (YYYY-MM-DD or ISO; without an offset, "
                                       "in the zone); transcripts and documents have no time and are left out."),
                        QStringLiteral("TIME") });
          p.addOption({ QStringLiteral("to"), QStringLiteral("Only query records before this time (as --from)."),
                        QStringLiteral("TIME") });
          p.addOption(tzOption());
          p.addOption(kJson);
      },
      search, false });
const CliRegistration kIndex({QStringLiteral("index"), QStringLiteral("Build the full-text index for sources imported with --no-index."),
    [](QCommandLineParser &p) {
        p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
        p.addOption({QStringLiteral("rebuild"), QStringLiteral("Rebuild the derived data from the evidence: the whole full-text index, "
                                                               "and drop the stored fingerprints (audited).")});
        p.addOption(kJson);
    }, index});
const CliRegistration kProfile({QStringLiteral("profile"), QStringLiteral("Save, show or list field-mapping profiles for generic JSONL/CSV logs."),
    [](QCommandLineParser &p) {
        p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
        p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("save NAME FILE.json | show NAME | list"), QStringLiteral("ACTION [ARGS]"));
        p.addOption(kJson);
    }, profile});

} // namespace

} // namespace lineage::cli
