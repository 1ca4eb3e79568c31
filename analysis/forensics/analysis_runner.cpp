// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/analysis_runner.h"

#include "casefile/analysis_input_store.h"
#include "core/version.h"
#include "forensics/kind_registry.h"
#include "similarity/parallel.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace lineage::forensics {

namespace {

Error unknownKind(const QString &name)
{
    return makeError(ErrorCode::InvalidInput,
                     QStringLiteral("'%1' is not an analysis kind; use one of %2.")
                         .arg(name, kindNames().join(QStringLiteral(", "))));
}

const ParameterSpec *specOf(const AnalysisKind &kind, const QList<ParameterSpec> &specs, const QString &name)
{
    Q_UNUSED(kind);
    for (const ParameterSpec &spec : specs)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

Status checkValue(const QString &kind, const ParameterSpec &spec, const QJsonValue &value)
{
    auto wrong = [&](const QString &what) {
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Parameter '%1' of %2 %3.").arg(spec.name, kind, what));
    };
    if (value.isNull())
        return {};
    switch (spec.type) {
    case ParameterType::Integer:
    case ParameterType::Real: {
        if (!value.isDouble())
            return wrong(QStringLiteral("must be a number"));
        const double v = value.toDouble();
        if (spec.type == ParameterType::Integer && v != double(qint64(v)))
            return wrong(QStringLiteral("must be a whole number"));
        if (v < spec.minimum || v > spec.maximum)
            return wrong(QStringLiteral("must be between %1 and %2").arg(spec.minimum).arg(spec.maximum));
        return {};
    }
    case ParameterType::Boolean:
        return value.isBool() ? Status() : Status(wrong(QStringLiteral("must be true or false")));
    case ParameterType::Labels:
        if (!value.isArray())
            return wrong(QStringLiteral("must be a list of model labels"));
        return {};
    case ParameterType::Choice:
        if (!spec.choices.contains(value.toString()))
            return wrong(QStringLiteral("must be one of %1").arg(spec.choices.join(QStringLiteral(", "))));
        return {};
    case ParameterType::Text:
    case ParameterType::Label:
        return value.isString() ? Status() : Status(wrong(QStringLiteral("must be text")));
    }
    return {};
}

QJsonObject versionsOf(const AnalysisKind &kind, const RunContext &context)
{
    QJsonObject versions = context.versions();
    versions.insert(QStringLiteral("engine"), kind.engineVersion());
    versions.insert(QStringLiteral("program"), programVersion());
    versions.insert(QStringLiteral("qt"), QString::fromLatin1(qVersion()));
    versions.insert(QStringLiteral("sqlite"), sqliteVersion());
    versions.insert(QStringLiteral("icu"), icuVersion());
    return versions;
}

Result<QJsonObject> inputHashesOf(casefile::Database &db, const QSet<qint64> &sourceIds)
{
    QList<qint64> ids(sourceIds.begin(), sourceIds.end());
    std::sort(ids.begin(), ids.end());
    auto sources = casefile::AnalysisInputStore(db).sources(ids);
    if (!sources)
        return sources.error();
    QJsonObject hashes;
    for (const casefile::InputSource &s : *sources)
        hashes.insert(QStringLiteral("source:%1").arg(s.id),
                      QJsonObject { { QStringLiteral("sha256"), s.sha256 },
                                    { QStringLiteral("name"), s.name },
                                    { QStringLiteral("kind"), s.kind } });
    return hashes;
}

QString compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact));
}

} // namespace

Result<QJsonValue> parseParameterText(const ParameterSpec &spec, const QString &text)
{
    const QString t = text.trimmed();
    auto bad = [&](const QString &what) {
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("'%1' is not %2 (parameter '%3').").arg(text, what, spec.name));
    };
    switch (spec.type) {
    case ParameterType::Integer: {
        bool ok = false;
        const qint64 v = t.toLongLong(&ok);
        if (!ok)
            return bad(QStringLiteral("a whole number"));
        return QJsonValue(v);
    }
    case ParameterType::Real: {
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok)
            return bad(QStringLiteral("a number"));
        return QJsonValue(v);
    }
    case ParameterType::Boolean:
        if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes"))
            return QJsonValue(true);
        if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no"))
            return QJsonValue(false);
        return bad(QStringLiteral("true or false"));
    case ParameterType::Labels: {
        QJsonArray list;
        for (const QString &part : t.split(QLatin1Char(','), Qt::SkipEmptyParts))
            list.append(part.trimmed());
        return QJsonValue(list);
    }
    case ParameterType::Text:
    case ParameterType::Label:
    case ParameterType::Choice:
        return QJsonValue(t);
    }
    return QJsonValue(t);
}

