// SPDX-License-Identifier: GPL-3.0-or-later
// Account behavior on the demo case: the planted harvesting ring ranks at the top, alone
// above the threshold, linked by the values it shares, each account explained; the features
// recomputed independently (Python's sqlite3 on the same rows); the normality test against
// SciPy's values; another seed of the generator flags no normal account; actors group the
// ring and the analysis by actor treats it as one party.
#include "casefile/actor_store.h"
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/event_store.h"
#include "demo/demo_generator.h"
#include "forensics/account_signals.h"
#include "forensics/analysis_runner.h"
#include "forensics/case_summary.h"
#include "forensics/kind_registry.h"
#include "forensics/shapiro_wilk.h"
#include "ingest/importer.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <random>

using namespace lineage;
using namespace lineage::forensics;
using casefile::CaseFile;

namespace {

const casefile::Investigator kWho { QStringLiteral("F. Examiner"), QStringLiteral("fexaminer") };

struct DemoRun
{
    std::unique_ptr<CaseFile> file;
    QJsonObject truth;
    RunOutcome run;
    QJsonObject report;
    QSet<QString> ring;
};

Result<DemoRun> demoRun(const QString &dir, quint64 seed, const QJsonObject &parameters = {})
{
    demo::DemoOptions options;
    options.seed = seed;
    auto summary = demo::buildDemoCase(dir, options, kWho);
    if (!summary)
        return summary.error();
    DemoRun out;
    QFile truth(summary->files.groundTruth);
    if (!truth.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("no ground truth"));
    out.truth = QJsonDocument::fromJson(truth.readAll()).object();
    for (const QJsonValue &a : out.truth[QStringLiteral("ring")][QStringLiteral("accounts")].toArray())
        out.ring.insert(a[QStringLiteral("account")].toString());
    auto file = CaseFile::open(summary->casePath, kWho);
    if (!file)
        return file.error();
    out.file = std::move(*file);
    auto run = runAnalysis(*out.file, RunRequest { QStringLiteral("accounts"), parameters, 2 });
    if (!run)
        return run.error();
    out.run = *run;
    out.report = findKind(QStringLiteral("accounts"))->report(out.run.run, out.run.findings);
    return out;
}

// A gateway log (the demo's JSONL layout) of 60 ordinary accounts, two heavy but benign
// ones and a ring of 4 harvesters, over 30 days. The batch customer sends 6,000 support
// tickets to summarize, every few minutes round the clock, from one address, short answers;
// the evaluation harness re-runs one 100-question benchmark 20 times at temperature 0. The
// ring asks for step-by-step reasoning from one template with log-probabilities and 4
// completions, from 3 shared addresses.
QString writeHeavyUsersLog(const QString &path)
{
    static const char *const words[]
        = { "river",   "market", "policy",  "engine", "garden", "letter", "signal", "window", "number", "travel",
            "winter",  "museum", "protein", "ledger", "harbor", "violin", "planet", "copper", "meadow", "tariff",
            "lantern", "canyon", "pepper",  "fabric", "magnet", "saddle", "rocket", "walnut" };
    std::mt19937_64 rng(20240501);
    auto pick = [&](int n) { return int(rng() % quint64(n)); };
    auto phrase = [&](int count) {
        QStringList w;
        for (int i = 0; i < count; ++i)
            w << QString::fromLatin1(words[pick(int(std::size(words)))]);
        return w.join(QLatin1Char(' '));
    };
    const QDateTime start(QDate(2024, 5, 1), QTime(0, 0), QTimeZone::utc());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    qint64 id = 0;
    auto write = [&](const QString &account, const QString &ip, qint64 secs, const QString &prompt, double temperature,
                     bool logprobs, int n, int promptTokens, int completionTokens) {
        const QJsonObject request { { QStringLiteral("model"), QStringLiteral("aurora-4") },
                                    { QStringLiteral("messages"),
                                      QJsonArray { QJsonObject { { QStringLiteral("role"), QStringLiteral("user") },
                                                                 { QStringLiteral("content"), prompt } } } },
                                    { QStringLiteral("temperature"), temperature },
                                    { QStringLiteral("n"), n },
                                    { QStringLiteral("logprobs"), logprobs },
                                    { QStringLiteral("max_tokens"), 1024 } };
        QJsonObject req = request;
        if (logprobs)
            req.insert(QStringLiteral("top_logprobs"), 5);
        const QJsonObject line {
            { QStringLiteral("timestamp"), start.addSecs(secs).toString(Qt::ISODate) },
            { QStringLiteral("request_id"), QStringLiteral("req-%1").arg(id++) },
            { QStringLiteral("account"), account },
            { QStringLiteral("api_key_id"), QStringLiteral("key_") + account },
            { QStringLiteral("client_ip"), ip },
            { QStringLiteral("user_agent"), QStringLiteral("python-requests/2.31") },
            { QStringLiteral("endpoint"), QStringLiteral("/v1/chat/completions") },
            { QStringLiteral("status"), 200 },
            { QStringLiteral("request"), req },
            { QStringLiteral("response"),
              QJsonObject {
                  { QStringLiteral("choices"),
                    QJsonArray { QJsonObject { { QStringLiteral("index"), 0 },
                                               { QStringLiteral("message"),
                                                 QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                                                               { QStringLiteral("content"), phrase(12) } } },
                                               { QStringLiteral("finish_reason"), QStringLiteral("stop") } } } },
                  { QStringLiteral("usage"),
                    QJsonObject { { QStringLiteral("prompt_tokens"), promptTokens },
                                  { QStringLiteral("completion_tokens"), completionTokens } } } } }
        };
        f.write(QJsonDocument(line).toJson(QJsonDocument::Compact));
        f.write("\n");
    };
    const qint64 span = 30 * 86400;
    for (int a = 0; a < 60; ++a) {
        const QString account = QStringLiteral("acct_%1").arg(a, 3, 10, QLatin1Char('0'));
        const QString ip = QStringLiteral("198.51.%1.%2").arg(a / 200).arg(a % 200 + 1);
        const int requests = 20 + pick(180);
        for (int r = 0; r < requests; ++r) {
            const qint64 day = pick(30);
            const qint64 secs = day * 86400 + (8 + pick(10)) * 3600 + pick(3600);
            write(account, ip, secs, phrase(6 + pick(10)) + QLatin1Char('?'), 0.7, false, 1, 40 + pick(60),
                  60 + pick(200));
        }
    }
    for (int r = 0; r < 6000; ++r)
        write(QStringLiteral("acct_batch"), QStringLiteral("100.64.5.50"), qint64(r) * (span / 6000) + pick(60),
              QStringLiteral("Summarize this support ticket for the queue: ") + phrase(25 + pick(20)), 0.2, false, 1,
              300 + pick(200), 40 + pick(40));
    QStringList benchmark;
    for (int q = 0; q < 100; ++q)
        benchmark << QStringLiteral("Question %1: ").arg(q) + phrase(12) + QLatin1Char('?');
    for (int pass = 0; pass < 20; ++pass)
        for (int q = 0; q < 100; ++q)
            write(QStringLiteral("acct_eval"), QStringLiteral("192.0.2.77"), qint64(pass) * 36 * 3600 + q * 20,
                  benchmark[q], 0.0, false, 1, 60, 8);
    const QStringList ringIps { QStringLiteral("203.0.113.7"), QStringLiteral("203.0.113.8"),
                                QStringLiteral("203.0.113.9") };
    for (int a = 0; a < 4; ++a)
        for (int r = 0; r < 1500; ++r)
            write(QStringLiteral("ring_%1").arg(a), ringIps[pick(3)], 10 * 86400 + qint64(r) * 480 + pick(120),
                  QStringLiteral("Solve the following problem step by step and show your reasoning before the final "
                                 "answer. Problem: ")
                      + phrase(10) + QStringLiteral(" %1").arg(pick(100000)),
                  0.0, true, 4, 50 + pick(30), 700 + pick(300));
    return path;
}

} // namespace

