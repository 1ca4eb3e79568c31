// SPDX-License-Identifier: GPL-3.0-or-later
// The analyses on the demo case: the planted reused answers found and linked to the log
// records that served them, the planted identity claims, runs stored with their provenance,
// re-runs identical, canceled runs without findings, statistics checked independently.
#include "casefile/analysis_store.h"
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/source_store.h"
#include "forensics/analysis_runner.h"
#include "forensics/kind_registry.h"
#include "forensics/passage_chance.h"
#include "demo/demo_generator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace lineage;
using namespace lineage::forensics;
using casefile::CaseFile;

namespace {

const casefile::Investigator kWho { QStringLiteral("F. Examiner"), QStringLiteral("fexaminer") };
const QString kSuspect = QStringLiteral("DeepDistill-7B");

QJsonObject suspectParameter(const QString &label)
{
    return QJsonObject { { QStringLiteral("suspect"), QJsonArray { label } } };
}

} // namespace

class TestForensics : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void reuseFindsThePlantedCopies();
    void reuseLinksToTheServingRecords();
    void statisticsMatchAnIndependentComputation();
    void independentAnswersAreNotReuse();
    void runStoresItsProvenance();
    void rerunGivesIdenticalFindings();
    void canceledRunLeavesNoFindings();
    void identityFindsThePlantedClaims();
    void badParametersAreRefused();

private:
    QTemporaryDir m_dir;
    QString m_case;
    QJsonObject m_truth;
    std::unique_ptr<CaseFile> m_file;
    RunOutcome m_reuse;
    QJsonObject m_report;
};

void TestForensics::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto summary = demo::buildDemoCase(m_dir.path(), demo::DemoOptions {}, kWho);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    m_case = summary->casePath;
    QFile truth(summary->files.groundTruth);
    QVERIFY(truth.open(QIODevice::ReadOnly));
    m_truth = QJsonDocument::fromJson(truth.readAll()).object();
    auto file = CaseFile::open(m_case, kWho);
    QVERIFY(file);
    m_file = std::move(*file);
    auto run = runAnalysis(*m_file, RunRequest { QStringLiteral("reuse"), suspectParameter(kSuspect), 2 });
    QVERIFY2(run, run ? "" : qPrintable(run.error().message));
    QCOMPARE(run->run.status, QStringLiteral("complete"));
    m_reuse = *run;
    m_report = findKind(QStringLiteral("reuse"))->report(m_reuse.run, m_reuse.findings);
}

void TestForensics::reuseFindsThePlantedCopies()
{
    // Planted: (suspect_eval.json, 0-based turn index) of every reused answer.
    QSet<qint64> planted;
    for (const QJsonValue &v : m_truth.value(QStringLiteral("reused_outputs")).toArray())
        planted.insert(v[QStringLiteral("suspect_turn_seq")].toInteger() - 1);
    QCOMPARE(planted.size(), 160);
    QSet<qint64> found;
    int falsePositives = 0;
    for (const QJsonValue &v : m_report.value(QStringLiteral("turns")).toArray()) {
        const QJsonObject t = v.toObject();
        QCOMPARE(t.value(QStringLiteral("suspect")).toString(), kSuspect);
        const bool inEval = t.value(QStringLiteral("source")).toString() == QLatin1String("suspect_eval.json");
        const qint64 index = t.value(QStringLiteral("turn_index")).toInteger();
        if (inEval && planted.contains(index))
            found.insert(index);
        else
            ++falsePositives;
    }
    const double recall = double(found.size()) / double(planted.size());
    const double precision = double(found.size()) / double(found.size() + falsePositives);
    qInfo("reuse on the demo: recall %.3f, precision %.3f (%lld found, %d not planted)", recall, precision,
          qint64(found.size()), falsePositives);
    QVERIFY2(recall >= 0.95, qPrintable(QString::number(recall)));
    QVERIFY2(precision >= 0.95, qPrintable(QString::number(precision)));
    // Both kinds of copy: verbatim and lightly edited.
    int verbatim = 0, light = 0;
    for (const QJsonValue &v : m_truth.value(QStringLiteral("reused_outputs")).toArray())
        if (found.contains(v[QStringLiteral("suspect_turn_seq")].toInteger() - 1))
            ++(v[QStringLiteral("edit")].toString() == QLatin1String("verbatim") ? verbatim : light);
    QVERIFY(verbatim >= 76);
    QVERIFY(light >= 76);
}

