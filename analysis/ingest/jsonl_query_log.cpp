// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/jsonl_query_log.h"

namespace lineage::ingest {

namespace {

bool isBlank(QByteArrayView text)
{
    for (char c : text)
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    return true;
}

// 1-based byte column of the first invalid UTF-8 sequence, 0 when valid.
qint64 invalidUtf8Column(QByteArrayView text)
{
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const qint64 n = text.size();
    for (qint64 i = 0; i < n;) {
        const unsigned char c = p[i];
        int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > n)
            return i + 1;
        for (int k = 1; k < len; ++k)
            if ((p[i + k] & 0xC0) != 0x80)
                return i + 1;
        if (!parsing::isValidUtf8(text.sliced(i, len)))
            return i + 1;
        i += len;
    }
    return 0;
}

} // namespace

QByteArrayView JsonlQueryLogParser::firstLine(QByteArrayView head)
{
    while (!head.isEmpty()) {
        const qsizetype nl = head.indexOf('\n');
        const QByteArrayView line = nl < 0 ? head : head.first(nl);
        if (!isBlank(line))
            return line;
        if (nl < 0)
            break;
        head = head.sliced(nl + 1);
    }
    return {};
}

Status JsonlQueryLogParser::prepare(const ImportOptions &options, QueryLogState &state) const
{
    state.times = std::make_unique<TimeParser>(QString(), options.timeZone);
    if (!state.times->isValid())
        return makeError(ErrorCode::InvalidInput, state.times->error());
    return {};
}

Status JsonlQueryLogParser::parse(InputStream &input, RecordSink &sink, const ImportOptions &options, Feedback &) const
{
    QueryLogState state;
    if (auto s = prepare(options, state); !s)
        return s;
    LineReader lines(input, options.maxLineBytes);
    simdjson::dom::parser parser;
    Line line;
    const bool keepRaw = input.isCompressed();
    for (;;) {
        auto more = lines.next(line);
        if (!more)
            return more.error();
        if (!*more)
            break;
        auto refuse = [&](const QString &reason, qint64 column) {
            return sink.diagnostic(parsing::lineDiagnostic(line.number, column, line.offset, reason, line.text));
        };
        if (line.tooLong) {
            if (auto s = refuse(QStringLiteral("the line is %1 bytes long, over the limit of %2 bytes").arg(line.length).arg(lines.maxLineBytes()), 0); !s)
                return s;
            continue;
        }
        if (isBlank(line.text))
            continue;
        if (!parsing::isValidUtf8(line.text)) {
            const qint64 col = std::max<qint64>(invalidUtf8Column(line.text), 1);
            if (auto s = refuse(QStringLiteral("invalid UTF-8 at byte %1").arg(col), col); !s)
                return s;
            continue;
        }
        QueryRecord record;
        record.where = {line.number, line.offset, line.length};
        QString problem;
        qint64 column = 0;
        chatjson::Element root;
        auto error = parser.parse(line.text.data(), size_t(line.text.size()), false).get(root);
        if (!error && root.type() != simdjson::dom::element_type::OBJECT)
            problem = QStringLiteral("the line is not a JSON object");
        else if (!error)
            error = read(root, record, state, problem);
        if (error) {
            problem = chatjson::errorText(error);
            column = chatjson::errorColumn(line.text.data(), size_t(line.text.size()), size_t(line.text.size() + LineReader::kPadding));
            if (line.unterminated)
                problem += QStringLiteral(" (the file ends inside this line)");
        }
        if (!problem.isEmpty()) {
            if (auto s = refuse(problem, column); !s)
                return s;
            continue;
        }
        if (keepRaw)
            record.raw = line.text.toByteArray();
        if (auto s = sink.queryRecord(record); !s)
            return s;
    }
    return {};
}

} // namespace lineage::ingest