class TestAccounts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void ringRanksAtTopAndAloneIsFlagged();
    void ringIsLinkedWithItsReasons();
    void explanationsSayWhyAndReferToRecords();
    void jsonFollowsTheContract();
    void featuresMatchAnIndependentComputation();
    void normalityTestMatchesScipy();
    void rerunGivesIdenticalFindings();
    void otherSeedFlagsNoNormalAccount();
    void actorsGroupTheRing();
    void clausesAreFoundAndLinked();
    void summaryWeighsTheEvidence();
    void emptyCaseShowsNothing();
    void heavyBenignUsersRankBelowHarvesters();
    void reasoningPhrasesAreFoundAnywhere();

private:
    QTemporaryDir m_dir;
    DemoRun m_demo;
};

void TestAccounts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto demo = demoRun(m_dir.filePath(QStringLiteral("a")), demo::DemoOptions {}.seed);
    QVERIFY2(demo, demo ? "" : qPrintable(demo.error().message));
    m_demo = std::move(*demo);
    QVERIFY(m_demo.run.complete());
    QCOMPARE(m_demo.ring.size(), 6);
}

void TestAccounts::ringRanksAtTopAndAloneIsFlagged()
{
    const QJsonArray accounts = m_demo.report[QStringLiteral("accounts")].toArray();
    QCOMPARE(accounts.size(), m_demo.truth[QStringLiteral("accounts")].toInt());
    const double threshold = m_demo.report[QStringLiteral("threshold")].toDouble();
    double lowestRing = 1e300, highestNormal = -1e300;
    for (int i = 0; i < accounts.size(); ++i) {
        const QJsonObject a = accounts[i].toObject();
        const bool ring = m_demo.ring.contains(a[QStringLiteral("account")].toString());
        if (i < m_demo.ring.size())
            QVERIFY2(ring,
                     qPrintable(QStringLiteral("rank %1 is %2, not a ring account")
                                    .arg(i + 1)
                                    .arg(a[QStringLiteral("account")].toString())));
        QCOMPARE(a[QStringLiteral("flagged")].toBool(), ring);
        if (ring) {
            lowestRing = std::min(lowestRing, a[QStringLiteral("risk")].toDouble());
            QCOMPARE(a[QStringLiteral("strength")].toString(), QStringLiteral("strong"));
        } else {
            highestNormal = std::max(highestNormal, a[QStringLiteral("risk")].toDouble());
        }
    }
    QVERIFY(lowestRing >= threshold);
    QVERIFY(highestNormal < threshold);
    QCOMPARE(m_demo.report[QStringLiteral("flagged")].toInt(), 6);
}

