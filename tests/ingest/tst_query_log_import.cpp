// SPDX-License-Identifier: GPL-3.0-or-later
// Query-log formats through the real pipeline: record counts, fields and diagnostics.
#include "test_case.h"

#include "casefile/diagnostic_store.h"
#include "casefile/profile_store.h"
#include "casefile/query_record_store.h"
#include "ingest/importer.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ingest;
using testing::fixture;

namespace {

QString operator""_q(const char *s, size_t n)
{
    return QString::fromUtf8(s, qsizetype(n));
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// One field of a stored record, as text, for the expectation tables.
QString field(const QueryRecordRow &r, const QString &name)
{
    auto opt = [](const auto &v) { return v ? QString::number(*v) : QStringLiteral("null"); };
    if (name == QLatin1String("line")) return QString::number(r.line);
    if (name == QLatin1String("offset")) return QString::number(r.byteOffset);
    if (name == QLatin1String("length")) return QString::number(r.byteLength);
    if (name == QLatin1String("time")) return opt(r.timeUtc);
    if (name == QLatin1String("tzoffset")) return opt(r.timeOffset);
    if (name == QLatin1String("account")) return r.account;
    if (name == QLatin1String("key")) return r.apiKey;
    if (name == QLatin1String("org")) return r.org;
    if (name == QLatin1String("ip")) return r.ip;
    if (name == QLatin1String("ua")) return r.userAgent;
    if (name == QLatin1String("model")) return r.model;
    if (name == QLatin1String("endpoint")) return r.endpoint;
    if (name == QLatin1String("custom_id")) return r.customId;
    if (name == QLatin1String("temperature")) return opt(r.temperature);
    if (name == QLatin1String("top_p")) return opt(r.topP);
    if (name == QLatin1String("n")) return opt(r.n);
    if (name == QLatin1String("max_tokens")) return opt(r.maxTokens);
    if (name == QLatin1String("logprobs")) return opt(r.logprobs);
    if (name == QLatin1String("top_logprobs")) return opt(r.topLogprobs);
    if (name == QLatin1String("system")) return r.systemPrompt;
    if (name == QLatin1String("prompt")) return r.prompt;
    if (name == QLatin1String("completion")) return r.completion;
    if (name == QLatin1String("extra")) return r.extraCompletions.join(QLatin1Char('|'));
    if (name == QLatin1String("finish")) return r.finishReason;
    if (name == QLatin1String("prompt_tokens")) return opt(r.promptTokens);
    if (name == QLatin1String("completion_tokens")) return opt(r.completionTokens);
    if (name == QLatin1String("status")) return opt(r.httpStatus);
    if (name == QLatin1String("pending")) return r.pendingJoin;
    if (name == QLatin1String("joined_side")) return r.joinedSide;
    return QStringLiteral("<unknown field %1>").arg(name);
}

} // namespace

class TestQueryLogImport : public QObject
{
    Q_OBJECT

private slots:
    void formats_data();
    void formats();
    void batchJoinEitherOrder_data();
    void batchJoinEitherOrder();
    void compressedInput_data();
    void compressedInput();
    void damagedCompressionFails();
    void emptyFile();
    void strictStopsAtFirstProblem();
    void profileIsSavedAndReused();
    void previewShowsFirstRecords();
    void byteOrderMark_data() { formats_data(); }
    void byteOrderMark();
    void unclosedQuoteReportedOnce();
    void diagnosticsAreCapped();
    void unbalancedLinesNameTheirColumn();
};

// Each row: a fixture, options, and what the case must hold afterwards: records,
// diagnostics ("line:reason fragment"), and fields of chosen records ("#index field=value").
void TestQueryLogImport::formats_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("profile");      // fixture of a mapping profile, or empty
    QTest::addColumn<QString>("tz");
    QTest::addColumn<qint64>("maxLine");
    QTest::addColumn<QString>("format");
    QTest::addColumn<qint64>("records");
    QTest::addColumn<QStringList>("diagnostics");
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("batch input") << "batch/input.jsonl"_q << ""_q << ""_q << qint64(0) << "openai-batch-input"_q << qint64(3)
        << QStringList{}
        << QStringList{"#0 custom_id=request-1"_q, "#0 endpoint=/v1/chat/completions"_q, "#0 model=gpt-4o-mini"_q,
                       "#0 system=You are a helpful assistant."_q, "#0 prompt=Explain photosynthesis step by step."_q,
                       "#0 temperature=0.7"_q, "#0 top_p=1"_q, "#0 n=2"_q, "#0 max_tokens=500"_q, "#0 logprobs=1"_q,
                       "#0 top_logprobs=5"_q, "#0 time=null"_q, "#0 pending=request"_q, "#0 line=1"_q, "#0 offset=0"_q,
                       "#1 prompt=请介绍一下你自己。"_q, "#1 max_tokens=200"_q, "#1 line=2"_q};
    QTest::newRow("batch output alone") << "batch/output.jsonl"_q << ""_q << ""_q << qint64(0) << "openai-batch-output"_q << qint64(3)
        << QStringList{"1:has no matching request"_q, "2:has no matching request"_q, "3:has no matching request"_q}
        << QStringList{"#0 custom_id=request-1"_q, "#0 completion=Photosynthesis turns light into chemical energy."_q,
                       "#0 extra=Plants capture sunlight in chlorophyll."_q, "#0 finish=stop"_q, "#0 prompt_tokens=25"_q,
                       "#0 completion_tokens=14"_q, "#0 time=1714557600000"_q, "#0 status=200"_q,
                       "#0 model=gpt-4o-mini-2024-07-18"_q, "#0 pending=response"_q, "#0 prompt="_q,
                       "#1 completion=我是一个由OpenAI训练的大型语言模型。"_q};
    QTest::newRow("gateway") << "gateway/gateway.jsonl"_q << ""_q << "Asia/Shanghai"_q << qint64(0) << "gateway-log"_q << qint64(4)
        << QStringList{}
        << QStringList{"#0 time=1714564800250"_q, "#0 tzoffset=0"_q, "#0 account=acct_alpha"_q, "#0 key=key_01"_q, "#0 org=org-one"_q,
                       "#0 ip=203.0.113.7"_q, "#0 ua=python-requests/2.31"_q, "#0 endpoint=/v1/chat/completions"_q,
                       "#0 custom_id=gw-1"_q, "#0 status=200"_q, "#0 model=gpt-4o-2024-05-13"_q,
                       "#0 prompt=Think step by step: why is the sky blue?"_q, "#0 temperature=0.2"_q,
                       "#0 completion=Rayleigh scattering favours short wavelengths."_q, "#0 prompt_tokens=11"_q,
                       // a naive time takes the declared zone (+08:00)
                       "#1 time=1714564800000"_q, "#1 tzoffset=28800"_q, "#1 line=3"_q, "#1 prompt=我是谁？请回答。"_q,
                       // epoch milliseconds, legacy completion "prompt"_q/"text"_q
                       "#2 time=1714600000123"_q, "#2 prompt=Complete: distillation of"_q, "#2 completion= knowledge"_q,
                       "#2 finish=length"_q,
                       // epoch seconds, null response
                       "#3 time=1714600100000"_q, "#3 completion="_q, "#3 account=acct_gamma"_q};
    QTest::newRow("gateway broken lines") << "broken/gateway_broken.jsonl"_q << ""_q << ""_q << qint64(1024) << "gateway-log"_q << qint64(2)
        << QStringList{"2:string is not closed"_q, "3:invalid UTF-8 at byte 132"_q, "4:time \"2024-13-01T00:00:00Z\" is not a date"_q,
                       "5:missing required field 'timestamp'"_q, "6:over the limit of 1024 bytes"_q,
                       "8:the file ends inside this line"_q}
        << QStringList{"#0 account=acct_a"_q, "#0 completion=fine"_q, "#1 account=acct_g"_q, "#1 line=7"_q};
    QTest::newRow("generic jsonl profile") << "generic/events.jsonl"_q << "generic/events_profile.json"_q << ""_q << qint64(0)
        << "jsonl-profile"_q << qint64(2)
        << QStringList{"3:time \"not a time\" is not a date"_q, "4:missing required field 'time' (/ts)"_q}
        << QStringList{"#0 time=1710058500000"_q, "#0 tzoffset=3600"_q, "#0 account=u-17"_q, "#0 ip=192.0.2.10"_q,
                       "#0 model=distill-bot"_q, "#0 prompt=Summarize the French Revolution."_q,
                       "#0 completion=It began in 1789."_q, "#0 prompt_tokens=6"_q, "#0 completion_tokens=5"_q,
                       "#1 prompt=用中文解释量子计算。"_q, "#1 offset=214"_q};
    QTest::newRow("generic csv profile") << "generic/calls.csv"_q << "generic/calls_profile.json"_q << ""_q << qint64(0)
        << "csv-profile"_q << qint64(2)
        << QStringList{"5:time 'yesterday' is not a date"_q, "6:missing required field 'prompt' (column 4)"_q}
        << QStringList{"#0 time=1709716800000"_q, "#0 account=acct_csv1"_q, "#0 key=k-1"_q, "#0 prompt=Hello, world"_q,
                       "#0 completion=Hi there, \"friend\""_q, "#0 temperature=0.5"_q, "#0 line=2"_q, "#0 offset=32"_q,
                       "#1 time=1709716860000"_q, "#1 prompt=A prompt\nover two lines"_q, "#1 line=3"_q, "#1 temperature=null"_q};
}

