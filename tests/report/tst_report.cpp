// SPDX-License-Identifier: GPL-3.0-or-later
// The report of the demo case: PDF text through Poppler, fonts, vector charts, HTML, and
// reproducibility (issue 13).
#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"
#include "casefile/case_file.h"
#include "casefile/document_store.h"
#include "demo/demo_generator.h"
#include "forensics/account_series.h"
#include "forensics/analysis_runner.h"
#include "forensics/evidence_series.h"
#include "report/html_renderer.h"
#include "report/pdf_renderer.h"
#include "report/report_data.h"
#include "report/report_document.h"
#include "report/report_writer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <poppler-qt6.h>

using namespace lineage;
using casefile::CaseFile;

namespace {

const casefile::Investigator kWho { QStringLiteral("R. Examiner"), QStringLiteral("rexaminer") };

// Text without any white space: PDF extraction breaks lines where the layout did.
QString squeeze(QString s)
{
    s.remove(QRegularExpression(QStringLiteral("\\s+")));
    return s;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sectionsParse();
    void pdfHoldsTheFindingsAndPages();
    void pdfEmbedsFontsAndDrawsVectors();
    void htmlHoldsTheSameFindings();
    void sameCaseGivesTheSameText();
    void sectionsCanBeChosen();
    void longTailOfWeakFindingsIsBrief();
    void chartExhibitsAreDrawnFromTheirRuns();

private:
    // bodyOnly: without the banner, case number and footer of each page.
    QString pdfText(const QString &path, int *pages = nullptr, bool bodyOnly = false);

    QTemporaryDir m_dir;
    QString m_case;
    std::unique_ptr<CaseFile> m_file;
    QList<casefile::FindingRow> m_findings;
    QString m_pdf;
    QString m_html;
    report::WrittenReport m_written;
    QString m_chinesePage;
};

void TestReport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    demo::DemoOptions options;
    options.tiny = true;
    auto summary = demo::buildDemoCase(m_dir.path(), options, kWho);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    m_case = summary->casePath;
    auto file = CaseFile::open(m_case, kWho);
    QVERIFY(file);
    m_file = std::move(*file);
    auto reuse
        = forensics::runAnalysis(*m_file,
                                 { QStringLiteral("reuse"),
                                   { { QStringLiteral("suspect"), QJsonArray { QStringLiteral("DeepDistill-7B") } } },
                                   2 });
    QVERIFY2(reuse && reuse->complete(), reuse ? qPrintable(reuse->run.message) : qPrintable(reuse.error().message));
    auto identity = forensics::runAnalysis(*m_file, { QStringLiteral("identity"), {} });
    QVERIFY(identity && identity->complete());
    casefile::AnalysisStore store(m_file->db());
    auto findings = store.findings();
    QVERIFY(findings);
    m_findings = *findings;
    QVERIFY2(m_findings.size() >= 2, "the demo analyses find the planted reuse and claims");

    // Exhibits: the strongest finding and a page of the Chinese terms; a comment.
    QVERIFY(casefile::AnnotationStore::addExhibit(*m_file, { QStringLiteral("finding"), m_findings.first().id },
                                                  QStringLiteral("Copied answer")));
    casefile::DocumentStore documents(m_file->db());
    auto docs = documents.documents();
    QVERIFY(docs);
    for (const auto &d : *docs) {
        auto pages = documents.pages(d.id);
        QVERIFY(pages);
        for (const auto &p : *pages)
            if (m_chinesePage.isEmpty() && p.text.contains(QStringLiteral("不得使用输出"))) {
                m_chinesePage = p.text;
                QVERIFY(casefile::AnnotationStore::addExhibit(*m_file, { QStringLiteral("page"), p.id },
                                                              QStringLiteral("Terms, Chinese version")));
            }
    }
    QVERIFY2(!m_chinesePage.isEmpty(), "the demo's terms carry a Chinese clause");
    QVERIFY(casefile::AnnotationStore::addComment(*m_file, { QStringLiteral("finding"), m_findings.first().id },
                                                  QStringLiteral("Checked by hand against the log line.")));

