// SPDX-License-Identifier: GPL-3.0-or-later
// Saved searches (audited, undone by a new entry), stopping a running search, and the
// findings exports (JSON re-read equal to the stored findings; PAN XML offsets pointing at the
// same text), each export an audit entry with the file's SHA-256; the command-line side
// through lineage-cli.
#include "casefile/analysis_store.h"
#include "casefile/audit_log.h"
#include "casefile/batch_search.h"
#include "casefile/case_file.h"
#include "casefile/saved_search_store.h"
#include "casefile/search_index.h"
#include "common/cli_run.h"
#include "report/findings_export.h"
#include "similarity/pan_xml.h"
#include "table_fixture.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace lineage;
using namespace lineage::casefile;

namespace {

bool chainValid(Database &db)
{
    auto problems = AuditLog::verify(db);
    return problems && problems->isEmpty();
}

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

// The last audit entry's action and result, as JSON.
QPair<QString, QJsonObject> lastEntry(Database &db)
{
    auto s = Statement::prepare(db, "SELECT action, result FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!s || !*s->step())
        return {};
    return { s->text(0), QJsonDocument::fromJson(s->text(1).toUtf8()).object() };
}

QString columnText(Database &db, const char *sql, qint64 id)
{
    auto s = Statement::prepare(db, sql);
    s->bind(1, id);
    return *s->step() ? s->text(0) : QString();
}

} // namespace

class TestSearchStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void savedSearchesAreAudited();
    void savedSearchUndoIsNewEntry();
    void canceledSearchStops();
    void canceledBatchSearchStops();
    void timeRangeKeepsRecordsOfThatTime();
    void findingsToJsonReReadEqual();
    void spansToPanXml();
    void readOnlyCaseIsNotExported();
    void cliSavedSearchAndExportFindings();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_file;
    QList<FindingRow> m_findings;
};

void TestSearchStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = testing::recordsCase(m_dir, 600, QStringLiteral("search.lineage"));
    QVERIFY(m_file);
    // A run with two findings: one resting on two shared passages (record 3's completion in
    // record 7's prompt, a CJK prompt in another), one without spans.
    FindingRow reuse;
    reuse.seq = 1;
    reuse.kind = QStringLiteral("reuse");
    reuse.strength = QStringLiteral("strong");
    reuse.subject = QStringLiteral("record 3");
    reuse.score = 0.75;
    reuse.pValue = 1e-9;
    reuse.explanation = QStringLiteral("Shared passages.");
    reuse.payload = QJsonObject { { QStringLiteral("jaccard"), 0.5 } };
    reuse.refs = { { QStringLiteral("record"), 3, QStringLiteral("suspect") },
                   { QStringLiteral("record"), 7, QStringLiteral("source") } };
    reuse.spans = { { QStringLiteral("record"), 3, QStringLiteral("completion"), 0, 6, QStringLiteral("suspect"), 1 },
                    { QStringLiteral("record"), 7, QStringLiteral("prompt"), 9, 7, QStringLiteral("source"), 1 },
                    { QStringLiteral("record"), 3, QStringLiteral("completion"), 7, 1, QStringLiteral("suspect"), 2 },
                    { QStringLiteral("record"), 12, QStringLiteral("prompt"), 0, 8, QStringLiteral("source"), 2 } };
    FindingRow summary;
    summary.seq = 2;
    summary.kind = QStringLiteral("reuse");
    summary.strength = QStringLiteral("weak");
    summary.subject = QStringLiteral("all answers");
    summary.explanation = QStringLiteral("Summary.");
    AnalysisRunRow run;
    run.kind = QStringLiteral("reuse");
    run.status = QStringLiteral("complete");
    run.engineVersion = QStringLiteral("test");
    run.startedUtc = 1735689600000;
    run.finishedUtc = 1735689601000;
    auto s = m_file->auditedChange(QStringLiteral("analysis.run"), QStringLiteral("analysis:reuse"), {},
                                   [&]() -> Result<QJsonObject> {
                                       AnalysisStore store(m_file->db());
                                       auto id = store.insertRun(run);
                                       if (!id)
                                           return id.error();
                                       for (const FindingRow &f : { reuse, summary })
                                           if (auto fid = store.insertFinding(*id, f); !fid)
                                               return fid.error();
                                       return QJsonObject {};
                                   });
    QVERIFY2(s, s ? "" : qPrintable(s.error().message + QLatin1Char(' ') + s.error().detail));
    auto stored = AnalysisStore(m_file->db()).findings();
    QVERIFY(stored);
    m_findings = *stored;
    QCOMPARE(m_findings.size(), 2);
}

