// SPDX-License-Identifier: GPL-3.0-or-later
// CASE/UCO export: the demo case's sources, hashes, runs, findings and custody as JSON-LD
// that meets the ontology's shapes (a stored subset), checked as JSON here and as RDF by
// rdflib where it is installed (issue 13).
#include "casefile/analysis_store.h"
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/source_store.h"
#include "common/cli_run.h"
#include "demo/demo_generator.h"
#include "forensics/analysis_runner.h"
#include "report/uco_export.h"
#include "report/uco_shape_check.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace lineage;
using casefile::CaseFile;

namespace {

const casefile::Investigator kWho { QStringLiteral("B. Examiner"), QStringLiteral("bexaminer") };
const QString kShapes = QStringLiteral(LINEAGE_TEST_DATA "/uco/case_uco_shapes.json");
const QString kRdfCheck = QStringLiteral(LINEAGE_TEST_DATA "/../report/uco_shape_check.py");

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(o).toJson());
}

// The top-level nodes of `type`.
QList<QJsonObject> nodesOf(const QJsonObject &doc, const QString &type)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : doc.value(QStringLiteral("@graph")).toArray())
        if (testing::UcoShapes::types(v.toObject()).contains(type))
            out << v.toObject();
    return out;
}

QJsonArray values(const QJsonObject &node, const QString &property)
{
    const QJsonValue v = node.value(property);
    return v.isArray() ? v.toArray() : v.isUndefined() ? QJsonArray {} : QJsonArray { v };
}

// Runs the RDF check with the system Python (where Debian installs python3-rdflib); returns
// its exit code (2: rdflib missing, -1: no python) and output.
std::pair<int, QString> rdfCheck(const QString &document)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"), { kRdfCheck, document, kShapes });
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
        return { -1, QString::fromUtf8(p.readAllStandardError()) };
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()) };
}

} // namespace

class TestUcoExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void documentMeetsTheShapes();
    void everySourceIsAHashedFileWithItsCustody();
    void everyRunIsAnActionWithItsFindings();
    void exportIsAuditedAndReproducible();
    void documentIsValidRdf();
    void brokenDocumentsFailTheChecks();
    void cliExportsTheSameDocument();

private:
    QTemporaryDir m_dir;
    QString m_case;
    QString m_out;
    QJsonObject m_doc;
    testing::UcoShapes m_shapes;
};

void TestUcoExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_shapes.load(kShapes), qPrintable(kShapes));
    demo::DemoOptions options;
    options.tiny = true;
    auto summary = demo::buildDemoCase(m_dir.filePath(QStringLiteral("demo")), options, kWho);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    m_case = summary->casePath;
    // Two analyses, so the export has runs with findings.
    auto file = CaseFile::open(m_case, kWho);
    QVERIFY(file);
    auto reuse
        = forensics::runAnalysis(**file,
                                 { QStringLiteral("reuse"),
                                   { { QStringLiteral("suspect"), QJsonArray { QStringLiteral("DeepDistill-7B") } } },
                                   2 });
    QVERIFY2(reuse && reuse->complete(), reuse ? qPrintable(reuse->run.message) : qPrintable(reuse.error().message));
    auto identity = forensics::runAnalysis(**file, { QStringLiteral("identity"), {} });
    QVERIFY(identity && identity->complete());
    m_out = m_dir.filePath(QStringLiteral("case.jsonld"));
    auto written = report::exportUco(**file, m_out, {});
    QVERIFY2(written, written ? "" : qPrintable(written.error().message));
    QVERIFY(written->files > 0);
    m_doc = readJson(m_out);
    QVERIFY(!m_doc.isEmpty());
}

