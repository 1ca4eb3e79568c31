// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/evidence_store.h"
#include "casefile/search_index.h"
#include "casefile/transcript_store.h"
#include "collect_sink.h"
#include "docs_test_support.h"
#include "ingest/format_registry.h"
#include "ingest/importer.h"
#include "ingest/input_stream.h"
#include "ingest/transcript_parsers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace lineage;
using namespace Qt::Literals::StringLiterals;
using namespace lineage::ingest;
using namespace lineage::testing;

namespace {

QByteArray readFixture(const QString &relative)
{
    return readFile(fixture(relative));
}

struct Parsed
{
    Status status;
    CollectSink sink;
};

void parseWith(Parsed &out, const QString &format, const QByteArray &bytes, const QString &name,
               const ImportOptions &options)
{
    const Parser *parser = registryOf<registerTranscriptParsers>().find(format);
    QVERIFY2(parser, qPrintable(format));
    MemoryInputStream input(bytes, name);
    out.status = parser->parse(input, out.sink, options, nullFeedback());
}

const casefile::Investigator kWho { QStringLiteral("T. Examiner"), QStringLiteral("texaminer") };

} // namespace

class TestTranscriptImport : public QObject
{
    Q_OBJECT

private slots:
    void sniffsFormat_data();
    void sniffsFormat();
    void parsesFixture_data();
    void parsesFixture();
    void turnFieldsAndPlaces();
    void labelWinsOverGenerators();
    void invalidUtf8IsLocated();
    void overlongRecordsBecomeDiagnostics_data();
    void overlongRecordsBecomeDiagnostics();
    void strictStopsAtFirstBadRecord();
    void textWithoutMarkersIsRefused();
    void storeListsAndPagesTurns();
    void editingLabelAndRoleIsAudited();
    void importsThroughPipeline_data();
    void importsThroughPipeline();
    void refusedTranscriptLeavesCaseUnchanged();
    void importWithoutRoleStaysUnassigned();
    void compressedTranscriptKeepsContentOffsets();
};

void TestTranscriptImport::sniffsFormat_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::newRow("alpaca") << u"alpaca_two_generators/alpaca_eval.json"_s << u"alpaca-eval-json"_s;
    QTest::newRow("alpaca broken") << u"alpaca_broken/alpaca_broken.json"_s << u"alpaca-eval-json"_s;
    QTest::newRow("messages") << u"messages_jsonl/chat.jsonl"_s << u"openai-messages-jsonl"_s;
    QTest::newRow("sharegpt json") << u"sharegpt_json/sharegpt.json"_s << u"sharegpt-json"_s;
    QTest::newRow("sharegpt jsonl") << u"sharegpt_jsonl/sharegpt.jsonl"_s << u"sharegpt-jsonl"_s;
    QTest::newRow("prompt/response") << u"prompt_response/pairs.jsonl"_s << u"prompt-response-jsonl"_s;
    QTest::newRow("markdown") << u"speaker_markdown/chat.md"_s << u"speaker-text"_s;
    QTest::newRow("plain text") << u"speaker_plain/chat.txt"_s << u"speaker-text"_s;
    QTest::newRow("no markers") << u"speaker_none/notes.txt"_s << u""_s;
    QTest::newRow("empty") << u"empty/empty.jsonl"_s << u""_s;
}

void TestTranscriptImport::sniffsFormat()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    const QByteArray head = readFixture(file).left(Parser::kSniffBytes);
    // The file name is a hint only: sniff under a neutral name too.
    for (const QString &name : { file, QStringLiteral("upload.bin") }) {
        const auto matches = registryOf<registerTranscriptParsers>().sniff(head, name, SourceKind::Transcript);
        if (format.isEmpty()) {
            QVERIFY2(matches.isEmpty(), qPrintable(matches.isEmpty() ? QString() : matches.first().parser->format()));
        } else {
            QVERIFY(!matches.isEmpty());
            QCOMPARE(matches.first().parser->format(), format);
        }
    }
}