void TestAccounts::ringIsLinkedWithItsReasons()
{
    const QJsonArray clusters = m_demo.report[QStringLiteral("clusters")].toArray();
    QVERIFY(!clusters.isEmpty());
    const QJsonObject first = clusters[0].toObject();
    QCOMPARE(first[QStringLiteral("id")].toInt(), 1);
    QSet<QString> members;
    for (const QJsonValue &v : first[QStringLiteral("accounts")].toArray())
        members.insert(v.toString());
    QCOMPARE(members, m_demo.ring);
    QSet<QString> reasons;
    for (const QJsonValue &v : first[QStringLiteral("links")].toArray()) {
        const QJsonObject l = v.toObject();
        QVERIFY(m_demo.ring.contains(l[QStringLiteral("a")].toString()));
        QVERIFY(m_demo.ring.contains(l[QStringLiteral("b")].toString()));
        QVERIFY(l[QStringLiteral("records")].toInteger() > 0);
        reasons.insert(l[QStringLiteral("reason")].toString());
    }
    const QJsonObject ring = m_demo.truth[QStringLiteral("ring")].toObject();
    // Every pair of the ring shares the 3 planted IPs: one ip link per pair, naming one of them.
    QStringList sharedIps;
    for (const QJsonValue &ip : ring[QStringLiteral("shared_ips")].toArray())
        sharedIps << ip.toString();
    int ipLinks = 0;
    for (const QJsonValue &v : first[QStringLiteral("links")].toArray()) {
        const QJsonObject l = v.toObject();
        if (l[QStringLiteral("kind")].toString() != QLatin1String("ip"))
            continue;
        ++ipLinks;
        QCOMPARE(l[QStringLiteral("values")].toInt(), sharedIps.size());
        QVERIFY2(sharedIps.contains(l[QStringLiteral("value")].toString()),
                 qPrintable(l[QStringLiteral("reason")].toString()));
        QCOMPARE(l[QStringLiteral("reason")].toString(),
                 QStringLiteral("shared ip %1 and 2 more ip value(s)").arg(l[QStringLiteral("value")].toString()));
    }
    QCOMPARE(ipLinks, 15);
    QVERIFY(reasons.contains(QStringLiteral("same user agent ") + ring[QStringLiteral("user_agent")].toString()));
    bool systemPrompt = false, templ = false;
    for (const QString &r : std::as_const(reasons)) {
        systemPrompt |= r.startsWith(QStringLiteral("same system prompt"));
        templ |= r.startsWith(QStringLiteral("same prompt template"));
    }
    QVERIFY(systemPrompt);
    QVERIFY(templ);
    // No other cluster holds a ring account, and none is linked by the ring's values.
    for (int c = 1; c < clusters.size(); ++c)
        for (const QJsonValue &v : clusters[c].toObject()[QStringLiteral("accounts")].toArray())
            QVERIFY(!m_demo.ring.contains(v.toString()));
}

