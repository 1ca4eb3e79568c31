// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/importer.h"

#include "casefile/audit_log.h"
#include "casefile/bulk_write.h"
#include "casefile/evidence_store.h"
#include "casefile/profile_store.h"
#include "casefile/source_store.h"
#include "core/logging.h"
#include "core/version.h"
#include "ingest/case_sink.h"
#include "ingest/record_queue.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <algorithm>
#include <thread>

namespace lineage::ingest {

using namespace lineage::casefile;

namespace {

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("Import canceled; the case is unchanged."));
}

// The first bytes of the decompressed content, for sniffing.
Result<QByteArray> readHead(const QString &path, Compression &compression)
{
    FileInputStream input;
    if (auto s = input.open(path); !s)
        return s.error();
    compression = input.compression();
    QByteArray head(Parser::kSniffBytes, Qt::Uninitialized);
    qint64 filled = 0;
    while (filled < head.size()) {
        auto n = input.read(head.data() + filled, head.size() - filled);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        filled += *n;
    }
    head.resize(filled);
    return head;
}

QString formatList(const FormatRegistry &registry, SourceKind kind)
{
    QStringList names;
    for (const Parser *p : registry.parsers(kind))
        names << p->format();
    return names.join(QStringLiteral(", "));
}

struct Chosen
{
    const Parser *parser = nullptr;
    QList<FormatRegistry::Match> matches;
    Compression compression = Compression::None;
};

Result<Chosen> chooseParser(const QString &path, const ImportOptions &options, const FormatRegistry &registry)
{
    Chosen chosen;
    auto head = readHead(path, chosen.compression);
    if (!head)
        return head.error();
    const QString name = QFileInfo(path).fileName();
    chosen.matches = registry.sniff(*head, name, options.kind);
    if (!options.format.isEmpty()) {
        chosen.parser = registry.find(options.format);
        if (!chosen.parser || chosen.parser->kind() != options.kind)
            return makeError(ErrorCode::InvalidInput, QStringLiteral("'%1' is not a %2 format; known formats: %3.")
                                                          .arg(options.format, sourceKindName(options.kind), formatList(registry, options.kind)));
    } else {
        if (head->isEmpty())
            return makeError(ErrorCode::InvalidInput, QStringLiteral("%1 is empty: there is nothing to import.").arg(name));
        // A profile makes the generic formats the natural choice.
        for (const auto &m : std::as_const(chosen.matches)) {
            if (!options.profileDefinition.isEmpty() && !m.parser->needsProfile())
                continue;
            chosen.parser = m.parser;
            break;
        }
        if (!chosen.parser && !chosen.matches.isEmpty())
            chosen.parser = chosen.matches.first().parser;
        if (!chosen.parser) {
            // Messages name no control of the GUI or the command line: each adds its own.
            QString message
                = QStringLiteral(
                      "Cannot tell the format of %1 from its content: it reads as none of the %2 formats (%3).")
                      .arg(name, sourceKindName(options.kind), formatList(registry, options.kind));
            const auto any = registry.sniff(*head, name);
            if (!any.isEmpty() && any.first().parser->kind() != options.kind)
                message += QStringLiteral(" It looks like a %1 (%2).")
                               .arg(sourceKindName(any.first().parser->kind()), any.first().parser->description());
            return makeError(ErrorCode::Unsupported, message);
        }
    }
    if (chosen.parser->needsProfile() && options.profileDefinition.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("%1 looks like %2, which needs a field-mapping profile "
                                        "that says where each field is.")
                             .arg(name, chosen.parser->description()));
    return chosen;
}

Result<QString> hashFile(const QString &path, Feedback &feedback)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (feedback.isCanceled())
            return canceled();
        const qint64 n = file.read(block.data(), block.size());
        if (n < 0)
            return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
        if (n == 0)
            break;
        hash.addData(QByteArrayView(block.constData(), n));
    }
    return QString::fromLatin1(hash.result().toHex());
}

Error duplicateError(const QString &name, const SourceRow &earlier)
{
    return makeError(ErrorCode::Duplicate,
                     QStringLiteral("%1 was already imported as source %2 (%3, imported %4 UTC, SHA-256 %5); the same evidence is not imported twice.")
                         .arg(name).arg(earlier.id).arg(earlier.originalName,
                              QDateTime::fromMSecsSinceEpoch(earlier.importedUtc, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                              earlier.sha256));
}

Result<QJsonObject> loadProfile(Database &db, const QString &name)
{
    auto profile = ProfileStore::find(db, name);
    if (!profile)
        return profile.error();
    if (!*profile)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no mapping profile named '%1'.").arg(name));
    return (*profile)->definition;
}

} // namespace

