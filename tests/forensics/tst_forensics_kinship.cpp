// SPDX-License-Identifier: GPL-3.0-or-later
// The kinship and attribution analyses on real model answers: the AlpacaEval development set
// (../shared/data/alpacaeval-dev) imported through the real import, roles from labels.json.
// Documented students against the clean panel, attribution to the documented teacher, a
// noisy copy of a panel member, too few prompts, no provider, cancel, re-run, the JSON
// layouts of the command line. Skipped when the development set is absent.
#include "casefile/analysis_store.h"
#include "casefile/case_file.h"
#include "casefile/transcript_store.h"
#include "common/cli_run.h"
#include "dev_set.h"
#include "forensics/analysis_runner.h"
#include "forensics/kind_registry.h"
#include "forensics/random_stream.h"
#include "forensics/robust_stats.h"
#include "ingest/importer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace lineage;
using namespace lineage::forensics;
using casefile::CaseFile;
using lineage::testing::cli;

namespace {

const casefile::Investigator kWho { QStringLiteral("F. Examiner"), QStringLiteral("fexaminer") };
constexpr int kBootstrap = 200; // enough for the intervals' checks, a fifth of the default's time

QString devDir()
{
    return devset::defaultDir(QStringLiteral(LINEAGE_SOURCE_DIR));
}

Result<std::unique_ptr<CaseFile>> newCase(const QString &path)
{
    casefile::CaseInfo info;
    info.title = QStringLiteral("Kinship development set");
    return CaseFile::create(path, info, kWho);
}

Status importTranscript(CaseFile &file, const QString &path, const QString &label, ingest::TranscriptRole role)
{
    ingest::ImportOptions options;
    options.kind = ingest::SourceKind::Transcript;
    options.modelLabel = label;
    options.role = role;
    options.buildIndex = false;
    auto s = ingest::importFile(file, path, options);
    if (!s)
        return s.error();
    return {};
}

// Writes an AlpacaEval array of `turns` (at most `limit`) under `label`.
bool writeAlpaca(const QString &path, const QString &label, const std::vector<PromptAnswer> &turns, int limit = -1)
{
    QJsonArray a;
    for (size_t i = 0; i < turns.size() && (limit < 0 || int(i) < limit); ++i)
        a.append(QJsonObject { { QStringLiteral("instruction"), turns[i].prompt },
                               { QStringLiteral("output"), turns[i].answer },
                               { QStringLiteral("generator"), label },
                               { QStringLiteral("dataset"), QStringLiteral("test") } });
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(a).toJson(QJsonDocument::Compact)) > 0;
}

// A copy of `text` with noise: of every word, one in seven replaced by another word of the
// same answer and one in twenty dropped.
QString noisyCopy(const QString &text, quint64 seed, quint64 index)
{
    const QStringList words = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (words.size() < 3)
        return text;
    RandomStream rng(seed, index);
    QStringList out;
    for (const QString &w : words) {
        const double u = rng.uniform();
        if (u < 0.05)
            continue;
        out << (u < 0.05 + 1.0 / 7.0 ? words[rng.below(words.size())] : w);
    }
    return out.join(QLatin1Char(' '));
}

const ModelAnswers *modelOf(const devset::DevSet &dev, const QString &label)
{
    for (const ModelAnswers &m : dev.models)
        if (m.label == label)
            return &m;
    return nullptr;
}

QJsonObject kinshipParameters(const QString &provider)
{
    return QJsonObject { { QStringLiteral("provider"), provider }, { QStringLiteral("bootstrap"), kBootstrap } };
}

QJsonObject modelEntry(const QJsonObject &report, const QString &label)
{
    for (const QJsonValue &v : report.value(QStringLiteral("models")).toArray())
        if (v[QStringLiteral("label")].toString() == label)
            return v.toObject();
    return {};
}

} // namespace

class TestForensicsKinship : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void kinshipJsonLayout();
    void kinshipSeparatesStudentsFromThePanel();
    void kinshipFindingsTraceToTurns();
    void noisyCopyOfAPanelMemberIsNotFlagged();
    void attributionNamesTheDocumentedTeacher();
    void attributionCommandLine();
    void rerunReproducesTheRun();
    void canceledRunsLeaveNoFindings();
    void tooFewPromptsAndNoProviderAreClearErrors();