void TestAccounts::explanationsSayWhyAndReferToRecords()
{
    for (const casefile::FindingRow &f : std::as_const(m_demo.run.findings)) {
        if (f.kind != QLatin1String("account-risk") || !m_demo.ring.contains(f.subject))
            continue;
        QVERIFY2(f.explanation.startsWith(f.subject + QStringLiteral(": ")), qPrintable(f.explanation));
        QVERIFY2(f.explanation.contains(QStringLiteral("step-by-step reasoning")), qPrintable(f.explanation));
        QVERIFY2(f.explanation.contains(QStringLiteral("from one template")), qPrintable(f.explanation));
        int records = 0, accounts = 0;
        for (const casefile::FindingRef &r : f.refs) {
            records += r.itemKind == QLatin1String("record");
            accounts += r.itemKind == QLatin1String("account");
        }
        QCOMPARE(accounts, 1);
        QVERIFY(records >= 5);
        QVERIFY(f.score && *f.score >= 1.0);
    }
}

void TestAccounts::jsonFollowsTheContract()
{
    const QJsonObject &r = m_demo.report;
    QCOMPARE(r[QStringLiteral("run")].toInteger(), m_demo.run.run.id);
    const QJsonArray accounts = r[QStringLiteral("accounts")].toArray();
    double previous = 1e300;
    for (int i = 0; i < accounts.size(); ++i) {
        const QJsonObject a = accounts[i].toObject();
        for (const char *key : { "account", "rank", "risk", "cluster", "features", "top_features" })
            QVERIFY2(a.contains(QLatin1String(key)), key);
        QCOMPARE(a[QStringLiteral("rank")].toInt(), i + 1);
        QVERIFY(a[QStringLiteral("risk")].toDouble() <= previous);
        previous = a[QStringLiteral("risk")].toDouble();
        QVERIFY(a[QStringLiteral("features")].isObject());
        QVERIFY(a[QStringLiteral("top_features")].isArray());
        QVERIFY(a[QStringLiteral("cluster")].isNull() || a[QStringLiteral("cluster")].toInt() >= 1);
    }
    for (const QJsonValue &v : r[QStringLiteral("clusters")].toArray()) {
        const QJsonObject c = v.toObject();
        QVERIFY(c[QStringLiteral("id")].toInt() >= 1);
        QVERIFY(c[QStringLiteral("accounts")].toArray().size() >= 2);
        for (const QJsonValue &l : c[QStringLiteral("links")].toArray())
            for (const char *key : { "a", "b", "reason", "records" })
                QVERIFY2(l.toObject().contains(QLatin1String(key)), key);
    }
}

void TestAccounts::featuresMatchAnIndependentComputation()
{
    if (!QFileInfo::exists(QStringLiteral("/usr/bin/python3")))
        QSKIP("/usr/bin/python3 is not installed: the independent computation cannot run");
    const QString json = m_dir.filePath(QStringLiteral("accounts.json"));
    QFile out(json);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(m_demo.report).toJson());
    out.close();
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 { QStringLiteral(LINEAGE_SOURCE_DIR "/bench/forensics/accounts_reference.py"), m_demo.file->path(),
                   QStringLiteral("--lineage"), json });
    QVERIFY(python.waitForFinished(300000));
    const QByteArray stdoutText = python.readAllStandardOutput();
    QVERIFY2(python.exitCode() == 0, (stdoutText + python.readAllStandardError()).constData());
    const QJsonObject result = QJsonDocument::fromJson(stdoutText).object();
    QCOMPARE(result[QStringLiteral("difference_count")].toInt(), 0);
    QVERIFY(result[QStringLiteral("values_checked")].toInt() >= 300 * 15);
}