Result<QJsonObject> parseParameterTexts(const AnalysisKind &kind, const QStringList &assignments)
{
    const QList<ParameterSpec> specs = kind.parameters();
    QJsonObject out;
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return makeError(ErrorCode::InvalidInput, QStringLiteral("'%1' is not NAME=VALUE.").arg(assignment));
        const QString name = assignment.left(eq).trimmed();
        const ParameterSpec *spec = specOf(kind, specs, name);
        if (!spec)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("%1 has no parameter '%2'.").arg(kind.name(), name));
        auto value = parseParameterText(*spec, assignment.mid(eq + 1));
        if (!value)
            return value.error();
        out.insert(name, *value);
    }
    return out;
}

Result<Parameters> resolveParameters(const AnalysisKind &kind, const QJsonObject &given)
{
    const QList<ParameterSpec> specs = kind.parameters();
    for (auto it = given.begin(); it != given.end(); ++it)
        if (!specOf(kind, specs, it.key()))
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("%1 has no parameter '%2'.").arg(kind.name(), it.key()));
    Parameters resolved;
    for (const ParameterSpec &spec : specs) {
        const QJsonValue value = given.contains(spec.name) ? given.value(spec.name) : spec.defaultValue;
        if (auto s = checkValue(kind.name(), spec, value); !s)
            return s.error();
        resolved.insert(spec.name, value);
    }
    return resolved;
}

Result<RunOutcome> loadRun(casefile::Database &db, qint64 runId)
{
    casefile::AnalysisStore store(db);
    auto run = store.run(runId);
    if (!run)
        return run.error();
    auto findings = store.findings(runId);
    if (!findings)
        return findings.error();
    return RunOutcome { *run, *findings };
}

Result<RunOutcome> runAnalysis(casefile::CaseFile &file, const RunRequest &request, Feedback &feedback)
{
    const AnalysisKind *kind = findKind(request.kind);
    if (!kind)
        return unknownKind(request.kind);
    if (file.mode() == casefile::OpenMode::ReadOnly)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The case is open read-only; an analysis run is stored in the case."));
    auto parameters = resolveParameters(*kind, request.parameters);
    if (!parameters)
        return parameters.error();

    casefile::AnalysisRunRow run;
    run.kind = kind->name();
    run.parameters = *parameters;
    run.engineVersion = kind->engineVersion();
    run.startedUtc = QDateTime::currentMSecsSinceEpoch();

    RunContext context(file.db(), *parameters, feedback, similarity::workerThreads(request.threads));
    Result<AnalysisResult> result = kind->run(context);
    run.finishedUtc = QDateTime::currentMSecsSinceEpoch();
    run.versions = versionsOf(*kind, context);
    auto hashes = inputHashesOf(file.db(), context.sources());
    if (!hashes)
        return hashes.error();
    run.inputHashes = *hashes;

    QList<casefile::FindingRow> findings;
    QList<casefile::EventRow> events;
    if (result) {
        events = result->events;
        run.status = QStringLiteral("complete");
        run.summary = result->summary;
        run.message = result->notes.join(QLatin1Char('\n'));
        findings = result->findings;
        for (qsizetype i = 0; i < findings.size(); ++i)
            findings[i].seq = i + 1;
    } else if (result.error().code == ErrorCode::Canceled || feedback.isCanceled()) {
        run.status = QStringLiteral("canceled");
        run.message = QStringLiteral("Canceled; no findings were kept.");
    } else {
        run.status = QStringLiteral("failed");
        run.message = result.error().message;
        if (!result.error().detail.isEmpty())
            run.message += QStringLiteral(" (") + result.error().detail + QLatin1Char(')');
    }

    feedback.setPhase(QStringLiteral("Storing the run"), findings.size(), QStringLiteral("findings"));
    qint64 runId = 0;
    const QJsonObject auditParameters { { QStringLiteral("kind"), run.kind },
                                        { QStringLiteral("parameters"), run.parameters },
                                        { QStringLiteral("input_hashes"), run.inputHashes },
                                        { QStringLiteral("versions"), run.versions } };
    auto status = file.auditedChange(QStringLiteral("analysis.run"), QStringLiteral("analysis:%1").arg(run.kind),
                                     auditParameters, [&]() -> Result<QJsonObject> {
                                         casefile::AnalysisStore store(file.db());
                                         auto seq = store.nextAuditSeq();
                                         if (!seq)
                                             return seq.error();
                                         run.auditSeq = *seq;
                                         auto id = store.insertRun(run);
                                         if (!id)
                                             return id.error();
                                         runId = *id;
                                         for (const casefile::FindingRow &f : std::as_const(findings))
                                             if (auto fid = store.insertFinding(runId, f); !fid)
                                                 return fid.error();
                                         casefile::EventStore timeline(file.db());
                                         for (const casefile::EventRow &e : std::as_const(events))
                                             if (auto eid = timeline.insertOnce(e); !eid)
                                                 return eid.error();
                                         QJsonObject stored { { QStringLiteral("run"), runId },
                                                              { QStringLiteral("status"), run.status },
                                                              { QStringLiteral("findings"), findings.size() } };
                                         if (!events.isEmpty())
                                             stored.insert(QStringLiteral("events"), events.size());
                                         return stored;
                                     });
    if (!status)
        return status.error();
    return loadRun(file.db(), runId);
}