void TestSearchStore::savedSearchesAreAudited()
{
    Database &db = m_file->db();
    auto before = AuditLog::count(db);
    auto a = SavedSearchStore::save(*m_file, QStringLiteral("distill"), QStringLiteral("text"),
                                    QStringLiteral("explain distillation"));
    QVERIFY2(a, a ? "" : qPrintable(a.error().message));
    QCOMPARE(lastEntry(db).first, QStringLiteral("search.save"));
    auto b = SavedSearchStore::save(*m_file, QStringLiteral("chinese"), QStringLiteral("text"), QStringLiteral("我是"));
    QVERIFY(b);
    // The same name again replaces the definition, keeps the id, says what it replaced.
    auto c = SavedSearchStore::save(*m_file, QStringLiteral("distill"), QStringLiteral("text"),
                                    QStringLiteral("\"explain distillation\""));
    QVERIFY(c);
    QCOMPARE(c->id, a->id);
    QCOMPARE(lastEntry(db).second.value(QStringLiteral("replaced")).toString(), QStringLiteral("explain distillation"));
    auto list = SavedSearchStore::list(db);
    QVERIFY(list);
    QCOMPARE(list->size(), 2);
    QCOMPARE(list->at(0).name, QStringLiteral("chinese")); // name order
    QCOMPARE(list->at(1).definition, QStringLiteral("\"explain distillation\""));
    QCOMPARE(*AuditLog::count(db), *before + 3);
    // Nothing to save, no name, an unknown kind: refused, nothing written.
    QVERIFY(!SavedSearchStore::save(*m_file, QStringLiteral(" "), QStringLiteral("text"), QStringLiteral("x")));
    QVERIFY(!SavedSearchStore::save(*m_file, QStringLiteral("n"), QStringLiteral("text"), QStringLiteral("  ")));
    QVERIFY(!SavedSearchStore::save(*m_file, QStringLiteral("n"), QStringLiteral("chart"), QStringLiteral("x")));
    QVERIFY(!SavedSearchStore::remove(*m_file, QStringLiteral("no such search")));
    QCOMPARE(*AuditLog::count(db), *before + 3);
    QVERIFY(chainValid(db));
}

void TestSearchStore::savedSearchUndoIsNewEntry()
{
    Database &db = m_file->db();
    auto saved = SavedSearchStore::find(db, QStringLiteral("chinese"));
    QVERIFY(saved && *saved);
    const SavedSearch original = **saved;
    const qint64 entries = *AuditLog::count(db);
    QVERIFY(SavedSearchStore::remove(*m_file, QStringLiteral("chinese")));
    QVERIFY(!*SavedSearchStore::find(db, QStringLiteral("chinese")));
    // Undo of the removal: the same row back (id, time), as a new entry.
    QVERIFY(SavedSearchStore::restore(*m_file, original));
    auto back = SavedSearchStore::find(db, QStringLiteral("chinese"));
    QVERIFY(back && *back);
    QCOMPARE(**back, original);
    QCOMPARE(*AuditLog::count(db), entries + 2);
    QVERIFY(chainValid(db));
    auto report = m_file->verify();
    QVERIFY(report && report->ok());
}

void TestSearchStore::canceledSearchStops()
{
    Database &db = m_file->db();
    auto all = SearchIndex::search(db, QStringLiteral("explain"), 1000);
    QVERIFY(all);
    QCOMPARE(all->size(), 600);
    // Canceled: the full-text query is interrupted (the progress handler), no hits come back.
    Feedback feedback;
    feedback.cancel();
    auto stopped = SearchIndex::search(db, QStringLiteral("explain"), 1000, feedback);
    QVERIFY(!stopped);
    QCOMPARE(stopped.error().code, ErrorCode::Canceled);
    // The connection is usable again afterwards (the handler is gone with the guard).
    auto again = SearchIndex::search(db, QStringLiteral("explain"), 5);
    QVERIFY(again);
    QCOMPARE(again->size(), 5);
}

