// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/transcript_parsers.h"

#include "ingest/format_registry.h"
#include "ingest/line_reader.h"
#include "ingest/parser.h"
#include "ingest/transcript_common.h"

#include <QSet>

#include <functional>
#include <simdjson.h>

namespace lineage::ingest {

namespace {

using namespace transcript;
namespace dom = simdjson::dom;

QString toQString(std::string_view sv)
{
    return QString::fromUtf8(sv.data(), qsizetype(sv.size()));
}

// A string field, or null when absent or not a string.
QString stringField(dom::object object, const char *key)
{
    std::string_view sv;
    if (object[key].get_string().get(sv) != simdjson::SUCCESS)
        return {};
    return toQString(sv);
}

bool hasField(dom::object object, const char *key)
{
    return object[key].error() == simdjson::SUCCESS;
}

// An id that may be written as a string or a number.
QString idField(dom::object object, const char *key)
{
    dom::element e;
    if (object[key].get(e) != simdjson::SUCCESS)
        return {};
    std::string_view sv;
    if (e.get_string().get(sv) == simdjson::SUCCESS)
        return toQString(sv);
    int64_t i;
    if (e.get_int64().get(i) == simdjson::SUCCESS)
        return QString::number(i);
    return {};
}

// OpenAI message content: a string, or an array of parts of which the text parts count.
std::optional<QString> messageContent(dom::element content)
{
    std::string_view sv;
    if (content.get_string().get(sv) == simdjson::SUCCESS)
        return toQString(sv);
    if (content.is_null())
        return QString();
    dom::array parts;
    if (content.get_array().get(parts) != simdjson::SUCCESS)
        return std::nullopt;
    QStringList texts;
    for (dom::element part : parts) {
        if (part.get_string().get(sv) == simdjson::SUCCESS) {
            texts << toQString(sv);
            continue;
        }
        dom::object o;
        if (part.get_object().get(o) != simdjson::SUCCESS)
            continue;
        if (o["text"].get_string().get(sv) == simdjson::SUCCESS)
            texts << toQString(sv);
    }
    return texts.join(QLatin1Char('\n'));
}

// Folds a sequence of speaker messages into prompt/answer turns: consecutive prompts (and
// consecutive answers) are joined with a blank line; an answer closes a turn; a prompt
// left without an answer at the end still makes a turn, with an empty answer.
class TurnFolder
{
public:
    TurnFolder(TranscriptBuilder &builder, QString label, QString conversation, Location where)
        : m_builder(builder), m_label(std::move(label)), m_conversation(std::move(conversation)), m_where(where)
    {
    }