void TestTranscriptImport::parsesFixture_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<int>("turns");
    QTest::addColumn<QStringList>("diagnostics"); // "line:reason fragment"

    QTest::newRow("alpaca, two generators") << u"alpaca_two_generators/alpaca_eval.json"_s << u"alpaca-eval-json"_s
                                            << QStringList { u"gpt-4"_s, u"suspect-7b"_s } << 4 << QStringList {};
    QTest::newRow("alpaca, broken records")
        << u"alpaca_broken/alpaca_broken.json"_s << u"alpaca-eval-json"_s << QStringList { u"m1"_s } << 2
        << QStringList { u"3:missing field 'output'"_s, u"4:invalid JSON"_s, u"5:'instruction' is not a string"_s,
                         u"7:truncated"_s };
    QTest::newRow("messages") << u"messages_jsonl/chat.jsonl"_s << u"openai-messages-jsonl"_s
                              << QStringList { u"gpt-4o"_s, u"chat"_s } << 4 << QStringList {};
    QTest::newRow("messages, broken") << u"messages_broken/chat_broken.jsonl"_s << u"openai-messages-jsonl"_s
                                      << QStringList { u"chat_broken"_s } << 2
                                      << QStringList { u"2:missing field 'messages'"_s, u"3:invalid JSON"_s,
                                                       u"4:message 1 has no 'role'"_s };
    QTest::newRow("sharegpt json") << u"sharegpt_json/sharegpt.json"_s << u"sharegpt-json"_s
                                   << QStringList { u"sharegpt"_s } << 3
                                   << QStringList { u"1:message 1 needs 'from' and 'value'"_s };
    QTest::newRow("sharegpt jsonl") << u"sharegpt_jsonl/sharegpt.jsonl"_s << u"sharegpt-jsonl"_s
                                    << QStringList { u"sharegpt"_s } << 3
                                    << QStringList { u"3:message 1 needs 'from' and 'value'"_s };
    QTest::newRow("prompt/response") << u"prompt_response/pairs.jsonl"_s << u"prompt-response-jsonl"_s
                                     << QStringList { u"control-llama"_s, u"pairs"_s } << 4
                                     << QStringList { u"4:missing fields"_s };
    QTest::newRow("markdown") << u"speaker_markdown/chat.md"_s << u"speaker-text"_s << QStringList { u"chat"_s } << 3
                              << QStringList {};
    QTest::newRow("plain text") << u"speaker_plain/chat.txt"_s << u"speaker-text"_s << QStringList { u"chat"_s } << 2
                                << QStringList {};
    QTest::newRow("empty jsonl") << u"empty/empty.jsonl"_s << u"openai-messages-jsonl"_s << QStringList {} << 0
                                 << QStringList {};
}

void TestTranscriptImport::parsesFixture()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    QFETCH(QStringList, labels);
    QFETCH(int, turns);
    QFETCH(QStringList, diagnostics);

    Parsed parsed;
    ImportOptions options;
    options.kind = SourceKind::Transcript;
    options.role = TranscriptRole::Suspect;
    parseWith(parsed, format, readFixture(file), file.section(QLatin1Char('/'), -1), options);
    QVERIFY2(parsed.status.ok(), qPrintable(parsed.status.ok() ? QString() : parsed.status.error().message));

    QStringList gotLabels;
    for (const TranscriptInfo &t : parsed.sink.transcripts) {
        gotLabels << t.modelLabel;
        QCOMPARE(t.role, TranscriptRole::Suspect);
    }
    QCOMPARE(gotLabels, labels);
    QCOMPARE(parsed.sink.turns.size(), turns);
    QCOMPARE(parsed.sink.diagnostics.size(), diagnostics.size());
    for (int i = 0; i < diagnostics.size(); ++i) {
        const Diagnostic &d = parsed.sink.diagnostics[i];
        const qint64 line = diagnostics[i].section(QLatin1Char(':'), 0, 0).toLongLong();
        const QString reason = diagnostics[i].section(QLatin1Char(':'), 1);
        QCOMPARE(d.line, line);
        QVERIFY2(d.reason.contains(reason), qPrintable(d.reason));
        QVERIFY(!d.raw.isEmpty());
        QVERIFY(d.byteOffset >= 0);
    }
    // Turns are numbered 1.. within each transcript, in source order.
    QHash<qint64, qint64> lastSeq;
    for (const auto &[transcript, turn] : parsed.sink.turns) {
        QCOMPARE(turn.seq, lastSeq.value(transcript) + 1);
        lastSeq[transcript] = turn.seq;
    }
}