void TestQueryLogImport::formats()
{
    QFETCH(QString, file);
    QFETCH(QString, profile);
    QFETCH(QString, tz);
    QFETCH(qint64, maxLine);
    QFETCH(QString, format);
    QFETCH(qint64, records);
    QFETCH(QStringList, diagnostics);
    QFETCH(QStringList, fields);

    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    ImportOptions options;
    options.timeZone = tz;
    if (maxLine > 0)
        options.maxLineBytes = maxLine;
    if (!profile.isEmpty()) {
        QVERIFY(ProfileStore::save(*c, QStringLiteral("p"), QStringLiteral("query-log"), readJson(fixture(profile))).ok());
        options.profile = QStringLiteral("p");
    }
    auto summary = importFile(*c, fixture(file), options);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->format, format);
    QCOMPARE(summary->records, records);
    QCOMPARE(summary->diagnostics, qint64(diagnostics.size()));

    Database &db = c->db();
    QCOMPARE(QueryRecordStore::count(db).value(), records);
    auto stored = DiagnosticStore::fetch(db, summary->sourceId);
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), diagnostics.size());
    for (int i = 0; i < diagnostics.size(); ++i) {
        const QString expected = diagnostics[i];
        const qint64 line = expected.section(QLatin1Char(':'), 0, 0).toLongLong();
        const QString reason = expected.section(QLatin1Char(':'), 1);
        const DiagnosticRow &d = stored->at(i);
        QCOMPARE(d.line.value_or(-1), line);
        QVERIFY2(d.reason.contains(reason), qPrintable(d.reason + QStringLiteral(" lacks ") + reason));
        if (d.severity == QLatin1String("error"))
            QVERIFY2(!d.raw.isEmpty() && d.raw.size() <= 1024, "a refused record keeps its raw bytes, truncated");
        QVERIFY(d.byteOffset.has_value());
    }
    auto rows = QueryRecordStore::fetch(db, 0, 1000);
    QVERIFY(rows.ok());
    for (const QString &f : std::as_const(fields)) {
        const int index = f.section(QLatin1Char(' '), 0, 0).mid(1).toInt();
        const QString assignment = f.section(QLatin1Char(' '), 1);
        const QString name = assignment.section(QLatin1Char('='), 0, 0);
        const QString value = assignment.section(QLatin1Char('='), 1);
        QVERIFY(index < rows->size());
        QCOMPARE(field(rows->at(index), name), value);
    }
    // The raw object is served from the stored original, byte for byte.
    auto raw = QueryRecordStore::raw(db, rows->first().id);
    QVERIFY(raw.ok());
    QFile original(fixture(file));
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray all = original.readAll();
    QCOMPARE(*raw, all.mid(rows->first().byteOffset, rows->first().byteLength));
    QCOMPARE(testing::count(db, "SELECT count(*) FROM audit_log WHERE action = 'source.import'"), qint64(1));
}