private:
    QTemporaryDir m_dir;
    devset::DevSet m_dev;
    QString m_case;
    std::unique_ptr<CaseFile> m_file;
    QStringList m_copies; // noisy copies of panel members, role suspect
    QHash<QString, RunOutcome> m_kinship; // provider -> run
    QHash<QString, QJsonObject> m_report; // provider -> report
};

void TestForensicsKinship::initTestCase()
{
    m_dev = devset::load(devDir());
    if (!m_dev.ok)
        QSKIP(qPrintable(QStringLiteral("The development set is not at %1 (../shared/data/alpacaeval-dev next to the "
                                        "project); these tests need its real model answers.")
                             .arg(devDir())));
    QVERIFY(m_dir.isValid());
    m_case = m_dir.filePath(QStringLiteral("dev.lineage"));
    auto file = newCase(m_case);
    QVERIFY2(file, file ? "" : qPrintable(file.error().message));
    m_file = std::move(*file);
    QStringList students;
    for (const auto &[s, t] : m_dev.students)
        students << s;
    for (const ModelAnswers &m : m_dev.models) {
        const auto role = m_dev.providers.contains(m.label) ? ingest::TranscriptRole::Provider
            : m_dev.panel.contains(m.label)                 ? ingest::TranscriptRole::Control
                                                            : ingest::TranscriptRole::Suspect;
        const Status s
            = importTranscript(*m_file, QDir(devDir()).filePath(m.label + QStringLiteral(".json")), m.label, role);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message));
    }
    // Noisy copies of three panel members (by position in labels.json), role suspect: models
    // as independent of the providers as their originals.
    for (const int i : { 0, 4, 8 }) {
        const QString original = m_dev.panel.value(i);
        const ModelAnswers *m = modelOf(m_dev, original);
        QVERIFY(m);
        std::vector<PromptAnswer> turns = m->turns;
        for (size_t k = 0; k < turns.size(); ++k)
            turns[k].answer = noisyCopy(turns[k].answer, 77, k);
        const QString label = QStringLiteral("copy-of-") + original;
        const QString path = m_dir.filePath(label + QStringLiteral(".json"));
        QVERIFY(writeAlpaca(path, label, turns));
        const Status s = importTranscript(*m_file, path, label, ingest::TranscriptRole::Suspect);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message));
        m_copies << label;
    }
    for (const QString &provider : std::as_const(m_dev.providers)) {
        auto run = runAnalysis(*m_file, RunRequest { QStringLiteral("kinship"), kinshipParameters(provider), 2 });
        QVERIFY2(run, run ? "" : qPrintable(run.error().message));
        QVERIFY2(run->complete(), qPrintable(run->run.message));
        m_kinship.insert(provider, *run);
        m_report.insert(provider, findKind(QStringLiteral("kinship"))->report(run->run, run->findings));
    }
}

void TestForensicsKinship::kinshipJsonLayout()
{
    // Through the command line, from the stored run: the fixed layout, field by field.
    const QString provider = m_dev.providers.first();
    const qint64 runId = m_kinship.value(provider).run.id;
    m_file->close();
    const auto out = cli({ QStringLiteral("findings"), m_case, QStringLiteral("--run"), QString::number(runId),
                           QStringLiteral("--json") },
                         120000);
    auto reopened = CaseFile::open(m_case, kWho);
    QVERIFY(reopened);
    m_file = std::move(*reopened);
    QVERIFY2(out.exitCode == 0, out.err.constData());
    const QJsonObject j = out.json();
    QCOMPARE(j.value(QStringLiteral("run")).toInteger(), runId);
    QCOMPARE(j.value(QStringLiteral("provider")).toString(), provider);
    QCOMPARE(j.value(QStringLiteral("panel_size")).toInt(), int(m_dev.panel.size()));
    const QJsonArray models = j.value(QStringLiteral("models")).toArray();
    // One entry for every label but the provider's: 18 models and the 3 copies.
    QCOMPARE(models.size(), qsizetype(m_dev.models.size() - 1 + size_t(m_copies.size())));
    QSet<QString> labels;
    for (const QJsonValue &v : models) {
        const QJsonObject m = v.toObject();
        const QString label = m.value(QStringLiteral("label")).toString();
        QVERIFY(label != provider);
        labels.insert(label);
        QCOMPARE(m.value(QStringLiteral("in_panel")).toBool(), m_dev.panel.contains(label));
        for (const char *field : { "score", "z", "p", "closeness", "prompts" })
            QVERIFY2(m.value(QLatin1String(field)).isDouble(), field);
        QVERIFY(m.value(QStringLiteral("flagged")).isBool());
        const QJsonArray interval = m.value(QStringLiteral("interval")).toArray();
        QCOMPARE(interval.size(), 2);
        const double score = m.value(QStringLiteral("score")).toDouble();
        QVERIFY2(interval[0].toDouble() <= score && score <= interval[1].toDouble(), qPrintable(label));
        const int n = m_dev.panel.size() - (m.value(QStringLiteral("in_panel")).toBool() ? 1 : 0);
        QVERIFY(m.value(QStringLiteral("p")).toDouble() >= 1.0 / (n + 1) - 1e-12);
        QCOMPARE(m.value(QStringLiteral("prompts")).toInt(), 805);
    }
    QCOMPARE(labels.size(), models.size());
}