void TestTranscriptImport::turnFieldsAndPlaces()
{
    {
        const QByteArray bytes = readFixture(QStringLiteral("alpaca_two_generators/alpaca_eval.json"));
        Parsed p;
        parseWith(p, QStringLiteral("alpaca-eval-json"), bytes, QStringLiteral("alpaca_eval.json"), {});
        QVERIFY(p.status.ok());
        const Turn &first = p.sink.turns[0].second;
        QCOMPARE(first.where.line, 2);
        QCOMPARE(first.where.byteOffset, 4); // "[\n  "
        QCOMPARE(bytes.mid(first.where.byteOffset, 1), QByteArray("{"));
        QCOMPARE(bytes.at(first.where.byteOffset + first.where.byteLength - 1), '}');
        const Turn &chinese = p.sink.turns[2].second;
        QCOMPARE(chinese.prompt, QStringLiteral("请用一句话解释什么是蒸馏。"));
        QCOMPARE(chinese.answer, QStringLiteral("蒸馏是用一个大模型的输出训练一个小模型的方法。"));
        QCOMPARE(p.sink.turns[2].first, 0); // gpt-4's transcript
        QCOMPARE(chinese.seq, 2);
        const Turn &multiline = p.sink.turns[3].second;
        QCOMPARE(multiline.prompt, QStringLiteral("How do I make a cup of tea?\nKeep it short."));
        QCOMPARE(
            multiline.answer,
            QStringLiteral("Boil water, steep the tea for 3 minutes, remove the bag and enjoy.\n\n- Optional: milk"));
    }
    {
        const QByteArray bytes = readFixture(QStringLiteral("messages_jsonl/chat.jsonl"));
        Parsed p;
        parseWith(p, QStringLiteral("openai-messages-jsonl"), bytes, QStringLiteral("chat.jsonl"), {});
        QVERIFY(p.status.ok());
        const Turn &t1 = p.sink.turns[0].second;
        QCOMPARE(t1.conversation, QStringLiteral("conv-1"));
        QCOMPARE(t1.system, QStringLiteral("You are a helpful assistant."));
        QCOMPARE(t1.prompt, QStringLiteral("Think step by step: what is 17 * 23?"));
        QCOMPARE(t1.answer, QStringLiteral("17 * 23 = 17 * 20 + 17 * 3 = 340 + 51 = 391."));
        QCOMPARE(t1.where.line, 1);
        QCOMPARE(t1.where.byteOffset, 0);
        QCOMPARE(p.sink.turns[1].second.prompt, QStringLiteral("And 391 / 17?"));
        const Turn &t3 = p.sink.turns[2].second;
        QCOMPARE(t3.prompt, QStringLiteral("你是谁？"));
        QCOMPARE(t3.where.line, 2);
        QCOMPARE(t3.where.byteOffset, bytes.indexOf('\n') + 1);
        const Turn &t4 = p.sink.turns[3].second;
        QCOMPARE(t4.where.line, 4);
        QCOMPARE(t4.prompt, QStringLiteral("Unanswered question"));
        QVERIFY(t4.answer.isEmpty());
    }
    {
        Parsed p;
        parseWith(p, QStringLiteral("sharegpt-json"), readFixture(QStringLiteral("sharegpt_json/sharegpt.json")),
                  QStringLiteral("sharegpt.json"), {});
        QVERIFY(p.status.ok());
        QCOMPARE(p.sink.turns[1].second.prompt, QStringLiteral("Now one about snow."));
        QCOMPARE(p.sink.turns[1].second.conversation, QStringLiteral("sg-1"));
        QCOMPARE(p.sink.turns[2].second.system, QStringLiteral("Answer in Chinese."));
        QCOMPARE(p.sink.turns[2].second.answer, QStringLiteral("法国的首都是巴黎。"));
    }
    {
        Parsed p;
        parseWith(p, QStringLiteral("prompt-response-jsonl"),
                  readFixture(QStringLiteral("prompt_response/pairs.jsonl")), QStringLiteral("pairs.jsonl"), {});
        QVERIFY(p.status.ok());
        QCOMPARE(p.sink.turns[1].second.prompt, QStringLiteral("Translate to French\n\nGood morning"));
        QCOMPARE(p.sink.turns[1].second.answer, QStringLiteral("Bonjour"));
        QCOMPARE(p.sink.turns[2].second.conversation, QStringLiteral("7"));
        QCOMPARE(p.sink.turns[3].second.answer, QStringLiteral("c"));
    }
    {
        const QByteArray bytes = readFixture(QStringLiteral("speaker_markdown/chat.md"));
        Parsed p;
        parseWith(p, QStringLiteral("speaker-text"), bytes, QStringLiteral("chat.md"), {});
        QVERIFY(p.status.ok());
        const Turn &t1 = p.sink.turns[0].second;
        QCOMPARE(t1.prompt, QStringLiteral("Explain chain-of-thought prompting."));
        QCOMPARE(t1.answer,
                 QStringLiteral("Chain-of-thought prompting asks the model to show its reasoning\n"
                                "step by step before the answer.\n\nIt often improves accuracy."));
        QCOMPARE(t1.where.line, 5);
        QCOMPARE(t1.where.byteOffset, bytes.indexOf("### Human"));
        QVERIFY(bytes.mid(t1.where.byteOffset, t1.where.byteLength).endsWith("It often improves accuracy."));
        QCOMPARE(p.sink.turns[1].second.prompt, QStringLiteral("用中文回答：什么是模型蒸馏？"));
        QCOMPARE(p.sink.turns[1].second.conversation, QStringLiteral("1"));
        QCOMPARE(p.sink.turns[2].second.prompt, QStringLiteral("Second conversation question?"));
        QCOMPARE(p.sink.turns[2].second.answer, QStringLiteral("Second conversation answer."));
        QCOMPARE(p.sink.turns[2].second.conversation, QStringLiteral("2"));
    }
    {
        Parsed p;
        parseWith(p, QStringLiteral("speaker-text"), readFixture(QStringLiteral("speaker_plain/chat.txt")),
                  QStringLiteral("chat.txt"), {});
        QVERIFY(p.status.ok());
        const Turn &t1 = p.sink.turns[0].second;
        QCOMPARE(t1.system, QStringLiteral("Be brief."));
        QCOMPARE(t1.answer,
                 QStringLiteral("100 degrees Celsius at sea level.\nNote: this line belongs to the answer."));
        const Turn &t2 = p.sink.turns[1].second;
        QCOMPARE(t2.prompt, QStringLiteral("And in Fahrenheit?\n\n华氏度呢？"));
        QCOMPARE(t2.answer, QStringLiteral("212 °F."));
        QCOMPARE(t2.where.line, 5);
    }
}