void TestAccounts::normalityTestMatchesScipy()
{
    // scipy.stats.shapiro 1.10.1 (single precision inside: agreement to about 1e-6).
    struct Case
    {
        std::vector<double> values;
        double w, p;
    };
    std::vector<Case> cases;
    cases.push_back(
        { { 148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236 }, 0.7888147830963135, 0.006703833118081093 });
    std::vector<double> b, c, e;
    for (int i = 1; i <= 40; ++i)
        b.push_back(double((i * i) % 17) + 0.5 * i);
    for (int i = 1; i <= 300; ++i)
        c.push_back(((i * 37) % 101) / 10.0 + std::sin(double(i)));
    for (int i = 1; i <= 60; ++i)
        e.push_back(std::exp(((i * 13) % 29) / 7.0));
    cases.push_back({ b, 0.988611102104187, 0.9534804224967957 });
    cases.push_back({ c, 0.9668454527854919, 2.2277090465649962e-06 });
    cases.push_back({ e, 0.8083903193473816, 2.1990177856423543e-07 });
    for (const Case &k : cases) {
        const auto r = shapiroWilk(k.values);
        QVERIFY(r);
        QVERIFY2(std::abs(r->w - k.w) < 2e-5, qPrintable(QString::number(r->w, 'g', 12)));
        QVERIFY2(std::abs(r->p - k.p) < 1e-4 * std::max(1.0, k.p * 10) && std::abs(std::log(r->p / k.p)) < 0.02,
                 qPrintable(QString::number(r->p, 'g', 12)));
    }
    QVERIFY(!shapiroWilk({ 1, 2 }));
    QVERIFY(!shapiroWilk({ 3, 3, 3, 3 }));
}

void TestAccounts::rerunGivesIdenticalFindings()
{
    auto rerun = rerunAnalysis(*m_demo.file, m_demo.run.run.id, 1);
    QVERIFY2(rerun, rerun ? "" : qPrintable(rerun.error().message));
    QVERIFY2(rerun->differences.isEmpty(), qPrintable(rerun->differences.join(QLatin1Char('\n'))));
    QCOMPARE(rerun->rerun.findings.size(), m_demo.run.findings.size());
}

void TestAccounts::otherSeedFlagsNoNormalAccount()
{
    auto other = demoRun(m_dir.filePath(QStringLiteral("b")), 7);
    QVERIFY2(other, other ? "" : qPrintable(other.error().message));
    int flagged = 0;
    for (const QJsonValue &v : other->report[QStringLiteral("accounts")].toArray()) {
        const QJsonObject a = v.toObject();
        const bool ring = other->ring.contains(a[QStringLiteral("account")].toString());
        QVERIFY2(a[QStringLiteral("flagged")].toBool() == ring, qPrintable(a[QStringLiteral("account")].toString()));
        flagged += a[QStringLiteral("flagged")].toBool();
    }
    QCOMPARE(flagged, other->ring.size());
}

void TestAccounts::actorsGroupTheRing()
{
    CaseFile &file = *m_demo.file;
    casefile::ActorStore store(file.db());
    QStringList ringNames(m_demo.ring.begin(), m_demo.ring.end());
    ringNames.sort();
    auto members = store.accountsNamed(ringNames);
    QVERIFY(members);
    QList<qint64> ids;
    for (const casefile::Membership &m : std::as_const(*members))
        ids.append(m.accountId);
    auto before = casefile::AuditLog::count(file.db());
    QVERIFY(before);
    auto created = casefile::ActorStore::create(file, QStringLiteral("Ring"), QString(), ids);
    QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    auto after = casefile::AuditLog::count(file.db());
    QCOMPARE(*after, *before + 1);
    // A second actor of the same name is refused.
    QVERIFY(!casefile::ActorStore::create(file, QStringLiteral("Ring"), QString(), { ids.first() }));

    auto byActor
        = runAnalysis(file,
                      RunRequest { QStringLiteral("accounts"),
                                   QJsonObject { { QStringLiteral("group_by"), QStringLiteral("actor") } }, 2 });
    QVERIFY2(byActor, byActor ? "" : qPrintable(byActor.error().message));
    const QJsonObject report = findKind(QStringLiteral("accounts"))->report(byActor->run, byActor->findings);
    const QJsonArray accounts = report[QStringLiteral("accounts")].toArray();
    QCOMPARE(accounts.size(), m_demo.report[QStringLiteral("accounts")].toArray().size() - 5);
    const QJsonObject top = accounts[0].toObject();
    QCOMPARE(top[QStringLiteral("account")].toString(), QStringLiteral("Ring"));
    QCOMPARE(top[QStringLiteral("unit")].toString(), QStringLiteral("actor"));
    QCOMPARE(top[QStringLiteral("accounts")].toArray().size(), 6);
    QVERIFY(top[QStringLiteral("flagged")].toBool());
    QVERIFY(!accounts[1].toObject()[QStringLiteral("flagged")].toBool());

    // Undo: the accounts go back to no actor.
    auto undone = casefile::ActorStore::restore(file, created->before);
    QVERIFY(undone);
    auto removed = casefile::ActorStore::remove(file, created->actorId);
    QVERIFY(removed);
    auto now = store.memberships();
    QVERIFY(now);
    for (const casefile::Membership &m : std::as_const(*now))
        QVERIFY(!m.actorId);
}