Result<ImportSummary> importFile(CaseFile &file, const QString &path, const ImportOptions &given, Feedback &feedback,
                                 const FormatRegistry &registry)
{
    QElapsedTimer timer;
    timer.start();
    if (file.mode() == OpenMode::ReadOnly)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case is open read-only; nothing can be imported."));
    Database &db = file.db();
    const QFileInfo info(path);
    const QString name = info.fileName();
    ImportOptions options = given;
    if (!options.profile.isEmpty() && options.profileDefinition.isEmpty()) {
        auto definition = loadProfile(db, options.profile);
        if (!definition)
            return definition.error();
        options.profileDefinition = *definition;
    }
    if (!options.timeZone.isEmpty() && options.timeZone != QLatin1String("UTC") && !QTimeZone(options.timeZone.toUtf8()).isValid())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("'%1' is not a time zone; use an IANA name such as Asia/Shanghai.").arg(options.timeZone));

    // Duplicates have the same size: only then is the file hashed before the import.
    auto sameSize = SourceStore::existsWithSize(db, info.size());
    if (!sameSize)
        return sameSize.error();
    if (*sameSize) {
        feedback.setPhase(QStringLiteral("Checking %1 against earlier sources").arg(name), info.size());
        auto sha = hashFile(path, feedback);
        if (!sha)
            return sha.error();
        auto earlier = SourceStore::findBySha256(db, *sha);
        if (!earlier)
            return earlier.error();
        if (*earlier)
            return duplicateError(name, **earlier);
    }

    auto chosen = chooseParser(path, options, registry);
    if (!chosen)
        return chosen.error();
    const Parser *parser = chosen->parser;

    FileInputStream input;
    if (auto s = input.open(path); !s)
        return s.error();

    BulkWrite bulk(db, options.rollbackJournal);
    // A query log's records reference only what this import makes or looks up; they are
    // checked once before the commit instead of row by row.
    if (options.kind == SourceKind::QueryLog)
        if (auto s = bulk.uncheckForeignKeys(); !s)
            return s.error();
    Transaction tx(db);
    if (auto s = tx.begin(); !s)
        return s.error();
    if (auto s = BulkWrite::deferForeignKeys(db); !s)
        return s.error();

    const QDateTime now = QDateTime::currentDateTime();
    SourceRow source;
    source.kind = sourceKindName(options.kind);
    source.format = parser->format();
    source.originalName = name;
    source.originalPath = info.absoluteFilePath();
    source.compression = compressionName(input.compression());
    source.importedUtc = now.toMSecsSinceEpoch();
    source.importedOffset = now.offsetFromUtc();
    source.importer = QStringLiteral("lineage ") + parser->format();
    source.importerVersion = programVersion();
    source.declaredTz = options.timeZone.isEmpty() ? QStringLiteral("UTC") : options.timeZone;
    source.profile = options.profile;
    QJsonObject parameters{{QStringLiteral("kind"), source.kind}, {QStringLiteral("format"), source.format},
                           {QStringLiteral("time_zone"), source.declaredTz}, {QStringLiteral("strict"), options.strict},
                           {QStringLiteral("max_line_bytes"), options.maxLineBytes}};
    if (!options.profile.isEmpty())
        parameters.insert(QStringLiteral("profile"), options.profile);
    if (!options.profileDefinition.isEmpty())
        parameters.insert(QStringLiteral("profile_definition"), options.profileDefinition);
    if (options.kind == SourceKind::Transcript) {
        parameters.insert(QStringLiteral("model_label"), options.modelLabel);
        parameters.insert(QStringLiteral("role"), roleName(options.role));
    }
    if (options.kind == SourceKind::Document)
        parameters.insert(QStringLiteral("document_type"), documentTypeName(options.docType));
    source.parameters = QString::fromUtf8(QJsonDocument(parameters).toJson(QJsonDocument::Compact));
    auto sourceId = SourceStore::insertPending(db, source);
    if (!sourceId)
        return sourceId.error();
    source.id = *sourceId;

    CaseSink sink(db, source.id, name, options);
    if (auto s = sink.prepare(); !s)
        return s.error();
    EvidenceWriter evidence(db);
    qint64 consumed = 0;
    feedback.setPhase(QStringLiteral("Importing %1").arg(name), info.size(), QStringLiteral("records"));

    // The parser reads and parses on a thread of its own; this thread, which owns the
    // connection, stores what it delivers and the original bytes, in order.
    RecordQueue queue(options.buildIndex);
    input.setTap([&](const char *data, qint64 size) -> Status {
        if (feedback.isCanceled())
            return canceled();
        return queue.pushOriginal(data, size);
    });
    std::thread producer([&] {
        Status status = parser->parse(input, queue.producerSink(), options, feedback);
        if (status)
            status = input.drain();
        queue.finish(status);
    });
    const Status stored = queue.consume({sink, [&](const QByteArray &original) -> Status {
        if (auto s = evidence.write(original); !s)
            return s;
        consumed += original.size();
        feedback.setProgress(consumed, sink.records());
        return {};
    }});
    producer.join();
    if (!stored)
        return feedback.isCanceled() ? canceled() : stored.error();
    if (auto s = sink.finish(); !s)
        return s.error();
    if (feedback.isCanceled())
        return canceled();
    auto blob = evidence.finish();
    if (!blob)
        return blob.error();
    auto earlier = SourceStore::findBySha256(db, blob->sha256);
    if (!earlier)
        return earlier.error();
    if (*earlier)
        return duplicateError(name, **earlier);

    source.sha256 = blob->sha256;
    source.size = blob->size;
    source.contentSize = input.contentBytes();
    source.recordCount = sink.records();
    source.diagnosticCount = sink.diagnostics();
    source.indexed = options.buildIndex;
    source.status = QStringLiteral("complete");
    if (auto s = SourceStore::finish(db, source); !s)
        return s.error();
    if (bulk.foreignKeysUnchecked())
        if (auto s = sink.checkReferences(); !s)
            return s.error();

    ImportSummary summary;
    summary.sourceId = source.id;
    summary.fileName = name;
    summary.sha256 = source.sha256;
    summary.format = source.format;
    summary.compression = source.compression;
    summary.records = sink.records();
    summary.transcripts = sink.transcripts();
    summary.documents = sink.documents();
    summary.diagnostics = sink.diagnostics();
    summary.diagnosticsStored = sink.diagnosticsStored();
    summary.warnings = sink.warnings();
    summary.joined = sink.joined();
    summary.bytes = source.size;
    summary.contentBytes = source.contentSize;
    summary.indexed = options.buildIndex;
    const QJsonObject result{{QStringLiteral("source_id"), source.id}, {QStringLiteral("sha256"), source.sha256},
                             {QStringLiteral("size"), source.size}, {QStringLiteral("records"), summary.records},
                             {QStringLiteral("transcripts"), summary.transcripts}, {QStringLiteral("documents"), summary.documents},
                             {QStringLiteral("diagnostics"), summary.diagnostics},
                             {QStringLiteral("diagnostics_stored"), summary.diagnosticsStored},
                             {QStringLiteral("warnings"), summary.warnings},
                             {QStringLiteral("joined"), summary.joined}, {QStringLiteral("indexed"), summary.indexed}};
    parameters.insert(QStringLiteral("file"), name);
    if (auto s = AuditLog::append(db, file.investigator(), QStringLiteral("source.import"),
                                  QStringLiteral("source:%1").arg(source.id), parameters, result); !s)
        return s.error();
    if (feedback.isCanceled())
        return canceled();
    if (auto s = tx.commit(); !s)
        return s.error();
    summary.seconds = double(timer.nsecsElapsed()) / 1e9;
    qCInfo(lcIngest) << "imported" << name << "as source" << source.id << summary.records << "records"
                     << summary.diagnostics << "diagnostics in" << summary.seconds << "s";
    return summary;
}