void TestTranscriptImport::labelWinsOverGenerators()
{
    Parsed p;
    ImportOptions options;
    options.modelLabel = QStringLiteral("Suspect-X");
    options.role = TranscriptRole::Control;
    parseWith(p, QStringLiteral("alpaca-eval-json"),
              readFixture(QStringLiteral("alpaca_two_generators/alpaca_eval.json")), QStringLiteral("alpaca_eval.json"),
              options);
    QVERIFY(p.status.ok());
    QCOMPARE(p.sink.transcripts.size(), 1);
    QCOMPARE(p.sink.transcripts[0].modelLabel, QStringLiteral("Suspect-X"));
    QCOMPARE(p.sink.transcripts[0].role, TranscriptRole::Control);
    QCOMPARE(p.sink.turns.size(), 4);
    QCOMPARE(p.sink.turns[3].second.seq, 4);
}

void TestTranscriptImport::invalidUtf8IsLocated()
{
    const QByteArray bytes = readFixture(QStringLiteral("alpaca_broken/alpaca_bad_utf8.json"));
    Parsed p;
    parseWith(p, QStringLiteral("alpaca-eval-json"), bytes, QStringLiteral("alpaca_bad_utf8.json"), {});
    QVERIFY(p.status.ok());
    QCOMPARE(p.sink.turns.size(), 1);
    QCOMPARE(p.sink.turns[0].second.answer, QStringLiteral("fine"));
    QCOMPARE(p.sink.diagnostics.size(), 1);
    const Diagnostic &d = p.sink.diagnostics[0];
    QCOMPARE(d.line, 1);
    QCOMPARE(d.column, bytes.indexOf('\xff') + 1);
    QVERIFY2(d.reason.contains(QLatin1String("UTF-8")), qPrintable(d.reason));
}

void TestTranscriptImport::overlongRecordsBecomeDiagnostics_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("content");
    const QByteArray big(5000, 'x');
    QTest::newRow("json array") << u"alpaca-eval-json"_s
                                << QByteArray("[{\"instruction\": \"a\", \"output\": \"b\"},\n{\"instruction\": \""
                                              + big
                                              + "\", \"output\": \"c\"},\n"
                                                "{\"instruction\": \"d\", \"output\": \"e\"}]");
    QTest::newRow("jsonl") << u"prompt-response-jsonl"_s
                           << QByteArray("{\"prompt\": \"a\", \"response\": \"b\"}\n{\"prompt\": \"" + big
                                         + "\", \"response\": \"c\"}\n"
                                           "{\"prompt\": \"d\", \"response\": \"e\"}\n");
    QTest::newRow("speaker text") << u"speaker-text"_s
                                  << QByteArray("User: a\nAssistant: b\nUser: " + big + "\nUser: d\nAssistant: e\n");
}