void TestUcoExport::documentMeetsTheShapes()
{
    const QStringList problems = m_shapes.check(m_doc);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(u'\n')));
    // The context names the CASE 1.x / UCO 1.x namespaces.
    const QJsonObject context = m_doc.value(QStringLiteral("@context")).toObject();
    QCOMPARE(context.value(QStringLiteral("uco-core")).toString(),
             QStringLiteral("https://ontology.unifiedcyberontology.org/uco/core/"));
    QCOMPARE(context.value(QStringLiteral("case-investigation")).toString(),
             QStringLiteral("https://ontology.caseontology.org/case/investigation/"));
    // One bundle holding one investigation that lists every other top-level node.
    const auto bundles = nodesOf(m_doc, QStringLiteral("uco-core:Bundle"));
    QCOMPARE(bundles.size(), 1);
    const auto investigations = nodesOf(m_doc, QStringLiteral("case-investigation:Investigation"));
    QCOMPARE(investigations.size(), 1);
    const qsizetype topLevel = m_doc.value(QStringLiteral("@graph")).toArray().size();
    QCOMPARE(values(investigations[0], QStringLiteral("uco-core:object")).size(), topLevel - 2);
    QCOMPARE(values(bundles[0], QStringLiteral("uco-core:object")).size(), topLevel - 1);
    // Ids end in a UUID, as UCO recommends.
    static const QRegularExpression uuidId(
        QStringLiteral("^kb:[a-z-]+-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    for (const QJsonValue &v : m_doc.value(QStringLiteral("@graph")).toArray()) {
        const QString id = v.toObject().value(QStringLiteral("@id")).toString();
        QVERIFY2(uuidId.match(id).hasMatch(), qPrintable(id));
    }
}

void TestUcoExport::everySourceIsAHashedFileWithItsCustody()
{
    auto file = CaseFile::open(m_case, kWho, casefile::OpenMode::ReadOnly);
    QVERIFY(file);
    auto sources = casefile::SourceStore::list((*file)->db());
    QVERIFY(sources);
    QVERIFY(sources->size() >= 5);
    QHash<QString, QJsonObject> fileBySha;
    for (const QJsonObject &f : nodesOf(m_doc, QStringLiteral("uco-observable:File"))) {
        for (const QJsonValue &facet : values(f, QStringLiteral("uco-core:hasFacet"))) {
            if (!testing::UcoShapes::types(facet.toObject())
                     .contains(QStringLiteral("uco-observable:ContentDataFacet")))
                continue;
            const QJsonObject hash = values(facet.toObject(), QStringLiteral("uco-observable:hash"))[0].toObject();
            QCOMPARE(hash.value(QStringLiteral("uco-types:hashMethod"))
                         .toObject()
                         .value(QStringLiteral("@value"))
                         .toString(),
                     QStringLiteral("SHA256"));
            const QJsonObject value = hash.value(QStringLiteral("uco-types:hashValue")).toObject();
            QCOMPARE(value.value(QStringLiteral("@type")).toString(), QStringLiteral("xsd:hexBinary"));
            fileBySha.insert(value.value(QStringLiteral("@value")).toString(), f);
        }
    }
    QCOMPARE(fileBySha.size(), sources->size());
    const auto records = nodesOf(m_doc, QStringLiteral("case-investigation:ProvenanceRecord"));
    QCOMPARE(records.size(), sources->size());
    auto info = (*file)->info();
    QVERIFY(info);
    for (const casefile::SourceRow &s : *sources) {
        QVERIFY2(fileBySha.contains(s.sha256), qPrintable(s.originalName));
        const QJsonObject f = fileBySha.value(s.sha256);
        QCOMPARE(f.value(QStringLiteral("uco-core:name")).toString(), s.originalName);
        const QString fileId = f.value(QStringLiteral("@id")).toString();
        // Its provenance record (exhibit CASE-S<id>) and the import that made it.
        const QString exhibit = QStringLiteral("%1-S%2").arg(info->caseNumber).arg(s.id);
        bool recorded = false;
        QString recordId;
        for (const QJsonObject &r : records)
            if (r.value(QStringLiteral("case-investigation:exhibitNumber")).toString() == exhibit) {
                recorded = values(r, QStringLiteral("uco-core:object"))
                               .contains(QJsonObject { { QStringLiteral("@id"), fileId } });
                recordId = r.value(QStringLiteral("@id")).toString();
            }
        QVERIFY2(recorded, qPrintable(exhibit));
        bool imported = false;
        for (const QJsonObject &a : nodesOf(m_doc, QStringLiteral("case-investigation:InvestigativeAction")))
            if (values(a, QStringLiteral("uco-action:result"))
                    .contains(QJsonObject { { QStringLiteral("@id"), recordId } })) {
                imported = values(a, QStringLiteral("uco-action:object"))
                               .contains(QJsonObject { { QStringLiteral("@id"), fileId } });
                // Performed by the investigator the audit trail names.
                const QString performer = a.value(QStringLiteral("uco-action:performer"))
                                              .toObject()
                                              .value(QStringLiteral("@id"))
                                              .toString();
                bool named = false;
                for (const QJsonObject &p : nodesOf(m_doc, QStringLiteral("uco-identity:Person")))
                    named |= p.value(QStringLiteral("@id")).toString() == performer
                        && p.value(QStringLiteral("uco-core:name")).toString() == kWho.name;
                QVERIFY2(named, qPrintable(performer));
            }
        QVERIFY2(imported, qPrintable(s.originalName));
    }
}