    void system(const QString &text) { m_system = text; }
    [[nodiscard]] Status prompt(const QString &text)
    {
        if (m_pending.hasAnswer())
            if (auto s = flush(); !s)
                return s;
        m_pending.addPrompt(text);
        return {};
    }
    void answer(const QString &text) { m_pending.addAnswer(text); }
    [[nodiscard]] Status flush()
    {
        if (m_pending.isEmpty())
            return {};
        ++m_emitted;
        return m_builder.add(m_label, m_pending.take(m_where, m_conversation, m_system));
    }
    int emitted() const { return m_emitted; }

private:
    TranscriptBuilder &m_builder;
    QString m_label;
    QString m_conversation;
    Location m_where;
    QString m_system;
    PendingTurn m_pending;
    int m_emitted = 0;
};

// What a record handler gets: the parsed object, where it sits, its raw bytes.
struct RecordContext
{
    dom::object object;
    Location where;
    qint64 column = 0;
    QByteArrayView raw;
};

// Returns an empty string when the record was used, else the reason it was refused.
using RecordHandler = std::function<Result<QString>(const RecordContext &, TranscriptBuilder &)>;

Status refuse(RecordSink &sink, const RecordContext &rc, const QString &reason)
{
    return sink.diagnostic(parsing::lineDiagnostic(rc.where.line, rc.column, rc.where.byteOffset, reason, rc.raw));
}

// Parses one record (an array element or a line) and hands it to the handler.
Status handleRecord(dom::parser &parser, QByteArrayView bytes, bool padded, Location where, qint64 column,
                    RecordSink &sink, TranscriptBuilder &builder, const RecordHandler &handler)
{
    dom::element doc;
    const auto error = parser.parse(bytes.data(), size_t(bytes.size()), !padded).get(doc);
    if (error != simdjson::SUCCESS)
        return sink.diagnostic(jsonDiagnostic(
            bytes, where.line, column, where.byteOffset,
            QStringLiteral("invalid JSON: %1").arg(QString::fromLatin1(simdjson::error_message(error)))));
    RecordContext rc;
    rc.where = where;
    rc.column = column;
    rc.raw = bytes;
    if (doc.get_object().get(rc.object) != simdjson::SUCCESS)
        return refuse(sink, rc, QStringLiteral("the record is not a JSON object"));
    auto used = handler(rc, builder);
    if (!used)
        return used.error();
    if (!used->isEmpty())
        return refuse(sink, rc, *used);
    return {};
}

Status parseJsonArray(InputStream &input, RecordSink &sink, const ImportOptions &options, const RecordHandler &handler)
{
    TranscriptBuilder builder(sink, options, input.fileName());
    JsonArrayReader reader(input, options.maxLineBytes);
    dom::parser parser;
    JsonElement element;
    for (;;) {
        auto more = reader.next(element);
        if (!more)
            return more.error();
        if (!*more)
            return {};
        if (element.truncated || element.tooLong) {
            QString reason;
            if (!element.truncated)
                reason = QStringLiteral("the record is %1 bytes long, over the limit of %2")
                             .arg(element.length)
                             .arg(options.maxLineBytes);
            else if (element.bytes.isEmpty())
                reason = QStringLiteral("the JSON array is not closed: the file ends before ']'");
            else
                reason = QStringLiteral("the file ends inside this record (truncated file?)");
            if (auto s = sink.diagnostic(
                    parsing::lineDiagnostic(element.line, element.column, element.offset, reason, element.bytes));
                !s)
                return s;
            continue;
        }
        if (auto s
            = handleRecord(parser, element.bytes, false, locationOf(element), element.column, sink, builder, handler);
            !s)
            return s;
    }
}

Status parseJsonLines(InputStream &input, RecordSink &sink, const ImportOptions &options, const RecordHandler &handler)
{
    TranscriptBuilder builder(sink, options, input.fileName());
    LineReader reader(input, options.maxLineBytes);
    dom::parser parser;
    Line line;
    for (;;) {
        auto more = reader.next(line);
        if (!more)
            return more.error();
        if (!*more)
            return {};
        QByteArrayView text = line.text;
        if (line.number == 1 && text.startsWith("\xEF\xBB\xBF"))
            text = text.sliced(3);
        if (text.trimmed().isEmpty())
            continue;
        const Location where { line.number, line.offset, line.length };
        if (line.tooLong) {
            const QString reason = QStringLiteral("the line is %1 bytes long, over the limit of %2")
                                       .arg(line.length)
                                       .arg(reader.maxLineBytes());
            if (auto s = sink.diagnostic(parsing::lineDiagnostic(line.number, 1, line.offset, reason, text)); !s)
                return s;
            continue;
        }
        if (auto s = handleRecord(parser, text, true, where, 1, sink, builder, handler); !s)
            return s;
    }
}

// ---- the layouts ----------------------------------------------------------------------

Result<QString> alpacaRecord(const RecordContext &rc, TranscriptBuilder &builder)
{
    const QString instruction = stringField(rc.object, "instruction");
    const QString output = stringField(rc.object, "output");
    for (const char *key : { "instruction", "output" }) {
        if (!hasField(rc.object, key))
            return QStringLiteral("missing field '%1'").arg(QLatin1String(key));
    }
    if (instruction.isNull() || output.isNull())
        return QStringLiteral("'%1' is not a string")
            .arg(QLatin1String(instruction.isNull() ? "instruction" : "output"));
    Turn turn;
    turn.where = rc.where;
    turn.conversation = idField(rc.object, "id");
    turn.prompt = instruction;
    turn.answer = output;
    if (auto s = builder.add(stringField(rc.object, "generator"), std::move(turn)); !s)
        return s.error();
    return QString();
}

Result<QString> messagesRecord(const RecordContext &rc, TranscriptBuilder &builder)
{
    dom::array messages;
    if (rc.object["messages"].get_array().get(messages) != simdjson::SUCCESS)
        return QStringLiteral("missing field 'messages' (an array)");
    QString conversation = idField(rc.object, "id");
    if (conversation.isEmpty())
        conversation = idField(rc.object, "conversation_id");
    if (conversation.isEmpty())
        conversation = QStringLiteral("line %1").arg(rc.where.line);
    TurnFolder folder(builder, stringField(rc.object, "model"), conversation, rc.where);
    int index = 0;
    for (dom::element m : messages) {
        ++index;
        dom::object message;
        if (m.get_object().get(message) != simdjson::SUCCESS)
            return QStringLiteral("message %1 is not an object").arg(index);
        const QString role = stringField(message, "role");
        if (role.isNull())
            return QStringLiteral("message %1 has no 'role'").arg(index);
        dom::element contentValue;
        std::optional<QString> content;
        if (message["content"].get(contentValue) == simdjson::SUCCESS)
            content = messageContent(contentValue);
        else
            content = QString();
        if (!content)
            return QStringLiteral("message %1: 'content' is neither text nor a list of parts").arg(index);
        if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            folder.system(*content);
        } else if (role == QLatin1String("user")) {
            if (auto s = folder.prompt(*content); !s)
                return s.error();
        } else if (role == QLatin1String("assistant")) {
            folder.answer(*content);
        }
        // tool and function messages are not turns
    }
    if (auto s = folder.flush(); !s)
        return s.error();
    if (folder.emitted() == 0)
        return QStringLiteral("the conversation has no user or assistant message");
    return QString();
}

enum class Speaker { Prompt, Answer, System, Other };

Speaker shareGptSpeaker(const QString &from)
{
    const QString f = from.toLower();
    static const QSet<QString> prompts { QStringLiteral("human"), QStringLiteral("user"), QStringLiteral("prompter") };
    static const QSet<QString> answers { QStringLiteral("gpt"),  QStringLiteral("assistant"), QStringLiteral("chatgpt"),
                                         QStringLiteral("bing"), QStringLiteral("bard"),      QStringLiteral("model"),
                                         QStringLiteral("bot"),  QStringLiteral("ai") };
    if (prompts.contains(f))
        return Speaker::Prompt;
    if (answers.contains(f))
        return Speaker::Answer;
    if (f == QLatin1String("system"))
        return Speaker::System;
    return Speaker::Other;
}

Result<QString> shareGptRecord(const RecordContext &rc, TranscriptBuilder &builder)
{
    dom::array messages;
    if (rc.object["conversations"].get_array().get(messages) != simdjson::SUCCESS
        && rc.object["conversation"].get_array().get(messages) != simdjson::SUCCESS)
        return QStringLiteral("missing field 'conversations' (an array)");
    QString conversation = idField(rc.object, "id");
    if (conversation.isEmpty())
        conversation = QStringLiteral("line %1").arg(rc.where.line);
    TurnFolder folder(builder, stringField(rc.object, "model"), conversation, rc.where);
    int index = 0;
    for (dom::element m : messages) {
        ++index;
        dom::object message;
        if (m.get_object().get(message) != simdjson::SUCCESS)
            return QStringLiteral("message %1 is not an object").arg(index);
        const QString from = stringField(message, "from");
        const QString value = stringField(message, "value");
        if (from.isNull() || value.isNull())
            return QStringLiteral("message %1 needs 'from' and 'value' (strings)").arg(index);
        switch (shareGptSpeaker(from)) {
        case Speaker::Prompt:
            if (auto s = folder.prompt(value); !s)
                return s.error();
            break;
        case Speaker::Answer:
            folder.answer(value);
            break;
        case Speaker::System:
            folder.system(value);
            break;
        case Speaker::Other:
            break;
        }
    }
    if (auto s = folder.flush(); !s)
        return s.error();
    if (folder.emitted() == 0)
        return QStringLiteral("the conversation has no human or model message");
    return QString();
}

// Key pairs of the prompt/response layout, in order of preference.
const std::array<std::pair<const char *, const char *>, 5> kPromptPairs { {
    { "prompt", "response" },
    { "prompt", "completion" },
    { "instruction", "output" },
    { "question", "answer" },
    { "input", "output" },
} };

Result<QString> promptResponseRecord(const RecordContext &rc, TranscriptBuilder &builder)
{
    for (const auto &[promptKey, answerKey] : kPromptPairs) {
        if (!hasField(rc.object, promptKey) || !hasField(rc.object, answerKey))
            continue;
        QString prompt = stringField(rc.object, promptKey);
        const QString answer = stringField(rc.object, answerKey);
        if (prompt.isNull() || answer.isNull())
            return QStringLiteral("'%1' and '%2' must be strings")
                .arg(QLatin1String(promptKey), QLatin1String(answerKey));
        // Alpaca training records put the task's input beside the instruction.
        if (qstrcmp(promptKey, "instruction") == 0) {
            const QString input = stringField(rc.object, "input");
            if (!input.isEmpty())
                prompt += QStringLiteral("\n\n") + input;
        }
        QString label = stringField(rc.object, "model");
        if (label.isEmpty())
            label = stringField(rc.object, "generator");
        Turn turn;
        turn.where = rc.where;
        turn.conversation = idField(rc.object, "id");
        turn.system = stringField(rc.object, "system");
        turn.prompt = prompt;
        turn.answer = answer;
        if (auto s = builder.add(label, std::move(turn)); !s)
            return s.error();
        return QString();
    }
    return QStringLiteral(
        "missing fields: expected prompt/response, prompt/completion, instruction/output or question/answer");
}

// ---- sniffing ---------------------------------------------------------------------------

struct HeadShape
{
    char first = 0; // first non-space byte: '[' or '{' for JSON
    std::optional<QSet<QString>> keys; // top-level keys of the first record, when it parsed
};

QSet<QString> objectKeys(dom::element e)
{
    QSet<QString> keys;
    dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS)
        return keys;
    for (auto field : o)
        keys.insert(toQString(field.key));
    return keys;
}