void TestForensics::reuseLinksToTheServingRecords()
{
    QHash<qint64, QJsonObject> byIndex;
    for (const QJsonValue &v : m_report.value(QStringLiteral("turns")).toArray())
        if (v[QStringLiteral("source")].toString() == QLatin1String("suspect_eval.json"))
            byIndex.insert(v[QStringLiteral("turn_index")].toInteger(), v.toObject());
    int linked = 0, total = 0;
    for (const QJsonValue &v : m_truth.value(QStringLiteral("reused_outputs")).toArray()) {
        const QJsonObject truth = v.toObject();
        const auto it = byIndex.constFind(truth[QStringLiteral("suspect_turn_seq")].toInteger() - 1);
        if (it == byIndex.constEnd())
            continue;
        ++total;
        const QJsonArray matches = it->value(QStringLiteral("matches")).toArray();
        QVERIFY(!matches.isEmpty());
        for (const QJsonValue &m : matches) {
            if (m[QStringLiteral("kind")].toString() != QLatin1String("query-record"))
                continue;
            if (m[QStringLiteral("source")].toString() == truth[QStringLiteral("provider_file")].toString()
                && m[QStringLiteral("line")].toInteger() == truth[QStringLiteral("provider_line")].toInteger()) {
                // The right record, with who asked and when.
                QCOMPARE(m[QStringLiteral("account")].toString(), truth[QStringLiteral("account")].toString());
                QCOMPARE(m[QStringLiteral("time_utc")].toString(), truth[QStringLiteral("served_utc")].toString());
                QCOMPARE(m[QStringLiteral("request_id")].toString(),
                         truth[QStringLiteral("provider_request_id")].toString());
                ++linked;
                break;
            }
        }
        // Every listed record names the account that asked: the summary's accounts.
        QVERIFY(!it->value(QStringLiteral("accounts")).toArray().isEmpty());
    }
    qInfo("reuse on the demo: %d of %d found copies list the ground-truth serving record", linked, total);
    // The rest were served identically more often than max_tied records list.
    QVERIFY2(linked >= total * 8 / 10, qPrintable(QStringLiteral("%1 of %2").arg(linked).arg(total)));
}

void TestForensics::statisticsMatchAnIndependentComputation()
{
    if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
        QSKIP("/usr/bin/python3 is not installed: the independent computation needs it.");
    // English pairs (Python's word regex agrees with ICU's word breaks on them): the suspect
    // answer, the matched text and the stored measures.
    QJsonArray pairs;
    casefile::Database &db = m_file->db();
    for (const QJsonValue &v : m_report.value(QStringLiteral("turns")).toArray()) {
        const QJsonObject t = v.toObject();
        auto stmt = casefile::Statement::prepare(db, "SELECT answer FROM turns WHERE id = ?");
        QVERIFY(stmt);
        stmt->bind(1, t.value(QStringLiteral("turn_id")).toInteger());
        QVERIFY(*stmt->step());
        const QString suspect = stmt->text(0);
        bool ascii = true;
        for (QChar c : suspect)
            ascii = ascii && c.unicode() < 128;
        if (!ascii)
            continue;
        const QJsonObject m = t.value(QStringLiteral("matches")).toArray().first().toObject();
        if (m.value(QStringLiteral("kind")).toString() != QLatin1String("query-record")
            || m.value(QStringLiteral("choice")).toInt() != 0)
            continue;
        auto rec = casefile::Statement::prepare(db, "SELECT completion FROM query_records WHERE id = ?");
        QVERIFY(rec);
        rec->bind(1, m.value(QStringLiteral("id")).toInteger());
        QVERIFY(*rec->step());
        pairs.append(
            QJsonObject { { QStringLiteral("a"), suspect },
                          { QStringLiteral("b"), rec->text(0) },
                          { QStringLiteral("jaccard"), m.value(QStringLiteral("jaccard")) },
                          { QStringLiteral("containment_suspect"), m.value(QStringLiteral("containment_suspect")) },
                          { QStringLiteral("verbatim"), m.value(QStringLiteral("longest_verbatim_tokens")) },
                          { QStringLiteral("suspect_tokens"), m.value(QStringLiteral("suspect_tokens")) },
                          { QStringLiteral("chance_log10"), m.value(QStringLiteral("chance_log10")) } });
        if (pairs.size() >= 40)
            break;
    }
    QVERIFY(pairs.size() >= 20);
    const QString input = m_dir.filePath(QStringLiteral("pairs.json"));
    QFile f(input);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(pairs).toJson());
    f.close();
    const QString script = QStringLiteral(QT_TESTCASE_SOURCEDIR "/reuse_oracle.py");

    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), { script, input });
    QVERIFY(python.waitForFinished(120000));
    const QByteArray out = python.readAllStandardOutput() + python.readAllStandardError();
    QVERIFY2(python.exitCode() == 0, out.constData());
}