Result<QList<qint64>> buildSearchIndex(CaseFile &file, Feedback &feedback)
{
    auto pending = SourceStore::unindexed(file.db());
    if (!pending)
        return pending.error();
    QList<qint64> done;
    feedback.setPhase(QStringLiteral("Building the full-text index"), pending->size(), QStringLiteral("sources"));
    for (const qint64 id : std::as_const(*pending)) {
        auto status = file.auditedChange(QStringLiteral("search.index"), QStringLiteral("source:%1").arg(id),
                                         QJsonObject{{QStringLiteral("source_id"), id}}, [&]() -> Result<QJsonObject> {
            if (auto s = SearchIndex::indexSource(file.db(), id, feedback); !s)
                return s.error();
            return QJsonObject{};
        });
        if (!status)
            return status.error();
        done.append(id);
        feedback.setProgress(done.size(), done.size());
    }
    return done;
}

namespace {

// Collects what a parser delivers, up to a limit, for the import wizard's preview.
class PreviewSink final : public RecordSink
{
public:
    PreviewSink(ImportPreview &preview, int limit) : m_preview(preview), m_limit(limit) {}

    Status queryRecord(const QueryRecord &record) override
    {
        m_preview.records.append(record);
        return check();
    }
    Result<qint64> transcript(const TranscriptInfo &) override { return ++m_ids; }
    Status turn(qint64, const Turn &turn) override
    {
        m_preview.turns.append(turn);
        return check();
    }
    Result<qint64> document(const DocumentInfo &) override { return ++m_ids; }
    Status page(qint64, const Page &page) override
    {
        m_preview.pages.append(page);
        return check();
    }
    Status diagnostic(const Diagnostic &diagnostic) override
    {
        m_preview.diagnostics.append(diagnostic);
        return check();
    }
    static constexpr ErrorCode kFull = ErrorCode::Canceled;

private:
    Status check()
    {
        const qsizetype n = m_preview.records.size() + m_preview.turns.size() + m_preview.pages.size()
            + m_preview.diagnostics.size();
        if (n >= m_limit)
            return makeError(kFull, QStringLiteral("preview full"));
        return {};
    }

