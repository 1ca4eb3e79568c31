// SPDX-License-Identifier: GPL-3.0-or-later
// The Charts tab offscreen: on the tiny demo case after a reuse and an attribution run, the
// reuse histogram holds every reused answer with the run's threshold drawn, the top reused
// answers open the compare view, the confusion matrix and the shares are the run's; on a
// kinship case of the development set, the ranked dots, the panel's shaded spread and the
// per-prompt boxes are the run's. Every chart exports PNG, SVG and PDF and becomes an exhibit.
#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"
#include "compare_view.h"
#include "evidence_cases.h"
#include "evidence_charts_view.h"
#include "evidence_plots.h"
#include "qcustomplot_include.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

using namespace lineage;
using namespace lineage::ui;
using forensics::EvidenceChart;

class TestEvidenceCharts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void boxSummaryMatchesNumpy();
    void reuseHistogramHoldsEveryReusedAnswer();
    void topReusedAnswerOpensTheCompareView();
    void attributionChartsAreTheRuns();
    void everyAxisNamesItsUnit();
    void chartsExportPngSvgPdf();
    void chartBecomesAnExhibit();
    void kinshipDotsAndPanelSpread();

private:
    qint64 runOf(const QString &kind);
    bool show(qint64 runId);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    EvidenceChartsView *m_view = nullptr;
    QString m_casePath;
    QList<casefile::AnalysisRunRow> m_runs;
    casefile::Investigator m_who;
};

void TestEvidenceCharts::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_evidence_charts"));
    QVERIFY(m_dir.isValid());
    demo::DemoOptions options;
    options.tiny = true;
    m_who = casefile::Investigator::current(QStringLiteral("GUI Tester"));
    auto demo = demo::buildDemoCase(m_dir.path(), options, m_who);
    QVERIFY2(demo, demo ? "" : qPrintable(demo.error().message));
    m_casePath = demo->casePath;
    auto runs = evidencecases::addDemoRuns(m_casePath, m_who);
    QVERIFY2(runs, runs ? "" : qPrintable(runs.error().message));
    {
        auto file = casefile::CaseFile::open(m_casePath, m_who, casefile::OpenMode::ReadOnly);
        QVERIFY(file);
        auto list = casefile::AnalysisStore((*file)->db()).runs();
        QVERIFY(list);
        m_runs = *list;
    }
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(testing::openCase(*m_window, m_casePath));
    m_view = m_window->findChild<EvidenceChartsView *>(QStringLiteral("evidenceChartsView"));
    QVERIFY(m_view);
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    tabs->setCurrentWidget(m_view);
    WAIT_FOR(m_view->runChooser()->count() == 2);
}

qint64 TestEvidenceCharts::runOf(const QString &kind)
{
    for (const auto &r : std::as_const(m_runs))
        if (r.kind == kind)
            return r.id;
    return 0;
}

bool TestEvidenceCharts::show(qint64 runId)
{
    if (m_view->series() && m_view->series()->run.id == runId)
        return true;
    QSignalSpy loaded(m_view, &EvidenceChartsView::seriesLoaded);
    m_view->showRun(runId);
    return QTest::qWaitFor([&] { return !loaded.isEmpty() && loaded.last().at(0).toLongLong() == runId; }, 60000);
}

void TestEvidenceCharts::boxSummaryMatchesNumpy()
{
    // numpy.percentile (linear) of these values: 0.06, 0.11, 0.175; Tukey whiskers 0.05 and
    // 0.2; outliers -1.9, -0.3, 0.5, 2.5.
    const auto b = forensics::boxSummary({ 0.12, -0.3, 0.5, 0.05, 0.07, 0.2, 2.5, 0.11, 0.09, -1.9, 0.15 });
    QCOMPARE(b.count, 11);
    QVERIFY(qAbs(b.lowerQuartile - 0.06) < 1e-12);
    QVERIFY(qAbs(b.median - 0.11) < 1e-12);
    QVERIFY(qAbs(b.upperQuartile - 0.175) < 1e-12);
    QCOMPARE(b.lowerWhisker, 0.05);
    QCOMPARE(b.upperWhisker, 0.2);
    QCOMPARE(b.outliers, (std::vector<double> { -1.9, -0.3, 0.5, 2.5 }));
}

