// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/mapping_profile.h"

#include "ingest/time_parser.h"

#include <QJsonArray>

namespace lineage::ingest {

const QStringList &MappingProfile::fieldNames()
{
    static const QStringList names{
        QStringLiteral("time"), QStringLiteral("account"), QStringLiteral("api_key"), QStringLiteral("org"),
        QStringLiteral("ip"), QStringLiteral("user_agent"), QStringLiteral("model"), QStringLiteral("endpoint"),
        QStringLiteral("custom_id"), QStringLiteral("temperature"), QStringLiteral("top_p"), QStringLiteral("n"),
        QStringLiteral("max_tokens"), QStringLiteral("logprobs"), QStringLiteral("top_logprobs"),
        QStringLiteral("system_prompt"), QStringLiteral("prompt"), QStringLiteral("completion"),
        QStringLiteral("finish_reason"), QStringLiteral("prompt_tokens"), QStringLiteral("completion_tokens"),
        QStringLiteral("http_status"), QStringLiteral("messages"), QStringLiteral("choices"),
        QStringLiteral("request"), QStringLiteral("response")};
    return names;
}

Result<MappingProfile> MappingProfile::fromJson(const QJsonObject &json)
{
    MappingProfile p;
    const QString format = json.value(QStringLiteral("format")).toString(QStringLiteral("jsonl"));
    if (format == QLatin1String("jsonl"))
        p.format = Format::Jsonl;
    else if (format == QLatin1String("csv"))
        p.format = Format::Csv;
    else
        return makeError(ErrorCode::InvalidInput, QStringLiteral("Mapping profile format '%1' is not 'jsonl' or 'csv'.").arg(format));
    const QJsonObject fields = json.value(QStringLiteral("fields")).toObject();
    if (fields.isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The mapping profile maps no fields (\"fields\": {\"time\": ..., \"prompt\": ...})."));
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!fieldNames().contains(it.key()))
            return makeError(ErrorCode::InvalidInput, QStringLiteral("The mapping profile names an unknown field '%1'; known fields: %2.")
                                                          .arg(it.key(), fieldNames().join(QStringLiteral(", "))));
        const QString spec = it.value().toString();
        if (spec.isEmpty())
            return makeError(ErrorCode::InvalidInput, QStringLiteral("The mapping for field '%1' is empty.").arg(it.key()));
        if (p.format == Format::Jsonl && !spec.startsWith(QLatin1Char('/')))
            return makeError(ErrorCode::InvalidInput, QStringLiteral("The mapping for field '%1' must be a JSON pointer such as '/user/id', not '%2'.").arg(it.key(), spec));
        if (p.format == Format::Csv && (it.key() == QLatin1String("messages") || it.key() == QLatin1String("choices")
                                        || it.key() == QLatin1String("request") || it.key() == QLatin1String("response")))
            return makeError(ErrorCode::InvalidInput, QStringLiteral("Field '%1' can only be mapped in JSONL profiles.").arg(it.key()));
        p.fields.append({it.key(), spec});
    }
    p.timeFormat = json.value(QStringLiteral("time_format")).toString();
    p.timeZone = json.value(QStringLiteral("time_zone")).toString();
    TimeParser probe(p.timeFormat, p.timeZone);
    if (!probe.isValid())
        return makeError(ErrorCode::InvalidInput, probe.error());
    if (json.contains(QStringLiteral("required"))) {
        p.required.clear();
        for (const auto &v : json.value(QStringLiteral("required")).toArray())
            p.required << v.toString();
    }
    for (const QString &r : std::as_const(p.required))
        if (p.spec(r).isEmpty())
            return makeError(ErrorCode::InvalidInput, QStringLiteral("Field '%1' is required but not mapped.").arg(r));
    const QJsonObject csv = json.value(QStringLiteral("csv")).toObject();
    const QString delimiter = csv.value(QStringLiteral("delimiter")).toString(QStringLiteral(","));
    if (delimiter.size() != 1)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The CSV delimiter must be one character."));
    p.delimiter = delimiter == QLatin1String("\\t") ? QLatin1Char('\t') : delimiter.at(0);
    p.header = csv.value(QStringLiteral("header")).toBool(true);
    return p;
}

QJsonObject MappingProfile::toJson() const
{
    QJsonObject fieldsJson;
    for (const auto &[field, spec] : fields)
        fieldsJson.insert(field, spec);
    QJsonObject json{{QStringLiteral("format"), format == Format::Csv ? QStringLiteral("csv") : QStringLiteral("jsonl")},
                     {QStringLiteral("fields"), fieldsJson},
                     {QStringLiteral("required"), QJsonArray::fromStringList(required)}};
    if (!timeFormat.isEmpty())
        json.insert(QStringLiteral("time_format"), timeFormat);
    if (!timeZone.isEmpty())
        json.insert(QStringLiteral("time_zone"), timeZone);
    if (format == Format::Csv)
        json.insert(QStringLiteral("csv"), QJsonObject{{QStringLiteral("delimiter"), QString(delimiter)},
                                                       {QStringLiteral("header"), header}});
    return json;
}

QString MappingProfile::spec(const QString &field) const
{
    for (const auto &[f, s] : fields)
        if (f == field)
            return s;
    return {};
}

} // namespace lineage::ingest