void TestTranscriptImport::overlongRecordsBecomeDiagnostics()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, content);
    ImportOptions options;
    options.maxLineBytes = 1000;
    Parsed p;
    parseWith(p, format, content, QStringLiteral("big"), options);
    QVERIFY(p.status.ok());
    QCOMPARE(p.sink.diagnostics.size(), 1);
    QCOMPARE(p.sink.diagnostics[0].line, 2 + (format == QLatin1String("speaker-text")));
    QVERIFY2(p.sink.diagnostics[0].reason.contains(QLatin1String("over the limit")),
             qPrintable(p.sink.diagnostics[0].reason));
    QVERIFY(p.sink.diagnostics[0].raw.size() <= parsing::kRawKeep);
    QCOMPARE(p.sink.turns.size(), 2);
    QCOMPARE(p.sink.turns.last().second.prompt, QStringLiteral("d"));
    QCOMPARE(p.sink.turns.last().second.answer, QStringLiteral("e"));
}

void TestTranscriptImport::strictStopsAtFirstBadRecord()
{
    Parsed p;
    p.sink.strict = true;
    parseWith(p, QStringLiteral("openai-messages-jsonl"),
              readFixture(QStringLiteral("messages_broken/chat_broken.jsonl")), QStringLiteral("chat_broken.jsonl"),
              {});
    QVERIFY(!p.status.ok());
    QCOMPARE(p.sink.diagnostics.size(), 1);
    QCOMPARE(p.sink.turns.size(), 1);
}

void TestTranscriptImport::textWithoutMarkersIsRefused()
{
    Parsed p;
    parseWith(p, QStringLiteral("speaker-text"), readFixture(QStringLiteral("speaker_none/notes.txt")),
              QStringLiteral("notes.txt"), {});
    QVERIFY(!p.status.ok());
    QVERIFY(p.status.error().message.contains(QLatin1String("notes.txt")));
    Parsed q;
    parseWith(q, QStringLiteral("alpaca-eval-json"), QByteArray("{\"instruction\": \"x\"}"), QStringLiteral("obj.json"),
              {});
    QVERIFY(!q.status.ok());
    QVERIFY(q.status.error().message.contains(QLatin1String("not a JSON array")));
}

namespace {

// A source row to hang transcripts on (the import pipeline makes these in real use).
qint64 addSource(casefile::CaseFile &file, const QByteArray &bytes)
{
    casefile::Transaction tx(file.db());
    if (!tx.begin())
        return 0;
    casefile::EvidenceWriter writer(file.db());
    if (!writer.write(bytes))
        return 0;
    auto blob = writer.finish();
    if (!blob)
        return 0;
    auto insert
        = casefile::Statement::prepare(file.db(),
                                       "INSERT INTO sources (kind, format, original_name, sha256, size, imported_utc, "
                                       "imported_offset, importer, importer_version) "
                                       "VALUES ('transcript', 'test', 'fixture.jsonl', ?, ?, 0, 0, 'test', '0')");
    if (!insert)
        return 0;
    insert->bind(1, blob->sha256).bind(2, blob->size);
    if (!insert->run())
        return 0;
    const qint64 id = file.db().lastInsertRowId();
    return tx.commit() ? id : 0;
}

} // namespace

void TestTranscriptImport::storeListsAndPagesTurns()
{
    QTemporaryDir dir;
    auto file = casefile::CaseFile::create(dir.filePath(QStringLiteral("t.lineage")),
                                           titled(QStringLiteral("Store test")), kWho);
    QVERIFY(file);
    const qint64 source = addSource(**file, "fixture bytes");
    QVERIFY(source > 0);
    casefile::TranscriptStore store((*file)->db());
    auto t1 = store.insertTranscript(
        { 0, source, {}, QStringLiteral("gpt-4"), QStringLiteral("provider"), QStringLiteral("a.json"), 0 });
    auto t2 = store.insertTranscript(
        { 0, source, {}, QStringLiteral("suspect"), QStringLiteral("suspect"), QStringLiteral("a.json"), 0 });
    QVERIFY(t1 && t2);
    auto bad = store.insertTranscript({ 0, source, {}, QStringLiteral("x"), QStringLiteral("witness"), {}, 0 });
    QVERIFY(!bad);
    QVERIFY(bad.error().message.contains(QLatin1String("witness")));
    for (int i = 1; i <= 7; ++i) {
        casefile::TurnRow turn;
        turn.transcriptId = *t1;
        turn.seq = i;
        turn.prompt = QStringLiteral("prompt %1").arg(i);
        turn.answer = QStringLiteral("回答 %1").arg(i);
        turn.line = i;
        turn.byteOffset = i * 100;
        turn.byteLength = 99;
        QVERIFY(store.insertTurn(turn));
    }
    auto list = store.transcripts();
    QVERIFY(list);
    QCOMPARE(list->size(), 2);
    QCOMPARE(list->at(0).turnCount, 7);
    QCOMPARE(list->at(0).sourceName, QStringLiteral("fixture.jsonl"));
    QCOMPARE(list->at(1).turnCount, 0);
    auto page1 = store.turns(*t1, -1, 3);
    QVERIFY(page1);
    QCOMPARE(page1->size(), 3);
    auto page2 = store.turns(*t1, page1->last().seq, 3);
    QVERIFY(page2);
    QCOMPARE(page2->first().seq, 4);
    QCOMPARE(page2->first().answer, QStringLiteral("回答 4"));
    QCOMPARE(page2->first().byteOffset.value_or(-1), 400);
    auto page3 = store.turns(*t1, page2->last().seq, 3);
    QVERIFY(page3);
    QCOMPARE(page3->size(), 1);
}