void TestEvidenceCharts::reuseHistogramHoldsEveryReusedAnswer()
{
    const qint64 run = runOf(QStringLiteral("reuse"));
    QVERIFY(run > 0);
    QVERIFY(show(run));
    QCOMPARE(m_view->pages()->count(), 1);
    QCustomPlot *plot = m_view->plot(EvidenceChart::ReuseHistogram);
    QVERIFY(plot);
    auto *bars = qobject_cast<QCPBars *>(plot->plottable(0));
    QVERIFY(bars);
    double drawn = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        drawn += it->value;
    // Every reuse finding of the run is one answer in the histogram.
    auto file = casefile::CaseFile::open(m_casePath, m_who, casefile::OpenMode::ReadOnly);
    QVERIFY(file);
    auto findings = casefile::AnalysisStore((*file)->db()).findings(run);
    QVERIFY(findings);
    int reused = 0;
    double best = 0;
    qint64 bestId = 0;
    double bestVerbatim = -1;
    for (const auto &f : std::as_const(*findings))
        if (f.kind == QLatin1String("reuse")) {
            ++reused;
            // The list's order: highest Jaccard, then the longest verbatim passage.
            if (f.score.value_or(0) > best
                || (f.score.value_or(0) == best && f.statistic.value_or(0) > bestVerbatim)) {
                bestVerbatim = f.statistic.value_or(0);
                best = *f.score;
                bestId = f.id;
            }
        }
    QVERIFY(reused >= 8);
    QCOMPARE(int(drawn), reused);
    // The threshold line stands at the run's min_jaccard.
    double threshold = -1;
    for (const auto &r : std::as_const(m_runs))
        if (r.id == run)
            threshold = r.parameters.value(QStringLiteral("min_jaccard")).toDouble();
    QVERIFY(threshold > 0);
    bool line = false;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto *l = qobject_cast<QCPItemStraightLine *>(plot->item(i)))
            line = line || qFuzzyCompare(l->point1->coords().x(), threshold);
    QVERIFY2(line, "no threshold line at min_jaccard");
    // The top list: the closest answer first.
    QAbstractItemModelTester tester(m_view->topAnswersModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m_view->topAnswersModel()->rowCount(), reused);
    QCOMPARE(m_view->topAnswersModel()->item(0, 2)->text(), QString::number(best, 'f', 3));
    QCOMPARE(m_view->topAnswersModel()->item(0, 0)->data(Qt::UserRole + 1).toLongLong(), bestId);
    testing::snapshot(m_window.get(), QStringLiteral("charts_reuse"));
}

void TestEvidenceCharts::topReusedAnswerOpensTheCompareView()
{
    QVERIFY(show(runOf(QStringLiteral("reuse"))));
    const qint64 finding = m_view->topAnswersModel()->item(0, 0)->data(Qt::UserRole + 1).toLongLong();
    QSignalSpy opened(m_view, &EvidenceChartsView::compareOpened);
    QSignalSpy loaded(m_view->compareView(), &CompareView::loaded);
    QTableView *table = m_view->topAnswers();
    table->setCurrentIndex(m_view->topAnswersModel()->index(0, 1));
    emit table->activated(table->currentIndex());
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().at(0).toLongLong(), finding);
    WAIT_FOR(!loaded.isEmpty());
    QVERIFY(m_view->compareDialog()->isVisible());
    QCOMPARE(m_view->compareView()->findingId(), finding);
    QVERIFY(m_view->compareView()->passageCount() > 0);
    QVERIFY(!m_view->compareView()->highlighted(true).isEmpty());
    testing::snapshot(m_view->compareDialog(), QStringLiteral("charts_compare"));
    m_view->compareDialog()->hide();
}