void TestSearchStore::timeRangeKeepsRecordsOfThatTime()
{
    Database &db = m_file->db();
    auto all = SearchIndex::search(db, QStringLiteral("explain"), 1000);
    QVERIFY(all);
    QList<qint64> times;
    for (const SearchHit &h : *all) {
        QVERIFY(h.timeUtc);
        times << *h.timeUtc;
    }
    std::sort(times.begin(), times.end());
    QVERIFY(times.front() < times.back());
    // A range over the middle third: exactly the hits of the unrestricted search whose record
    // lies in [from, to), in the same (rank) order.
    const TimeRange range { times[times.size() / 3], times[2 * times.size() / 3] };
    QList<qint64> expected;
    for (const SearchHit &h : *all)
        if (*h.timeUtc >= range.fromUtc && *h.timeUtc < range.toUtc)
            expected << h.itemId;
    QVERIFY(!expected.isEmpty() && expected.size() < all->size());
    auto inRange = SearchIndex::search(db, QStringLiteral("explain"), range, 1000);
    QVERIFY(inRange);
    QList<qint64> got;
    for (const SearchHit &h : *inRange)
        got << h.itemId;
    QCOMPARE(got, expected);
    // The limit counts hits inside the range.
    auto few = SearchIndex::search(db, QStringLiteral("explain"), range, 3);
    QVERIFY(few);
    QCOMPARE(few->size(), 3);
    // An empty or reversed range is refused.
    QVERIFY(!SearchIndex::search(db, QStringLiteral("explain"), TimeRange { range.toUtc, range.fromUtc }));
    // The command line: --from/--to (ISO times with an offset) keep the same records.
    const auto iso
        = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs); };
    auto cli = testing::cli({ QStringLiteral("search"), m_file->path(), QStringLiteral("explain"),
                              QStringLiteral("--from"), iso(range.fromUtc), QStringLiteral("--to"), iso(range.toUtc),
                              QStringLiteral("--limit"), QStringLiteral("1000"), QStringLiteral("--json") });
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QList<qint64> fromCli;
    for (const QJsonValue &v : cli.json().value(QStringLiteral("hits")).toArray()) {
        QCOMPARE(v[QStringLiteral("item_kind")].toString(), QStringLiteral("record"));
        fromCli << v[QStringLiteral("item_id")].toInteger();
    }
    QCOMPARE(fromCli, expected);
    QCOMPARE(cli.json().value(QStringLiteral("from_utc_ms")).toInteger(), range.fromUtc);
    auto reversed
        = testing::cli({ QStringLiteral("search"), m_file->path(), QStringLiteral("explain"), QStringLiteral("--from"),
                         iso(range.toUtc), QStringLiteral("--to"), iso(range.fromUtc) });
    QCOMPARE(reversed.exitCode, 2);
}

void TestSearchStore::canceledBatchSearchStops()
{
    Feedback feedback;
    feedback.cancel();
    auto r = BatchSearch::run(m_file->db(), { QStringLiteral("explain distillation"), QStringLiteral("我是") }, 10,
                              feedback);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::Canceled);
    auto ok = BatchSearch::run(m_file->db(), { QStringLiteral("explain distillation"), QStringLiteral("我是") }, 10);
    QVERIFY(ok);
    QCOMPARE(ok->size(), 2);
    QCOMPARE(ok->at(0).count, 600);
    // Records 2, 11, 20 ... carry 我是 in their prompt.
    QCOMPARE(ok->at(1).count, 600 / 9 + (600 % 9 > 2 ? 1 : 0));
}