void TestForensics::independentAnswersAreNotReuse()
{
    // The control models wrote their answers independently of the provider.
    for (const QString &label : { QStringLiteral("mistral-7b-instruct"), QStringLiteral("open-llama-8b-instruct") }) {
        auto run = runAnalysis(*m_file, RunRequest { QStringLiteral("reuse"), suspectParameter(label), 2 });
        QVERIFY(run);
        QCOMPARE(run->run.status, QStringLiteral("complete"));
        int reused = 0;
        for (const casefile::FindingRow &f : run->findings)
            reused += f.kind == QLatin1String("reuse") ? 1 : 0;
        qInfo("reuse with %s as the suspect: %d of 400 answers flagged", qPrintable(label), reused);
        QVERIFY2(reused <= 4, qPrintable(QString::number(reused)));
    }
}

void TestForensics::runStoresItsProvenance()
{
    const casefile::AnalysisRunRow &run = m_reuse.run;
    QCOMPARE(run.kind, QStringLiteral("reuse"));
    // Every parameter stored, defaults filled in.
    for (const ParameterSpec &spec : findKind(QStringLiteral("reuse"))->parameters())
        QVERIFY2(run.parameters.contains(spec.name), qPrintable(spec.name));
    QCOMPARE(run.parameters.value(QStringLiteral("min_jaccard")).toDouble(), 0.10);
    QVERIFY(run.finishedUtc && *run.finishedUtc >= run.startedUtc);
    QVERIFY(run.versions.value(QStringLiteral("tokenizer")).toString().startsWith(QLatin1String("lineage-text/")));
    QCOMPARE(run.versions.value(QStringLiteral("engine")).toString(), QStringLiteral("reuse/1"));
    QVERIFY(!run.versions.value(QStringLiteral("program")).toString().isEmpty());
    // The SHA-256 of every source read: the suspect's transcripts, the provider's and the logs.
    auto sources = casefile::SourceStore::list(m_file->db());
    QVERIFY(sources);
    int logs = 0;
    for (const auto &s : *sources) {
        const QString key = QStringLiteral("source:%1").arg(s.id);
        if (s.kind == QLatin1String("query-log")) {
            ++logs;
            QVERIFY2(run.inputHashes.contains(key), qPrintable(key));
        }
        if (run.inputHashes.contains(key))
            QCOMPARE(run.inputHashes.value(key)[QStringLiteral("sha256")].toString(), s.sha256);
        if (s.kind == QLatin1String("document"))
            QVERIFY(!run.inputHashes.contains(key));
    }
    QVERIFY(logs >= 6);
    QVERIFY(run.inputHashes.size() >= logs + 4); // + provider eval and three suspect transcripts
    // Its audit entry, written in the same change.
    QVERIFY(run.auditSeq);
    auto entries = casefile::AuditLog::entries(m_file->db(), *run.auditSeq, 1);
    QVERIFY(entries && entries->size() == 1);
    QCOMPARE(entries->first().action, QStringLiteral("analysis.run"));
    QVERIFY(entries->first().result.contains(QStringLiteral("\"run\":%1").arg(run.id)));
    // Findings carry their references and spans.
    const casefile::FindingRow &first = m_reuse.findings.first();
    QVERIFY(!first.refs.isEmpty());
    QVERIFY(!first.spans.isEmpty());
    QVERIFY(!first.explanation.isEmpty());
    QVERIFY(casefile::AnalysisStore::strengths().contains(first.strength));
}

void TestForensics::rerunGivesIdenticalFindings()
{
    // Another thread count: results never depend on it.
    auto rerun = rerunAnalysis(*m_file, m_reuse.run.id, 1);
    QVERIFY2(rerun, rerun ? "" : qPrintable(rerun.error().message));
    QVERIFY2(rerun->differences.isEmpty(), qPrintable(rerun->differences.join(QLatin1Char('\n'))));
    QCOMPARE(rerun->rerun.findings.size(), m_reuse.findings.size());
    QVERIFY(rerun->rerun.run.id != m_reuse.run.id);
    // compareRuns does see a difference.
    RunOutcome changed = rerun->rerun;
    changed.findings[0].score = *changed.findings[0].score + 1e-12;
    QCOMPARE(compareRuns(m_reuse, changed).size(), 1);
}