void TestEvidenceCharts::attributionChartsAreTheRuns()
{
    const qint64 run = runOf(QStringLiteral("attribution"));
    QVERIFY(run > 0);
    QVERIFY(show(run));
    QCOMPARE(m_view->pages()->count(), 2);
    const auto &a = *m_view->series()->attribution;
    const auto *stored = [&]() -> const casefile::AnalysisRunRow * {
        for (const auto &r : std::as_const(m_runs))
            if (r.id == run)
                return &r;
        return nullptr;
    }();
    QVERIFY(stored);
    QCOMPARE(a.cvAccuracy, stored->summary.value(QStringLiteral("cv_accuracy")).toDouble());
    QCOMPARE(a.candidates.size(), 3);
    QCustomPlot *heat = m_view->plot(EvidenceChart::AttributionConfusion);
    QVERIFY(heat);
    auto *map = qobject_cast<QCPColorMap *>(heat->plottable(0));
    QVERIFY(map);
    QCOMPARE(map->data()->keySize(), 3);
    // A cell is the row's share: true candidate 0 predicted as itself.
    const auto row0 = stored->summary.value(QStringLiteral("confusion")).toArray().at(0).toArray();
    double total = 0;
    for (const QJsonValue &v : row0)
        total += v.toDouble();
    QVERIFY(total > 0);
    QVERIFY(qAbs(map->data()->cell(0, 0) - 100.0 * row0.at(0).toDouble() / total) < 1e-9);
    auto *title = heat->findChild<QCPTextElement *>(QStringLiteral("chartTitle"));
    QVERIFY(title);
    QVERIFY2(title->text().contains(QStringLiteral("cross-validated accuracy %1%").arg(a.cvAccuracy * 100, 0, 'f', 1)),
             qPrintable(title->text()));
    QCustomPlot *shares = m_view->plot(EvidenceChart::AttributionShares);
    QVERIFY(shares);
    double sum = 0;
    int bars = 0;
    for (int i = 0; i < shares->plottableCount(); ++i)
        if (auto *b = qobject_cast<QCPBars *>(shares->plottable(i)))
            for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it, ++bars)
                sum += it->value;
    QCOMPARE(bars, 3);
    QVERIFY2(qAbs(sum - 100.0) < 1e-6, qPrintable(QString::number(sum))); // shares sum to 100%
    testing::snapshot(m_window.get(), QStringLiteral("charts_attribution"));
}

void TestEvidenceCharts::everyAxisNamesItsUnit()
{
    for (const char *kind : { "reuse", "attribution" }) {
        QVERIFY(show(runOf(QLatin1String(kind))));
        for (const EvidenceChart chart : m_view->series()->charts()) {
            QCustomPlot *plot = m_view->plot(chart);
            QVERIFY(plot);
            for (QCPAxis *axis : { plot->xAxis, plot->yAxis })
                QVERIFY2(!axis->label().isEmpty(), qPrintable(forensics::chartName(chart)));
            // The value axis says its unit in brackets.
            const QString value
                = chart == EvidenceChart::AttributionConfusion ? plot->xAxis->label() : plot->yAxis->label();
            QVERIFY2(value.contains(QLatin1Char('(')), qPrintable(value));
        }
    }
}

void TestEvidenceCharts::chartsExportPngSvgPdf()
{
    QVERIFY(show(runOf(QStringLiteral("attribution"))));
    for (const EvidenceChart chart : m_view->series()->charts()) {
        const QString base = m_dir.filePath(forensics::chartName(chart));
        for (const char *suffix : { ".png", ".svg", ".pdf" }) {
            const QString path = base + QLatin1String(suffix);
            auto s = m_view->exportChart(chart, path);
            QVERIFY2(s, s ? "" : qPrintable(s.error().message));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray head = f.read(256);
            if (QLatin1String(suffix) == QLatin1String(".png")) {
                const QImage image(path);
                QVERIFY(image.width() >= m_view->plot(chart)->width());
            } else if (QLatin1String(suffix) == QLatin1String(".svg")) {
                QVERIFY(f.readAll().contains("<svg") || head.contains("<svg"));
            } else {
                QVERIFY(head.startsWith("%PDF"));
            }
        }
    }
    QVERIFY(!m_view->exportChart(EvidenceChart::AttributionShares, m_dir.filePath(QStringLiteral("x.bmp"))));
}

