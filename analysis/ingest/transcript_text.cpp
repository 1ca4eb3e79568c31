// SPDX-License-Identifier: GPL-3.0-or-later
// Plain-text and Markdown transcripts with speaker markers.
//
// A marker starts a line (case-insensitive), in one of these forms, where NAME is a speaker:
//   NAME: text            NAME：text (full-width colon)
//   **NAME:** text        **NAME**: text        __NAME:__ text        __NAME__: text
//   # NAME  ...  ###### NAME   (a Markdown heading; an optional colon may follow the name)
// Speakers asking:   User, Human, Me, Q, Question, Prompt, 用户, 问, 提问
// Speakers answering: Assistant, AI, A, Answer, Response, Model, Bot, ChatGPT, GPT, Claude,
//                     助手, 答, 回答
// System:            System, 系统
// A message runs from its marker to the next marker; its text is the rest of the marker's
// line and the lines below it, with surrounding blank lines removed and line ends written
// as "\n". A thematic break on its own line ("---", "***", "___", "===") starts a new
// conversation. Text before the first marker is ignored; a file without markers is refused.
#include "ingest/line_reader.h"
#include "ingest/parser.h"
#include "ingest/transcript_common.h"

#include <QRegularExpression>

namespace lineage::ingest::transcript {

namespace {

enum class Speaker { Prompt, Answer, System };

struct Marker
{
    Speaker speaker = Speaker::Prompt;
    QString rest; // text after the marker on the same line
};

const QRegularExpression &markerPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\s{0,3}(?:)"
                       R"(#{1,6}\s*(?<h>[^\s:：#*_][^:：#*_]{0,15}?)\s*[:：]?\s*#*\s*$)" // heading
                       R"(|\*\*(?<b1>[^*:：]{1,16}?)\s*[:：]\s*\*\*\s?(?<r1>.*)$)" // **NAME:** text
                       R"(|\*\*(?<b2>[^*:：]{1,16}?)\*\*\s*[:：]\s?(?<r2>.*)$)" // **NAME**: text
                       R"(|__(?<b3>[^_:：]{1,16}?)\s*[:：]\s*__\s?(?<r3>.*)$)" // __NAME:__ text
                       R"(|__(?<b4>[^_:：]{1,16}?)__\s*[:：]\s?(?<r4>.*)$)" // __NAME__: text
                       R"(|(?<p>[^\s:：*_#>][^:：*_#]{0,15}?)\s*[:：]\s?(?<r5>.*)$))"), // NAME: text
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

std::optional<Speaker> speakerFor(const QString &rawName)
{
    const QString name = rawName.trimmed().toLower();
    static const QStringList prompts { QStringLiteral("user"), QStringLiteral("human"),    QStringLiteral("me"),
                                       QStringLiteral("q"),    QStringLiteral("question"), QStringLiteral("prompt"),
                                       QStringLiteral("用户"), QStringLiteral("问"),       QStringLiteral("提问") };
    static const QStringList answers { QStringLiteral("assistant"), QStringLiteral("ai"),       QStringLiteral("a"),
                                       QStringLiteral("answer"),    QStringLiteral("response"), QStringLiteral("model"),
                                       QStringLiteral("bot"),       QStringLiteral("chatgpt"),  QStringLiteral("gpt"),
                                       QStringLiteral("claude"),    QStringLiteral("助手"),     QStringLiteral("答"),
                                       QStringLiteral("回答") };
    if (prompts.contains(name))
        return Speaker::Prompt;
    if (answers.contains(name))
        return Speaker::Answer;
    if (name == QLatin1String("system") || name == QLatin1String("系统"))
        return Speaker::System;
    return std::nullopt;
}

std::optional<Marker> markerOf(const QString &line)
{
    const auto m = markerPattern().match(line);
    if (!m.hasMatch())
        return std::nullopt;
    static const std::array<std::pair<const char *, const char *>, 6> kGroups {
        { { "h", nullptr }, { "b1", "r1" }, { "b2", "r2" }, { "b3", "r3" }, { "b4", "r4" }, { "p", "r5" } }
    };
    for (const auto &[nameGroup, restGroup] : kGroups) {
        const QString name = m.captured(QLatin1String(nameGroup));
        if (name.isEmpty())
            continue;
        auto speaker = speakerFor(name);
        if (!speaker)
            return std::nullopt;
        return Marker { *speaker, restGroup ? m.captured(QLatin1String(restGroup)) : QString() };
    }
    return std::nullopt;
}

bool isBreak(const QString &line)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s{0,3}(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$)"));
    return re.match(line).hasMatch();
}

QString joinTrimmed(QStringList lines)
{
    while (!lines.isEmpty() && lines.front().trimmed().isEmpty())
        lines.removeFirst();
    while (!lines.isEmpty() && lines.back().trimmed().isEmpty())
        lines.removeLast();
    return lines.join(QLatin1Char('\n'));
}

// Builds turns from speaker messages as the lines arrive.
class TextFolder
{
public:
    explicit TextFolder(TranscriptBuilder &builder) : m_builder(builder) { }