void TestForensicsKinship::kinshipSeparatesStudentsFromThePanel()
{
    std::vector<double> students, panel;
    int flaggedPanel = 0, flaggedStudents = 0, aboveMedian = 0;
    QStringList table;
    for (const QString &provider : std::as_const(m_dev.providers)) {
        const QJsonObject &report = m_report[provider];
        std::vector<double> panelZ;
        for (const QString &q : std::as_const(m_dev.panel)) {
            const QJsonObject m = modelEntry(report, q);
            panel.push_back(m.value(QStringLiteral("score")).toDouble());
            panelZ.push_back(m.value(QStringLiteral("z")).toDouble());
            flaggedPanel += m.value(QStringLiteral("flagged")).toBool() ? 1 : 0;
        }
        const double panelMedian = median(panelZ);
        for (const QString &s : devset::studentsOf(m_dev, provider)) {
            const QJsonObject m = modelEntry(report, s);
            students.push_back(m.value(QStringLiteral("score")).toDouble());
            flaggedStudents += m.value(QStringLiteral("flagged")).toBool() ? 1 : 0;
            aboveMedian += m.value(QStringLiteral("z")).toDouble() > panelMedian ? 1 : 0;
            table << QStringLiteral("%1->%2 score %3 z %4 p %5")
                         .arg(provider, s)
                         .arg(m.value(QStringLiteral("score")).toDouble(), 0, 'f', 2)
                         .arg(m.value(QStringLiteral("z")).toDouble(), 0, 'f', 2)
                         .arg(m.value(QStringLiteral("p")).toDouble(), 0, 'f', 3);
        }
    }
    const double auc = rankAuc(students, panel);
    qInfo("kinship on the development set: AUC %.3f (%zu students x %zu panel members left out), panel flagged %d, "
          "students flagged %d\n  %s",
          auc, students.size(), panel.size(), flaggedPanel, flaggedStudents,
          qPrintable(table.join(QStringLiteral("\n  "))));
    QCOMPARE(students.size(), size_t(m_dev.students.size()));
    // At most about 1% of the panel members left out in turn are flagged (0 or 1 of 24).
    QVERIFY2(flaggedPanel <= 1, qPrintable(QString::number(flaggedPanel)));
    // Students rank above the panel: every one above the panel's median, AUC well above chance.
    QCOMPARE(aboveMedian, int(students.size()));
    QVERIFY2(auc >= 0.85, qPrintable(QString::number(auc)));
    // The documented pairs flagged: the measure ranks the students high but, on 805 prompts
    // against 11-12 references, none reaches the 1% flag (best score 2.0 of 2.33).
    QEXPECT_FAIL("",
                 "kinship-residual/1 ranks the documented students above the panel but flags none of them at the "
                 "1% rule on the development set",
                 Continue);
    QCOMPARE(flaggedStudents, int(students.size()));
}