void TestTranscriptImport::editingLabelAndRoleIsAudited()
{
    QTemporaryDir dir;
    auto file = casefile::CaseFile::create(dir.filePath(QStringLiteral("t.lineage")),
                                           titled(QStringLiteral("Edit test")), kWho);
    QVERIFY(file);
    const qint64 source = addSource(**file, "more fixture bytes");
    casefile::TranscriptStore store((*file)->db());
    auto id
        = store.insertTranscript({ 0, source, {}, QStringLiteral("unknown-model"), QStringLiteral("suspect"), {}, 0 });
    QVERIFY(id);
    const qint64 before = casefile::AuditLog::count((*file)->db()).value();

    QVERIFY(casefile::TranscriptStore::updateTranscript(**file, *id, QStringLiteral("DeepDistill-7B"),
                                                        QStringLiteral("control")));
    auto row = store.transcript(*id);
    QVERIFY(row);
    QCOMPARE(row->modelLabel, QStringLiteral("DeepDistill-7B"));
    QCOMPARE(row->role, QStringLiteral("control"));
    auto entries = casefile::AuditLog::entries((*file)->db(), before + 1);
    QVERIFY(entries);
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->at(0).action, QStringLiteral("transcript.edit"));
    QCOMPARE(entries->at(0).target, QStringLiteral("transcript:%1").arg(*id));
    QVERIFY(entries->at(0).parameters.contains(QLatin1String("unknown-model")));
    QVERIFY(entries->at(0).parameters.contains(QLatin1String("DeepDistill-7B")));

    // A refused edit changes nothing and writes no audit entry.
    QVERIFY(!casefile::TranscriptStore::updateTranscript(**file, *id, QStringLiteral("x"), QStringLiteral("judge")));
    QVERIFY(!casefile::TranscriptStore::updateTranscript(**file, *id, QStringLiteral("  "), QStringLiteral("suspect")));
    QCOMPARE(casefile::AuditLog::count((*file)->db()).value(), before + 1);
    QCOMPARE(store.transcript(*id)->role, QStringLiteral("control"));
    auto report = (*file)->verify();
    QVERIFY(report && report->ok());
}

void TestTranscriptImport::importsThroughPipeline_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("transcripts");
    QTest::addColumn<int>("turns");
    QTest::addColumn<int>("diagnostics");
    QTest::addColumn<QString>("search"); // a word or Chinese substring the index must find in a turn
    QTest::newRow("alpaca, no label") << u"alpaca_two_generators/alpaca_eval.json"_s << QString()
                                      << u"alpaca-eval-json"_s << 2 << 4 << 0 << u"蒸馏"_s;
    QTest::newRow("alpaca, label") << u"alpaca_two_generators/alpaca_eval.json"_s << u"Suspect-X"_s
                                   << u"alpaca-eval-json"_s << 1 << 4 << 0 << u"Broadway"_s;
    QTest::newRow("alpaca, broken") << u"alpaca_broken/alpaca_broken.json"_s << QString() << u"alpaca-eval-json"_s << 1
                                    << 2 << 4 << u"prime"_s;
    QTest::newRow("messages") << u"messages_jsonl/chat.jsonl"_s << QString() << u"openai-messages-jsonl"_s << 2 << 4
                              << 0 << u"人工智能"_s;
    QTest::newRow("sharegpt json") << u"sharegpt_json/sharegpt.json"_s << QString() << u"sharegpt-json"_s << 1 << 3 << 1
                                   << u"haiku"_s;
    QTest::newRow("sharegpt jsonl") << u"sharegpt_jsonl/sharegpt.jsonl"_s << QString() << u"sharegpt-jsonl"_s << 1 << 3
                                    << 1 << u"巴黎"_s;
    QTest::newRow("prompt/response") << u"prompt_response/pairs.jsonl"_s << QString() << u"prompt-response-jsonl"_s << 2
                                     << 4 << 1 << u"Hamlet"_s;
    QTest::newRow("markdown") << u"speaker_markdown/chat.md"_s << QString() << u"speaker-text"_s << 1 << 3 << 0
                              << u"教师模型"_s;
    QTest::newRow("plain text") << u"speaker_plain/chat.txt"_s << QString() << u"speaker-text"_s << 1 << 2 << 0
                                << u"Fahrenheit"_s;
}

