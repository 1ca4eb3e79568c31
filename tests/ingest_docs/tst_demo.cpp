// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/case_file.h"
#include "casefile/document_store.h"
#include "casefile/event_store.h"
#include "casefile/transcript_store.h"
#include "demo/demo_generator.h"
#include "docs_test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

const Investigator kWho { QStringLiteral("Demo Tester"), QStringLiteral("tester") };

// The first query record of a source line, as stored by the import.
struct StoredRecord
{
    QString account;
    QString requestId;
    QString ip;
    QString completion;
    qint64 timeUtc = 0;
};

std::optional<StoredRecord> recordAt(Database &db, const QString &sourceName, qint64 line)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT a.name, q.custom_id, q.ip, q.completion, q.time_utc FROM query_records q "
                                   "JOIN sources s ON s.id = q.source_id LEFT JOIN accounts a ON a.id = q.account_id "
                                   "WHERE s.original_name = ? AND q.line = ?");
    if (!stmt)
        return std::nullopt;
    stmt->bind(1, sourceName).bind(2, line);
    auto row = stmt->step();
    if (!row || !*row)
        return std::nullopt;
    return StoredRecord { stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->int64(4) };
}

qint64 scalar(Database &db, const char *sql, const QString &arg = {})
{
    auto stmt = Statement::prepare(db, sql);
    if (!stmt)
        return -1;
    if (!arg.isNull())
        stmt->bind(1, arg);
    auto row = stmt->step();
    return row && *row ? stmt->int64(0) : -1;
}

// How many of the original's lines survive in the edited text.
double sharedLines(const QString &original, const QString &edited)
{
    const QStringList lines = original.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    int kept = 0;
    for (const QString &line : lines)
        kept += edited.contains(line.trimmed()) ? 1 : 0;
    return lines.isEmpty() ? 0 : double(kept) / double(lines.size());
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void caseHoldsEverySource();
    void ringAccountsAndBehaviorPresent();
    void reusedOutputsPresentInSuspectTranscripts();
    void documentsPagesAndClauseDatesOnTimeline();
    void evidenceIsDeterministic();
    void refusesToOverwriteCase();

private:
    QTemporaryDir m_dir;
    QString m_out;
    QJsonObject m_truth;
    std::unique_ptr<CaseFile> m_case;
    demo::DemoCaseSummary m_summary;
};

void TestDemo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_out = m_dir.filePath(u"demo"_s);
    demo::DemoOptions options;
    options.tiny = true;
    auto summary = demo::buildDemoCase(m_out, options, kWho);
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().message));
    m_summary = *summary;
    QCOMPARE(m_summary.casePath, QDir(m_out).filePath(u"demo.lineage"_s));
    const QJsonDocument truth = QJsonDocument::fromJson(readFile(QDir(m_out).filePath(u"ground_truth.json"_s)));
    QVERIFY(truth.isObject());
    m_truth = truth.object();
    auto file = CaseFile::open(m_summary.casePath, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    m_case = std::move(*file);
}

void TestDemo::caseHoldsEverySource()
{
    QCOMPARE(m_summary.sources, 13); // 6 monthly logs, 5 transcript files, 2 PDFs
    QCOMPARE(m_summary.diagnostics, 0);
    Database &db = m_case->db();
    QCOMPARE(scalar(db, "SELECT count(*) FROM sources"), 13);
    QCOMPARE(scalar(db, "SELECT count(*) FROM query_records"), qint64(m_truth.value(u"query_records"_s).toInteger()));
    QVERIFY(m_summary.files.queryRecords > 200 && m_summary.files.queryRecords < 1000); // tiny stays tiny
    QCOMPARE(scalar(db, "SELECT count(*) FROM sources WHERE original_name LIKE '%.gz'"), 1);
    TranscriptStore transcripts(db);
    auto list = transcripts.transcripts();
    QVERIFY(list);
    QMap<QString, QStringList> byRole;
    for (const TranscriptRow &t : *list)
        byRole[t.role] << t.modelLabel;
    QCOMPARE(byRole.value(u"provider"_s), QStringList { u"aurora-4"_s });
    QCOMPARE(byRole.value(u"control"_s), QStringList({ u"open-llama-8b-instruct"_s, u"mistral-7b-instruct"_s }));
    QCOMPARE(byRole.value(u"suspect"_s).size(), 3);
    QVERIFY(byRole.value(u"suspect"_s).count(u"DeepDistill-7B"_s) == 3);
    auto report = m_case->verify();
    QVERIFY(report);
    QVERIFY(report->ok());
}

