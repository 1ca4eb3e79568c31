// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in query-log formats: OpenAI Batch API input and output, API-gateway
// request/response log lines, and generic JSONL through a mapping profile. CSV is in
// csv_query_log.cpp.
#include "ingest/format_registry.h"
#include "ingest/jsonl_query_log.h"

namespace lineage::ingest {

using simdjson::dom::element_type;
using namespace chatjson;
using simdjson::error_code;
using simdjson::SUCCESS;

#define LINEAGE_TRY(expr)                    \
    do {                                     \
        if (auto e_ = (expr); e_ != SUCCESS) \
            return e_;                       \
    } while (false)

namespace {

bool has(QByteArrayView line, const char *needle)
{
    return line.contains(QByteArrayView(needle));
}

QString missing(const char *field)
{
    return QStringLiteral("missing required field '%1'").arg(QLatin1String(field));
}

// {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}
class BatchInputParser final : public JsonlQueryLogParser
{
public:
    QString format() const override { return QStringLiteral("openai-batch-input"); }
    QString description() const override { return QStringLiteral("OpenAI Batch API input (JSONL requests with custom_id)"); }
    int sniff(QByteArrayView head, const QString &) const override
    {
        const QByteArrayView line = firstLine(head);
        if (line.startsWith('{') && has(line, "\"custom_id\"") && has(line, "\"body\"")
            && (has(line, "\"method\"") || has(line, "\"url\"")) && !has(line, "\"response\""))
            return 95;
        return 0;
    }

protected:
    error_code read(Element root, QueryRecord &r, QueryLogState &, QString &problem) const override
    {
        const simdjson::dom::object obj(root);
        bool body = false;
        for (const auto &field : obj) {
            const std::string_view key = field.key;
            if (key == "custom_id") {
                r.customId = textOf(field.value);
            } else if (key == "url") {
                r.endpoint = textOf(field.value);
            } else if (key == "body") {
                LINEAGE_TRY(readRequest(field.value, r));
                body = true;
            }
        }
        if (r.customId.isEmpty())
            problem = missing("custom_id");
        else if (!body)
            problem = missing("body");
        r.joinSide = JoinSide::Request;
        return SUCCESS;
    }
};

// {"id": "batch_req_...", "custom_id": "...", "response": {"status_code": 200, "body": {...}}, "error": null}
class BatchOutputParser final : public JsonlQueryLogParser
{
public:
    QString format() const override { return QStringLiteral("openai-batch-output"); }
    QString description() const override { return QStringLiteral("OpenAI Batch API output (JSONL responses with custom_id)"); }
    int sniff(QByteArrayView head, const QString &) const override
    {
        const QByteArrayView line = firstLine(head);
        if (line.startsWith('{') && has(line, "\"custom_id\"") && (has(line, "\"response\"") || has(line, "\"error\"")))
            return 95;
        return 0;
    }

protected:
    error_code read(Element root, QueryRecord &r, QueryLogState &, QString &problem) const override
    {
        const simdjson::dom::object obj(root);
        bool response = false;
        for (const auto &field : obj) {
            const std::string_view key = field.key;
            if (key == "custom_id") {
                r.customId = textOf(field.value);
            } else if (key == "response") {
                LINEAGE_TRY(readResponse(field.value, r));
                response = true;
            } else if (key == "error") {
                const QString error = textOf(field.value);
                if (!error.isEmpty()) {
                    r.finishReason = QStringLiteral("error: ") + error;
                    response = true;
                }
            }
        }
        if (r.customId.isEmpty())
            problem = missing("custom_id");
        else if (!response)
            problem = missing("response");
        r.joinSide = JoinSide::Response;
        return SUCCESS;
    }
};

bool oneOf(std::string_view key, std::initializer_list<std::string_view> names)
{
    for (auto n : names)
        if (key == n)
            return true;
    return false;
}

// One exchange per line as an API gateway logs it, e.g.
// {"timestamp": "...", "account": "...", "api_key_id": "...", "org": "...", "client_ip": "...",
//  "user_agent": "...", "endpoint": "/v1/chat/completions", "status": 200,
//  "request": {chat request body}, "response": {chat response body}}
// Accepted names: time: timestamp, time, ts, @timestamp, created_at, request_time; account:
// account, account_id, user, user_id, customer_id; key: api_key_id, key_id, api_key;
// org: org, org_id, organization, organization_id; IP: ip, client_ip, remote_addr, source_ip;
// user agent: user_agent, ua, http_user_agent; endpoint: endpoint, path, url, route;
// status: status, status_code, http_status; request id: request_id, id;
// bodies: request / request_body and response / response_body.
class GatewayLogParser final : public JsonlQueryLogParser
{
public:
    QString format() const override { return QStringLiteral("gateway-log"); }
    QString description() const override { return QStringLiteral("API gateway log: one chat request/response exchange per JSON line"); }
    int sniff(QByteArrayView head, const QString &) const override
    {
        const QByteArrayView line = firstLine(head);
        if (!line.startsWith('{'))
            return 0;
        const bool request = has(line, "\"request\"") || has(line, "\"request_body\"");
        const bool response = has(line, "\"response\"") || has(line, "\"response_body\"");
        const bool time = has(line, "\"timestamp\"") || has(line, "\"time\"") || has(line, "\"ts\"")
            || has(line, "\"@timestamp\"") || has(line, "\"created_at\"") || has(line, "\"request_time\"");
        if (request && time && !has(line, "\"custom_id\""))
            return response ? 90 : 60;
        return 0;
    }

protected:
    error_code read(Element root, QueryRecord &r, QueryLogState &state, QString &problem) const override
    {
        const simdjson::dom::object obj(root);
        bool time = false;
        bool body = false;
        QString badTime;
        for (const auto &field : obj) {
            const std::string_view key = field.key;
            const Element v = field.value;
            if (oneOf(key, {"timestamp", "time", "ts", "@timestamp", "created_at", "request_time"})) {
                time = true;
                if (!timeOf(v, *state.times, r))
                    badTime = QString::fromStdString(simdjson::minify(v));
            } else if (oneOf(key, {"account", "account_id", "user", "user_id", "customer_id"})) {
                r.account = textOf(v);
            } else if (oneOf(key, {"api_key_id", "key_id", "api_key"})) {
                r.apiKey = textOf(v);
            } else if (oneOf(key, {"org", "org_id", "organization", "organization_id"})) {
                r.org = textOf(v);
            } else if (oneOf(key, {"ip", "client_ip", "remote_addr", "source_ip"})) {
                r.ip = textOf(v);
            } else if (oneOf(key, {"user_agent", "ua", "http_user_agent"})) {
                r.userAgent = textOf(v);
            } else if (oneOf(key, {"endpoint", "path", "url", "route"})) {
                r.endpoint = textOf(v);
            } else if (oneOf(key, {"status", "status_code", "http_status"})) {
                LINEAGE_TRY(integerOf(v, r.httpStatus));
            } else if (oneOf(key, {"request_id", "id"})) {
                r.customId = textOf(v);
            } else if (oneOf(key, {"request", "request_body"})) {
                LINEAGE_TRY(readRequest(v, r));
                body = true;
            } else if (oneOf(key, {"response", "response_body"})) {
                // The log's own time wins over the response's "created".
                const auto t = r.timeUtcMs;
                const auto o = r.timeOffset;
                LINEAGE_TRY(readResponse(v, r));
                if (time) {
                    r.timeUtcMs = t;
                    r.timeOffset = o;
                }
            } else if (key == "model" && r.model.isEmpty()) {
                r.model = textOf(v);
            }
        }
        if (!badTime.isEmpty())
            problem = QStringLiteral("time %1 is not a date").arg(badTime);
        else if (!time || !r.timeUtcMs)
            problem = missing("timestamp");
        else if (!body)
            problem = missing("request");
        return SUCCESS;
    }
};

// Any JSONL through a mapping profile: a JSON pointer per field.
class GenericJsonlParser final : public JsonlQueryLogParser
{
public:
    QString format() const override { return QStringLiteral("jsonl-profile"); }
    QString description() const override { return QStringLiteral("Any JSON Lines log, read through a field-mapping profile"); }
    bool needsProfile() const override { return true; }
    int sniff(QByteArrayView head, const QString &) const override
    {
        return firstLine(head).startsWith('{') ? 10 : 0;
    }

protected:
    Status prepare(const ImportOptions &options, QueryLogState &state) const override
    {
        if (options.profileDefinition.isEmpty())
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("This format needs a field-mapping profile that says where each field is."));
        auto profile = MappingProfile::fromJson(options.profileDefinition);
        if (!profile)
            return profile.error();
        if (profile->format != MappingProfile::Format::Jsonl)
            return makeError(ErrorCode::InvalidInput, QStringLiteral("The mapping profile is for CSV, not JSONL."));
        state.profile = *profile;
        state.times = std::make_unique<TimeParser>(state.profile.timeFormat,
                                                   options.timeZone.isEmpty() ? state.profile.timeZone : options.timeZone);
        if (!state.times->isValid())
            return makeError(ErrorCode::InvalidInput, state.times->error());
        return {};
    }