void TestQueryLogImport::batchJoinEitherOrder_data()
{
    QTest::addColumn<bool>("outputFirst");
    QTest::newRow("input first") << false;
    QTest::newRow("output first") << true;
}

void TestQueryLogImport::batchJoinEitherOrder()
{
    QFETCH(bool, outputFirst);
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    const QString first = fixture(outputFirst ? QStringLiteral("batch/output.jsonl") : QStringLiteral("batch/input.jsonl"));
    const QString second = fixture(outputFirst ? QStringLiteral("batch/input.jsonl") : QStringLiteral("batch/output.jsonl"));
    auto a = importFile(*c, first, {});
    QVERIFY(a.ok());
    auto b = importFile(*c, second, {});
    QVERIFY(b.ok());
    QCOMPARE(b->joined, qint64(2));
    // request-1 and request-2 joined; request-3 has no response, request-99 no request.
    Database &db = c->db();
    QCOMPARE(QueryRecordStore::count(db).value(), qint64(4));
    auto rows = QueryRecordStore::fetch(db, 0, 100);
    QVERIFY(rows.ok());
    int joined = 0;
    for (const auto &r : *rows) {
        if (r.customId == QLatin1String("request-1")) {
            ++joined;
            QCOMPARE(r.prompt, QStringLiteral("Explain photosynthesis step by step."));
            QCOMPARE(r.completion, QStringLiteral("Photosynthesis turns light into chemical energy."));
            QCOMPARE(r.model, QStringLiteral("gpt-4o-mini-2024-07-18"));  // the response's model wins
            QCOMPARE(r.n.value_or(0), qint64(2));
            QCOMPARE(r.timeUtc.value_or(0), qint64(1714557600000));
            QVERIFY(r.pendingJoin.isEmpty());
            QCOMPARE(r.joinedSide, outputFirst ? QStringLiteral("request") : QStringLiteral("response"));
            // Both halves trace back to their own source and line.
            QCOMPARE(r.sourceId, a->sourceId);
            QCOMPARE(r.joinedSourceId.value_or(0), b->sourceId);
            QCOMPARE(r.joinedLine.value_or(0), qint64(1));
            auto requestRaw = QueryRecordStore::raw(db, r.id, !outputFirst ? false : true);
            QVERIFY(requestRaw.ok());
            QVERIFY(requestRaw->startsWith("{\"custom_id\": \"request-1\", \"method\""));
        } else if (r.customId == QLatin1String("request-2")) {
            ++joined;
            QCOMPARE(r.prompt, QStringLiteral("请介绍一下你自己。"));
        } else if (r.customId == QLatin1String("request-3")) {
            QCOMPARE(r.pendingJoin, QStringLiteral("request"));
        } else {
            QCOMPARE(r.customId, QStringLiteral("request-99"));
            QCOMPARE(r.pendingJoin, QStringLiteral("response"));
        }
    }
    QCOMPARE(joined, 2);
    const qint64 outputWarnings = outputFirst ? 3 : 1;
    QCOMPARE(testing::count(db, "SELECT count(*) FROM import_diagnostics WHERE severity = 'warning'"), outputWarnings);
}

