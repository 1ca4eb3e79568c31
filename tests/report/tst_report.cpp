// SPDX-License-Identifier: GPL-3.0-or-later
// The report of the demo case: PDF text through Poppler, fonts, vector charts, HTML, and
// reproducibility (issue 13).
#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"
#include "casefile/case_file.h"
#include "casefile/document_store.h"
#include "forensics/analysis_runner.h"
#include "demo/demo_generator.h"
#include "report/html_renderer.h"
#include "report/pdf_renderer.h"
#include "report/report_data.h"
#include "report/report_document.h"
#include "report/report_writer.h"

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

private:
    QString pdfText(const QString &path, int *pages = nullptr);

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

QString TestReport::pdfText(const QString &path, int *pages)
{
    auto doc = Poppler::Document::load(path);
    if (!doc)
        return {};
    QString text;
    for (int i = 0; i < doc->numPages(); ++i)
        text += doc->page(i)->text(QRectF()) + QLatin1Char('\n');
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
    for (const QString &section :
         { QStringLiteral("Case summary"), QStringLiteral("Methodology"), QStringLiteral("Findings"),
           QStringLiteral("Exhibits"), QStringLiteral("Appendix A: Chain of custody"),
           QStringLiteral("Appendix B: Audit trail"), QStringLiteral("Appendix C: Verification") })
        QVERIFY2(flat.contains(squeeze(section)), qPrintable(section));
    // Every finding: its id, its explanation, its score.
    for (const auto &f : m_findings) {
        QVERIFY2(flat.contains(squeeze(QStringLiteral("Finding %1 [%2]").arg(f.id).arg(f.strength))),
                 qPrintable(QString::number(f.id)));
        QVERIFY2(flat.contains(squeeze(f.explanation)), qPrintable(f.explanation));
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

QTEST_MAIN(TestReport)
#include "tst_report.moc"