void TestDemo::ringAccountsAndBehaviorPresent()
{
    Database &db = m_case->db();
    const QJsonObject ring = m_truth.value(u"ring"_s).toObject();
    const QJsonArray accounts = ring.value(u"accounts"_s).toArray();
    QCOMPARE(accounts.size(), 3);
    const QStringList sharedIps = ring.value(u"shared_ips"_s).toVariant().toStringList();
    const qint64 burstFrom = QDate::fromString(ring.value(u"burst"_s)[u"from"_s].toString(), Qt::ISODate)
                                 .startOfDay(Qt::UTC)
                                 .toMSecsSinceEpoch();
    const qint64 burstTo = QDate::fromString(ring.value(u"burst"_s)[u"to"_s].toString(), Qt::ISODate)
                               .addDays(1)
                               .startOfDay(Qt::UTC)
                               .toMSecsSinceEpoch();
    qint64 ringTotal = 0;
    for (const QJsonValue &v : accounts) {
        const QString name = v[u"account"_s].toString();
        const qint64 records = scalar(
            db, "SELECT count(*) FROM query_records q JOIN accounts a ON a.id = q.account_id WHERE a.name = ?", name);
        QVERIFY2(records > 0, qPrintable(name));
        ringTotal += records;
        // Shared addresses, n > 1, log-probabilities and the chain-of-thought template.
        auto stmt = Statement::prepare(db,
                                       "SELECT q.ip, q.n, q.logprobs, q.prompt, q.time_utc, q.extra_completions FROM "
                                       "query_records q JOIN accounts a ON a.id = q.account_id WHERE a.name = ?");
        QVERIFY(stmt);
        stmt->bind(1, name);
        int shared = 0, inBurst = 0, rows = 0;
        while (stmt->step().value()) {
            ++rows;
            shared += sharedIps.contains(stmt->text(0)) ? 1 : 0;
            QVERIFY(stmt->int64(1) == 4 || stmt->int64(1) == 8);
            QCOMPARE(stmt->int64(2), 1);
            QVERIFY(stmt->text(3).contains(u"Think step by step and show your reasoning"_s));
            QVERIFY(!stmt->text(5).isEmpty());
            const qint64 t = stmt->int64(4);
            inBurst += (t >= burstFrom && t < burstTo) ? 1 : 0;
        }
        QCOMPARE(rows, records);
        QVERIFY(shared > 0);
        QVERIFY2(inBurst * 2 > rows, "most of a ring account's queries fall in the burst before the release");
    }
    QCOMPARE(ringTotal, qint64(ring.value(u"records"_s).toInteger()));
    // Nobody outside the ring uses the shared addresses.
    QString list;
    for (const QString &ip : sharedIps)
        list += (list.isEmpty() ? u""_s : u","_s) + u"'"_s + ip + u"'"_s;
    const QByteArray outside
        = "SELECT count(DISTINCT account_id) FROM query_records WHERE ip IN (" + list.toLatin1() + ")";
    QCOMPARE(scalar(db, outside.constData()), qint64(accounts.size()));
}

void TestDemo::reusedOutputsPresentInSuspectTranscripts()
{
    Database &db = m_case->db();
    const QJsonArray reused = m_truth.value(u"reused_outputs"_s).toArray();
    QCOMPARE(reused.size(), 8);
    TranscriptStore transcripts(db);
    auto list = transcripts.transcripts();
    QVERIFY(list);
    qint64 suspectId = 0;
    for (const TranscriptRow &t : *list)
        if (t.sourceName == u"suspect_eval.json"_s)
            suspectId = t.id;
    QVERIFY(suspectId > 0);
    auto turns = transcripts.turns(suspectId, -1, 10000);
    QVERIFY(turns);
    int verbatim = 0, light = 0;
    for (const QJsonValue &v : reused) {
        const QJsonObject r = v.toObject();
        const qint64 seq = r.value(u"suspect_turn_seq"_s).toInteger();
        QVERIFY(seq >= 1 && seq <= turns->size());
        const TurnRow &turn = turns->at(seq - 1);
        QCOMPARE(turn.seq, seq);
        QCOMPARE(turn.prompt, r.value(u"instruction"_s).toString());
        auto record = recordAt(db, r.value(u"provider_file"_s).toString(), r.value(u"provider_line"_s).toInteger());
        QVERIFY2(record, qPrintable(r.value(u"provider_request_id"_s).toString()));
        QCOMPARE(record->requestId, r.value(u"provider_request_id"_s).toString());
        QCOMPARE(record->account, r.value(u"account"_s).toString());
        QVERIFY(record->completion.size() > 40);
        if (r.value(u"edit"_s).toString() == u"verbatim"_s) {
            QCOMPARE(turn.answer, record->completion);
            ++verbatim;
        } else {
            QVERIFY(turn.answer != record->completion);
            QVERIFY2(sharedLines(record->completion, turn.answer) >= 0.6,
                     qPrintable(r.value(u"edit_description"_s).toString()));
            ++light;
        }
    }
    QCOMPARE(verbatim, 4);
    QCOMPARE(light, 4);
}