void TestUcoExport::everyRunIsAnActionWithItsFindings()
{
    auto file = CaseFile::open(m_case, kWho, casefile::OpenMode::ReadOnly);
    QVERIFY(file);
    casefile::AnalysisStore analyses((*file)->db());
    auto runs = analyses.runs();
    QVERIFY(runs);
    QHash<QString, QJsonObject> annotations;
    for (const QJsonObject &a : nodesOf(m_doc, QStringLiteral("uco-core:Annotation")))
        annotations.insert(a.value(QStringLiteral("@id")).toString(), a);
    qint64 findingsSeen = 0;
    for (const casefile::AnalysisRunRow &run : *runs) {
        if (run.status != QLatin1String("complete"))
            continue;
        auto findings = analyses.findings(run.id);
        QVERIFY(findings);
        const QString suffix = QStringLiteral("(run %1)").arg(run.id);
        QJsonObject action;
        for (const QJsonObject &a : nodesOf(m_doc, QStringLiteral("case-investigation:InvestigativeAction")))
            if (a.value(QStringLiteral("uco-core:name")).toString().endsWith(suffix))
                action = a;
        QVERIFY2(!action.isEmpty(), qPrintable(suffix));
        QVERIFY(action.contains(QStringLiteral("uco-action:startTime")));
        QCOMPARE(values(action, QStringLiteral("uco-action:object")).size(), run.inputHashes.size());
        const QJsonArray results = values(action, QStringLiteral("uco-action:result"));
        QCOMPARE(results.size(), findings->size());
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QJsonObject note = annotations.value(results[i].toObject().value(QStringLiteral("@id")).toString());
            QCOMPARE(qint64(note.value(QStringLiteral("lineage:findingId")).toDouble()), findings->at(i).id);
            QCOMPARE(note.value(QStringLiteral("uco-core:statement")).toString(), findings->at(i).explanation);
            QVERIFY(values(note, QStringLiteral("uco-core:tag"))
                        .contains(QStringLiteral("strength:") + findings->at(i).strength));
            ++findingsSeen;
        }
    }
    QVERIFY(findingsSeen > 0);
    QCOMPARE(qsizetype(findingsSeen), annotations.size());
}

void TestUcoExport::exportIsAuditedAndReproducible()
{
    auto file = CaseFile::open(m_case, kWho);
    QVERIFY(file);
    auto entries = casefile::AuditLog::entries((*file)->db());
    QVERIFY(entries);
    QCOMPARE(entries->last().action, QStringLiteral("case.export-uco"));
    // The same case and time give the same document, byte for byte.
    report::UcoOptions options;
    options.generatedUtc = 1750000000000;
    auto a = report::buildUcoDocument(**file, options);
    auto b = report::buildUcoDocument(**file, options);
    QVERIFY(a && b);
    QCOMPARE(QJsonDocument(*a).toJson(), QJsonDocument(*b).toJson());
    // And the ids of the file written earlier.
    QCOMPARE(a->value(QStringLiteral("@graph")).toArray()[0].toObject().value(QStringLiteral("@id")),
             m_doc.value(QStringLiteral("@graph")).toArray()[0].toObject().value(QStringLiteral("@id")));
}

void TestUcoExport::documentIsValidRdf()
{
    const auto [code, output] = rdfCheck(m_out);
    if (code == 2 || code == -1)
        QSKIP("python3 with rdflib (Debian python3-rdflib) is not installed: the RDF check cannot run");
    QVERIFY2(code == 0, qPrintable(output));
    QVERIFY2(output.contains(QLatin1String(" triples, 0 problems")), qPrintable(output));
}