void TestQueryLogImport::compressedInput_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("compression");
    QTest::newRow("gzip") << "compressed/gateway.jsonl.gz" << "gzip";
    QTest::newRow("zstd") << "compressed/gateway.jsonl.zst" << "zstd";
    QTest::newRow("gzip without .gz name") << "compressed/gateway_gz_named.jsonl" << "gzip";
}

void TestQueryLogImport::compressedInput()
{
    QFETCH(QString, file);
    QFETCH(QString, compression);
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    auto summary = importFile(*c, fixture(file), {});
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->compression, compression);
    QCOMPARE(summary->format, QStringLiteral("gateway-log"));
    QCOMPARE(summary->records, qint64(4));
    QFile plain(fixture(QStringLiteral("gateway/gateway.jsonl")));
    QVERIFY(plain.open(QIODevice::ReadOnly));
    const QByteArray content = plain.readAll();
    QCOMPARE(summary->contentBytes, qint64(content.size()));
    QFile original(fixture(file));
    QCOMPARE(summary->bytes, original.size());  // the compressed original is what is stored and hashed
    // Offsets are into the decompressed content; the raw object is kept with the record.
    auto rows = QueryRecordStore::fetch(c->db(), 0, 10);
    QVERIFY(rows.ok());
    for (const auto &r : *rows) {
        auto raw = QueryRecordStore::raw(c->db(), r.id);
        QVERIFY(raw.ok());
        QCOMPARE(*raw, content.mid(r.byteOffset, r.byteLength));
    }
}

