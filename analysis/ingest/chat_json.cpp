// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/chat_json.h"

#include <cmath>
#include <string>

namespace lineage::ingest::chatjson {

using simdjson::error_code;
using simdjson::SUCCESS;
using simdjson::dom::element_type;

#define LINEAGE_TRY(expr)                    \
    do {                                     \
        if (auto e_ = (expr); e_ != SUCCESS) \
            return e_;                       \
    } while (false)

QString errorText(error_code error)
{
    switch (error) {
    case simdjson::UTF8_ERROR:
        return QStringLiteral("invalid UTF-8");
    case simdjson::UNCLOSED_STRING:
        return QStringLiteral("invalid JSON: a string is not closed (truncated line?)");
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
        return QStringLiteral("invalid JSON: an object or array is not closed or is malformed (truncated line?)");
    case simdjson::INCORRECT_TYPE:
        return QStringLiteral("a field has the wrong type");
    case simdjson::NUMBER_ERROR:
        return QStringLiteral("a number cannot be read");
    case simdjson::EMPTY:
        return QStringLiteral("empty document");
    default:
        return QStringLiteral("invalid JSON (%1)").arg(QString::fromUtf8(simdjson::error_message(error)));
    }
}

namespace {

// Walks every value with On Demand so that its iterator stops exactly at the first error.
error_code walk(simdjson::ondemand::value value, int depth)
{
    if (depth > 256)
        return simdjson::DEPTH_ERROR;
    simdjson::ondemand::json_type type;
    LINEAGE_TRY(value.type().get(type));
    switch (type) {
    case simdjson::ondemand::json_type::object: {
        simdjson::ondemand::object obj;
        LINEAGE_TRY(value.get_object().get(obj));
        for (auto fieldResult : obj) {
            simdjson::ondemand::field field;
            LINEAGE_TRY(std::move(fieldResult).get(field));
            LINEAGE_TRY(walk(field.value(), depth + 1));
        }
        return SUCCESS;
    }
    case simdjson::ondemand::json_type::array: {
        simdjson::ondemand::array arr;
        LINEAGE_TRY(value.get_array().get(arr));
        for (auto item : arr) {
            simdjson::ondemand::value v;
            LINEAGE_TRY(std::move(item).get(v));
            LINEAGE_TRY(walk(v, depth + 1));
        }
        return SUCCESS;
    }
    case simdjson::ondemand::json_type::string: {
        std::string_view s;
        return value.get_string().get(s);
    }
    case simdjson::ondemand::json_type::number: {
        double d;
        return value.get_double().get(d);
    }
    case simdjson::ondemand::json_type::boolean: {
        bool b;
        return value.get_bool().get(b);
    }
    case simdjson::ondemand::json_type::null:
        return SUCCESS;
    }
    return SUCCESS;
}

// 1-based column of the first bracket that closes nothing or the wrong thing, length + 1
// when one is left open at the end, 0 when they balance. Strings (with their escapes) are
// skipped. On Demand must not walk unbalanced input: simdjson 3.0's iterator then reads
// past the last structural character.
qint64 unbalancedColumn(const char *json, size_t length)
{
    std::string open;
    bool inString = false;
    for (size_t i = 0; i < length; ++i) {
        const char c = json[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            open.push_back(c);
        } else if (c == ']' || c == '}') {
            if (open.empty() || open.back() != (c == ']' ? '[' : '{'))
                return qint64(i) + 1;
            open.pop_back();
        }
    }
    return inString || !open.empty() ? qint64(length) + 1 : 0;
}

} // namespace

qint64 errorColumn(const char *json, size_t length, size_t capacity)
{
    if (const qint64 column = unbalancedColumn(json, length); column > 0)
        return column;
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    if (parser.iterate(json, length, capacity).get(doc) != SUCCESS)
        return qint64(length) + 1;  // stage 1 failed: an unclosed string runs to the end
    simdjson::ondemand::value root;
    error_code e = doc.get_value().get(root);
    if (e == SUCCESS)
        e = walk(root, 0);
    const char *at = nullptr;
    if (e != SUCCESS && doc.current_location().get(at) == SUCCESS && at >= json && at <= json + length)
        return at - json + 1;
    return e != SUCCESS ? qint64(length) + 1 : 0;
}

QString textOf(Element value)
{
    switch (value.type()) {
    case element_type::STRING:
        return qstr(std::string_view(value));
    case element_type::NULL_VALUE:
        return {};
    case element_type::ARRAY: {
        // Content parts: [{"type": "text", "text": "..."}, ...]; other parts as JSON.
        QStringList texts;
        for (Element part : simdjson::dom::array(value)) {
            if (part.type() == element_type::OBJECT) {
                Element text;
                if (part["text"].get(text) == SUCCESS)
                    texts << textOf(text);
            } else {
                texts << textOf(part);
            }
        }
        return texts.join(QLatin1Char('\n'));
    }
    default:
        return QString::fromStdString(simdjson::minify(value));
    }
}

error_code numberOf(Element value, std::optional<double> &out)
{
    switch (value.type()) {
    case element_type::NULL_VALUE:
        out.reset();
        return SUCCESS;
    case element_type::STRING: {
        bool ok = false;
        const double d = qstr(std::string_view(value)).trimmed().toDouble(&ok);
        if (!ok)
            return simdjson::NUMBER_ERROR;
        out = d;
        return SUCCESS;
    }
    default: {
        double d;
        LINEAGE_TRY(value.get_double().get(d));
        out = d;
        return SUCCESS;
    }
    }
}

error_code integerOf(Element value, std::optional<qint64> &out)
{
    if (value.type() == element_type::BOOL) {
        out = bool(value) ? 1 : 0;
        return SUCCESS;
    }
    if (value.type() == element_type::INT64) {
        out = int64_t(value);
        return SUCCESS;
    }
    std::optional<double> d;
    LINEAGE_TRY(numberOf(value, d));
    if (d)
        out = qint64(std::llround(*d));
    else
        out.reset();
    return SUCCESS;
}

bool timeOf(Element value, TimeParser &times, QueryRecord &record)
{
    std::optional<ParsedTime> t;
    switch (value.type()) {
    case element_type::NULL_VALUE:
        return true;
    case element_type::STRING:
        t = times.parse(std::string_view(value));
        break;
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        t = times.fromNumber(double(value.get_double().value_unsafe()));
        break;
    default:
        break;
    }
    if (!t)
        return false;
    record.timeUtcMs = t->utcMs;
    record.timeOffset = t->offsetSeconds;
    return true;
}

error_code readMessages(Element value, QueryRecord &record)
{
    simdjson::dom::array messages;
    LINEAGE_TRY(value.get_array().get(messages));
    QStringList system, user;
    for (Element item : messages) {
        simdjson::dom::object message;
        LINEAGE_TRY(item.get_object().get(message));
        std::string_view role;
        Element content;
        bool hasContent = false;
        for (const auto &field : message) {
            if (field.key == "role")
                LINEAGE_TRY(field.value.get_string().get(role));
            else if (field.key == "content") {
                content = field.value;
                hasContent = true;
            }
        }
        if (!hasContent)
            continue;
        if (role == "system" || role == "developer")
            system << textOf(content);
        else if (role == "user")
            user << textOf(content);
    }
    if (!system.isEmpty())
        record.systemPrompt = system.join(QStringLiteral("\n\n"));
    if (!user.isEmpty())
        record.prompt = user.join(QStringLiteral("\n\n"));
    return SUCCESS;
}

error_code readChoices(Element value, QueryRecord &record)
{
    simdjson::dom::array choices;
    LINEAGE_TRY(value.get_array().get(choices));
    bool first = true;
    for (Element item : choices) {
        simdjson::dom::object choice;
        LINEAGE_TRY(item.get_object().get(choice));
        QString text;
        bool hasText = false;
        QString finish;
        for (const auto &field : choice) {
            if (field.key == "message" || field.key == "delta") {
                Element content;
                if (field.value.type() == element_type::OBJECT && field.value["content"].get(content) == SUCCESS) {
                    text = textOf(content);
                    hasText = true;
                }
            } else if (field.key == "text") {
                text = textOf(field.value);
                hasText = true;
            } else if (field.key == "finish_reason") {
                finish = textOf(field.value);
            }
        }
        if (first) {
            if (hasText)
                record.completion = text.isNull() ? QStringLiteral("") : text;
            if (!finish.isNull())
                record.finishReason = finish;
            first = false;
        } else {
            record.extraCompletions << (text.isNull() ? QStringLiteral("") : text);
        }
    }
    return SUCCESS;
}

error_code readRequest(Element value, QueryRecord &record)
{
    simdjson::dom::object body;
    LINEAGE_TRY(value.get_object().get(body));
    for (const auto &field : body) {
        const std::string_view key = field.key;
        const Element v = field.value;
        if (key == "messages") {
            LINEAGE_TRY(readMessages(v, record));
        } else if (key == "prompt" || key == "input") {
            record.prompt = textOf(v);
        } else if (key == "model") {
            record.model = textOf(v);
        } else if (key == "temperature") {
            LINEAGE_TRY(numberOf(v, record.temperature));
        } else if (key == "top_p") {
            LINEAGE_TRY(numberOf(v, record.topP));
        } else if (key == "n") {
            LINEAGE_TRY(integerOf(v, record.n));
        } else if (key == "max_tokens" || key == "max_completion_tokens") {
            LINEAGE_TRY(integerOf(v, record.maxTokens));
        } else if (key == "logprobs") {
            LINEAGE_TRY(integerOf(v, record.logprobs));
        } else if (key == "top_logprobs") {
            LINEAGE_TRY(integerOf(v, record.topLogprobs));
        } else if (key == "body" && v.type() == element_type::OBJECT) {
            LINEAGE_TRY(readRequest(v, record));
        }
    }
    return SUCCESS;
}

error_code readResponse(Element value, QueryRecord &record)
{
    if (value.type() == element_type::NULL_VALUE)
        return SUCCESS;
    simdjson::dom::object body;
    LINEAGE_TRY(value.get_object().get(body));
    std::optional<qint64> created;
    for (const auto &field : body) {
        const std::string_view key = field.key;
        const Element v = field.value;
        if (key == "choices") {
            LINEAGE_TRY(readChoices(v, record));
        } else if (key == "usage") {
            simdjson::dom::object usage;
            LINEAGE_TRY(v.get_object().get(usage));
            for (const auto &u : usage) {
                if (u.key == "prompt_tokens" || u.key == "input_tokens")
                    LINEAGE_TRY(integerOf(u.value, record.promptTokens));
                else if (u.key == "completion_tokens" || u.key == "output_tokens")
                    LINEAGE_TRY(integerOf(u.value, record.completionTokens));
            }
        } else if (key == "model") {
            record.model = textOf(v);
        } else if (key == "created") {
            LINEAGE_TRY(integerOf(v, created));
        } else if (key == "status_code") {
            LINEAGE_TRY(integerOf(v, record.httpStatus));
        } else if (key == "body" && v.type() == element_type::OBJECT) {
            LINEAGE_TRY(readResponse(v, record));
        }
    }
    // The response's creation time (epoch seconds, UTC) when the log gives no other time.
    if (created && !record.timeUtcMs) {
        record.timeUtcMs = *created * 1000;
        record.timeOffset = 0;
    }
    return SUCCESS;
}

} // namespace lineage::ingest::chatjson