void TestForensics::canceledRunLeavesNoFindings()
{
    casefile::AnalysisStore store(m_file->db());
    const qint64 before = store.findings()->size();
    Feedback feedback;
    // Cancel once the comparison has started, from the progress observer.
    feedback.setObserver(
        [&feedback](const Feedback::Progress &p) {
            if (p.phase.startsWith(QLatin1String("Comparing")))
                feedback.cancel();
        },
        std::chrono::milliseconds(0));
    auto run = runAnalysis(*m_file, RunRequest { QStringLiteral("reuse"), suspectParameter(kSuspect), 2 }, feedback);
    QVERIFY(run);
    QCOMPARE(run->run.status, QStringLiteral("canceled"));
    QVERIFY(run->findings.isEmpty());
    QCOMPARE(store.run(run->run.id)->findingCount, 0);
    QCOMPARE(qint64(store.findings()->size()), before);
    // A failed run too: a label no transcript has is an input error of the run.
    auto failed
        = runAnalysis(*m_file, RunRequest { QStringLiteral("reuse"), suspectParameter(QStringLiteral("nobody")) });
    QVERIFY(failed);
    QCOMPARE(failed->run.status, QStringLiteral("failed"));
    QVERIFY(failed->run.message.contains(QLatin1String("nobody")));
    QCOMPARE(qint64(store.findings()->size()), before);
}

void TestForensics::identityFindsThePlantedClaims()
{
    auto run = runAnalysis(*m_file, RunRequest { QStringLiteral("identity"), {} });
    QVERIFY(run);
    QCOMPARE(run->run.status, QStringLiteral("complete"));
    QMultiHash<QString, QString> found; // file -> claim sentence, claims of another identity
    QStringList sources;
    for (const casefile::FindingRow &f : run->findings) {
        if (f.kind != QLatin1String("identity-claim"))
            continue;
        QCOMPARE(f.strength, QStringLiteral("weak"));
        QVERIFY(f.explanation.contains(QLatin1String("Weak evidence"))
                || f.payload[QStringLiteral("names_itself")].toBool());
        QVERIFY(!f.payload[QStringLiteral("prompt")].toString().isEmpty()); // the eliciting prompt
        if (!f.payload[QStringLiteral("names_itself")].toBool())
            found.insert(f.payload[QStringLiteral("source")].toString(), f.payload[QStringLiteral("claim")].toString());
    }
    const QJsonArray planted = m_truth.value(QStringLiteral("identity_claims")).toArray();
    QCOMPARE(found.size(), planted.size());
    // Each planted claim (a whole answer) holds one found claim sentence of its file.
    QMultiHash<QString, QString> left = found;
    for (const QJsonValue &v : planted) {
        const QString file = v[QStringLiteral("file")].toString();
        const QString claim = v[QStringLiteral("claim")].toString();
        bool matched = false;
        for (auto it = left.find(file); it != left.end() && it.key() == file; ++it) {
            if (claim.contains(it.value())) {
                left.erase(it);
                matched = true;
                break;
            }
        }
        QVERIFY2(matched, qPrintable(claim));
    }
    // Counts per model: the suspect claims another identity, the others never do.
    const QJsonArray models = run->run.summary.value(QStringLiteral("models")).toArray();
    QCOMPARE(models.size(), 4);
    for (const QJsonValue &m : models) {
        const qint64 other = m[QStringLiteral("claims_other_identity")].toInteger();
        QCOMPARE(other, m[QStringLiteral("label")].toString() == kSuspect ? qint64(planted.size()) : qint64(0));
    }
}

void TestForensics::badParametersAreRefused()
{
    const qint64 runs = casefile::AnalysisStore(m_file->db()).runs()->size();
    QVERIFY(!runAnalysis(*m_file, RunRequest { QStringLiteral("nonsense"), {} }));
    QVERIFY(!runAnalysis(*m_file, RunRequest { QStringLiteral("reuse"), { { QStringLiteral("min_jaccard"), 2.0 } } }));
    QVERIFY(!runAnalysis(*m_file, RunRequest { QStringLiteral("reuse"), { { QStringLiteral("bogus"), 1 } } }));
    ParameterSpec spec;
    spec.name = QStringLiteral("x");
    spec.type = ParameterType::Integer;
    QVERIFY(!parseParameterText(spec, QStringLiteral("abc")));
    QCOMPARE(casefile::AnalysisStore(m_file->db()).runs()->size(), runs); // nothing stored
}

QTEST_MAIN(TestForensics)
#include "tst_forensics.moc"