Result<RerunOutcome> rerunAnalysis(casefile::CaseFile &file, qint64 runId, int threads, Feedback &feedback)
{
    auto original = loadRun(file.db(), runId);
    if (!original)
        return original.error();
    if (!findKind(original->run.kind))
        return unknownKind(original->run.kind);
    auto rerun = runAnalysis(file, RunRequest { original->run.kind, original->run.parameters, threads }, feedback);
    if (!rerun)
        return rerun.error();
    RerunOutcome out { *original, *rerun, {} };
    out.differences = compareRuns(out.original, out.rerun);
    return out;
}

QStringList compareRuns(const RunOutcome &a, const RunOutcome &b)
{
    QStringList diffs;
    auto differ = [&](const QString &what, const QString &x, const QString &y) {
        auto clip = [](const QString &t) { return t.size() > 240 ? t.left(239) + QChar(0x2026) : t; };
        if (x != y)
            diffs << QStringLiteral("%1: %2 -> %3").arg(what, clip(x), clip(y));
    };
    differ(QStringLiteral("kind"), a.run.kind, b.run.kind);
    differ(QStringLiteral("status"), a.run.status, b.run.status);
    differ(QStringLiteral("parameters"), compactJson(a.run.parameters), compactJson(b.run.parameters));
    differ(QStringLiteral("input hashes"), compactJson(a.run.inputHashes), compactJson(b.run.inputHashes));
    differ(QStringLiteral("versions"), compactJson(a.run.versions), compactJson(b.run.versions));
    differ(QStringLiteral("summary"), compactJson(a.run.summary), compactJson(b.run.summary));
    differ(QStringLiteral("message"), a.run.message, b.run.message);
    differ(QStringLiteral("number of findings"), QString::number(a.findings.size()),
           QString::number(b.findings.size()));
    const qsizetype n = std::min(a.findings.size(), b.findings.size());
    auto num = [](const std::optional<double> &v) { return v ? QString::number(*v, 'g', 17) : QStringLiteral("none"); };
    for (qsizetype i = 0; i < n; ++i) {
        const casefile::FindingRow &x = a.findings[i];
        const casefile::FindingRow &y = b.findings[i];
        const QString f = QStringLiteral("finding %1").arg(i + 1);
        differ(f + QStringLiteral(" kind"), x.kind, y.kind);
        differ(f + QStringLiteral(" strength"), x.strength, y.strength);
        differ(f + QStringLiteral(" subject"), x.subject, y.subject);
        differ(f + QStringLiteral(" score"), num(x.score), num(y.score));
        differ(f + QStringLiteral(" statistic"), num(x.statistic), num(y.statistic));
        differ(f + QStringLiteral(" p-value"), num(x.pValue), num(y.pValue));
        differ(f + QStringLiteral(" explanation"), x.explanation, y.explanation);
        differ(f + QStringLiteral(" details"), compactJson(x.payload), compactJson(y.payload));
        if (x.refs != y.refs)
            diffs << f + QStringLiteral(" references differ");
        if (x.spans != y.spans)
            diffs << f + QStringLiteral(" spans differ");
    }
    return diffs;
}

} // namespace lineage::forensics