void TestAccounts::clausesAreFoundAndLinked()
{
    CaseFile &file = *m_demo.file;
    // The clauses link to the latest accounts run: one by account (the last one was by actor).
    QVERIFY(runAnalysis(file, RunRequest { QStringLiteral("accounts"), {}, 2 }));
    auto run = runAnalysis(file, RunRequest { QStringLiteral("clauses"), {}, 2 });
    QVERIFY2(run, run ? "" : qPrintable(run.error().message));
    QVERIFY(run->complete());
    const QJsonObject report = findKind(QStringLiteral("clauses"))->report(run->run, run->findings);
    QCOMPARE(report[QStringLiteral("run")].toInteger(), run->run.id);
    QHash<QString, QJsonObject> byTopicNumber;
    bool chinese = false;
    for (const QJsonValue &v : report[QStringLiteral("clauses")].toArray()) {
        const QJsonObject c = v.toObject();
        for (const char *key : { "document", "page", "topic", "text", "effective_date", "findings" })
            QVERIFY2(c.contains(QLatin1String(key)), key);
        byTopicNumber.insert(c[QStringLiteral("topic")].toString() + QLatin1Char(' ')
                                 + c[QStringLiteral("clause_number")].toString(),
                             c);
        chinese |= c[QStringLiteral("text")].toString().contains(QStringLiteral("竞争的模型"));
    }
    QVERIFY(chinese);
    const QJsonObject competing = byTopicNumber.value(QStringLiteral("competing-models 2.3"));
    const QJsonObject extraction = byTopicNumber.value(QStringLiteral("automated-extraction 2.4"));
    QVERIFY(!competing.isEmpty());
    QVERIFY(!extraction.isEmpty());
    QVERIFY(byTopicNumber.contains(QStringLiteral("reverse-engineering 2.2")));
    QVERIFY(byTopicNumber.contains(QStringLiteral("rate-limits 1.2")));
    for (const QJsonObject &c : { competing, extraction }) {
        QCOMPARE(c[QStringLiteral("page")].toInt(), 1);
        QCOMPARE(c[QStringLiteral("effective_date")].toString(), QStringLiteral("2024-11-01"));
        QVERIFY(c[QStringLiteral("boxes")].toArray().size() >= 10);
        // The ring's account findings, and only those, are linked.
        QSet<QString> subjects;
        for (const QJsonValue &l : c[QStringLiteral("findings")].toArray())
            if (l[QStringLiteral("kind")].toString() == QLatin1String("account-risk")) {
                subjects.insert(l[QStringLiteral("subject")].toString());
                QCOMPARE(l[QStringLiteral("records_before_effective")].toInteger(), 0);
            }
        QCOMPARE(subjects, m_demo.ring);
    }
    // The effective date is on the timeline once, however often the analysis runs.
    auto again = runAnalysis(file, RunRequest { QStringLiteral("clauses"), {}, 1 });
    QVERIFY(again);
    auto events = casefile::EventStore(file.db()).events();
    QVERIFY(events);
    int effective = 0;
    for (const casefile::EventRow &e : std::as_const(*events))
        effective += e.itemKind == QLatin1String("document") && e.kind == QLatin1String("document-date")
            && QDateTime::fromMSecsSinceEpoch(e.startUtc, QTimeZone::utc()).date() == QDate(2024, 11, 1);
    QCOMPARE(effective, 1);
}