    m_pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    m_html = m_dir.filePath(QStringLiteral("report.html"));
    report::ReportOptions ro;
    ro.generatedUtc = 1767225600000; // 2026-01-01
    auto written = report::writeReport(*m_file, ro, m_pdf, m_html);
    QVERIFY2(written, written ? "" : qPrintable(written.error().message));
    m_written = *written;
}

QString TestReport::pdfText(const QString &path, int *pages, bool bodyOnly)
{
    auto doc = Poppler::Document::load(path);
    if (!doc)
        return {};
    QString text;
    // The body of a page lies inside the report's margins of 34 pt above and below: the
    // banner, case number and footer would split a paragraph that runs on to the next page.
    for (int i = 0; i < doc->numPages(); ++i) {
        const std::unique_ptr<Poppler::Page> page = doc->page(i);
        const QSizeF size = page->pageSizeF();
        text += page->text(bodyOnly ? QRectF(0, 30, size.width(), size.height() - 60) : QRectF()) + QLatin1Char('\n');
    }
    if (pages)
        *pages = doc->numPages();
    return text;
}

void TestReport::sectionsParse()
{
    auto some = report::parseSections(QStringLiteral("custody, findings"));
    QVERIFY(some);
    QCOMPARE(*some, (QList<report::Section> { report::Section::Findings, report::Section::Custody }));
    auto bad = report::parseSections(QStringLiteral("findings,nonsense"));
    QVERIFY(!bad);
    QVERIFY(bad.error().message.contains(QStringLiteral("nonsense")));
    QVERIFY(bad.error().message.contains(QStringLiteral("custody")));
}

void TestReport::pdfHoldsTheFindingsAndPages()
{
    int pages = 0;
    const QString text = pdfText(m_pdf, &pages);
    QVERIFY(!text.isEmpty());
    QCOMPARE(pages, m_written.pages);
    QVERIFY2(pages >= 8 && pages <= 200, qPrintable(QString::number(pages)));
    const QString flat = squeeze(text);
    const QString body = squeeze(pdfText(m_pdf, nullptr, true));
    for (const QString &section :
         { QStringLiteral("Case summary"), QStringLiteral("Methodology"), QStringLiteral("Findings"),
           QStringLiteral("Exhibits"), QStringLiteral("Appendix A: Chain of custody"),
           QStringLiteral("Appendix B: Audit trail"), QStringLiteral("Appendix C: Verification") })
        QVERIFY2(flat.contains(squeeze(section)), qPrintable(section));
    // Every finding: its id, its explanation, its score.
    for (const auto &f : m_findings) {
        QVERIFY2(flat.contains(squeeze(QStringLiteral("Finding %1 [%2]").arg(f.id).arg(f.strength))),
                 qPrintable(QString::number(f.id)));
        QVERIFY2(body.contains(squeeze(f.explanation)), qPrintable(f.explanation));
        if (f.score)
            QVERIFY(flat.contains(squeeze(QStringLiteral("Score %1;").arg(QString::number(*f.score, 'g', 4)))));
    }
    // Every source's SHA-256 in the chain of custody.
    auto sources = casefile::SourceStore::list(m_file->db());
    QVERIFY(sources);
    for (const auto &s : *sources)
        QVERIFY2(flat.contains(s.sha256), qPrintable(s.originalName));
    // The Chinese clause of the exhibit, the verification result, page numbers on every page.
    QVERIFY(flat.contains(squeeze(QStringLiteral("未经许可，不得使用输出开发"))));
    QVERIFY(flat.contains(QStringLiteral("Verificationpassed.")));
    for (int p = 1; p <= pages; ++p)
        QVERIFY2(flat.contains(QStringLiteral("page%1of%2").arg(p).arg(pages)), qPrintable(QString::number(p)));
    QVERIFY(flat.contains(squeeze(QStringLiteral("Audit head"))));
    // The contents give the page each section starts on: the custody appendix's page holds it.
    auto doc = Poppler::Document::load(m_pdf);
    const QRegularExpression entry(QStringLiteral("Appendix A: Chain of custody\\s+(\\d+)"));
    const auto match = entry.match(doc->page(1)->text(QRectF()));
    QVERIFY2(match.hasMatch(), "the contents list the custody appendix with its page");
    const int custodyPage = match.captured(1).toInt();
    QVERIFY(custodyPage > 2 && custodyPage <= pages);
    QVERIFY(squeeze(doc->page(custodyPage - 1)->text(QRectF())).startsWith(squeeze(QStringLiteral("Appendix A")))
            || squeeze(doc->page(custodyPage - 1)->text(QRectF()))
                   .contains(squeeze(QStringLiteral("Appendix A: Chain of custody"))));
}