void TestQueryLogImport::damagedCompressionFails()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    auto summary = importFile(*c, fixture(QStringLiteral("compressed/truncated.jsonl.gz")), {});
    QVERIFY(!summary.ok());
    QCOMPARE(summary.error().code, ErrorCode::Corrupt);
    QVERIFY(summary.error().message.contains(QLatin1String("truncated.jsonl.gz")));
    QCOMPARE(testing::count(c->db(), "SELECT count(*) FROM sources"), qint64(0));
    QCOMPARE(testing::count(c->db(), "SELECT count(*) FROM blobs"), qint64(0));
}

void TestQueryLogImport::emptyFile()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    // Without a format there is nothing to sniff: refused with a clear message.
    auto sniffed = importFile(*c, fixture(QStringLiteral("broken/empty.jsonl")), {});
    QVERIFY(!sniffed.ok());
    QVERIFY(sniffed.error().message.contains(QLatin1String("empty")));
    // With a format, the empty original is kept as a source with no records.
    ImportOptions options;
    options.format = QStringLiteral("gateway-log");
    auto summary = importFile(*c, fixture(QStringLiteral("broken/empty.jsonl")), options);
    QVERIFY(summary.ok());
    QCOMPARE(summary->records, qint64(0));
    QCOMPARE(summary->diagnostics, qint64(0));
    QCOMPARE(summary->sha256, QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

void TestQueryLogImport::strictStopsAtFirstProblem()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    const QStringList before = testing::dumpTables(c->db());
    ImportOptions options;
    options.strict = true;
    auto summary = importFile(*c, fixture(QStringLiteral("broken/gateway_broken.jsonl")), options);
    QVERIFY(!summary.ok());
    QVERIFY2(summary.error().message.contains(QLatin1String("line 2")), qPrintable(summary.error().message));
    QCOMPARE(testing::dumpTables(c->db()), before);
}

void TestQueryLogImport::profileIsSavedAndReused()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    QVERIFY(ProfileStore::save(*c, QStringLiteral("events"), QStringLiteral("query-log"),
                               readJson(fixture(QStringLiteral("generic/events_profile.json")))).ok());
    c->close();
    auto reopened = CaseFile::open(dir.filePath(QStringLiteral("case.lineage")), testing::who());
    QVERIFY(reopened.ok());
    auto list = ProfileStore::list((*reopened)->db());
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().name, QStringLiteral("events"));
    ImportOptions options;
    options.profile = QStringLiteral("events");
    auto summary = importFile(**reopened, fixture(QStringLiteral("generic/events.jsonl")), options);
    QVERIFY(summary.ok());
    QCOMPARE(summary->records, qint64(2));
    QCOMPARE(testing::count((*reopened)->db(), "SELECT count(*) FROM audit_log WHERE action = 'profile.save'"), qint64(1));
    options.profile = QStringLiteral("missing");
    auto missing = importFile(**reopened, fixture(QStringLiteral("generic/calls.csv")), options);
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().message.contains(QLatin1String("no mapping profile named 'missing'")));
}

void TestQueryLogImport::previewShowsFirstRecords()
{
    auto preview = previewFile(fixture(QStringLiteral("broken/gateway_broken.jsonl")), {}, 3);
    QVERIFY(preview.ok());
    QCOMPARE(preview->chosenFormat, QStringLiteral("gateway-log"));
    QCOMPARE(preview->records.size() + preview->diagnostics.size(), qsizetype(3));
    QCOMPARE(preview->records.first().account, QStringLiteral("acct_a"));
    QVERIFY(!preview->formats.isEmpty());
}