void TestTranscriptImport::importsThroughPipeline()
{
    QFETCH(QString, file);
    QFETCH(QString, label);
    QFETCH(QString, format);
    QFETCH(int, transcripts);
    QFETCH(int, turns);
    QFETCH(int, diagnostics);
    QFETCH(QString, search);

    QTemporaryDir dir;
    auto caseFile = casefile::CaseFile::create(dir.filePath(u"p.lineage"_s), titled(u"Pipeline"_s), kWho);
    QVERIFY(caseFile);
    ImportOptions options;
    options.kind = SourceKind::Transcript;
    options.modelLabel = label;
    options.role = TranscriptRole::Provider;
    auto summary = importFile(**caseFile, fixture(file), options); // format sniffed from content
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().message));
    QCOMPARE(summary->format, format);
    QCOMPARE(summary->records, turns);
    QCOMPARE(summary->diagnostics, diagnostics);

    casefile::TranscriptStore store((*caseFile)->db());
    auto list = store.transcripts(summary->sourceId);
    QVERIFY(list);
    QCOMPARE(list->size(), transcripts);
    qint64 stored = 0;
    const QByteArray bytes = readFixture(file);
    for (const casefile::TranscriptRow &t : *list) {
        QCOMPARE(t.role, u"provider"_s);
        if (!label.isEmpty())
            QCOMPARE(t.modelLabel, label);
        stored += t.turnCount;
        auto rows = store.turns(t.id);
        QVERIFY(rows);
        QCOMPARE(qint64(rows->size()), t.turnCount);
        for (const casefile::TurnRow &turn : *rows) {
            // Every turn points into the stored original.
            QVERIFY(turn.line.value_or(0) >= 1);
            QVERIFY(turn.byteOffset.value_or(-1) >= 0);
            QVERIFY(turn.byteOffset.value_or(0) + turn.byteLength.value_or(0) <= bytes.size());
        }
    }
    QCOMPARE(stored, turns);
    auto hits = casefile::SearchIndex::search((*caseFile)->db(), search);
    QVERIFY(hits);
    QVERIFY2(!hits->isEmpty(), qPrintable(search));
    QCOMPARE(hits->first().itemKind, u"turn"_s);
    QCOMPARE(hits->first().sourceId, summary->sourceId);

    // The same bytes again are refused, naming the earlier source.
    auto again = importFile(**caseFile, fixture(file), options);
    QVERIFY(!again);
    QCOMPARE(again.error().code, ErrorCode::Duplicate);
    QVERIFY(again.error().message.contains(file.section(QLatin1Char('/'), -1)));
    QVERIFY((*caseFile)->verify()->ok());
}