HeadShape headShape(QByteArrayView head)
{
    HeadShape shape;
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);
    qsizetype i = 0;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        ++i;
    if (i == head.size())
        return shape;
    shape.first = head[i];
    dom::parser parser;
    dom::element e;
    if (shape.first == '{') {
        qsizetype end = head.indexOf('\n', i);
        if (end < 0)
            end = head.size();
        const std::string line(head.data() + i, size_t(end - i));
        if (parser.parse(line).get(e) == simdjson::SUCCESS)
            shape.keys = objectKeys(e);
    } else if (shape.first == '[') {
        MemoryInputStream memory(head.toByteArray());
        JsonArrayReader reader(memory, Parser::kSniffBytes);
        JsonElement element;
        auto more = reader.next(element);
        if (more && *more && !element.truncated
            && parser.parse(element.bytes.constData(), size_t(element.bytes.size())).get(e) == simdjson::SUCCESS)
            shape.keys = objectKeys(e);
    }
    return shape;
}

bool hasKeys(const HeadShape &shape, QByteArrayView head, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const bool present = shape.keys ? shape.keys->contains(QLatin1String(key)) : headHasKey(head, key);
        if (!present)
            return false;
    }
    return true;
}

bool hasPromptPair(const HeadShape &shape, QByteArrayView head)
{
    for (const auto &[p, a] : kPromptPairs)
        if (hasKeys(shape, head, { p, a }))
            return true;
    return false;
}