void TestForensicsKinship::kinshipFindingsTraceToTurns()
{
    casefile::TranscriptStore turns(m_file->db());
    for (const QString &provider : std::as_const(m_dev.providers)) {
        const RunOutcome &run = m_kinship[provider];
        QCOMPARE(run.findings.size(), qsizetype(m_dev.models.size() - 1 + size_t(m_copies.size())));
        for (const casefile::FindingRow &f : run.findings) {
            QCOMPARE(f.kind, QStringLiteral("kinship"));
            const QJsonObject m = modelEntry(m_report[provider], f.subject);
            QCOMPARE(*f.score, m.value(QStringLiteral("score")).toDouble());
            QCOMPARE(*f.statistic, m.value(QStringLiteral("z")).toDouble());
            QCOMPARE(*f.pValue, m.value(QStringLiteral("p")).toDouble());
            // The strength rule: weak unless flagged.
            if (m.value(QStringLiteral("flagged")).toBool())
                QVERIFY(f.strength == QLatin1String("strong") || f.strength == QLatin1String("moderate"));
            else
                QCOMPARE(f.strength, QStringLiteral("weak"));
            QVERIFY(f.explanation.contains(f.subject));
            QVERIFY(f.explanation.contains(provider));
            QStringList relations;
            for (const casefile::FindingRef &r : f.refs)
                relations << r.relation;
            QVERIFY(relations.contains(QStringLiteral("provider")));
            QVERIFY(relations.contains(QStringLiteral("model")));
            QCOMPARE(relations.count(QStringLiteral("reference")), m.value(QStringLiteral("references")).toInt());
            // Every prompt's values with its turns: the view values are their means.
            const QJsonArray per = f.payload.value(QStringLiteral("per_prompt")).toArray();
            QCOMPARE(per.size(), qsizetype(m.value(QStringLiteral("prompts")).toInt()));
            double shape = 0, lexical = 0;
            for (const QJsonValue &v : per) {
                shape += v[2].toDouble();
                lexical += v[3].toDouble();
            }
            QVERIFY(std::abs(shape / per.size() - m.value(QStringLiteral("shape")).toDouble()) < 1e-9);
            QVERIFY(std::abs(lexical / per.size() - m.value(QStringLiteral("lexical")).toDouble()) < 1e-9);
            // The closest prompts' answers, whole, on both sides.
            QCOMPARE(f.spans.size(), qsizetype(2 * 10));
            for (const casefile::FindingSpan &s : f.spans) {
                QCOMPARE(s.itemKind, QStringLiteral("turn"));
                auto turn = turns.turn(s.itemId);
                QVERIFY(turn);
                QCOMPARE(s.start, qint64(0));
                QCOMPARE(s.length, qint64(turn->answer.size()));
            }
        }
    }
}

void TestForensicsKinship::noisyCopyOfAPanelMemberIsNotFlagged()
{
    for (const QString &provider : std::as_const(m_dev.providers))
        for (const QString &copy : std::as_const(m_copies)) {
            const QJsonObject m = modelEntry(m_report[provider], copy);
            QVERIFY2(!m.isEmpty(), qPrintable(copy));
            qInfo("%s against %s: score %.2f, z %.2f", qPrintable(copy), qPrintable(provider),
                  m.value(QStringLiteral("score")).toDouble(), m.value(QStringLiteral("z")).toDouble());
            QVERIFY2(!m.value(QStringLiteral("flagged")).toBool(),
                     qPrintable(QStringLiteral("%1 against %2: score %3")
                                    .arg(copy, provider)
                                    .arg(m.value(QStringLiteral("score")).toDouble())));
            QCOMPARE(m.value(QStringLiteral("role")).toString(), QStringLiteral("suspect"));
        }
}