// Issue 7: a transcript imported without a role is not made a suspect; it stays unassigned
// until the analyst gives one, and the core names the transcripts that still lack one.
void TestTranscriptImport::importWithoutRoleStaysUnassigned()
{
    QTemporaryDir dir;
    auto caseFile = casefile::CaseFile::create(dir.filePath(u"u.lineage"_s), titled(u"Roles"_s), kWho);
    QVERIFY(caseFile);
    ImportOptions options;
    options.kind = SourceKind::Transcript;
    auto summary = importFile(**caseFile, fixture(u"alpaca_two_generators/alpaca_eval.json"_s), options);
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().message));
    casefile::TranscriptStore store((*caseFile)->db());
    auto list = store.transcripts();
    QVERIFY(list);
    QCOMPARE(list->size(), 2);
    for (const casefile::TranscriptRow &t : *list)
        QCOMPARE(t.role, u"unassigned"_s);
    auto missing = store.unassigned();
    QVERIFY(missing);
    QCOMPARE(missing->size(), 2);

    // Giving one a role takes it off the list; the message names the other.
    QVERIFY(
        casefile::TranscriptStore::updateTranscript(**caseFile, list->at(0).id, list->at(0).modelLabel, u"control"_s));
    missing = store.unassigned();
    QVERIFY(missing);
    QCOMPARE(missing->size(), 1);
    QCOMPARE(missing->first().id, list->at(1).id);
    const Error error = casefile::TranscriptStore::missingRoles(*missing);
    QVERIFY2(
        error.message.startsWith(
            u"Transcript %1 (%2, alpaca_eval.json) has no role yet."_s.arg(list->at(1).id).arg(list->at(1).modelLabel)),
        qPrintable(error.message));
    auto among = store.unassigned(QList<qint64> { list->at(0).id });
    QVERIFY(among && among->isEmpty());
    // The role can be taken back.
    QVERIFY(casefile::TranscriptStore::updateTranscript(**caseFile, list->at(0).id, list->at(0).modelLabel,
                                                        u"unassigned"_s));
    QCOMPARE(store.unassigned()->size(), 2);
}

void TestTranscriptImport::refusedTranscriptLeavesCaseUnchanged()
{
    QTemporaryDir dir;
    auto caseFile = casefile::CaseFile::create(dir.filePath(u"r.lineage"_s), titled(u"Refused"_s), kWho);
    QVERIFY(caseFile);
    casefile::Database &db = (*caseFile)->db();
    const qint64 audits = casefile::AuditLog::count(db).value();
    ImportOptions options;
    options.kind = SourceKind::Transcript;
    options.format = u"speaker-text"_s;
    auto result = importFile(**caseFile, fixture(u"speaker_none/notes.txt"_s), options);
    QVERIFY(!result);
    QVERIFY(result.error().message.contains(u"speaker markers"_s));
    QCOMPARE(db.queryInt("SELECT count(*) FROM sources").value(), 0);
    QCOMPARE(db.queryInt("SELECT count(*) FROM blobs").value(), 0);
    QCOMPARE(db.queryInt("SELECT count(*) FROM transcripts").value(), 0);
    QCOMPARE(casefile::AuditLog::count(db).value(), audits);

    options.strict = true;
    options.format = u"openai-messages-jsonl"_s;
    auto strict = importFile(**caseFile, fixture(u"messages_broken/chat_broken.jsonl"_s), options);
    QVERIFY(!strict);
    QVERIFY2(strict.error().message.contains(u"line 2"_s) || strict.error().message.contains(u"messages"_s),
             qPrintable(strict.error().message));
    QCOMPARE(db.queryInt("SELECT count(*) FROM turns").value(), 0);
    QCOMPARE(casefile::AuditLog::count(db).value(), audits);
}

void TestTranscriptImport::compressedTranscriptKeepsContentOffsets()
{
    QTemporaryDir dir;
    const QByteArray plain = readFixture(u"sharegpt_jsonl/sharegpt.jsonl"_s);
    const QString gzPath = dir.filePath(u"sharegpt.jsonl.gz"_s);
    gzFile gz = gzopen(QFile::encodeName(gzPath).constData(), "wb");
    QVERIFY(gz);
    QCOMPARE(gzwrite(gz, plain.constData(), unsigned(plain.size())), int(plain.size()));
    QCOMPARE(gzclose(gz), Z_OK);

    auto caseFile = casefile::CaseFile::create(dir.filePath(u"z.lineage"_s), titled(u"Compressed"_s), kWho);
    QVERIFY(caseFile);
    ImportOptions options;
    options.kind = SourceKind::Transcript;
    auto summary = importFile(**caseFile, gzPath, options);
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().message));
    QCOMPARE(summary->format, u"sharegpt-jsonl"_s);
    QCOMPARE(summary->compression, u"gzip"_s);
    QCOMPARE(summary->records, 3);
    casefile::TranscriptStore store((*caseFile)->db());
    auto turns = store.turns(store.transcripts(summary->sourceId)->first().id);
    QVERIFY(turns);
    // Offsets count decompressed bytes: the third turn starts on line 2 of the plain text.
    QCOMPARE(turns->at(2).line.value_or(0), 2);
    QCOMPARE(turns->at(2).byteOffset.value_or(-1), plain.indexOf('\n') + 1);
}

QTEST_GUILESS_MAIN(TestTranscriptImport)
#include "tst_transcript_import.moc"