void TestReport::pdfEmbedsFontsAndDrawsVectors()
{
    const QString pdffonts = QStandardPaths::findExecutable(QStringLiteral("pdffonts"));
    const QString pdfimages = QStandardPaths::findExecutable(QStringLiteral("pdfimages"));
    if (pdffonts.isEmpty() || pdfimages.isEmpty())
        QSKIP("pdffonts/pdfimages (poppler-utils) are not installed");
    QProcess fonts;
    fonts.start(pdffonts, { m_pdf });
    QVERIFY(fonts.waitForFinished(60000));
    const QStringList lines
        = QString::fromUtf8(fonts.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() > 2);
    bool cjk = false;
    for (const QString &line : lines.mid(2)) {
        const QStringList cols = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        // name type [encoding...] emb sub uni object ID: "emb" is the 5th field from the end.
        QVERIFY(cols.size() >= 7);
        QCOMPARE(cols.at(cols.size() - 5), QStringLiteral("yes"));
        if (line.contains(QStringLiteral("WenQuanYi"), Qt::CaseInsensitive)
            || line.contains(QStringLiteral("MicroHei"), Qt::CaseInsensitive))
            cjk = true;
    }
    QVERIFY2(cjk, "the Chinese text is set in the embedded CJK font");
    // The charts are paths: the report holds no image at all.
    QProcess images;
    images.start(pdfimages, { QStringLiteral("-list"), m_pdf });
    QVERIFY(images.waitForFinished(60000));
    const QStringList imageLines
        = QString::fromUtf8(images.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(imageLines.size(), 2); // the header only
}

void TestReport::htmlHoldsTheSameFindings()
{
    QFile f(m_html);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(f.readAll());
    QVERIFY(html.contains(QStringLiteral("<svg")));
    QVERIFY(!html.contains(QStringLiteral("<img")));
    for (const auto &f : m_findings) {
        QVERIFY(html.contains(QStringLiteral("id=\"finding-%1\"").arg(f.id)));
        QVERIFY2(html.contains(f.explanation.toHtmlEscaped()), qPrintable(f.explanation));
    }
    QVERIFY(html.contains(QStringLiteral("不得使用输出")));
}

void TestReport::sameCaseGivesTheSameText()
{
    report::ReportOptions ro;
    ro.generatedUtc = 1767225600000;
    auto a = report::buildReport(*m_file, ro);
    auto b = report::buildReport(*m_file, ro);
    QVERIFY(a && b);
    QCOMPARE(report::plainText(report::composeReport(*a)), report::plainText(report::composeReport(*b)));
    const QString second = m_dir.filePath(QStringLiteral("again.pdf"));
    QVERIFY(report::writePdf(report::composeReport(*b), second));
    QCOMPARE(pdfText(second), pdfText(m_pdf));
}

void TestReport::sectionsCanBeChosen()
{
    report::ReportOptions ro;
    ro.sections = *report::parseSections(QStringLiteral("custody"));
    const QString path = m_dir.filePath(QStringLiteral("custody.pdf"));
    auto written = report::writeReport(*m_file, ro, path, {});
    QVERIFY(written);
    int pages = 0;
    const QString flat = squeeze(pdfText(path, &pages));
    QVERIFY(flat.contains(squeeze(QStringLiteral("Chain of custody"))));
    QVERIFY(!flat.contains(QStringLiteral("Methodology")));
    QVERIFY(pages >= 1 && pages <= 3);
    QVERIFY(flat.contains(QStringLiteral("page1of%1").arg(pages)));
}

void TestReport::longTailOfWeakFindingsIsBrief()
{
    // Every account of the logs gets a finding, most of them weak: past 30 weak findings a
    // run lists them in brief (id, subject, score, explanation) after the others in full, and
    // each finding kind gets its own score chart.
    // The full demo (300 accounts); the tiny one has too few.
    const QString dir = m_dir.filePath(QStringLiteral("full"));
    QVERIFY(QDir().mkpath(dir));
    auto summary = demo::buildDemoCase(dir, demo::DemoOptions {}, kWho);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    auto opened = CaseFile::open(summary->casePath, kWho);
    QVERIFY(opened);
    CaseFile &file = **opened;
    auto accounts = forensics::runAnalysis(file, { QStringLiteral("accounts"), {}, 2 });
    QVERIFY2(accounts && accounts->complete(), accounts ? qPrintable(accounts->run.message) : "");
    const qint64 run = accounts->run.id;
    QList<casefile::FindingRow> weak, other;
    QSet<QString> kinds;
    for (const casefile::FindingRow &f : accounts->findings) {
        (f.strength == QLatin1String("weak") ? weak : other).append(f);
        kinds.insert(f.kind);
    }
    QVERIFY2(weak.size() > 30, qPrintable(QString::number(weak.size())));
    QVERIFY(!other.isEmpty());
    report::ReportOptions ro;
    ro.sections = *report::parseSections(QStringLiteral("findings"));
    auto data = report::buildReport(file, ro);
    QVERIFY(data);
    const report::ReportDocument doc = report::composeReport(*data);
    auto textOf = [](const report::Block &b) {
        QString t;
        for (const report::TextRun &r : b.runs)
            t += r.text;
        return t;
    };
    QStringList headings, paragraphs, charts;
    for (const report::Block &b : doc.blocks) {
        if (b.kind == report::Block::Kind::Heading)
            headings << textOf(b);
        else if (b.kind == report::Block::Kind::Paragraph)
            paragraphs << textOf(b);
        else if (b.kind == report::Block::Kind::Chart)
            charts << b.chart.title;
    }
    QVERIFY(headings.contains(QStringLiteral("Weak findings of run %1, in brief").arg(run)));
    for (const casefile::FindingRow &f : std::as_const(other))
        QVERIFY2(std::any_of(headings.begin(), headings.end(),
                             [&](const QString &h) { return h.startsWith(QStringLiteral("Finding %1 [").arg(f.id)); }),
                 qPrintable(QString::number(f.id)));
    for (const casefile::FindingRow &f : std::as_const(weak)) {
        QVERIFY(!std::any_of(headings.begin(), headings.end(),
                             [&](const QString &h) { return h.startsWith(QStringLiteral("Finding %1 [").arg(f.id)); }));
        const QString line = QStringLiteral("Finding %1, %2, score ").arg(f.id).arg(f.subject);
        QVERIFY2(std::any_of(paragraphs.begin(), paragraphs.end(),
                             [&](const QString &p) { return p.startsWith(line) && p.endsWith(f.explanation); }),
                 qPrintable(line));
    }
    for (const QString &kind : std::as_const(kinds)) {
        const int n = int(std::count_if(accounts->findings.begin(), accounts->findings.end(),
                                        [&](const casefile::FindingRow &f) { return f.kind == kind; }));
        QCOMPARE(charts.contains(QStringLiteral("Score of each %1 finding of run %2 (accounts)").arg(kind).arg(run)),
                 n >= 2);
    }
}

void TestReport::chartExhibitsAreDrawnFromTheirRuns()
{
    // Charts sent to the report (the Charts and Accounts tabs) are redrawn from their runs'
    // stored findings: bars of the numbers the tab draws and a table of them. A chart whose
    // run is gone says so. (Run last: it adds an accounts run and exhibits to the case.)
    using forensics::EvidenceChart;
    auto accounts = forensics::runAnalysis(*m_file, { QStringLiteral("accounts"), {}, 2 });
    QVERIFY(accounts && accounts->complete());
    qint64 reuseRun = 0;
    for (const casefile::FindingRow &f : std::as_const(m_findings))
        if (f.kind == QLatin1String("reuse"))
            reuseRun = f.runId;
    QVERIFY(reuseRun > 0);
    const qint64 missing = 99999;
    for (const auto &[run, chart] : { std::pair { reuseRun, EvidenceChart::ReuseHistogram },
                                      std::pair { accounts->run.id, EvidenceChart::AccountsRisk },
                                      std::pair { missing, EvidenceChart::KinshipRanked } })
        QVERIFY(casefile::AnnotationStore::addExhibit(
            *m_file, { QStringLiteral("chart"), forensics::chartItemId(run, chart) }, forensics::chartTitle(chart)));
    auto reuse = forensics::evidenceSeries(m_file->db(), reuseRun);
    QVERIFY(reuse && reuse->reuse);
    auto ranked = forensics::accountsSeries(m_file->db(), accounts->run.id);
    QVERIFY(ranked && ranked->accounts.size() > 5);

    report::ReportOptions ro;
    ro.sections = *report::parseSections(QStringLiteral("exhibits"));
    auto data = report::buildReport(*m_file, ro);
    QVERIFY2(data, data ? "" : qPrintable(data.error().message));
    const report::ReportDocument doc = report::composeReport(*data);
    const report::ChartSpec *histogram = nullptr, *risks = nullptr;
    const report::TableSpec *riskTable = nullptr;
    for (qsizetype i = 0; i < doc.blocks.size(); ++i) {
        const report::Block &b = doc.blocks[i];
        if (b.kind != report::Block::Kind::Chart)
            continue;
        if (b.chart.title == forensics::chartTitle(EvidenceChart::ReuseHistogram))
            histogram = &b.chart;
        if (b.chart.title.startsWith(QStringLiteral("Accounts run %1").arg(accounts->run.id))) {
            risks = &b.chart;
            if (i + 1 < doc.blocks.size() && doc.blocks[i + 1].kind == report::Block::Kind::Table)
                riskTable = &doc.blocks[i + 1].table;
        }
    }
    QVERIFY(histogram);
    QCOMPARE(histogram->values.size(), qsizetype(reuse->reuse->bins.size()));
    double reused = 0;
    for (qsizetype i = 0; i < histogram->values.size(); ++i) {
        QCOMPARE(histogram->values[i], double(reuse->reuse->bins[size_t(i)]));
        reused += histogram->values[i];
    }
    QCOMPARE(qint64(reused), reuse->reuse->reusedAnswers);
    QVERIFY(risks);
    QVERIFY(riskTable);
    const qsizetype shown = std::min<qsizetype>(25, qsizetype(ranked->accounts.size()));
    QCOMPARE(risks->values.size(), shown);
    QCOMPARE(riskTable->rows.size(), shown);
    for (qsizetype i = 0; i < shown; ++i) {
        QCOMPARE(risks->values[i], ranked->accounts[size_t(i)].risk);
        QCOMPARE(risks->labels[i], ranked->accounts[size_t(i)].name);
        QCOMPARE(riskTable->rows[i].value(0), QString::number(i + 1));
    }
    const QString text = report::plainText(doc);
    QVERIFY(text.contains(QStringLiteral("The chart is not drawn")));
    QVERIFY(text.contains(QString::number(missing)));
    // And the PDF draws them.
    const QString pdf = m_dir.filePath(QStringLiteral("charts.pdf"));
    QVERIFY(report::writePdf(doc, pdf));
    const QString pages = pdfText(pdf);
    QVERIFY(pages.contains(QStringLiteral("Accounts run %1").arg(accounts->run.id)));
    // A report of one section starts on its first page (it used to leave that page blank).
    auto loaded = Poppler::Document::load(pdf);
    QVERIFY(loaded);
    QVERIFY(loaded->page(0)->text(QRectF()).contains(QStringLiteral("Exhibits")));
}

QTEST_MAIN(TestReport)
#include "tst_report.moc"