void TestForensicsKinship::attributionNamesTheDocumentedTeacher()
{
    QStringList students;
    for (const auto &[s, t] : m_dev.students)
        students << s;
    // Candidates from their role (the two providers), the students named.
    auto run
        = runAnalysis(*m_file,
                      RunRequest { QStringLiteral("attribution"),
                                   QJsonObject { { QStringLiteral("suspect"), QJsonArray::fromStringList(students) },
                                                 { QStringLiteral("bootstrap"), kBootstrap } },
                                   2 });
    QVERIFY2(run, run ? "" : qPrintable(run.error().message));
    QVERIFY2(run->complete(), qPrintable(run->run.message));
    const QJsonObject report = findKind(QStringLiteral("attribution"))->report(run->run, run->findings);
    const double accuracy = report.value(QStringLiteral("cv_accuracy")).toDouble();
    QVERIFY2(accuracy > 0.6, qPrintable(QString::number(accuracy)));
    QCOMPARE(report.value(QStringLiteral("confusion")).toArray().size(), 2);
    int right = 0;
    QStringList table;
    QSet<QString> named;
    for (const QJsonValue &v : report.value(QStringLiteral("suspects")).toArray()) {
        const QString label = v[QStringLiteral("label")].toString();
        QString teacher;
        for (const auto &[s, t] : m_dev.students)
            if (s == label)
                teacher = t;
        const QString attributed = v[QStringLiteral("attributed")].toString();
        right += attributed == teacher ? 1 : 0;
        named.insert(attributed);
        double sum = 0;
        const QJsonObject shares = v[QStringLiteral("shares")].toObject();
        const QJsonObject intervals = v[QStringLiteral("intervals")].toObject();
        for (auto it = shares.begin(); it != shares.end(); ++it) {
            sum += it.value().toDouble();
            const QJsonArray iv = intervals.value(it.key()).toArray();
            QVERIFY(iv[0].toDouble() <= it.value().toDouble() && it.value().toDouble() <= iv[1].toDouble());
        }
        QVERIFY(std::abs(sum - 1.0) < 1e-12);
        table << QStringLiteral("%1 (teacher %2) -> %3").arg(label, teacher, attributed);
    }
    qInfo("attribution on the development set: cv accuracy %.3f, %d of %lld students attributed to their documented "
          "teacher\n  %s",
          accuracy, right, qint64(students.size()), qPrintable(table.join(QStringLiteral("\n  "))));
    // Most documented students go to their teacher, and not all to one candidate (the one
    // with the longest answers, gpt4_0314, does not take everything).
    QVERIFY2(right >= 4, qPrintable(table.join(QStringLiteral("; "))));
    QCOMPARE(named.size(), 2);
    // One finding for the classifier, one per suspect, with its answers referenced.
    QCOMPARE(run->findings.size(), qsizetype(1 + students.size()));
    QCOMPARE(run->findings.first().kind, QStringLiteral("attribution-accuracy"));
    for (qsizetype i = 1; i < run->findings.size(); ++i) {
        const casefile::FindingRow &f = run->findings[i];
        QCOMPARE(f.kind, QStringLiteral("attribution"));
        QVERIFY(f.pValue && *f.pValue > 0 && *f.pValue <= 1);
        QVERIFY(!f.spans.isEmpty());
        QVERIFY(f.explanation.contains(QLatin1String("not that the suspect was trained on them")));
        QCOMPARE(f.payload.value(QStringLiteral("per_answer")).toArray().size(),
                 qsizetype(f.payload.value(QStringLiteral("answers")).toInteger()));
    }
}

void TestForensicsKinship::attributionCommandLine()
{
    const QString suspect = m_dev.students.first().first;
    m_file->close();
    const auto out
        = cli({ QStringLiteral("analyze"), m_case, QStringLiteral("attribution"), QStringLiteral("--suspect"), suspect,
                QStringLiteral("--candidates"), m_dev.providers.join(QLatin1Char(',')), QStringLiteral("--json") },
              300000);
    auto reopened = CaseFile::open(m_case, kWho);
    QVERIFY(reopened);
    m_file = std::move(*reopened);
    QVERIFY2(out.exitCode == 0, out.err.constData());
    const QJsonObject j = out.json();
    QVERIFY(j.value(QStringLiteral("run")).isDouble());
    QVERIFY(j.value(QStringLiteral("cv_accuracy")).isDouble());
    const QJsonObject shares = j.value(QStringLiteral("shares")).toObject();
    const QJsonObject intervals = j.value(QStringLiteral("intervals")).toObject();
    QCOMPARE(shares.keys(), m_dev.providers);
    QCOMPARE(intervals.keys(), m_dev.providers);
    for (const QString &c : std::as_const(m_dev.providers))
        QCOMPARE(intervals.value(c).toArray().size(), 2);
    QVERIFY(m_dev.providers.contains(j.value(QStringLiteral("attributed")).toString()));
    QCOMPARE(j.value(QStringLiteral("suspect")).toString(), suspect);
    // --rerun from the stored parameters: the same findings, exit 0.
    m_file->close();
    const auto rerun = cli({ QStringLiteral("analyze"), m_case, QStringLiteral("--rerun"),
                             QString::number(j.value(QStringLiteral("run")).toInteger()), QStringLiteral("--json") },
                           300000);
    reopened = CaseFile::open(m_case, kWho);
    QVERIFY(reopened);
    m_file = std::move(*reopened);
    QVERIFY2(rerun.exitCode == 0, rerun.out.left(2000).constData());
    const QJsonObject r = rerun.json();
    QCOMPARE(r.value(QStringLiteral("identical")).toBool(), true);
    QCOMPARE(r.value(QStringLiteral("shares")), j.value(QStringLiteral("shares")));
    QCOMPARE(r.value(QStringLiteral("attributed")), j.value(QStringLiteral("attributed")));
}

void TestForensicsKinship::rerunReproducesTheRun()
{
    const RunOutcome &original = m_kinship[m_dev.providers.last()];
    auto rerun = rerunAnalysis(*m_file, original.run.id, 1);
    QVERIFY2(rerun, rerun ? "" : qPrintable(rerun.error().message));
    QVERIFY2(rerun->differences.isEmpty(), qPrintable(rerun->differences.join(QLatin1Char('\n'))));
    QCOMPARE(rerun->rerun.findings.size(), original.findings.size());
}

