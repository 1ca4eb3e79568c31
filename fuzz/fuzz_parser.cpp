// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer harness for one input format (LINEAGE_FUZZ_FORMAT): the input is a file's
// decompressed content, read through the format's parser into a sink that keeps nothing.
// A crash, a sanitizer report or a hang is a finding; a refused input is not.
#include "casefile/case_file.h"
#include "casefile/case_overview.h"
#include "core/feedback.h"
#include "ingest/format_registry.h"
#include "ingest/input_stream.h"
#include "ingest/mapping_profile.h"
#include "ingest/parser.h"
#include "ingest/record_sink.h"
#include "ingest/time_parser.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

using namespace lineage;
using namespace lineage::ingest;

namespace {

// Touches what it is given, so that a bad value is read by the sanitizers.
class DiscardSink final : public RecordSink
{
public:
    Status queryRecord(const QueryRecord &r) override { return touch(r.prompt.size() + r.completion.size()); }
    Result<qint64> transcript(const TranscriptInfo &info) override
    {
        m_sum += info.title.size();
        return ++m_ids;
    }
    Status turn(qint64, const Turn &t) override { return touch(t.prompt.size() + t.answer.size()); }
    Result<qint64> document(const DocumentInfo &info) override
    {
        m_sum += info.title.size();
        return ++m_ids;
    }
    Status page(qint64, const Page &p) override { return touch(p.text.size()); }
    Status diagnostic(const Diagnostic &d) override { return touch(d.reason.size() + d.raw.size()); }

private:
    Status touch(qsizetype n)
    {
        m_sum += n;
        return {};
    }
    qint64 m_ids = 0;
    qint64 m_sum = 0;
};

// The profiles the generic formats are read with (the test fixtures').
QJsonObject profileFor(const QString &format)
{
    const char *json = format == QLatin1String("csv-profile")
        ? R"({"format": "csv", "fields": {"time": "when", "account": "who", "api_key": "key", "prompt": "prompt",
             "completion": "answer", "temperature": "#6"}, "time_format": "auto", "required": ["time", "prompt"],
             "csv": {"delimiter": ",", "header": true}})"
        : R"({"format": "jsonl", "fields": {"time": "/ts", "account": "/user/id", "ip": "/user/ip", "model": "/model",
             "prompt": "/input", "completion": "/output/text", "prompt_tokens": "/usage/in"},
             "time_format": "iso8601", "time_zone": "Europe/Berlin", "required": ["time", "prompt"]})";
    return QJsonDocument::fromJson(json).object();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    setenv("QT_LOGGING_RULES", "*=false", 1);  // parsers log; the fuzzer's output stays readable
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString format = QStringLiteral(LINEAGE_FUZZ_FORMAT);
    if (format == QLatin1String("time-formats")) {
        // The first byte picks the parser's format, the rest is the time text.
        static const char *formats[] = { "auto", "iso8601", "epoch-s", "epoch-ms", "yyyy-MM-dd HH:mm:ss" };
        const int pick = size > 0 ? data[0] % 5 : 0;
        TimeParser times(QString::fromLatin1(formats[pick]), QStringLiteral("Asia/Shanghai"));
        const QByteArray text = size > 0 ? bytes.sliced(1) : bytes;
        (void)times.parse(std::string_view(text.constData(), size_t(text.size())));
        return 0;
    }
    if (format == QLatin1String("case-file")) {
        // The open path of a case received from someone else: probe, open read-only (the
        // schema compared with its version's), the properties and the overview.
        static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/lineage-fuzz-XXXXXX"));
        const QString path = dir.filePath(QStringLiteral("input.lineage"));
        for (const char *suffix : { "", "-journal", "-wal", "-shm" })
            QFile::remove(path + QLatin1String(suffix));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            abort();
        file.close();
        if (!casefile::CaseFile::probe(path))
            return 0;
        auto c = casefile::CaseFile::open(path, casefile::Investigator {}, casefile::OpenMode::ReadOnly);
        if (!c)
            return 0;
        (void)(*c)->info();
        (void)casefile::CaseOverviewQueries::load((*c)->db());
        return 0;
    }
    if (format == QLatin1String("mapping-profile")) {
        const QJsonDocument doc = QJsonDocument::fromJson(bytes);
        if (doc.isObject())
            (void)MappingProfile::fromJson(doc.object());
        return 0;
    }
    const Parser *parser = FormatRegistry::builtin().find(format);
    if (!parser)
        abort();  // a harness for a format that does not exist
    ImportOptions options;
    options.maxLineBytes = 1 << 20;
    if (parser->needsProfile())
        options.profileDefinition = profileFor(format);
    (void)parser->sniff(bytes.first(std::min<qsizetype>(bytes.size(), Parser::kSniffBytes)), QStringLiteral("input"));
    MemoryInputStream input(bytes, QStringLiteral("input"));
    DiscardSink sink;
    Feedback feedback;
    (void)parser->parse(input, sink, options, feedback);
    return 0;
}
