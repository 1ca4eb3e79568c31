// SPDX-License-Identifier: GPL-3.0-or-later
#include "mapping_guess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QStringList>

namespace lineage::ui {

namespace {

// Field -> names that usually hold it, most specific first (lowercase).
const QList<QPair<QString, QStringList>> &synonyms()
{
    static const QList<QPair<QString, QStringList>> table {
        { QStringLiteral("time"),
          { QStringLiteral("time"), QStringLiteral("timestamp"), QStringLiteral("ts"), QStringLiteral("created_at"),
            QStringLiteral("created"), QStringLiteral("datetime"), QStringLiteral("date"),
            QStringLiteral("request_time") } },
        { QStringLiteral("account"),
          { QStringLiteral("account"), QStringLiteral("account_id"), QStringLiteral("user"), QStringLiteral("user_id"),
            QStringLiteral("customer"), QStringLiteral("customer_id") } },
        { QStringLiteral("api_key"),
          { QStringLiteral("api_key"), QStringLiteral("api_key_id"), QStringLiteral("key_id"),
            QStringLiteral("key") } },
        { QStringLiteral("org"), { QStringLiteral("org"), QStringLiteral("org_id"), QStringLiteral("organization") } },
        { QStringLiteral("ip"),
          { QStringLiteral("ip"), QStringLiteral("client_ip"), QStringLiteral("remote_addr"),
            QStringLiteral("source_ip") } },
        { QStringLiteral("user_agent"),
          { QStringLiteral("user_agent"), QStringLiteral("useragent"), QStringLiteral("ua") } },
        { QStringLiteral("model"), { QStringLiteral("model"), QStringLiteral("model_name") } },
        { QStringLiteral("endpoint"), { QStringLiteral("endpoint"), QStringLiteral("path"), QStringLiteral("url") } },
        { QStringLiteral("custom_id"), { QStringLiteral("custom_id"), QStringLiteral("request_id") } },
        { QStringLiteral("temperature"), { QStringLiteral("temperature") } },
        { QStringLiteral("top_p"), { QStringLiteral("top_p") } },
        { QStringLiteral("max_tokens"), { QStringLiteral("max_tokens") } },
        { QStringLiteral("system_prompt"), { QStringLiteral("system_prompt"), QStringLiteral("system") } },
        { QStringLiteral("prompt"),
          { QStringLiteral("prompt"), QStringLiteral("input"), QStringLiteral("question"), QStringLiteral("query"),
            QStringLiteral("instruction") } },
        { QStringLiteral("completion"),
          { QStringLiteral("completion"), QStringLiteral("output"), QStringLiteral("response_text"),
            QStringLiteral("answer"), QStringLiteral("reply") } },
        { QStringLiteral("finish_reason"), { QStringLiteral("finish_reason"), QStringLiteral("stop_reason") } },
        { QStringLiteral("prompt_tokens"), { QStringLiteral("prompt_tokens"), QStringLiteral("input_tokens") } },
        { QStringLiteral("completion_tokens"),
          { QStringLiteral("completion_tokens"), QStringLiteral("output_tokens") } },
        { QStringLiteral("messages"), { QStringLiteral("messages") } },
        { QStringLiteral("choices"), { QStringLiteral("choices") } },
    };
    return table;
}

// Every scalar or array member of `object` as (JSON pointer, lowercase last key), depth first.
void collect(const QJsonObject &object, const QString &prefix, int depth, QList<QPair<QString, QString>> &out)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        QString key = it.key();
        const QString pointer = prefix + QLatin1Char('/')
            + key.replace(QLatin1Char('~'), QStringLiteral("~0")).replace(QLatin1Char('/'), QStringLiteral("~1"));
        if (it.value().isObject() && depth < 3)
            collect(it.value().toObject(), pointer, depth + 1, out);
        else
            out.append({ pointer, it.key().toLower() });
    }
}

QJsonObject match(const QList<QPair<QString, QString>> &candidates)
{
    QJsonObject fields;
    for (const auto &[field, names] : synonyms()) {
        for (const QString &name : names) {
            auto found
                = std::find_if(candidates.cbegin(), candidates.cend(), [&](const auto &c) { return c.second == name; });
            if (found != candidates.cend()) {
                fields.insert(field, found->first);
                break;
            }
        }
    }
    return fields;
}

} // namespace

QJsonObject guessMapping(const QByteArray &head)
{
    const qsizetype end = head.indexOf('\n');
    const QByteArray first = (end < 0 ? head : head.left(end)).trimmed();
    if (first.isEmpty())
        return {};
    if (first.startsWith('{')) {
        const QJsonDocument doc = QJsonDocument::fromJson(first);
        if (!doc.isObject())
            return {};
        QList<QPair<QString, QString>> candidates;
        collect(doc.object(), QString(), 0, candidates);
        const QJsonObject fields = match(candidates);
        if (fields.isEmpty())
            return {};
        return { { QStringLiteral("format"), QStringLiteral("jsonl") }, { QStringLiteral("fields"), fields } };
    }
    // CSV: the header row's names, split on the most frequent of , ; tab.
    char delimiter = ',';
    for (char d : { ';', '\t' })
        if (first.count(d) > first.count(delimiter))
            delimiter = d;
    QList<QPair<QString, QString>> candidates;
    for (const QByteArray &cell : first.split(delimiter)) {
        const QString name = QString::fromUtf8(cell.trimmed()).remove(QLatin1Char('"'));
        candidates.append({ name, name.toLower() });
    }
    QJsonObject fields = match(candidates);
    fields.remove(QStringLiteral("messages"));
    fields.remove(QStringLiteral("choices"));
    if (fields.isEmpty())
        return {};
    return { { QStringLiteral("format"), QStringLiteral("csv") },
             { QStringLiteral("fields"), fields },
             { QStringLiteral("csv"),
               QJsonObject { { QStringLiteral("delimiter"), QString(QLatin1Char(delimiter)) },
                             { QStringLiteral("header"), true } } } };
}

} // namespace lineage::ui