void TestEvidenceCharts::chartBecomesAnExhibit()
{
    const qint64 run = runOf(QStringLiteral("attribution"));
    QVERIFY(show(run));
    m_view->sendToReport(EvidenceChart::AttributionShares);
    const qint64 item = forensics::chartItemId(run, EvidenceChart::AttributionShares);
    QCOMPARE(forensics::chartOfItemId(item)->first, run);
    QCOMPARE(forensics::chartOfItemId(item)->second, EvidenceChart::AttributionShares);
    bool found = false;
    WAIT_FOR([&] {
        auto file = casefile::CaseFile::open(m_casePath, m_who, casefile::OpenMode::ReadOnly);
        if (!file)
            return false;
        auto exhibits = casefile::AnnotationStore::exhibits((*file)->db());
        if (!exhibits)
            return false;
        for (const auto &e : std::as_const(*exhibits))
            found = found || (e.item.kind == QLatin1String("chart") && e.item.id == item);
        return found;
    }());
}

void TestEvidenceCharts::kinshipDotsAndPanelSpread()
{
    const QString dev = evidencecases::devSetDir(QStringLiteral(LINEAGE_SOURCE_DIR));
    if (!QFileInfo::exists(dev + QStringLiteral("/labels.json")))
        QSKIP("The AlpacaEval development set (../shared/data/alpacaeval-dev) is absent: the demo case has too few "
              "control models for a kinship panel.");
    auto path = evidencecases::buildKinshipCase(m_dir.path(), dev, m_who);
    QVERIFY2(path, path ? "" : qPrintable(path.error().message));
    QVERIFY(testing::openCase(*m_window, *path));
    WAIT_FOR(m_view->series() && m_view->series()->kinship);
    const auto &k = *m_view->series()->kinship;
    QCOMPARE(int(k.models.size()), 9); // three suspects, six panel members
    QCustomPlot *plot = m_view->plot(EvidenceChart::KinshipRanked);
    QVERIFY(plot);
    int dots = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QVERIFY(!plot->graph(i)->adaptiveSampling());
        dots += plot->graph(i)->dataCount();
    }
    QCOMPARE(dots, 9);
    // The suspects' graph is drawn in the suspect colour and holds the three suspects.
    QCOMPARE(plot->graph(0)->dataCount(), 3);
    QCOMPARE(plot->graph(0)->scatterStyle().brush().color(), suspectColor());
    // The shaded band spans the panel's lowest to highest score.
    QCPItemRect *band = nullptr;
    for (int i = 0; i < plot->itemCount() && !band; ++i)
        band = qobject_cast<QCPItemRect *>(plot->item(i));
    QVERIFY(band);
    double lo = 1e9, hi = -1e9;
    for (const auto &m : k.models)
        if (m.inPanel) {
            lo = std::min(lo, m.score);
            hi = std::max(hi, m.score);
        }
    QCOMPARE(band->topLeft->coords().x(), lo);
    QCOMPARE(band->bottomRight->coords().x(), hi);
    // Ranked: the top dot is the highest score.
    QVERIFY(k.models.front().score >= k.models.back().score);
    QCustomPlot *boxes = m_view->plot(EvidenceChart::KinshipDistributions);
    QVERIFY(boxes);
    int boxCount = 0;
    for (int i = 0; i < boxes->plottableCount(); ++i)
        if (auto *b = qobject_cast<QCPStatisticalBox *>(boxes->plottable(i)))
            boxCount += b->dataCount();
    QCOMPARE(boxCount, 9);
    QVERIFY(k.distributions.front().suspect);
    testing::snapshot(m_window.get(), QStringLiteral("charts_kinship"));
}

QTEST_MAIN(TestEvidenceCharts)
#include "tst_evidence_charts.moc"