void TestUcoExport::brokenDocumentsFailTheChecks()
{
    // A hash typed as a string, an annotation about nothing, an unknown class, a dangling
    // reference: each is caught by the JSON check and (where it runs) the RDF check.
    QJsonArray graph = m_doc.value(QStringLiteral("@graph")).toArray();
    struct Breakage
    {
        QString what;
        std::function<void(QJsonArray &)> apply;
        QString expected;
    };
    const QList<Breakage> breakages {
        { QStringLiteral("hash as string"),
          [](QJsonArray &g) {
              for (qsizetype i = 0; i < g.size(); ++i) {
                  QJsonObject n = g[i].toObject();
                  if (!testing::UcoShapes::types(n).contains(QStringLiteral("uco-observable:File")))
                      continue;
                  QJsonArray facets = n.value(QStringLiteral("uco-core:hasFacet")).toArray();
                  QJsonObject content = facets[1].toObject();
                  QJsonArray hashes = content.value(QStringLiteral("uco-observable:hash")).toArray();
                  QJsonObject h = hashes[0].toObject();
                  h.insert(QStringLiteral("uco-types:hashValue"), QStringLiteral("abc"));
                  hashes[0] = h;
                  content.insert(QStringLiteral("uco-observable:hash"), hashes);
                  facets[1] = content;
                  n.insert(QStringLiteral("uco-core:hasFacet"), facets);
                  g[i] = n;
                  return;
              }
          },
          QStringLiteral("hashValue is") },
        { QStringLiteral("annotation without object"),
          [](QJsonArray &g) {
              for (qsizetype i = 0; i < g.size(); ++i) {
                  QJsonObject n = g[i].toObject();
                  if (testing::UcoShapes::types(n).contains(QStringLiteral("uco-core:Annotation"))) {
                      n.remove(QStringLiteral("uco-core:object"));
                      g[i] = n;
                      return;
                  }
              }
          },
          QStringLiteral("uco-core:object needs at least 1") },
        { QStringLiteral("unknown class"),
          [](QJsonArray &g) {
              QJsonObject n = g[2].toObject();
              n.insert(QStringLiteral("@type"), QStringLiteral("uco-observable:Fiel"));
              g[2] = n;
          },
          QStringLiteral("is not a known CASE/UCO class") },
        { QStringLiteral("misspelt property"),
          [](QJsonArray &g) {
              QJsonObject n = g[1].toObject();
              n.insert(QStringLiteral("uco-core:nmae"), QStringLiteral("x"));
              g[1] = n;
          },
          QStringLiteral("is not in the ontology subset") },
    };
    bool rdfRan = false;
    for (const Breakage &b : breakages) {
        QJsonArray broken = graph;
        b.apply(broken);
        QJsonObject doc = m_doc;
        doc.insert(QStringLiteral("@graph"), broken);
        const QStringList problems = m_shapes.check(doc);
        QVERIFY2(problems.join(u'\n').contains(b.expected),
                 qPrintable(b.what + QStringLiteral(": ") + problems.join(u'\n')));
        const QString path = m_dir.filePath(QStringLiteral("broken.jsonld"));
        writeJson(path, doc);
        const auto [code, output] = rdfCheck(path);
        if (code == 2 || code == -1)
            continue;
        rdfRan = true;
        QVERIFY2(code == 1, qPrintable(b.what + QStringLiteral(": ") + output));
    }
    if (!rdfRan)
        qInfo("rdflib is not installed: only the JSON check ran on the broken documents");
}

void TestUcoExport::cliExportsTheSameDocument()
{
    const QString out = m_dir.filePath(QStringLiteral("cli.jsonld"));
    const auto run = testing::cli({ QStringLiteral("export-uco"), m_case, QStringLiteral("--out"), out,
                                    QStringLiteral("--json"), QStringLiteral("--investigator"), kWho.name });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject result = run.json();
    QCOMPARE(result.value(QStringLiteral("path")).toString(), out);
    QCOMPARE(result.value(QStringLiteral("format")).toString(), report::kUcoSpecVersion);
    QVERIFY(result.value(QStringLiteral("files")).toInt() >= 5);
    QVERIFY(result.value(QStringLiteral("annotations")).toInt() > 0);
    const QJsonObject doc = readJson(out);
    QVERIFY(m_shapes.check(doc).isEmpty());
    QCOMPARE(doc.value(QStringLiteral("@graph")).toArray().size(),
             m_doc.value(QStringLiteral("@graph")).toArray().size());
    // Missing --out is a usage error.
    QCOMPARE(testing::cli({ QStringLiteral("export-uco"), m_case }).exitCode, 2);
}

QTEST_MAIN(TestUcoExport)
#include "tst_uco_export.moc"
