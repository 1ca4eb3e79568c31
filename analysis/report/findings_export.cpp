// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/findings_export.h"

#include "casefile/case_file.h"
#include "report/item_text.h"
#include "similarity/pan_xml.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSaveFile>

#include <algorithm>
#include <map>
#include <memory>

namespace lineage::report {

using casefile::CaseFile;
using casefile::FindingRow;

namespace {

QJsonValue optional(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject runJson(const casefile::AnalysisRunRow &r)
{
    return QJsonObject {
        { QStringLiteral("id"), r.id },
        { QStringLiteral("kind"), r.kind },
        { QStringLiteral("status"), r.status },
        { QStringLiteral("message"), r.message },
        { QStringLiteral("parameters"), r.parameters },
        { QStringLiteral("input_hashes"), r.inputHashes },
        { QStringLiteral("engine_version"), r.engineVersion },
        { QStringLiteral("versions"), r.versions },
        { QStringLiteral("started_utc"), isoUtc(r.startedUtc) },
        { QStringLiteral("finished_utc"), r.finishedUtc ? QJsonValue(isoUtc(*r.finishedUtc)) : QJsonValue() },
        { QStringLiteral("summary"), r.summary },
        { QStringLiteral("audit_seq"), r.auditSeq ? QJsonValue(*r.auditSeq) : QJsonValue() },
    };
}

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("The export was canceled; no file was written."));
}

Error readOnly()
{
    return makeError(ErrorCode::InvalidInput,
                     QStringLiteral("The case is open read-only; an export is recorded in its audit log, so it needs "
                                    "a case that can be written."));
}

// Writes every file beside its place, then renames all of them inside one audited change.
Result<FindingsExportSummary> commitAudited(CaseFile &file, const QString &format, std::optional<qint64> runId,
                                            const QList<std::pair<QString, QByteArray>> &contents,
                                            FindingsExportSummary summary)
{
    std::vector<std::unique_ptr<QSaveFile>> outs;
    QJsonArray files;
    for (const auto &[path, bytes] : contents) {
        auto out = std::make_unique<QSaveFile>(path);
        if (!out->open(QIODevice::WriteOnly) || out->write(bytes) != bytes.size())
            return makeError(ErrorCode::Io, QStringLiteral("Cannot write %1: %2").arg(path, out->errorString()));
        ExportedFile f { QFileInfo(path).absoluteFilePath(), bytes.size(),
                         QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()) };
        files.append(QJsonObject { { QStringLiteral("path"), f.path },
                                   { QStringLiteral("bytes"), f.bytes },
                                   { QStringLiteral("sha256"), f.sha256 } });
        summary.files << f;
        outs.push_back(std::move(out));
    }
    const QJsonObject params { { QStringLiteral("format"), format },
                               { QStringLiteral("run"), runId ? QJsonValue(*runId) : QJsonValue() } };
    auto status = file.auditedChange(
        QStringLiteral("findings.export"), runId ? QStringLiteral("run:%1").arg(*runId) : QStringLiteral("findings"),
        params, [&]() -> Result<QJsonObject> {
            for (auto &out : outs)
                if (!out->commit())
                    return makeError(ErrorCode::Io,
                                     QStringLiteral("Cannot write %1: %2").arg(out->fileName(), out->errorString()));
            return QJsonObject { { QStringLiteral("findings"), summary.findings },
                                 { QStringLiteral("detections"), summary.detections },
                                 { QStringLiteral("files"), files } };
        });
    if (!status)
        return status.error();
    return summary;
}

} // namespace

QString FindingsExport::panReference(const QString &kind, qint64 id, const QString &field)
{
    QString f = field;
    f.replace(QLatin1Char(':'), QLatin1Char('-'));
    return QStringLiteral("%1-%2-%3.txt").arg(kind).arg(id).arg(f);
}

QJsonObject FindingsExport::findingJson(const FindingRow &f)
{
    QJsonArray refs;
    for (const auto &r : f.refs)
        refs.append(QJsonObject { { QStringLiteral("item_kind"), r.itemKind },
                                  { QStringLiteral("item_id"), r.itemId },
                                  { QStringLiteral("relation"), r.relation } });
    QJsonArray spans;
    for (const auto &s : f.spans)
        spans.append(QJsonObject { { QStringLiteral("item_kind"), s.itemKind },
                                   { QStringLiteral("item_id"), s.itemId },
                                   { QStringLiteral("field"), s.field },
                                   { QStringLiteral("start"), s.start },
                                   { QStringLiteral("length"), s.length },
                                   { QStringLiteral("relation"), s.relation },
                                   { QStringLiteral("passage"), s.passage ? QJsonValue(*s.passage) : QJsonValue() } });
    return QJsonObject {
        { QStringLiteral("id"), f.id },
        { QStringLiteral("run_id"), f.runId },
        { QStringLiteral("seq"), f.seq },
        { QStringLiteral("kind"), f.kind },
        { QStringLiteral("strength"), f.strength },
        { QStringLiteral("subject"), f.subject },
        { QStringLiteral("score"), optional(f.score) },
        { QStringLiteral("statistic"), optional(f.statistic) },
        { QStringLiteral("p_value"), optional(f.pValue) },
        { QStringLiteral("explanation"), f.explanation },
        { QStringLiteral("payload"), f.payload },
        { QStringLiteral("refs"), refs },
        { QStringLiteral("spans"), spans },
    };
}