void TestAccounts::summaryWeighsTheEvidence()
{
    auto summary = summarizeCase(m_demo.file->db());
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    const QJsonObject json = summaryJson(*summary);
    QHash<QString, QJsonObject> lines;
    for (const QJsonValue &v : json[QStringLiteral("lines")].toArray())
        lines.insert(v[QStringLiteral("evidence")].toString(), v.toObject());
    const QJsonObject accounts = lines.value(QStringLiteral("accounts"));
    QCOMPARE(accounts[QStringLiteral("strength")].toString(), QStringLiteral("strong"));
    QCOMPARE(accounts[QStringLiteral("figures")][QStringLiteral("flagged")].toInt(), 6);
    QVERIFY(accounts[QStringLiteral("rests_on")][QStringLiteral("findings")].toArray().size() >= 6);
    QVERIFY(lines.contains(QStringLiteral("clauses")));
    // No reuse run in this case: said, not shown as evidence.
    QVERIFY(!lines.contains(QStringLiteral("reuse")));
    const QStringList notShown = json[QStringLiteral("not_shown")].toVariant().toStringList();
    QVERIFY(notShown.contains(QStringLiteral("Not analysed: no complete reuse run.")));
    QVERIFY(notShown.contains(QStringLiteral("Not analysed: no complete kinship run.")));
}

void TestAccounts::emptyCaseShowsNothing()
{
    casefile::CaseInfo info;
    info.title = QStringLiteral("Empty");
    auto file = CaseFile::create(m_dir.filePath(QStringLiteral("empty.lineage")), info, kWho);
    QVERIFY(file);
    auto run = runAnalysis(**file, RunRequest { QStringLiteral("accounts"), {}, 1 });
    // No query records: the run fails with a reason and leaves no findings.
    QVERIFY(run);
    QCOMPARE(run->run.status, QStringLiteral("failed"));
    QVERIFY2(run->run.message.contains(QStringLiteral("no query records")), qPrintable(run->run.message));
    QVERIFY(run->findings.isEmpty());
    auto summary = summarizeCase((*file)->db());
    QVERIFY(summary);
    QVERIFY(summary->lines.isEmpty());
    QCOMPARE(summary->notShown.size(), 6);
}

void TestAccounts::heavyBenignUsersRankBelowHarvesters()
{
    const QString log = writeHeavyUsersLog(m_dir.filePath(QStringLiteral("heavy.jsonl")));
    QVERIFY(!log.isEmpty());
    casefile::CaseInfo info;
    info.title = QStringLiteral("Heavy users");
    auto file = CaseFile::create(m_dir.filePath(QStringLiteral("heavy.lineage")), info, kWho);
    QVERIFY(file);
    auto imported = ingest::importFile(**file, log, {});
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
    auto run = runAnalysis(**file, RunRequest { QStringLiteral("accounts"), {}, 2 });
    QVERIFY2(run, run ? "" : qPrintable(run.error().message));
    QVERIFY2(run->complete(), qPrintable(run->run.message));
    const QJsonObject report = findKind(QStringLiteral("accounts"))->report(run->run, run->findings);
    const QJsonArray accounts = report[QStringLiteral("accounts")].toArray();
    QCOMPARE(accounts.size(), 66);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &v : accounts)
        byName.insert(v[QStringLiteral("account")].toString(), v.toObject());
    for (int a = 0; a < 4; ++a) {
        const QJsonObject ring = byName.value(QStringLiteral("ring_%1").arg(a));
        qInfo("ring_%d: risk %.2f (harvest-specific %.2f)", a, ring[QStringLiteral("risk")].toDouble(),
              ring[QStringLiteral("harvest_risk")].toDouble());
        QVERIFY2(ring[QStringLiteral("rank")].toInt() <= 4, qPrintable(ring[QStringLiteral("explanation")].toString()));
        QVERIFY(ring[QStringLiteral("flagged")].toBool());
    }
    auto explain = [&](const QString &name) {
        const QJsonObject a = byName.value(name);
        const QString why = a[QStringLiteral("explanation")].toString();
        qInfo("%s: rank %d, risk %.2f (harvest-specific %.2f): %s", qPrintable(name), a[QStringLiteral("rank")].toInt(),
              a[QStringLiteral("risk")].toDouble(), a[QStringLiteral("harvest_risk")].toDouble(), qPrintable(why));
        return a;
    };
    // Both heavy benign accounts rank below every harvester and are not flagged: volume, one
    // template (the batch customer) and clockwork regularity take their risk over the
    // threshold (batch 1.79, harness 1.12 against 1.0), but none of it is a sign of
    // harvesting answers, and the explanation says what is missing.
    for (const QString &name : { QStringLiteral("acct_batch"), QStringLiteral("acct_eval") }) {
        const QJsonObject a = explain(name);
        const QString why = a[QStringLiteral("explanation")].toString();
        QVERIFY2(a[QStringLiteral("rank")].toInt() > 4, qPrintable(why));
        QVERIFY(a[QStringLiteral("risk")].toDouble() >= 1.0);
        QVERIFY(a[QStringLiteral("harvest_risk")].toDouble() < 0.25);
        QVERIFY2(!a[QStringLiteral("flagged")].toBool(), qPrintable(why));
        QCOMPARE(a[QStringLiteral("strength")].toString(), QStringLiteral("weak"));
        QVERIFY2(why.contains(QStringLiteral("not flagged: its risk"))
                     && why.contains(QStringLiteral("from automation"))
                     && why.contains(QStringLiteral("no chain-of-thought requests"))
                     && why.contains(QStringLiteral("no log-probabilities")),
                 qPrintable(why));
    }
    for (int a = 0; a < 4; ++a)
        QVERIFY(byName.value(QStringLiteral("ring_%1").arg(a))[QStringLiteral("harvest_risk")].toDouble() >= 0.25);
    QCOMPARE(report[QStringLiteral("flagged")].toInt(), 4);
    QCOMPARE(report[QStringLiteral("harvest_share")].toDouble(), 0.25);
}

