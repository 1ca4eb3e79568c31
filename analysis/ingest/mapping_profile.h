// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace lineage::ingest {

// How to read a JSONL or CSV query log that has no built-in format: which JSON pointer
// (JSONL) or column (CSV: a header name, or "#3" for the third column) holds each field,
// how times are written and in which zone naive times are. Saved by name in the case
// (mapping_profiles) and reused. As JSON:
//   {"format": "jsonl" | "csv",
//    "fields": {"time": "/ts", "account": "/user/id", "prompt": "/input", ...},
//    "time_format": "auto" | "iso8601" | "epoch-s" | "epoch-ms" | a Qt format ("dd.MM.yyyy HH:mm"),
//    "time_zone": "Asia/Shanghai",
//    "required": ["time"],
//    "csv": {"delimiter": ",", "header": true}}
// Field names: the QueryRecord fields in snake_case (time, account, api_key, org, ip,
// user_agent, model, endpoint, custom_id, temperature, top_p, n, max_tokens, logprobs,
// top_logprobs, system_prompt, prompt, completion, finish_reason, prompt_tokens,
// completion_tokens, http_status) plus, for JSONL, "messages" (a chat messages array),
// "choices" (a choices array), "request" and "response" (whole chat bodies).
struct MappingProfile
{
    enum class Format { Jsonl, Csv };

    Format format = Format::Jsonl;
    QList<QPair<QString, QString>> fields;  // field name -> pointer or column
    QString timeFormat;
    QString timeZone;
    QStringList required{QStringLiteral("time")};
    QChar delimiter = QLatin1Char(',');
    bool header = true;

    static const QStringList &fieldNames();
    [[nodiscard]] static Result<MappingProfile> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
    QString spec(const QString &field) const;
};

} // namespace lineage::ingest
