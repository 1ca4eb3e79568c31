// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/uco_export.h"

#include "casefile/analysis_store.h"
#include "casefile/audit_log.h"
#include "casefile/source_store.h"
#include "core/version.h"
#include "forensics/kind_registry.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTimeZone>
#include <QUuid>

namespace lineage::report {

using namespace casefile;

namespace {

// The namespace of Lineage's name-based node ids (UUID version 5).
const QUuid kIdNamespace(QStringLiteral("3686c1cf-193e-446d-8681-4818f91c0cca"));

QJsonObject context()
{
    return {
        { QStringLiteral("kb"), QStringLiteral("urn:lineage:kb:") },
        { QStringLiteral("lineage"), QStringLiteral("urn:lineage:ns#") },
        { QStringLiteral("case-investigation"),
          QStringLiteral("https://ontology.caseontology.org/case/investigation/") },
        { QStringLiteral("uco-action"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/action/") },
        { QStringLiteral("uco-core"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/core/") },
        { QStringLiteral("uco-identity"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/identity/") },
        { QStringLiteral("uco-observable"),
          QStringLiteral("https://ontology.unifiedcyberontology.org/uco/observable/") },
        { QStringLiteral("uco-tool"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/tool/") },
        { QStringLiteral("uco-types"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/types/") },
        { QStringLiteral("uco-vocabulary"),
          QStringLiteral("https://ontology.unifiedcyberontology.org/uco/vocabulary/") },
        { QStringLiteral("xsd"), QStringLiteral("http://www.w3.org/2001/XMLSchema#") },
    };
}

QJsonObject typed(const QString &type, const QString &value)
{
    return { { QStringLiteral("@type"), type }, { QStringLiteral("@value"), value } };
}

QJsonObject dateTime(qint64 utcMs)
{
    return typed(QStringLiteral("xsd:dateTime"),
                 QDateTime::fromMSecsSinceEpoch(utcMs, QTimeZone::utc()).toString(Qt::ISODateWithMs));
}

QJsonObject ref(const QString &id)
{
    return { { QStringLiteral("@id"), id } };
}

QString formatNumber(std::optional<double> v)
{
    return v ? QString::number(*v, 'g', 6) : QStringLiteral("-");
}

// Collects the nodes of the graph and gives them their ids.
class UcoGraph
{
public:
    explicit UcoGraph(const CaseInfo &info)
        : m_namespace(QUuid::createUuidV5(
            kIdNamespace,
            QStringLiteral("%1\n%2\n%3").arg(info.caseNumber, QString::number(info.createdUtc), info.createdBy)))
    {
    }

    // "kb:file-<uuid>": the same kind and key give the same id.
    QString id(const QString &kind, const QString &key) const
    {
        return QStringLiteral("kb:%1-%2")
            .arg(kind, QUuid::createUuidV5(m_namespace, kind + u':' + key).toString(QUuid::WithoutBraces));
    }

    // A top-level node, listed in the investigation (and the bundle).
    void add(const QJsonObject &node) { m_nodes.append(node); }
    const QJsonArray &nodes() const { return m_nodes; }

private:
    QUuid m_namespace;
    QJsonArray m_nodes;
};

QJsonObject hashNode(const UcoGraph &g, const QString &key, const QString &sha256)
{
    return { { QStringLiteral("@id"), g.id(QStringLiteral("hash"), key) },
             { QStringLiteral("@type"), QStringLiteral("uco-types:Hash") },
             { QStringLiteral("uco-types:hashMethod"),
               typed(QStringLiteral("uco-vocabulary:HashNameVocab"), QStringLiteral("SHA256")) },
             { QStringLiteral("uco-types:hashValue"), typed(QStringLiteral("xsd:hexBinary"), sha256.toLower()) } };
}

QJsonObject fileNode(const UcoGraph &g, const SourceRow &s, const QString &caseNumber)
{
    const QString key = QString::number(s.id);
    const QFileInfo fi(s.originalName);
    QJsonObject fileFacet { { QStringLiteral("@id"), g.id(QStringLiteral("file-facet"), key) },
                            { QStringLiteral("@type"), QStringLiteral("uco-observable:FileFacet") },
                            { QStringLiteral("uco-observable:fileName"), s.originalName },
                            { QStringLiteral("uco-observable:isDirectory"), false },
                            { QStringLiteral("uco-observable:sizeInBytes"), s.size } };
    if (!s.originalPath.isEmpty())
        fileFacet.insert(QStringLiteral("uco-observable:filePath"), s.originalPath);
    if (!fi.suffix().isEmpty())
        fileFacet.insert(QStringLiteral("uco-observable:extension"), fi.suffix());
    const QJsonObject contentFacet {
        { QStringLiteral("@id"), g.id(QStringLiteral("content-data-facet"), key) },
        { QStringLiteral("@type"), QStringLiteral("uco-observable:ContentDataFacet") },
        { QStringLiteral("uco-observable:sizeInBytes"), s.size },
        { QStringLiteral("uco-observable:hash"),
          QJsonArray { hashNode(g, QStringLiteral("source:") + key, s.sha256) } },
    };
    return { { QStringLiteral("@id"), g.id(QStringLiteral("file"), key) },
             { QStringLiteral("@type"), QStringLiteral("uco-observable:File") },
             { QStringLiteral("uco-core:name"), s.originalName },
             { QStringLiteral("uco-core:description"),
               QStringLiteral("Source %1 of case %2: %3 evidence (%4), %5 records")
                   .arg(QString::number(s.id), caseNumber, s.kind, s.format, QString::number(s.recordCount)) },
             { QStringLiteral("uco-core:tag"), QJsonArray { s.kind } },
             { QStringLiteral("uco-core:hasFacet"), QJsonArray { fileFacet, contentFacet } } };
}

} // namespace

Result<QJsonObject> buildUcoDocument(CaseFile &file, const UcoOptions &options, Feedback &feedback)
{
    Database &db = file.db();
    auto info = file.info();
    if (!info)
        return info.error();
    auto sources = SourceStore::list(db);
    if (!sources)
        return sources.error();
    auto audit = AuditLog::entries(db);
    if (!audit)
        return audit.error();
    AnalysisStore analyses(db);
    auto runs = analyses.runs();
    if (!runs)
        return runs.error();

    UcoGraph g(*info);
    const qint64 now = options.generatedUtc ? options.generatedUtc : QDateTime::currentMSecsSinceEpoch();

    // Who acted: everyone the audit trail names, and the case's investigator.
    QHash<QString, QString> people; // name -> id
    auto person = [&](const QString &name) -> QString {
        const QString who = name.isEmpty() ? QStringLiteral("unknown") : name;
        if (auto it = people.constFind(who); it != people.cend())
            return *it;
        const QString id = g.id(QStringLiteral("person"), who);
        g.add({ { QStringLiteral("@id"), id },
                { QStringLiteral("@type"), QStringLiteral("uco-identity:Person") },
                { QStringLiteral("uco-core:name"), who } });
        people.insert(who, id);
        return id;
    };
    const QString caseInvestigator = person(info->investigator);

    // The tools: Lineage and each importer it ran.
    const QString lineage = g.id(QStringLiteral("tool"), QStringLiteral("lineage"));
    g.add({ { QStringLiteral("@id"), lineage },
            { QStringLiteral("@type"), QStringLiteral("uco-tool:AnalyticTool") },
            { QStringLiteral("uco-core:name"), QStringLiteral("Lineage") },
            { QStringLiteral("uco-tool:toolType"), QStringLiteral("Forensic analysis") },
            { QStringLiteral("uco-tool:version"), programVersion() } });
    QHash<QString, QString> importers;
    auto importer = [&](const SourceRow &s) -> QString {
        const QString key = s.importer + u' ' + s.importerVersion;
        if (auto it = importers.constFind(key); it != importers.cend())
            return *it;
        const QString id = g.id(QStringLiteral("tool"), key);
        g.add({ { QStringLiteral("@id"), id },
                { QStringLiteral("@type"), QStringLiteral("uco-tool:Tool") },
                { QStringLiteral("uco-core:name"), s.importer },
                { QStringLiteral("uco-tool:toolType"), QStringLiteral("Parser") },
                { QStringLiteral("uco-tool:version"), s.importerVersion } });
        importers.insert(key, id);
        return id;
    };

    // Who imported each source, from its audit entry.
    QHash<QString, AuditEntry> importEntries; // "source:ID" -> entry
    QHash<qint64, AuditEntry> bySeq;
    for (const AuditEntry &e : *audit) {
        if (e.action == QLatin1String("source.import"))
            importEntries.insert(e.target, e);
        bySeq.insert(e.seq, e);
    }

    // Sources: the file, its import and its provenance record.
    QHash<qint64, QString> fileIds;
    int files = 0;
    int actions = 0;
    for (const SourceRow &s : *sources) {
        const QString key = QString::number(s.id);
        const QJsonObject fileObject = fileNode(g, s, info->caseNumber);
        const QString fileId = fileObject.value(QStringLiteral("@id")).toString();
        g.add(fileObject);
        fileIds.insert(s.id, fileId);
        ++files;

        const QString provenance = g.id(QStringLiteral("provenance-record"), key);
        g.add({ { QStringLiteral("@id"), provenance },
                { QStringLiteral("@type"), QStringLiteral("case-investigation:ProvenanceRecord") },
                { QStringLiteral("case-investigation:exhibitNumber"),
                  QStringLiteral("%1-S%2").arg(info->caseNumber, key) },
                { QStringLiteral("uco-core:description"),
                  QStringLiteral("The original as imported, kept unchanged in the case's evidence store: SHA-256 "
                                 "%1, %2 bytes, imported %3 UTC, declared zone %4.")
                      .arg(s.sha256, QString::number(s.size),
                           QDateTime::fromMSecsSinceEpoch(s.importedUtc, QTimeZone::utc()).toString(Qt::ISODate),
                           s.declaredTz.isEmpty() ? QStringLiteral("none") : s.declaredTz) },
                { QStringLiteral("uco-core:object"), QJsonArray { ref(fileId) } } });

        const AuditEntry entry = importEntries.value(QStringLiteral("source:") + key);
        QJsonObject action { { QStringLiteral("@id"),
                               g.id(QStringLiteral("investigative-action"), QStringLiteral("import:") + key) },
                             { QStringLiteral("@type"), QStringLiteral("case-investigation:InvestigativeAction") },
                             { QStringLiteral("uco-core:name"), QStringLiteral("Import %1").arg(s.originalName) },
                             { QStringLiteral("uco-core:description"),
                               QStringLiteral("Imported as %1 (%2): %3 records, %4 diagnostics; status %5.")
                                   .arg(s.kind, s.format, QString::number(s.recordCount),
                                        QString::number(s.diagnosticCount), s.status) },
                             { QStringLiteral("uco-action:startTime"), dateTime(s.importedUtc) },
                             { QStringLiteral("uco-action:performer"),
                               ref(person(entry.seq ? entry.investigator : info->investigator)) },
                             { QStringLiteral("uco-action:instrument"), ref(importer(s)) },
                             { QStringLiteral("uco-action:object"), QJsonArray { ref(fileId) } },
                             { QStringLiteral("uco-action:result"), QJsonArray { ref(provenance) } } };
        if (entry.seq)
            action.insert(QStringLiteral("lineage:auditEntry"), entry.seq);
        g.add(action);
        ++actions;
    }

    // Analysis runs and their findings.
    int annotations = 0;
    for (const AnalysisRunRow &run : *runs) {
        if (feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("The CASE/UCO export was canceled."));
        if (run.status != QLatin1String("complete"))
            continue;
        const forensics::AnalysisKind *kind = forensics::findKind(run.kind);
        const QString title = kind ? kind->title() : run.kind;
        QJsonArray inputs;
        for (auto it = run.inputHashes.constBegin(); it != run.inputHashes.constEnd(); ++it) {
            const qint64 sourceId = it.key().section(u':', 1).toLongLong();
            if (fileIds.contains(sourceId))
                inputs.append(ref(fileIds.value(sourceId)));
        }
        auto findings = analyses.findings(run.id);
        if (!findings)
            return findings.error();
        QJsonArray results;
        for (const FindingRow &f : *findings) {
            const QString id = g.id(QStringLiteral("annotation"), QStringLiteral("finding:%1").arg(f.id));
            QJsonObject note {
                { QStringLiteral("@id"), id },
                { QStringLiteral("@type"), QStringLiteral("uco-core:Annotation") },
                { QStringLiteral("uco-core:name"), QStringLiteral("Finding %1: %2").arg(f.id).arg(f.subject) },
                { QStringLiteral("uco-core:statement"), f.explanation },
                { QStringLiteral("uco-core:description"),
                  QStringLiteral("%1 finding of %2 strength (score %3, statistic %4, p %5).")
                      .arg(title, f.strength, formatNumber(f.score), formatNumber(f.statistic),
                           formatNumber(f.pValue)) },
                { QStringLiteral("uco-core:tag"), QJsonArray { f.kind, QStringLiteral("strength:") + f.strength } },
                { QStringLiteral("uco-core:object"), inputs.isEmpty() ? QJsonArray { ref(lineage) } : inputs },
                { QStringLiteral("lineage:findingId"), f.id },
                { QStringLiteral("lineage:strength"), f.strength },
            };
            if (f.score)
                note.insert(QStringLiteral("lineage:score"), *f.score);
            if (f.pValue)
                note.insert(QStringLiteral("lineage:pValue"), *f.pValue);
            g.add(note);
            results.append(ref(id));
            ++annotations;
        }
        QJsonObject action {
            { QStringLiteral("@id"),
              g.id(QStringLiteral("investigative-action"), QStringLiteral("run:%1").arg(run.id)) },
            { QStringLiteral("@type"), QStringLiteral("case-investigation:InvestigativeAction") },
            { QStringLiteral("uco-core:name"), QStringLiteral("%1 (run %2)").arg(title).arg(run.id) },
            { QStringLiteral("uco-core:description"),
              QStringLiteral("Analysis %1, engine %2, parameters %3; %4 findings.")
                  .arg(run.kind, run.engineVersion,
                       QString::fromUtf8(QJsonDocument(run.parameters).toJson(QJsonDocument::Compact)),
                       QString::number(findings->size())) },
            { QStringLiteral("uco-action:startTime"), dateTime(run.startedUtc) },
            { QStringLiteral("uco-action:instrument"), ref(lineage) },
            { QStringLiteral("uco-action:object"), inputs },
            { QStringLiteral("uco-action:result"), results },
        };
        if (run.finishedUtc)
            action.insert(QStringLiteral("uco-action:endTime"), dateTime(*run.finishedUtc));
        if (run.auditSeq && bySeq.contains(*run.auditSeq)) {
            action.insert(QStringLiteral("uco-action:performer"), ref(person(bySeq.value(*run.auditSeq).investigator)));
            action.insert(QStringLiteral("lineage:auditEntry"), *run.auditSeq);
        }
        g.add(action);
        ++actions;
    }

    // This export, with the audit chain's head: the custody of the case file itself.
    const QString head = audit->isEmpty() ? QString::fromLatin1(AuditLog::kGenesisHash) : audit->last().hash;
    const QString investigation = g.id(QStringLiteral("investigation"), QStringLiteral("case"));
    g.add({ { QStringLiteral("@id"), g.id(QStringLiteral("investigative-action"), QStringLiteral("export")) },
            { QStringLiteral("@type"), QStringLiteral("case-investigation:InvestigativeAction") },
            { QStringLiteral("uco-core:name"), QStringLiteral("Export to CASE/UCO") },
            { QStringLiteral("uco-core:description"),
              QStringLiteral("Exported from the case file %1, whose audit chain holds %2 entries with head %3.")
                  .arg(QFileInfo(file.path()).fileName(), QString::number(audit->size()), head) },
            { QStringLiteral("uco-action:startTime"), dateTime(now) },
            { QStringLiteral("uco-action:performer"), ref(person(file.investigator().name)) },
            { QStringLiteral("uco-action:instrument"), ref(lineage) },
            { QStringLiteral("uco-action:object"), QJsonArray { ref(investigation) } },
            { QStringLiteral("lineage:auditEntries"), qint64(audit->size()) },
            { QStringLiteral("lineage:auditHead"), typed(QStringLiteral("xsd:hexBinary"), head) } });
    ++actions;

    QJsonArray contents;
    for (const QJsonValue &n : g.nodes())
        contents.append(ref(n.toObject().value(QStringLiteral("@id")).toString()));
    QJsonObject investigationNode {
        { QStringLiteral("@id"), investigation },
        { QStringLiteral("@type"), QStringLiteral("case-investigation:Investigation") },
        { QStringLiteral("uco-core:name"), info->title },
        { QStringLiteral("case-investigation:focus"), QStringLiteral("AI model intellectual property") },
        { QStringLiteral("uco-core:description"),
          QStringLiteral("Case %1 (%2), investigator %3.")
              .arg(info->caseNumber,
                   info->classification.isEmpty() ? QStringLiteral("unclassified") : info->classification,
                   info->investigator) },
        { QStringLiteral("uco-core:objectCreatedTime"), dateTime(info->createdUtc) },
        { QStringLiteral("uco-core:createdBy"), ref(caseInvestigator) },
        { QStringLiteral("uco-core:object"), contents },
    };
    if (!info->caseNumber.isEmpty())
        investigationNode.insert(QStringLiteral("lineage:caseNumber"), info->caseNumber);

    QJsonArray bundleContents { ref(investigation) };
    for (const QJsonValue &r : contents)
        bundleContents.append(r);
    QJsonArray graph;
    graph.append(QJsonObject {
        { QStringLiteral("@id"), g.id(QStringLiteral("bundle"), QStringLiteral("case")) },
        { QStringLiteral("@type"), QStringLiteral("uco-core:Bundle") },
        { QStringLiteral("uco-core:specVersion"), kUcoSpecVersion },
        { QStringLiteral("uco-core:name"), QStringLiteral("Lineage case %1").arg(info->caseNumber) },
        { QStringLiteral("uco-core:description"),
          QStringLiteral("Sources, hashes, analyses, findings and chain of custody of case %1, exported by Lineage %2.")
              .arg(info->caseNumber, programVersion()) },
        { QStringLiteral("uco-core:object"), bundleContents },
    });
    graph.append(investigationNode);
    for (const QJsonValue &n : g.nodes())
        graph.append(n);

    return QJsonObject { { QStringLiteral("@context"), context() },
                         { QStringLiteral("@graph"), graph },
                         { QStringLiteral("lineage:counts"),
                           QJsonObject { { QStringLiteral("files"), files },
                                         { QStringLiteral("actions"), actions },
                                         { QStringLiteral("annotations"), annotations } } } };
}

Result<UcoExport> exportUco(CaseFile &file, const QString &path, const UcoOptions &options, Feedback &feedback)
{
    feedback.setPhase(QStringLiteral("Writing the CASE/UCO document"));
    auto doc = buildUcoDocument(file, options, feedback);
    if (!doc)
        return doc.error();
    QJsonObject document = *doc;
    const QJsonObject counts = document.take(QStringLiteral("lineage:counts")).toObject();
    const QByteArray bytes = QJsonDocument(document).toJson(QJsonDocument::Indented);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return makeError(ErrorCode::Io, QStringLiteral("The CASE/UCO document could not be written to %1.").arg(path),
                         out.errorString());
    UcoExport result;
    result.path = path;
    result.sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    result.size = bytes.size();
    result.nodes = int(document.value(QStringLiteral("@graph")).toArray().size());
    result.files = counts.value(QStringLiteral("files")).toInt();
    result.actions = counts.value(QStringLiteral("actions")).toInt();
    result.annotations = counts.value(QStringLiteral("annotations")).toInt();
    if (file.mode() == OpenMode::ReadWrite) {
        const QJsonObject params { { QStringLiteral("path"), QFileInfo(path).absoluteFilePath() },
                                   { QStringLiteral("format"), kUcoSpecVersion } };
        auto s = file.auditedChange(QStringLiteral("case.export-uco"), QStringLiteral("case"), params,
                                    [&]() -> Result<QJsonObject> {
                                        return QJsonObject { { QStringLiteral("sha256"), result.sha256 },
                                                             { QStringLiteral("size"), result.size } };
                                    });
        if (!s)
            return s.error();
    }
    return result;
}

} // namespace lineage::report