void TestAccounts::reasoningPhrasesAreFoundAnywhere()
{
    // The phrase matcher looks only where a phrase's first three bytes are; it must find
    // what a search for every phrase finds: at the start, at the end, after a near miss,
    // across folded case and white space, in Chinese, and phrases shorter than three bytes.
    auto lexicon = forensics::AccountSignals::fromJson(R"({"chain_of_thought": ["step by step", "Show Your Work",
        "思考过程", "qz", "stem cell"], "topics": []})");
    QVERIFY2(lexicon, lexicon ? "" : qPrintable(lexicon.error().message));
    std::string scratch;
    const auto asks = [&](const char *text) { return lexicon->asksForReasoning(QByteArrayView(text), scratch); };
    QVERIFY(asks("step by step"));
    QVERIFY(asks("Solve it STEP   by\n step."));
    QVERIFY(asks("please stepstep by step"));
    QVERIFY(asks("ste step by step"));
    QVERIFY(asks("and then show your work"));
    QVERIFY(asks("请写出思考过程"));
    QVERIFY(asks("xqz"));
    QVERIFY(asks("a stem cell question"));
    QVERIFY(!asks("step by ste"));
    QVERIFY(!asks("steps by step"));
    QVERIFY(!asks("show your wor"));
    QVERIFY(!asks("思考"));
    QVERIFY(!asks(""));
    QVERIFY(!asks("st"));
    QVERIFY(!asks("q z"));
    // The built-in list against a plain search of every phrase, on every prompt of the demo.
    auto builtIn = forensics::AccountSignals::fromJson(forensics::AccountSignals::builtInJson());
    QVERIFY(builtIn);
    const QJsonArray phrases
        = QJsonDocument::fromJson(forensics::AccountSignals::builtInJson())[QStringLiteral("chain_of_thought")]
              .toArray();
    auto stmt
        = casefile::Statement::prepare(m_demo.file->db(), "SELECT prompt FROM query_records WHERE prompt IS NOT NULL");
    QVERIFY(stmt);
    int prompts = 0, found = 0;
    for (;;) {
        auto row = stmt->step();
        QVERIFY(row);
        if (!*row)
            break;
        const QString prompt = stmt->text(0);
        const QString folded = prompt.toLower().simplified();
        bool expected = false;
        for (const QJsonValue &p : phrases)
            expected = expected || folded.contains(p.toString().toLower());
        const QByteArray utf8 = prompt.toUtf8();
        QCOMPARE(builtIn->asksForReasoning(utf8, scratch), expected);
        ++prompts;
        found += expected;
    }
    QVERIFY(prompts > 1000);
    QVERIFY(found > 0 && found < prompts);
}

QTEST_MAIN(TestAccounts)
#include "tst_accounts.moc"