// ---- the parser classes -----------------------------------------------------------------

enum class Layout { Alpaca, Messages, ShareGptJson, ShareGptJsonl, PromptResponse };

struct LayoutInfo
{
    Layout layout;
    const char *format;
    const char *description;
};

// The JSON transcript layouts, in the order they are registered and listed.
constexpr LayoutInfo kLayouts[] = {
    { Layout::Alpaca, "alpaca-eval-json", "AlpacaEval JSON array (instruction, output, generator)" },
    { Layout::Messages, "openai-messages-jsonl", "OpenAI chat messages, one conversation per JSON line" },
    { Layout::ShareGptJson, "sharegpt-json", "ShareGPT JSON array (conversations: from/value)" },
    { Layout::ShareGptJsonl, "sharegpt-jsonl", "ShareGPT JSON lines (conversations: from/value)" },
    { Layout::PromptResponse, "prompt-response-jsonl",
      "Prompt/response JSON lines (prompt/response, instruction/output, question/answer)" },
};

class JsonTranscriptParser final : public Parser
{
public:
    explicit JsonTranscriptParser(const LayoutInfo &info) : m_info(info) { }

    QString format() const override { return QString::fromLatin1(m_info.format); }

    QString description() const override { return QString::fromLatin1(m_info.description); }