void TestDemo::documentsPagesAndClauseDatesOnTimeline()
{
    Database &db = m_case->db();
    DocumentStore documents(db);
    auto stored = documents.documents();
    QVERIFY(stored);
    QCOMPARE(stored->size(), 2);
    EventStore events(db);
    auto all = events.events();
    QVERIFY(all);
    QSet<QString> eventDates;
    for (const EventRow &e : *all)
        eventDates.insert(QDateTime::fromMSecsSinceEpoch(e.startUtc, Qt::UTC).date().toString(Qt::ISODate));
    for (const QJsonValue &v : m_truth.value(u"documents"_s).toArray()) {
        const QJsonObject truth = v.toObject();
        const auto it = std::find_if(stored->begin(), stored->end(),
                                     [&](const DocumentRow &d) { return d.sourceName == truth[u"file"_s].toString(); });
        QVERIFY(it != stored->end());
        QCOMPARE(it->type, truth[u"type"_s].toString());
        QCOMPARE(it->title, truth[u"title"_s].toString());
        QCOMPARE(it->parties, truth[u"parties"_s].toString());
        QCOMPARE(it->effectiveDate, truth[u"effective_date"_s].toString());
        QCOMPARE(it->pageCount, qint64(truth[u"pages"_s].toInt()));
        auto pages = documents.pages(it->id);
        QVERIFY(pages);
        for (const QJsonValue &c : truth[u"clauses"_s].toArray()) {
            const QJsonObject clause = c.toObject();
            const QString asWritten = clause[u"as_written"_s].toString();
            if (asWritten.isEmpty())
                continue;
            const PageRow &page = pages->at(clause[u"page"_s].toInt() - 1);
            QVERIFY2(page.text.contains(asWritten), qPrintable(asWritten));
            QVERIFY2(eventDates.contains(clause[u"date"_s].toString()), qPrintable(clause[u"date"_s].toString()));
            auto onPage = events.eventsForItem(u"page"_s, page.id);
            QVERIFY(onPage);
            const bool anchored = std::any_of(onPage->begin(), onPage->end(), [&](const EventRow &e) {
                return page.text.mid(e.itemStart.value_or(0), e.itemLength.value_or(0)) == asWritten;
            });
            QVERIFY2(anchored, qPrintable(asWritten));
        }
        QVERIFY(!DocumentStore::decodeWords(pages->first().words)->isEmpty());
    }
    for (const QJsonValue &v : m_truth.value(u"release_dates"_s).toArray())
        QVERIFY(eventDates.contains(v[u"date"_s].toString()));
    QCOMPARE(qint64(all->size()), m_summary.events);
}

void TestDemo::evidenceIsDeterministic()
{
    const QString again = m_dir.filePath(u"again"_s);
    demo::DemoOptions options;
    options.tiny = true;
    auto files = demo::writeDemoEvidence(again, options);
    QVERIFY(files);
    const QStringList compared { u"ground_truth.json"_s, u"evidence/logs/gateway-2025-03.jsonl"_s,
                                 u"evidence/transcripts/suspect_eval.json"_s,
                                 u"evidence/transcripts/suspect_chats.jsonl"_s };
    for (const QString &name : compared) {
        const QByteArray first = readFile(QDir(m_out).filePath(name));
        QVERIFY(!first.isEmpty());
        QCOMPARE(readFile(QDir(again).filePath(name)), first);
    }
    options.seed = 7;
    const QString other = m_dir.filePath(u"other"_s);
    QVERIFY(demo::writeDemoEvidence(other, options));
    QVERIFY(readFile(QDir(other).filePath(u"ground_truth.json"_s))
            != readFile(QDir(m_out).filePath(u"ground_truth.json"_s)));
}

void TestDemo::refusesToOverwriteCase()
{
    const QByteArray before = readFile(m_summary.casePath);
    demo::DemoOptions options;
    options.tiny = true;
    auto again = demo::buildDemoCase(m_out, options, kWho);
    QVERIFY(!again);
    QVERIFY(again.error().message.contains(u"already exists"_s));
    QCOMPARE(readFile(m_summary.casePath), before);
}

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
