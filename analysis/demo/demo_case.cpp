// SPDX-License-Identifier: GPL-3.0-or-later
// Builds the demo case from the demo evidence through the real import pipeline.
#include "casefile/case_file.h"
#include "casefile/document_store.h"
#include "casefile/event_store.h"
#include "demo/demo_generator.h"
#include "ingest/document_dates.h"
#include "ingest/importer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace lineage::demo {

namespace {

struct Planned
{
    QString path;
    ingest::ImportOptions options;
};

ingest::ImportOptions transcriptOptions(const QString &label, ingest::TranscriptRole role)
{
    ingest::ImportOptions o;
    o.kind = ingest::SourceKind::Transcript;
    o.modelLabel = label;
    o.role = role;
    return o;
}

ingest::ImportOptions documentOptions(ingest::DocumentType type)
{
    ingest::ImportOptions o;
    o.kind = ingest::SourceKind::Document;
    o.format = QStringLiteral("pdf");
    o.docType = type;
    return o;
}

} // namespace

Result<DemoCaseSummary> buildDemoCase(const QString &outDir, const DemoOptions &options,
                                      const casefile::Investigator &who, Feedback &feedback)
{
    QElapsedTimer timer;
    timer.start();
    DemoCaseSummary summary;
    summary.casePath = QDir(outDir).filePath(QStringLiteral("demo.lineage"));
    if (QFileInfo::exists(summary.casePath))
        return makeError(
            ErrorCode::Io,
            QStringLiteral("%1 already exists; remove it to build the demo case again.").arg(summary.casePath));

    auto files = writeDemoEvidence(outDir, options, feedback);
    if (!files)
        return files.error();
    summary.files = *files;

    casefile::CaseInfo info;
    info.title = QStringLiteral("Aurora Labs v. Quillon AI (demo)");
    info.caseNumber = QStringLiteral("DEMO-2025-001");
    info.classification = QStringLiteral("DEMO DATA - FICTIONAL");
    auto file = casefile::CaseFile::create(summary.casePath, info, who);
    if (!file)
        return file.error();
    auto fail = [&](const Error &error) -> Result<DemoCaseSummary> {
        // A half-built demo is of no use: leave no case behind.
        (*file)->close();
        QFile::remove(summary.casePath);
        return error;
    };

    QList<Planned> plan;
    for (const QString &log : std::as_const(files->queryLogs)) {
        ingest::ImportOptions o;
        o.kind = ingest::SourceKind::QueryLog;
        o.format = QStringLiteral("gateway-log");
        o.timeZone = QStringLiteral("UTC");
        plan.append({ log, o });
    }
    plan.append({ files->providerTranscripts,
                  transcriptOptions(QStringLiteral("aurora-4"), ingest::TranscriptRole::Provider) });
    plan.append({ files->suspectTranscripts,
                  transcriptOptions(QStringLiteral("DeepDistill-7B"), ingest::TranscriptRole::Suspect) });
    // No label: one transcript per generator, both controls.
    plan.append({ files->controlTranscripts, transcriptOptions(QString(), ingest::TranscriptRole::Control) });
    plan.append(
        { files->suspectChats, transcriptOptions(QStringLiteral("DeepDistill-7B"), ingest::TranscriptRole::Suspect) });
    plan.append({ files->suspectSession,
                  transcriptOptions(QStringLiteral("DeepDistill-7B"), ingest::TranscriptRole::Suspect) });
    plan.append({ files->termsPdf, documentOptions(ingest::DocumentType::TermsOfService) });
    plan.append({ files->complaintPdf, documentOptions(ingest::DocumentType::Complaint) });

    for (const Planned &p : std::as_const(plan)) {
        if (feedback.isCanceled())
            return fail(makeError(ErrorCode::Canceled, QStringLiteral("Canceled.")));
        auto imported = ingest::importFile(**file, p.path, p.options, feedback);
        if (!imported)
            return fail(imported.error());
        ++summary.sources;
        summary.records += imported->records;
        summary.diagnostics += imported->diagnostics;
    }

    // The analyst's work on the documents: parties, effective dates, dated clauses.
    QFile truthFile(files->groundTruth);
    if (!truthFile.open(QIODevice::ReadOnly))
        return fail(makeError(ErrorCode::Io, QStringLiteral("Cannot read %1.").arg(files->groundTruth)));
    const QJsonObject truth = QJsonDocument::fromJson(truthFile.readAll()).object();
    casefile::DocumentStore documents((*file)->db());
    auto stored = documents.documents();
    if (!stored)
        return fail(stored.error());
    for (const QJsonValue &value : truth.value(QStringLiteral("documents")).toArray()) {
        const QJsonObject doc = value.toObject();
        const auto it = std::find_if(stored->begin(), stored->end(), [&](const casefile::DocumentRow &row) {
            return row.sourceName == doc.value(QStringLiteral("file")).toString();
        });
        if (it == stored->end())
            return fail(makeError(ErrorCode::Internal,
                                  QStringLiteral("The demo document %1 was not imported.")
                                      .arg(doc.value(QStringLiteral("file")).toString())));
        if (auto s = casefile::DocumentStore::updateFields(**file, it->id, doc.value(QStringLiteral("type")).toString(),
                                                           doc.value(QStringLiteral("parties")).toString(),
                                                           doc.value(QStringLiteral("effective_date")).toString());
            !s)
            return fail(s.error());
        auto candidates = ingest::documentDateCandidates((*file)->db(), it->id);
        if (!candidates)
            return fail(candidates.error());
        for (const ingest::DateCandidate &candidate : *candidates) {
            auto event = ingest::acceptDateCandidate(**file, it->id, candidate);
            if (!event)
                return fail(event.error());
            ++summary.events;
        }
    }
    for (const QJsonValue &value : truth.value(QStringLiteral("release_dates")).toArray()) {
        const QJsonObject release = value.toObject();
        casefile::EventRow event;
        event.kind = QStringLiteral("model-release");
        event.startUtc = QDate::fromString(release.value(QStringLiteral("date")).toString(), Qt::ISODate)
                             .startOfDay(Qt::UTC)
                             .toMSecsSinceEpoch();
        event.title = QStringLiteral("%1 released").arg(release.value(QStringLiteral("model")).toString());
        event.description = QStringLiteral("Public release date of the model.");
        auto id = casefile::EventStore::addEvent(**file, event);
        if (!id)
            return fail(id.error());
        ++summary.events;
    }
    (*file)->close();
    summary.seconds = double(timer.elapsed()) / 1000.0;
    return summary;
}

} // namespace lineage::demo