// Every format reads a file that starts with a UTF-8 byte-order mark as it reads the file
// without one, sniffed or named (a gateway log with a BOM was taken for CSV).
void TestQueryLogImport::byteOrderMark()
{
    QFETCH(QString, file);
    QFETCH(QString, profile);
    QFETCH(QString, tz);
    QFETCH(qint64, maxLine);
    QFETCH(QString, format);
    QFETCH(qint64, records);
    QFETCH(QStringList, diagnostics);
    QTemporaryDir dir;
    QFile original(fixture(file));
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QString copy = dir.filePath(QFileInfo(file).fileName());
    {
        QFile out(copy);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("\xEF\xBB\xBF" + original.readAll());
    }
    for (const bool named : {false, true}) {
        auto c = testing::newCase(dir, named ? QStringLiteral("named.lineage") : QStringLiteral("sniffed.lineage"));
        QVERIFY(c);
        ImportOptions options;
        options.timeZone = tz;
        if (named)
            options.format = format;
        if (maxLine > 0)
            options.maxLineBytes = maxLine;
        if (!profile.isEmpty()) {
            QVERIFY(ProfileStore::save(*c, QStringLiteral("p"), QStringLiteral("query-log"), readJson(fixture(profile))).ok());
            options.profile = QStringLiteral("p");
        }
        auto summary = importFile(*c, copy, options);
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->format, format);
        QCOMPARE(summary->records, records);
        QCOMPARE(summary->diagnostics, qint64(diagnostics.size()));
        auto rows = QueryRecordStore::fetch(c->db(), 0, 1000);
        QVERIFY(rows.ok());
        QVERIFY(!rows->isEmpty());
        if (rows->first().line == 1)
            QCOMPARE(rows->first().byteOffset, qint64(3));  // the mark is not part of the record
        auto raw = QueryRecordStore::raw(c->db(), rows->first().id);
        QVERIFY(raw.ok());
        QVERIFY(!raw->startsWith("\xEF\xBB\xBF"));
    }
}

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
}

// One well-formed gateway exchange, for logs built around bad lines.
const QByteArray kGoodGatewayLine
    = R"({"timestamp":"2024-05-01T12:00:00Z","account":"acct","request":{"model":"m","messages":[{"role":"user","content":"q"}]},"response":{"choices":[{"message":{"content":"a"}}]}})";

// Writes `log` into `dir` and imports it as a gateway log into `c`.
Result<ImportSummary> importGatewayLog(CaseFile &c, const QTemporaryDir &dir, const QByteArray &log)
{
    const QString path = dir.filePath(QStringLiteral("gw.jsonl"));
    writeFile(path, log);
    ImportOptions options;
    options.format = QStringLiteral("gateway-log");
    return importFile(c, path, options);
}

} // namespace

// A stray quote made every later line of a CSV one diagnostic each (17,825,799 rows for a
// 50 MB file): now it is reported once, where it opened, and the lines after it are records.
void TestQueryLogImport::unclosedQuoteReportedOnce()
{
    QByteArray csv = "when,who,key,prompt,answer,temp\r\n1709716800,a1,k,p1,c1,0.5\r\n1709716801,a2,k,a 5\" screen,c2,0.5\r\n";
    for (int i = 0; i < 2000; ++i)
        csv += "17097169" + QByteArray::number(10 + i % 80) + ",acct,k,prompt " + QByteArray::number(i) + ",\"say \"\"hi\"\"\",0.1\r\n";
    for (const qint64 maxLine : {qint64(0), qint64(4096)}) {  // the file ends first; the limit is reached first
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("calls.csv")), csv);
        auto c = testing::newCase(dir);
        QVERIFY(c);
        QVERIFY(ProfileStore::save(*c, QStringLiteral("p"), QStringLiteral("query-log"),
                                   readJson(fixture(QStringLiteral("generic/calls_profile.json"))))
                    .ok());
        ImportOptions options;
        options.profile = QStringLiteral("p");
        if (maxLine > 0)
            options.maxLineBytes = maxLine;
        auto summary = importFile(*c, dir.filePath(QStringLiteral("calls.csv")), options);
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->records, qint64(2001));
        QCOMPARE(summary->diagnostics, qint64(1));
        auto stored = DiagnosticStore::fetch(c->db(), summary->sourceId);
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), 1);
        QCOMPARE(stored->at(0).line.value_or(-1), qint64(3));
        QCOMPARE(stored->at(0).byteOffset.value_or(-1), qint64(csv.indexOf("1709716801")));
        QVERIFY2(stored->at(0).reason.contains(QLatin1String("never closed")), qPrintable(stored->at(0).reason));
        QCOMPARE(stored->at(0).raw, QByteArray("1709716801,a2,k,a 5\" screen,c2,0.5"));
        // The records after it keep their own lines and bytes.
        auto rows = QueryRecordStore::fetch(c->db(), 0, 5000);
        QVERIFY(rows.ok());
        const QueryRecordRow &last = rows->last();
        QCOMPARE(last.line, qint64(2003));
        QCOMPARE(last.prompt, QStringLiteral("prompt 1999"));
        QCOMPARE(last.completion, QStringLiteral("say \"hi\""));
        QCOMPARE(last.byteOffset + last.byteLength + 2, qint64(csv.size()));
        QCOMPARE(rows->at(1).line, qint64(4));
        QCOMPARE(rows->at(1).byteOffset, qint64(csv.indexOf("1709716910")));
    }
}