void TestSearchStore::findingsToJsonReReadEqual()
{
    Database &db = m_file->db();
    const QString path = m_dir.filePath(QStringLiteral("findings.json"));
    const qint64 entries = *AuditLog::count(db);
    auto summary = report::FindingsExport::toJson(*m_file, std::nullopt, path);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->findings, 2);
    QCOMPARE(summary->files.size(), 1);
    QCOMPARE(summary->files[0].sha256, sha256Of(path));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("lineage-findings"));
    const QJsonArray findings = doc.value(QStringLiteral("findings")).toArray();
    QCOMPARE(findings.size(), m_findings.size());
    for (qsizetype i = 0; i < findings.size(); ++i) {
        const QJsonObject o = findings[i].toObject();
        const FindingRow &f = m_findings[i];
        // Re-read into a row, equal to what the case holds.
        FindingRow back;
        back.id = o.value(QStringLiteral("id")).toInteger();
        back.runId = o.value(QStringLiteral("run_id")).toInteger();
        back.seq = o.value(QStringLiteral("seq")).toInteger();
        back.kind = o.value(QStringLiteral("kind")).toString();
        back.strength = o.value(QStringLiteral("strength")).toString();
        back.subject = o.value(QStringLiteral("subject")).toString();
        const auto opt = [&](const char *key) -> std::optional<double> {
            const QJsonValue v = o.value(QLatin1String(key));
            return v.isNull() ? std::nullopt : std::optional<double>(v.toDouble());
        };
        back.score = opt("score");
        back.statistic = opt("statistic");
        back.pValue = opt("p_value");
        back.explanation = o.value(QStringLiteral("explanation")).toString();
        back.payload = o.value(QStringLiteral("payload")).toObject();
        for (const QJsonValue &r : o.value(QStringLiteral("refs")).toArray())
            back.refs.append({ r[QStringLiteral("item_kind")].toString(), r[QStringLiteral("item_id")].toInteger(),
                               r[QStringLiteral("relation")].toString() });
        for (const QJsonValue &s : o.value(QStringLiteral("spans")).toArray()) {
            FindingSpan span { s[QStringLiteral("item_kind")].toString(),
                               s[QStringLiteral("item_id")].toInteger(),
                               s[QStringLiteral("field")].toString(),
                               s[QStringLiteral("start")].toInteger(),
                               s[QStringLiteral("length")].toInteger(),
                               s[QStringLiteral("relation")].toString(),
                               std::nullopt };
            if (!s[QStringLiteral("passage")].isNull())
                span.passage = s[QStringLiteral("passage")].toInteger();
            back.spans.append(span);
        }
        QCOMPARE(back.id, f.id);
        QCOMPARE(back.runId, f.runId);
        QCOMPARE(back.seq, f.seq);
        QCOMPARE(back.kind, f.kind);
        QCOMPARE(back.strength, f.strength);
        QCOMPARE(back.subject, f.subject);
        QCOMPARE(back.score, f.score);
        QCOMPARE(back.statistic, f.statistic);
        QCOMPARE(back.pValue, f.pValue);
        QCOMPARE(back.explanation, f.explanation);
        QCOMPARE(back.payload, f.payload);
        QCOMPARE(back.refs, f.refs);
        QCOMPARE(back.spans, f.spans);
    }
    // One audit entry naming the file and its SHA-256.
    QCOMPARE(*AuditLog::count(db), entries + 1);
    const auto [action, result] = lastEntry(db);
    QCOMPARE(action, QStringLiteral("findings.export"));
    const QJsonArray files = result.value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files[0][QStringLiteral("sha256")].toString(), sha256Of(path));
    QVERIFY(chainValid(db));
}

void TestSearchStore::spansToPanXml()
{
    Database &db = m_file->db();
    const QString dir = m_dir.filePath(QStringLiteral("pan"));
    auto summary = report::FindingsExport::toPan(*m_file, std::nullopt, dir);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->findings, 1); // the summary finding has no passages
    QCOMPARE(summary->detections, 2);
    QCOMPARE(summary->files.size(), 1); // one suspicious text: record 3's completion
    const QString path = QDir(dir).filePath(QStringLiteral("record-3-completion.xml"));
    QCOMPARE(summary->files[0].sha256, sha256Of(path));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray xml = f.readAll();
    QVERIFY(xml.contains("name=\"detected-plagiarism\""));
    auto doc = similarity::readPanXml(xml);
    QVERIFY2(doc, doc ? "" : qPrintable(doc.error().message));
    QCOMPARE(doc->reference, QStringLiteral("record-3-completion.txt"));
    QCOMPARE(doc->detections.size(), size_t(2));
    // The offsets point at the same characters the spans do (ASCII and CJK: one code point
    // per UTF-16 unit here).
    const QString suspect = columnText(db, "SELECT completion FROM query_records WHERE id = ?", 3);
    const QString source7 = columnText(db, "SELECT prompt FROM query_records WHERE id = ?", 7);
    const auto &d = doc->detections[0];
    QCOMPARE(d.sourceReference, QStringLiteral("record-7-prompt.txt"));
    QCOMPARE(suspect.mid(d.thisOffset, d.thisLength), suspect.mid(0, 6));
    QCOMPARE(source7.mid(d.sourceOffset, d.sourceLength), source7.mid(9, 7));
    QCOMPARE(d.thisOffset, 0);
    QCOMPARE(d.thisLength, 6);
    QCOMPARE(doc->detections[1].sourceReference, QStringLiteral("record-12-prompt.txt"));
    const auto [action, result] = lastEntry(db);
    QCOMPARE(action, QStringLiteral("findings.export"));
    QCOMPARE(result.value(QStringLiteral("detections")).toInt(), 2);
    QCOMPARE(result.value(QStringLiteral("files")).toArray()[0][QStringLiteral("sha256")].toString(), sha256Of(path));
    QVERIFY(chainValid(db));
}