Result<FindingsExportSummary> FindingsExport::toJson(CaseFile &file, std::optional<qint64> runId, const QString &path,
                                                     Feedback &feedback)
{
    if (file.mode() != casefile::OpenMode::ReadWrite)
        return readOnly();
    casefile::AnalysisStore store(file.db());
    auto runs = store.runs();
    if (!runs)
        return runs.error();
    if (runId && std::none_of(runs->begin(), runs->end(), [&](const auto &r) { return r.id == *runId; }))
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no analysis run %1.").arg(*runId));
    auto findings = store.findings(runId);
    if (!findings)
        return findings.error();
    feedback.setPhase(QStringLiteral("Exporting findings"), findings->size(), QStringLiteral("findings"));
    QJsonArray runArray;
    for (const auto &r : *runs)
        if (!runId || r.id == *runId)
            runArray.append(runJson(r));
    QJsonArray findingArray;
    for (qsizetype i = 0; i < findings->size(); ++i) {
        if (feedback.isCanceled())
            return canceled();
        findingArray.append(findingJson(findings->at(i)));
        feedback.setProgress(i + 1, i + 1);
    }
    auto info = file.info();
    if (!info)
        return info.error();
    const QJsonObject doc {
        { QStringLiteral("format"), QStringLiteral("lineage-findings") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("case"),
          QJsonObject { { QStringLiteral("title"), info->title }, { QStringLiteral("number"), info->caseNumber } } },
        { QStringLiteral("exported_utc"), isoUtc(QDateTime::currentMSecsSinceEpoch()) },
        { QStringLiteral("runs"), runArray },
        { QStringLiteral("findings"), findingArray },
    };
    FindingsExportSummary summary;
    summary.findings = findings->size();
    return commitAudited(file, QStringLiteral("json"), runId,
                         { { path, QJsonDocument(doc).toJson(QJsonDocument::Indented) } }, summary);
}

Result<FindingsExportSummary> FindingsExport::toPan(CaseFile &file, std::optional<qint64> runId,
                                                    const QString &directory, Feedback &feedback)
{
    if (file.mode() != casefile::OpenMode::ReadWrite)
        return readOnly();
    if (!QDir().mkpath(directory))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot make the folder %1.").arg(directory));
    casefile::AnalysisStore store(file.db());
    auto findings = store.findings(runId);
    if (!findings)
        return findings.error();
    feedback.setPhase(QStringLiteral("Exporting shared passages"), findings->size(), QStringLiteral("findings"));
    ItemText texts(file.db());
    QHash<QString, std::optional<QString>> textCache;
    auto textOf = [&](const casefile::FindingSpan &s) -> Result<std::optional<QString>> {
        const QString key = panReference(s.itemKind, s.itemId, s.field);
        if (auto it = textCache.constFind(key); it != textCache.constEnd())
            return *it;
        auto t = texts.field(s.itemKind, s.itemId, s.field);
        if (!t)
            return t.error();
        textCache.insert(key, *t);
        return *t;
    };
    std::map<QString, similarity::PanDocument> documents; // by reference, in name order
    FindingsExportSummary summary;
    for (qsizetype i = 0; i < findings->size(); ++i) {
        if (feedback.isCanceled())
            return canceled();
        const FindingRow &f = findings->at(i);
        QMap<qint64, std::pair<const casefile::FindingSpan *, const casefile::FindingSpan *>> passages;
        for (const auto &s : f.spans) {
            if (!s.passage)
                continue;
            auto &pair = passages[*s.passage];
            if (s.relation == QLatin1String("suspect"))
                pair.first = &s;
            else if (s.relation == QLatin1String("source"))
                pair.second = &s;
        }
        bool any = false;
        for (const auto &[suspect, source] : std::as_const(passages)) {
            if (!suspect || !source)
                continue;
            auto a = textOf(*suspect);
            if (!a)
                return a.error();
            auto b = textOf(*source);
            if (!b)
                return b.error();
            if (!*a || !*b)
                continue; // the item's text is not in the case: nothing to point into
            const QString ref = panReference(suspect->itemKind, suspect->itemId, suspect->field);
            similarity::PanDocument &doc = documents[ref];
            doc.reference = ref;
            similarity::PanDetection d;
            d.thisOffset = similarity::codePointOffset(**a, suspect->start);
            d.thisLength = similarity::codePointOffset(**a, suspect->start + suspect->length) - d.thisOffset;
            d.sourceReference = panReference(source->itemKind, source->itemId, source->field);
            d.sourceOffset = similarity::codePointOffset(**b, source->start);
            d.sourceLength = similarity::codePointOffset(**b, source->start + source->length) - d.sourceOffset;
            doc.detections.push_back(d);
            ++summary.detections;
            any = true;
        }
        summary.findings += any ? 1 : 0;
        feedback.setProgress(i + 1, i + 1);
    }
    QList<std::pair<QString, QByteArray>> contents;
    for (const auto &[ref, doc] : documents) {
        QString name = ref;
        name.chop(4);
        contents.append({ QDir(directory).filePath(name + QStringLiteral(".xml")), similarity::writePanXml(doc) });
    }
    return commitAudited(file, QStringLiteral("pan"), runId, contents, summary);
}

} // namespace lineage::report