    error_code read(Element root, QueryRecord &r, QueryLogState &state, QString &problem) const override
    {
        for (const auto &[field, pointer] : state.profile.fields) {
            Element v;
            const QByteArray ptr = pointer.toUtf8();
            const auto e = root.at_pointer(std::string_view(ptr.constData(), size_t(ptr.size()))).get(v);
            if (e == simdjson::NO_SUCH_FIELD || e == simdjson::INDEX_OUT_OF_BOUNDS || e == simdjson::INCORRECT_TYPE
                || (e == SUCCESS && v.type() == element_type::NULL_VALUE)) {
                if (state.profile.required.contains(field) && problem.isEmpty())
                    problem = QStringLiteral("missing required field '%1' (%2)").arg(field, pointer);
                continue;
            }
            LINEAGE_TRY(e);
            if (auto e2 = assign(field, v, r, state, problem); e2 != SUCCESS) {
                if (problem.isEmpty())
                    problem = QStringLiteral("field '%1' (%2) has the wrong type").arg(field, pointer);
            }
        }
        for (const QString &field : std::as_const(state.profile.required)) {
            if (!problem.isEmpty())
                break;
            if (field == QLatin1String("time") && !r.timeUtcMs)
                problem = QStringLiteral("missing required field 'time' (%1)").arg(state.profile.spec(field));
        }
        return SUCCESS;
    }

private:
    static error_code assign(const QString &field, Element v, QueryRecord &r, QueryLogState &state, QString &problem)
    {
        const auto f = [&](const char *name) { return field == QLatin1String(name); };
        if (f("time")) {
            if (!timeOf(v, *state.times, r) && problem.isEmpty())
                problem = QStringLiteral("time %1 is not a date").arg(QString::fromStdString(simdjson::minify(v)));
            return SUCCESS;
        }
        if (f("messages"))
            return readMessages(v, r);
        if (f("choices"))
            return readChoices(v, r);
        if (f("request"))
            return readRequest(v, r);
        if (f("response"))
            return readResponse(v, r);
        if (f("temperature"))
            return numberOf(v, r.temperature);
        if (f("top_p"))
            return numberOf(v, r.topP);
        struct IntField { const char *name; std::optional<qint64> *target; };
        const IntField ints[] = {{"n", &r.n}, {"max_tokens", &r.maxTokens}, {"logprobs", &r.logprobs},
                                 {"top_logprobs", &r.topLogprobs}, {"prompt_tokens", &r.promptTokens},
                                 {"completion_tokens", &r.completionTokens}, {"http_status", &r.httpStatus}};
        for (const auto &i : ints)
            if (f(i.name))
                return integerOf(v, *i.target);
        struct TextField { const char *name; QString *target; };
        const TextField texts[] = {{"account", &r.account}, {"api_key", &r.apiKey}, {"org", &r.org}, {"ip", &r.ip},
                                   {"user_agent", &r.userAgent}, {"model", &r.model}, {"endpoint", &r.endpoint},
                                   {"custom_id", &r.customId}, {"system_prompt", &r.systemPrompt},
                                   {"prompt", &r.prompt}, {"completion", &r.completion},
                                   {"finish_reason", &r.finishReason}};
        for (const auto &t : texts)
            if (f(t.name)) {
                *t.target = textOf(v);
                return SUCCESS;
            }
        return SUCCESS;
    }
};

} // namespace

void registerCsvQueryLogParser(FormatRegistry &registry);

void registerQueryLogParsers(FormatRegistry &registry)
{
    registry.add(std::make_unique<BatchInputParser>());
    registry.add(std::make_unique<BatchOutputParser>());
    registry.add(std::make_unique<GatewayLogParser>());
    registry.add(std::make_unique<GenericJsonlParser>());
    registerCsvQueryLogParser(registry);
}

} // namespace lineage::ingest