// The first 10,000 diagnostics of a source are stored with their bytes; the rest are counted
// by kind, one row each, and the import goes on.
void TestQueryLogImport::diagnosticsAreCapped()
{
    QByteArray log = kGoodGatewayLine + "\n";
    for (int i = 0; i < 15000; ++i)
        log += "not json " + QByteArray::number(i) + "\n";
    for (int i = 0; i < 3000; ++i)
        log += R"({"timestamp":"day )" + QByteArray::number(i) + R"(","request":{"model":"m"}})" "\n";
    log += kGoodGatewayLine + "\n";
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    auto summary = importGatewayLog(*c, dir, log);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->records, qint64(2));
    QCOMPARE(summary->diagnostics, qint64(18000));
    QCOMPARE(summary->diagnosticsStored, qint64(10002));
    Database &db = c->db();
    QCOMPARE(testing::count(db, "SELECT count(*) FROM import_diagnostics"), qint64(10002));
    QCOMPARE(testing::count(db, "SELECT count(*) FROM import_diagnostics WHERE length(raw) > 0"), qint64(10000));
    auto stored = DiagnosticStore::fetch(db, summary->sourceId, 10000, 10);
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), 2);
    QVERIFY2(stored->at(0).reason.startsWith(QLatin1String("5000 more")) || stored->at(0).reason.startsWith(QLatin1String("5,000 more")),
             qPrintable(stored->at(0).reason));
    QCOMPARE(stored->at(0).line.value_or(-1), qint64(10002));
    QVERIFY2(stored->at(1).reason.startsWith(QLatin1String("3000 more")) || stored->at(1).reason.startsWith(QLatin1String("3,000 more")),
             qPrintable(stored->at(1).reason));
    QVERIFY2(stored->at(1).reason.contains(QLatin1String("is not a date")), qPrintable(stored->at(1).reason));
    QCOMPARE(stored->at(1).line.value_or(-1), qint64(15002));
}

// Lines whose brackets do not balance (found by fuzzing: simdjson's On Demand iterator read
// past the end of such a line while the error's column was sought) are refused with the
// column where they go wrong, and the lines around them are imported.
void TestQueryLogImport::unbalancedLinesNameTheirColumn()
{
    QByteArray log = kGoodGatewayLine + "\n";
    log += QByteArray(44, '[') + "  -\n"; // line 2: open to the end
    log += R"({"a": [1, 2}, "b": "]"})"
           "\n"; // line 3: '}' closes a '['
    log += R"({"a": "\"]"})"
           "]\n"; // line 4: one ']' too many
    log += QByteArray(300, '[') + QByteArray(300, ']') + "\n"; // line 5: balanced, too deep
    log += kGoodGatewayLine + "\n";
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    auto summary = importGatewayLog(*c, dir, log);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->records, qint64(2));
    QCOMPARE(summary->diagnostics, qint64(4));
    auto stored = DiagnosticStore::fetch(c->db(), summary->sourceId, 0, 10);
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), 4);
    const qint64 lines[] = { 2, 3, 4, 5 };
    const qint64 columns[] = { 48, 12, 13, 0 };
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(stored->at(i).line.value_or(-1), lines[i]);
        if (columns[i] > 0)
            QCOMPARE(stored->at(i).column.value_or(-1), columns[i]);
    }
}

QTEST_GUILESS_MAIN(TestQueryLogImport)
#include "tst_query_log_import.moc"
