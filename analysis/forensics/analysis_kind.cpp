// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/analysis_kind.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

namespace lineage::forensics {

namespace {

QJsonValue optional(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

QStringList RunContext::labels(const QString &name) const
{
    QStringList out;
    const QJsonValue value = m_parameters.value(name);
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            out << v.toString();
    } else if (value.isString() && !value.toString().isEmpty()) {
        out << value.toString();
    }
    return out;
}

QJsonObject AnalysisKind::report(const casefile::AnalysisRunRow &run, const QList<casefile::FindingRow> &findings) const
{
    QJsonObject out = runJson(run);
    QJsonArray list;
    for (const casefile::FindingRow &f : findings)
        list.append(findingJson(f));
    out.insert(QStringLiteral("findings"), list);
    return out;
}

QJsonObject runJson(const casefile::AnalysisRunRow &run)
{
    QJsonObject out { { QStringLiteral("run"), run.id },
                      { QStringLiteral("kind"), run.kind },
                      { QStringLiteral("status"), run.status },
                      { QStringLiteral("message"), run.message },
                      { QStringLiteral("parameters"), run.parameters },
                      { QStringLiteral("input_hashes"), run.inputHashes },
                      { QStringLiteral("engine_version"), run.engineVersion },
                      { QStringLiteral("versions"), run.versions },
                      { QStringLiteral("started_utc"), isoUtc(run.startedUtc) },
                      { QStringLiteral("finished_utc"),
                        run.finishedUtc ? QJsonValue(isoUtc(*run.finishedUtc)) : QJsonValue() },
                      { QStringLiteral("finding_count"), run.findingCount },
                      { QStringLiteral("summary"), run.summary } };
    if (run.auditSeq)
        out.insert(QStringLiteral("audit_entry"), *run.auditSeq);
    return out;
}

QJsonObject findingJson(const casefile::FindingRow &f)
{
    QJsonArray refs;
    for (const casefile::FindingRef &r : f.refs)
        refs.append(QJsonObject { { QStringLiteral("item_kind"), r.itemKind },
                                  { QStringLiteral("item_id"), r.itemId },
                                  { QStringLiteral("relation"), r.relation } });
    QJsonArray spans;
    for (const casefile::FindingSpan &s : f.spans) {
        QJsonObject span { { QStringLiteral("item_kind"), s.itemKind }, { QStringLiteral("item_id"), s.itemId },
                           { QStringLiteral("field"), s.field },        { QStringLiteral("start"), s.start },
                           { QStringLiteral("length"), s.length },      { QStringLiteral("relation"), s.relation } };
        if (s.passage)
            span.insert(QStringLiteral("passage"), *s.passage);
        spans.append(span);
    }
    return QJsonObject { { QStringLiteral("id"), f.id },
                         { QStringLiteral("run"), f.runId },
                         { QStringLiteral("seq"), f.seq },
                         { QStringLiteral("kind"), f.kind },
                         { QStringLiteral("strength"), f.strength },
                         { QStringLiteral("subject"), f.subject },
                         { QStringLiteral("score"), optional(f.score) },
                         { QStringLiteral("statistic"), optional(f.statistic) },
                         { QStringLiteral("p_value"), optional(f.pValue) },
                         { QStringLiteral("explanation"), f.explanation },
                         { QStringLiteral("details"), f.payload },
                         { QStringLiteral("refs"), refs },
                         { QStringLiteral("spans"), spans } };
}

QString parameterTypeName(ParameterType type)
{
    switch (type) {
    case ParameterType::Text:
        return QStringLiteral("text");
    case ParameterType::Integer:
        return QStringLiteral("integer");
    case ParameterType::Real:
        return QStringLiteral("number");
    case ParameterType::Boolean:
        return QStringLiteral("true/false");
    case ParameterType::Label:
        return QStringLiteral("model label");
    case ParameterType::Labels:
        return QStringLiteral("model labels, comma-separated");
    case ParameterType::Choice:
        return QStringLiteral("choice");
    }
    return {};
}

} // namespace lineage::forensics