    [[nodiscard]] Status marker(const Marker &marker, const Line &line)
    {
        if (auto s = closeMessage(); !s)
            return s;
        if (marker.speaker == Speaker::Prompt && m_pending.hasAnswer())
            if (auto s = flushTurn(); !s)
                return s;
        if (m_pending.isEmpty()) {
            m_start = line.offset;
            m_startLine = line.number;
        }
        m_current = marker.speaker;
        m_inMessage = true;
        m_lines = QStringList { marker.rest };
        m_end = line.offset + line.length;
        ++m_markers;
        return {};
    }
    void text(const QString &text, const Line &line)
    {
        if (!m_inMessage)
            return;
        m_lines << text;
        if (!text.trimmed().isEmpty())
            m_end = line.offset + line.length;
    }
    [[nodiscard]] Status conversationBreak()
    {
        if (auto s = closeMessage(); !s)
            return s;
        if (auto s = flushTurn(); !s)
            return s;
        m_system.clear();
        ++m_conversation;
        return {};
    }
    [[nodiscard]] Status finish() { return conversationBreak(); }
    qint64 markers() const { return m_markers; }

private:
    Status closeMessage()
    {
        if (!m_inMessage)
            return {};
        m_inMessage = false;
        const QString text = joinTrimmed(m_lines);
        m_lines.clear();
        switch (m_current) {
        case Speaker::System:
            m_system = text;
            break;
        case Speaker::Prompt:
            m_pending.addPrompt(text);
            break;
        case Speaker::Answer:
            m_pending.addAnswer(text);
            break;
        }
        return {};
    }
    Status flushTurn()
    {
        if (m_pending.isEmpty())
            return {};
        return m_builder.add(QString(),
                             m_pending.take(Location { m_startLine, m_start, m_end - m_start },
                                            QString::number(m_conversation), m_system));
    }

    TranscriptBuilder &m_builder;
    Speaker m_current = Speaker::Prompt;
    bool m_inMessage = false;
    QStringList m_lines;
    QString m_system;
    PendingTurn m_pending;
    qint64 m_start = 0, m_startLine = 0, m_end = 0;
    qint64 m_conversation = 1;
    qint64 m_markers = 0;
};

class SpeakerTextParser final : public Parser
{
public:
    QString format() const override { return QStringLiteral("speaker-text"); }
    QString description() const override
    {
        return QStringLiteral("Plain text or Markdown with speaker markers (User:, Assistant:, ### Human, **Q:** ...)");
    }
    SourceKind kind() const override { return SourceKind::Transcript; }

    int sniff(QByteArrayView head, const QString &fileName) const override
    {
        const QByteArrayView trimmed = head.trimmed();
        if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith("%PDF") || trimmed.startsWith('<'))
            return 0;
        if (!parsing::isValidUtf8(head.first(std::min<qsizetype>(head.size(), 4096)).trimmed()) && head.size() < 4096)
            return 0;
        int prompts = 0, answers = 0;
        int lines = 0;
        for (const QByteArrayView line : QByteArray::fromRawData(head.data(), head.size()).split('\n')) {
            if (++lines > 400)
                break;
            if (auto marker = markerOf(QString::fromUtf8(line))) {
                prompts += marker->speaker == Speaker::Prompt;
                answers += marker->speaker == Speaker::Answer;
            }
        }
        if (prompts == 0 || answers == 0)
            return 0;
        const bool textName = fileName.endsWith(QLatin1String(".md"), Qt::CaseInsensitive)
            || fileName.endsWith(QLatin1String(".markdown"), Qt::CaseInsensitive)
            || fileName.endsWith(QLatin1String(".txt"), Qt::CaseInsensitive);
        return textName ? 70 : 55;
    }

    Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &feedback) const override
    {
        Q_UNUSED(feedback);
        TranscriptBuilder builder(sink, options, input.fileName());
        TextFolder folder(builder);
        LineReader reader(input, options.maxLineBytes);
        Line line;
        for (;;) {
            auto more = reader.next(line);
            if (!more)
                return more.error();
            if (!*more)
                break;
            QByteArrayView bytes = line.text;
            if (line.number == 1 && bytes.startsWith("\xEF\xBB\xBF"))
                bytes = bytes.sliced(3);
            if (line.tooLong) {
                const QString reason
                    = QStringLiteral("the line is %1 bytes long, over the limit of %2; it was left out")
                          .arg(line.length)
                          .arg(reader.maxLineBytes());
                if (auto s = sink.diagnostic(parsing::lineDiagnostic(line.number, 1, line.offset, reason, bytes)); !s)
                    return s;
                continue;
            }
            if (!parsing::isValidUtf8(bytes)) {
                // Kept (with replacement characters) so that the message stays whole.
                if (auto s = sink.diagnostic(parsing::lineDiagnostic(
                        line.number, 1, line.offset,
                        QStringLiteral("invalid UTF-8; the line was kept with replacement characters"), bytes, true));
                    !s)
                    return s;
            }
            const QString text = QString::fromUtf8(bytes);
            if (isBreak(text)) {
                if (auto s = folder.conversationBreak(); !s)
                    return s;
                continue;
            }
            if (auto marker = markerOf(text)) {
                if (auto s = folder.marker(*marker, line); !s)
                    return s;
                continue;
            }
            folder.text(text, line);
        }
        if (auto s = folder.finish(); !s)
            return s;
        if (folder.markers() == 0)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("%1 has no speaker markers (such as \"User:\" and \"Assistant:\"); "
                                            "it cannot be read as a transcript.")
                                 .arg(input.fileName()));
        return {};
    }
};

} // namespace

std::unique_ptr<Parser> makeSpeakerTextParser()
{
    return std::make_unique<SpeakerTextParser>();
}

} // namespace lineage::ingest::transcript