    SourceKind kind() const override { return SourceKind::Transcript; }

    int sniff(QByteArrayView head, const QString &fileName) const override
    {
        const HeadShape shape = headShape(head);
        const bool jsonl = shape.first == '{';
        const bool array = shape.first == '[';
        const bool sure = shape.keys.has_value();
        Q_UNUSED(fileName);
        switch (m_info.layout) {
        case Layout::Alpaca:
            if (array && hasKeys(shape, head, { "instruction", "output" }))
                return hasKeys(shape, head, { "generator" }) ? 95 : 85;
            return 0;
        case Layout::ShareGptJson:
        case Layout::ShareGptJsonl:
            if ((m_info.layout == Layout::ShareGptJson ? array : jsonl)
                && (hasKeys(shape, head, { "conversations" }) || hasKeys(shape, head, { "conversation" })))
                return sure ? 90 : 70;
            return 0;
        case Layout::Messages:
            // Batch API input lines carry messages inside "body"; they are query logs.
            if (jsonl && hasKeys(shape, head, { "messages" }) && !hasKeys(shape, head, { "custom_id" }))
                return sure ? 85 : 40;
            return 0;
        case Layout::PromptResponse:
            if (jsonl && hasPromptPair(shape, head) && !hasKeys(shape, head, { "messages" }))
                return sure ? 80 : 40;
            return 0;
        }
        return 0;
    }

    Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &feedback) const override
    {
        Q_UNUSED(feedback);
        switch (m_info.layout) {
        case Layout::Alpaca:
            return parseJsonArray(input, sink, options, alpacaRecord);
        case Layout::ShareGptJson:
            return parseJsonArray(input, sink, options, shareGptRecord);
        case Layout::ShareGptJsonl:
            return parseJsonLines(input, sink, options, shareGptRecord);
        case Layout::Messages:
            return parseJsonLines(input, sink, options, messagesRecord);
        case Layout::PromptResponse:
            return parseJsonLines(input, sink, options, promptResponseRecord);
        }
        return makeError(ErrorCode::Internal, QStringLiteral("Unknown transcript layout."));
    }

private:
    const LayoutInfo &m_info;
};

} // namespace

void registerTranscriptParsers(FormatRegistry &registry)
{
    for (const LayoutInfo &info : kLayouts)
        registry.add(std::make_unique<JsonTranscriptParser>(info));
    registry.add(makeSpeakerTextParser());
}

QStringList transcriptFormats()
{
    QStringList formats;
    for (const LayoutInfo &info : kLayouts)
        formats.append(QString::fromLatin1(info.format));
    formats.append(QStringLiteral("speaker-text"));
    return formats;
}

} // namespace lineage::ingest