void TestForensicsKinship::canceledRunsLeaveNoFindings()
{
    casefile::AnalysisStore store(m_file->db());
    const qint64 before = store.findings()->size();
    for (const QString &kind : { QStringLiteral("kinship"), QStringLiteral("attribution") }) {
        Feedback feedback;
        // Cancel once the computation has started, from the progress observer.
        feedback.setObserver(
            [&feedback](const Feedback::Progress &p) {
                if (!p.phase.startsWith(QLatin1String("Reading")))
                    feedback.cancel();
            },
            std::chrono::milliseconds(0));
        const QJsonObject parameters = kind == QLatin1String("kinship")
            ? kinshipParameters(m_dev.providers.first())
            : QJsonObject { { QStringLiteral("suspect"), QJsonArray { m_dev.students.first().first } } };
        auto run = runAnalysis(*m_file, RunRequest { kind, parameters, 2 }, feedback);
        QVERIFY(run);
        QCOMPARE(run->run.status, QStringLiteral("canceled"));
        QVERIFY(run->findings.isEmpty());
        QCOMPARE(store.run(run->run.id)->findingCount, 0);
        QCOMPARE(qint64(store.findings()->size()), before);
    }
}

void TestForensicsKinship::tooFewPromptsAndNoProviderAreClearErrors()
{
    // A small case: six panel members answering 20 prompts, then their provider.
    const QString path = m_dir.filePath(QStringLiteral("small.lineage"));
    auto file = newCase(path);
    QVERIFY(file);
    for (int i = 0; i < 6; ++i) {
        const ModelAnswers *m = modelOf(m_dev, m_dev.panel.value(i));
        QVERIFY(m);
        const QString json = m_dir.filePath(QStringLiteral("small-%1.json").arg(i));
        QVERIFY(writeAlpaca(json, m->label, m->turns, 20));
        QVERIFY(importTranscript(**file, json, m->label, ingest::TranscriptRole::Control));
    }
    auto noProvider = runAnalysis(**file, RunRequest { QStringLiteral("kinship"), {} });
    QVERIFY(noProvider);
    QCOMPARE(noProvider->run.status, QStringLiteral("failed"));
    QVERIFY2(noProvider->run.message.startsWith(QLatin1String("No provider")), qPrintable(noProvider->run.message));
    QVERIFY(noProvider->run.message.contains(QLatin1String("--provider")));
    auto noSuspect = runAnalysis(
        **file,
        RunRequest { QStringLiteral("attribution"),
                     QJsonObject { { QStringLiteral("candidates"), QJsonArray { m_dev.panel[0], m_dev.panel[1] } } } });
    QVERIFY(noSuspect);
    QCOMPARE(noSuspect->run.status, QStringLiteral("failed"));
    QVERIFY2(noSuspect->run.message.startsWith(QLatin1String("No suspect")), qPrintable(noSuspect->run.message));

    const ModelAnswers *provider = modelOf(m_dev, m_dev.providers.first());
    const QString json = m_dir.filePath(QStringLiteral("small-provider.json"));
    QVERIFY(writeAlpaca(json, provider->label, provider->turns, 20));
    QVERIFY(importTranscript(**file, json, provider->label, ingest::TranscriptRole::Provider));
    auto tooFew = runAnalysis(**file, RunRequest { QStringLiteral("kinship"), {} });
    QVERIFY(tooFew);
    QCOMPARE(tooFew->run.status, QStringLiteral("failed"));
    QVERIFY2(tooFew->run.message.contains(QLatin1String("only 20 common prompts; at least 30")),
             qPrintable(tooFew->run.message));
    QVERIFY(tooFew->findings.isEmpty());
    (*file)->close();
    // The command line says so and exits 2.
    const auto out = cli({ QStringLiteral("analyze"), path, QStringLiteral("kinship"), QStringLiteral("--provider"),
                           provider->label, QStringLiteral("--panel"), m_dev.panel.mid(0, 5).join(QLatin1Char(',')) });
    QCOMPARE(out.exitCode, 2);
    QVERIFY2(out.err.contains("only 20 common prompts"), out.err.constData());
}

QTEST_GUILESS_MAIN(TestForensicsKinship)
#include "tst_forensics_kinship.moc"
