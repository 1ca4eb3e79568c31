// SPDX-License-Identifier: GPL-3.0-or-later
// Generic CSV query logs through a mapping profile (a column per field).
#include "ingest/format_registry.h"
#include "ingest/line_reader.h"
#include "ingest/mapping_profile.h"
#include "ingest/time_parser.h"

#include <QHash>

#include <vector>

namespace lineage::ingest {

namespace {

// Splits one CSV record (RFC 4180: quoted fields may hold delimiters, doubled quotes and
// line breaks) into fields.
QList<QByteArray> splitCsv(QByteArrayView record, char delimiter)
{
    QList<QByteArray> fields;
    QByteArray current;
    bool quoted = false;
    for (qsizetype i = 0; i < record.size(); ++i) {
        const char c = record[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < record.size() && record[i + 1] == '"') {
                    current += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                current += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == delimiter) {
            fields.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    fields.append(current);
    return fields;
}

// Whether a quoted field is still open at the end of `text`, given the state before it.
bool openAfter(QByteArrayView text, bool open)
{
    for (char c : text)
        if (c == '"')
            open = !open;
    return open;
}

class CsvQueryLogParser final : public Parser
{
public:
    QString format() const override { return QStringLiteral("csv-profile"); }
    QString description() const override { return QStringLiteral("Any CSV log, read through a field-mapping profile"); }
    SourceKind kind() const override { return SourceKind::QueryLog; }
    bool needsProfile() const override { return true; }
    int sniff(QByteArrayView head, const QString &fileName) const override
    {
        const qsizetype nl = head.indexOf('\n');
        const QByteArrayView line = nl < 0 ? head : head.first(nl);
        if (line.isEmpty() || line.startsWith('{') || line.startsWith('['))
            return 0;
        const bool delimited = line.contains(',') || line.contains('\t') || line.contains(';');
        if (!delimited)
            return 0;
        return fileName.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)
                || fileName.endsWith(QLatin1String(".tsv"), Qt::CaseInsensitive) ? 20 : 5;
    }

    Status parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &) const override
    {
        if (options.profileDefinition.isEmpty())
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("This format needs a field-mapping profile that says where each field is."));
        auto profile = MappingProfile::fromJson(options.profileDefinition);
        if (!profile)
            return profile.error();
        if (profile->format != MappingProfile::Format::Csv)
            return makeError(ErrorCode::InvalidInput, QStringLiteral("The mapping profile is for JSONL, not CSV."));
        TimeParser times(profile->timeFormat, options.timeZone.isEmpty() ? profile->timeZone : options.timeZone);
        if (!times.isValid())
            return makeError(ErrorCode::InvalidInput, times.error());
        const char delimiter = char(profile->delimiter.toLatin1());

        LineReader lines(input, options.maxLineBytes);
        Line line;
        QByteArray record;
        Location where;
        bool open = false;
        bool first = true;
        QList<QPair<QString, int>> columns;  // field -> 0-based column
        const bool keepRaw = input.isCompressed();

        auto resolveColumns = [&](const QList<QByteArray> &header) -> Status {
            QHash<QString, int> byName;
            for (int i = 0; i < header.size(); ++i)
                byName.insert(QString::fromUtf8(header[i]).trimmed(), i);
            for (const auto &[field, spec] : profile->fields) {
                int index = -1;
                if (spec.startsWith(QLatin1Char('#'))) {
                    bool ok = false;
                    index = spec.mid(1).toInt(&ok) - 1;
                    if (!ok || index < 0)
                        return makeError(ErrorCode::InvalidInput, QStringLiteral("Column '%1' for field '%2' is not a column number.").arg(spec, field));
                } else if (byName.contains(spec)) {
                    index = byName.value(spec);
                } else {
                    return makeError(ErrorCode::InvalidInput,
                                     QStringLiteral("The mapping profile names column '%1' for field '%2', but the file's header has no such column.").arg(spec, field));
                }
                columns.append({field, index});
            }
            return {};
        };

        auto emitRecord = [&]() -> Status {
            QByteArrayView text = record;
            if (first) {
                first = false;
                if (text.startsWith("\xEF\xBB\xBF"))
                    text = text.sliced(3);
                if (profile->header)
                    return resolveColumns(splitCsv(text, delimiter));
                if (auto s = resolveColumns({}); !s)
                    return s;
            }
            auto refuse = [&](const QString &reason) {
                return sink.diagnostic(parsing::lineDiagnostic(where.line, 0, where.byteOffset, reason, text));
            };
            if (!parsing::isValidUtf8(text))
                return refuse(QStringLiteral("invalid UTF-8"));
            const QList<QByteArray> fields = splitCsv(text, delimiter);
            QueryRecord r;
            r.where = where;
            QString problem;
            for (const auto &[field, index] : columns) {
                if (index >= fields.size() || fields[index].isEmpty()) {
                    if (profile->required.contains(field) && problem.isEmpty())
                        problem = QStringLiteral("missing required field '%1' (column %2)").arg(field).arg(index + 1);
                    continue;
                }
                const QByteArray &value = fields[index];
                if (!assign(field, value, r, times) && problem.isEmpty())
                    problem = field == QLatin1String("time")
                        ? QStringLiteral("time '%1' is not a date").arg(QString::fromUtf8(value))
                        : QStringLiteral("field '%1' value '%2' is not a number").arg(field, QString::fromUtf8(value));
            }
            if (!problem.isEmpty())
                return refuse(problem);
            if (keepRaw)
                r.raw = text.toByteArray();
            return sink.queryRecord(r);
        };

        // An open quoted field gathers lines into `record` (joined with "\n"; each line's end
        // of line is remembered in `crlf`). When it is never closed (the file ends, or the
        // record passes the line limit, or a too-long line comes), the quote is reported once,
        // where it opened, and the lines after the opening one are read again as records: a
        // stray quote costs its own line, not the rest of the file.
        std::vector<bool> crlf;
        auto startRecord = [&](QByteArrayView text, qint64 number, qint64 offset, qint64 length) -> Status {
            if (text.trimmed().isEmpty())
                return {};
            record = text.toByteArray();
            where = {number, offset, length};
            crlf.clear();
            open = openAfter(text, false);
            return open ? Status {} : emitRecord();
        };
        // Reports the open record's first line.
        auto reportOpening = [&](const QString &why) -> Status {
            open = false;
            const qsizetype firstEnd = record.indexOf('\n');
            return sink.diagnostic(parsing::lineDiagnostic(
                where.line, 0, where.byteOffset,
                QStringLiteral("a quoted field opened on this line is never closed (%1); the line is refused and the "
                               "lines after it are read as records")
                    .arg(why),
                QByteArrayView(record).first(firstEnd < 0 ? record.size() : firstEnd)));
        };
        auto unclosed = [&](const QString &why) -> Status {
            if (auto s = reportOpening(why); !s)
                return s;
            const qsizetype firstEnd = record.indexOf('\n');
            if (firstEnd < 0)
                return {};
            const QByteArrayView opening = QByteArrayView(record).first(firstEnd);
            // The lines after the opening one hold an even number of quotes each (an odd one
            // would have closed the field), so read alone none of them opens a field again.
            const QByteArray rest = record.sliced(firstEnd + 1);
            const std::vector<bool> ends = std::move(crlf);
            qint64 number = where.line;
            qint64 offset = where.byteOffset + opening.size() + (ends.empty() || !ends[0] ? 1 : 2);
            qsizetype from = 0;
            for (size_t k = 1;; ++k) {
                ++number;
                const qsizetype nl = rest.indexOf('\n', from);
                const QByteArrayView text = QByteArrayView(rest).sliced(from, (nl < 0 ? rest.size() : nl) - from);
                if (auto s = startRecord(text, number, offset, text.size()); !s)
                    return s;
                if (open)  // not expected (see above); the line alone is refused
                    if (auto s = reportOpening(QStringLiteral("found among the lines read again after another")); !s)
                        return s;
                if (nl < 0)
                    break;
                offset += text.size() + (k < ends.size() && ends[k] ? 2 : 1);
                from = nl + 1;
            }
            return {};
        };

        for (;;) {
            auto more = lines.next(line);
            if (!more)
                return more.error();
            if (!*more)
                break;
            if (line.tooLong) {
                if (open)
                    if (auto s = unclosed(QStringLiteral("a line over the length limit follows")); !s)
                        return s;
                auto s = sink.diagnostic(parsing::lineDiagnostic(line.number, 0, line.offset,
                    QStringLiteral("the line is %1 bytes long, over the limit of %2 bytes").arg(line.length).arg(lines.maxLineBytes()), line.text));
                if (!s)
                    return s;
                continue;
            }
            if (!open) {
                if (auto s = startRecord(line.text, line.number, line.offset, line.length); !s)
                    return s;
                continue;
            }
            // The end of line of the record's last line so far: "\r\n" when the bytes between
            // them are two.
            crlf.push_back(line.offset - (where.byteOffset + where.byteLength) == 2);
            record += '\n';
            record += line.text;
            where.byteLength = line.offset + line.length - where.byteOffset;
            open = openAfter(line.text, open);
            if (open && record.size() > lines.maxLineBytes()) {
                if (auto s = unclosed(QStringLiteral("%1 bytes pass without its closing quote").arg(lines.maxLineBytes())); !s)
                    return s;
                continue;
            }
            if (!open)
                if (auto s = emitRecord(); !s)
                    return s;
        }
        if (open)
            if (auto s = unclosed(QStringLiteral("the file ends first")); !s)
                return s;
        return {};
    }

private:
    static bool assign(const QString &field, const QByteArray &value, QueryRecord &r, TimeParser &times)
    {
        const auto f = [&](const char *name) { return field == QLatin1String(name); };
        if (f("time")) {
            const auto t = times.parse(std::string_view(value.constData(), size_t(value.size())));
            if (!t)
                return false;
            r.timeUtcMs = t->utcMs;
            r.timeOffset = t->offsetSeconds;
            return true;
        }
        bool ok = true;
        if (f("temperature") || f("top_p")) {
            const double d = value.trimmed().toDouble(&ok);
            (f("temperature") ? r.temperature : r.topP) = d;
            return ok;
        }
        struct IntField { const char *name; std::optional<qint64> *target; };
        const IntField ints[] = {{"n", &r.n}, {"max_tokens", &r.maxTokens}, {"logprobs", &r.logprobs},
                                 {"top_logprobs", &r.topLogprobs}, {"prompt_tokens", &r.promptTokens},
                                 {"completion_tokens", &r.completionTokens}, {"http_status", &r.httpStatus}};
        for (const auto &i : ints) {
            if (f(i.name)) {
                const QByteArray v = value.trimmed().toLower();
                if (v == "true" || v == "false") {
                    *i.target = v == "true" ? 1 : 0;
                    return true;
                }
                *i.target = v.toLongLong(&ok);
                return ok;
            }
        }
        struct TextField { const char *name; QString *target; };
        const TextField texts[] = {{"account", &r.account}, {"api_key", &r.apiKey}, {"org", &r.org}, {"ip", &r.ip},
                                   {"user_agent", &r.userAgent}, {"model", &r.model}, {"endpoint", &r.endpoint},
                                   {"custom_id", &r.customId}, {"system_prompt", &r.systemPrompt},
                                   {"prompt", &r.prompt}, {"completion", &r.completion},
                                   {"finish_reason", &r.finishReason}};
        for (const auto &t : texts)
            if (f(t.name))
                *t.target = QString::fromUtf8(value);
        return true;
    }
};

} // namespace

void registerCsvQueryLogParser(FormatRegistry &registry)
{
    registry.add(std::make_unique<CsvQueryLogParser>());
}

} // namespace lineage::ingest