    ImportPreview &m_preview;
    int m_limit;
    qint64 m_ids = 0;
};

} // namespace

Result<KindGuess> guessKind(const QString &path, const FormatRegistry &registry)
{
    Compression compression = Compression::None;
    auto head = readHead(path, compression);
    if (!head)
        return head.error();
    KindGuess guess;
    const auto matches = registry.sniff(*head, QFileInfo(path).fileName());
    if (matches.isEmpty())
        return guess;
    const Parser *best = matches.first().parser;
    // A JSON line with a prompt and an answer is also what many query logs hold. When only
    // the generic prompt/response transcript layout claims it and the line carries a time,
    // it is taken for a log (to be mapped): logs are timed, generated transcripts are not.
    if (best->format() == QLatin1String("prompt-response-jsonl")) {
        const qsizetype end = head->indexOf('\n');
        const QJsonObject first = QJsonDocument::fromJson(end < 0 ? *head : head->left(end)).object();
        static const char *const kTimeKeys[] = { "time", "timestamp", "when", "created", "created_at", "date", "ts" };
        const bool timed = std::any_of(std::begin(kTimeKeys), std::end(kTimeKeys),
                                       [&](const char *key) { return first.contains(QLatin1String(key)); });
        if (timed) {
            for (const auto &m : matches) {
                if (m.parser->kind() == SourceKind::QueryLog) {
                    best = m.parser;
                    guess.confidence = m.confidence;
                    break;
                }
            }
        }
    }
    guess.kind = best->kind();
    guess.format = best->format();
    guess.description = best->description();
    if (guess.confidence == 0)
        guess.confidence = matches.first().confidence;
    QList<SourceKind> others;
    for (const auto &m : matches)
        if (m.parser->kind() != guess.kind && !others.contains(m.parser->kind()))
            others << m.parser->kind();
    guess.alternatives = int(others.size());
    return guess;
}

Result<ImportPreview> previewFile(const QString &path, const ImportOptions &options, int maxItems, const FormatRegistry &registry)
{
    ImportPreview preview;
    auto chosen = chooseParser(path, options, registry);
    if (!chosen) {
        // Still show what was sniffed, so that the wizard can offer the choices.
        Compression compression = Compression::None;
        if (auto head = readHead(path, compression); head) {
            preview.compression = compressionName(compression);
            preview.formats = registry.sniff(*head, QFileInfo(path).fileName(), options.kind);
        }
        if (preview.formats.isEmpty())
            return chosen.error();
        return preview;
    }
    preview.compression = compressionName(chosen->compression);
    preview.formats = chosen->matches;
    preview.chosenFormat = chosen->parser->format();
    FileInputStream input;
    if (auto s = input.open(path); !s)
        return s.error();
    PreviewSink sink(preview, std::max(1, maxItems));
    Feedback feedback;
    ImportOptions previewOptions = options;
    previewOptions.strict = false;
    if (auto s = chosen->parser->parse(input, sink, previewOptions, feedback); !s && s.error().code != PreviewSink::kFull)
        return s.error();
    return preview;
}

} // namespace lineage::ingest