void TestSearchStore::readOnlyCaseIsNotExported()
{
    auto ro = CaseFile::open(m_file->path(), testing::tester(), OpenMode::ReadOnly);
    QVERIFY(ro);
    const QString path = m_dir.filePath(QStringLiteral("ro.json"));
    auto r = report::FindingsExport::toJson(**ro, std::nullopt, path);
    QVERIFY(!r);
    QVERIFY(!QFile::exists(path));
}

void TestSearchStore::cliSavedSearchAndExportFindings()
{
    const QString path = m_file->path();
    auto add = testing::cli({ QStringLiteral("saved-search"), path, QStringLiteral("add"), QStringLiteral("answers"),
                              QStringLiteral("Answer") });
    QVERIFY2(add.exitCode == 0, add.err.constData());
    auto list
        = testing::cli({ QStringLiteral("saved-search"), path, QStringLiteral("list"), QStringLiteral("--json") });
    QCOMPARE(list.exitCode, 0);
    QStringList names;
    for (const QJsonValue &v : list.json().value(QStringLiteral("saved_searches")).toArray())
        names << v[QStringLiteral("name")].toString();
    QCOMPARE(names, (QStringList { QStringLiteral("answers"), QStringLiteral("chinese"), QStringLiteral("distill") }));
    auto run = testing::cli({ QStringLiteral("saved-search"), path, QStringLiteral("run"), QStringLiteral("answers") });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.count('\n'), 50); // the first 50 of 600 hits
    auto remove
        = testing::cli({ QStringLiteral("saved-search"), path, QStringLiteral("remove"), QStringLiteral("answers") });
    QCOMPARE(remove.exitCode, 0);
    QCOMPARE(testing::cli({ QStringLiteral("saved-search"), path, QStringLiteral("run"), QStringLiteral("answers") })
                 .exitCode,
             2);

    const QString json = m_dir.filePath(QStringLiteral("cli-findings.json"));
    auto ex = testing::cli({ QStringLiteral("export-findings"), path, QStringLiteral("--format"),
                             QStringLiteral("json"), QStringLiteral("--out"), json, QStringLiteral("--json") });
    QVERIFY2(ex.exitCode == 0, ex.err.constData());
    QCOMPARE(ex.json().value(QStringLiteral("findings")).toInt(), 2);
    QCOMPARE(ex.json().value(QStringLiteral("files")).toArray()[0][QStringLiteral("sha256")].toString(),
             sha256Of(json));
    const QString pan = m_dir.filePath(QStringLiteral("cli-pan"));
    auto ep = testing::cli({ QStringLiteral("export-findings"), path, QStringLiteral("--format"), QStringLiteral("pan"),
                             QStringLiteral("--out"), pan, QStringLiteral("--json") });
    QVERIFY2(ep.exitCode == 0, ep.err.constData());
    QCOMPARE(ep.json().value(QStringLiteral("detections")).toInt(), 2);
    QVERIFY(QFile::exists(QDir(pan).filePath(QStringLiteral("record-3-completion.xml"))));
    auto verify = testing::cli({ QStringLiteral("verify"), path });
    QVERIFY2(verify.exitCode == 0, verify.out.constData());
}

QTEST_GUILESS_MAIN(TestSearchStore)
#include "tst_search_store.moc"
