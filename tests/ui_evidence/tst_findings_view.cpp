// SPDX-License-Identifier: GPL-3.0-or-later
// The Findings tab offscreen on the tiny demo case after a reuse run: the findings listed
// and filtered, the run's hashes in its details, a re-run with its differences, the item a
// finding rests on opened, and the compare view highlighting the spans' text.
#include "case_table_view.h"
#include "casefile/table_spec.h"
#include "casefile/transcript_store.h"
#include "compare_view.h"
#include "details_dock.h"
#include "findings_view.h"
#include "forensics/analysis_runner.h"
#include "forensics/kind_registry.h"
#include "demo/demo_generator.h"
#include "table_model.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFontDatabase>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>

using namespace lineage;
using namespace lineage::ui;

class TestFindingsView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void findingsAreListed();
    void filtersNarrowTheTable();
    void sortsByScore();
    void detailsShowTheRunsHashes();
    void compareHighlightsTheSpans();
    void compareShowsChinese();
    void restingItemOpens();
    void rerunFindsNoDifference();

private:
    void choose(QComboBox *box, const QVariant &data);
    int rowsShown();
    qint64 selectRow(int row);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    FindingsView *m_view = nullptr;
    forensics::RunOutcome m_run;
    QString m_casePath;
};

void TestFindingsView::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_findings_view"));
    QVERIFY(m_dir.isValid());
    demo::DemoOptions options;
    options.tiny = true;
    const auto who = casefile::Investigator::current(QStringLiteral("GUI Tester"));
    auto demo = demo::buildDemoCase(m_dir.path(), options, who);
    QVERIFY2(demo, demo ? "" : qPrintable(demo.error().message));
    m_casePath = demo->casePath;
    {
        // The reuse run through the core, as lineage-cli analyze makes it.
        auto file = CaseSession::openWriter(m_casePath, who);
        QVERIFY2(file, file ? "" : qPrintable(file.error().message));
        const forensics::AnalysisKind *kind = forensics::findKind(QStringLiteral("reuse"));
        QVERIFY(kind);
        auto parameters = forensics::parseParameterTexts(*kind, { QStringLiteral("suspect=DeepDistill-7B") });
        QVERIFY2(parameters, parameters ? "" : qPrintable(parameters.error().message));
        auto outcome = forensics::runAnalysis(**file, { QStringLiteral("reuse"), *parameters, 0 });
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().message));
        QVERIFY(outcome->complete());
        QVERIFY2(outcome->findings.size() >= 8, qPrintable(QString::number(outcome->findings.size())));
        m_run = *outcome;
    }
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(testing::openCase(*m_window, m_casePath));
    m_view = m_window->findChild<FindingsView *>(QStringLiteral("findingsView"));
    QVERIFY(m_view);
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    tabs->setCurrentWidget(m_view);
}

void TestFindingsView::choose(QComboBox *box, const QVariant &data)
{
    const int i = box->findData(data);
    QVERIFY2(i >= 0, qPrintable(data.toString()));
    box->setCurrentIndex(i);
    emit box->activated(i);
}

int TestFindingsView::rowsShown()
{
    TableModel *model = m_view->table()->model();
    if (!QTest::qWaitFor([&] { return model->isComplete(); }, 60000))
        return -1;
    return model->rowCount();
}

qint64 TestFindingsView::selectRow(int row)
{
    TableModel *model = m_view->table()->model();
    QTableView *table = m_view->table()->view();
    if (!QTest::qWaitFor([&] { return model->rowCount() > row && model->isRowLoaded(row); }, 60000))
        return 0;
    const qint64 id = model->row(row)->id;
    if (m_view->currentFinding() == id && table->currentIndex().row() == row)
        return id;
    QSignalSpy loaded(m_view, &FindingsView::findingLoaded);
    table->setCurrentIndex(model->index(row, TableModel::FirstDataColumn));
    if (!QTest::qWaitFor([&] { return m_view->currentFinding() == id && !loaded.isEmpty(); }, 60000))
        return 0;
    return id;
}

void TestFindingsView::findingsAreListed()
{
    QAbstractItemModelTester tester(m_view->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    WAIT_FOR(m_view->runFilter()->count() == 2); // all runs, the reuse run
    QCOMPARE(rowsShown(), int(m_run.findings.size()));
    QVERIFY2(m_view->summaryText().contains(QStringLiteral("%1 findings").arg(m_run.findings.size())),
             qPrintable(m_view->summaryText()));
    // The table's cells are the stored finding's.
    TableModel *model = m_view->table()->model();
    const int kindColumn = model->modelColumn(QStringLiteral("kind"));
    WAIT_FOR(model->isRowLoaded(0));
    QCOMPARE(model->data(model->index(0, kindColumn)).toString(), QStringLiteral("reuse"));
}

void TestFindingsView::filtersNarrowTheTable()
{
    QAbstractItemModelTester tester(m_view->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QHash<QString, int> byStrength;
    for (const auto &f : std::as_const(m_run.findings))
        ++byStrength[f.strength];
    choose(m_view->runFilter(), m_run.run.id);
    QCOMPARE(rowsShown(), int(m_run.findings.size()));
    for (const QString &s : casefile::AnalysisStore::strengths()) {
        choose(m_view->strengthFilter(), s);
        QCOMPARE(rowsShown(), byStrength.value(s));
    }
    choose(m_view->strengthFilter(), QString());
    // The run writes one reuse finding an answer and one reuse-summary.
    QHash<QString, int> byKind;
    for (const auto &f : std::as_const(m_run.findings))
        ++byKind[f.kind];
    QCOMPARE(byKind.size(), 2);
    for (auto it = byKind.begin(); it != byKind.end(); ++it) {
        choose(m_view->kindFilter(), it.key());
        QCOMPARE(rowsShown(), it.value());
    }
    // No finding of another run: a run that does not exist selects none.
    m_view->table()->filterEdit()->setText(QStringLiteral("run=%1").arg(m_run.run.id + 100));
    QVERIFY(m_view->table()->applyFilter());
    QCOMPARE(rowsShown(), 0);
    choose(m_view->runFilter(), qint64(0));
    choose(m_view->kindFilter(), QString());
    QCOMPARE(rowsShown(), int(m_run.findings.size()));
}

void TestFindingsView::sortsByScore()
{
    TableModel *model = m_view->table()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int column = model->modelColumn(QStringLiteral("score"));
    QVERIFY(column >= 0);
    // The stored value behind the cell (rows hold the shown columns' values in order).
    const auto score
        = [&](int r) { return model->row(r)->values.value(column - TableModel::FirstDataColumn).toDouble(); };
    model->sort(column, Qt::DescendingOrder);
    QCOMPARE(rowsShown(), int(m_run.findings.size()));
    double best = -1e308;
    for (const auto &f : std::as_const(m_run.findings))
        best = std::max(best, f.score.value_or(-1e308));
    WAIT_FOR(model->isRowLoaded(0));
    QCOMPARE(score(0), best);
    for (int r = 1; r < model->rowCount(); ++r) {
        WAIT_FOR(model->isRowLoaded(r));
        QVERIFY(score(r - 1) >= score(r));
    }
}

void TestFindingsView::detailsShowTheRunsHashes()
{
    const qint64 id = selectRow(0);
    QVERIFY(id > 0);
    QVERIFY(!m_run.run.inputHashes.isEmpty());
    const QString runText = m_view->runDetails()->toPlainText();
    for (auto it = m_run.run.inputHashes.begin(); it != m_run.run.inputHashes.end(); ++it) {
        QVERIFY2(runText.contains(it.key()), qPrintable(runText));
        QVERIFY2(runText.contains(it.value().toString()), qPrintable(runText));
    }
    QVERIFY(runText.contains(QLatin1String("Parameters")));
    QVERIFY(runText.contains(m_run.run.engineVersion));
    const auto stored = std::find_if(m_run.findings.begin(), m_run.findings.end(),
                                     [id](const casefile::FindingRow &f) { return f.id == id; });
    QVERIFY(stored != m_run.findings.end());
    const QString findingText = m_view->findingDetails()->toPlainText();
    QVERIFY2(findingText.contains(stored->explanation), qPrintable(findingText));
    QCOMPARE(m_view->restsOn()->count(), int(stored->refs.size() + stored->spans.size()));
}

void TestFindingsView::compareHighlightsTheSpans()
{
    // A finding with a shared passage; the spans' texts read independently of the view.
    const casefile::FindingRow *withSpans = nullptr;
    for (const auto &f : std::as_const(m_run.findings))
        if (!f.spans.isEmpty() && f.spans.front().itemKind == QLatin1String("turn")) {
            withSpans = &f;
            break;
        }
    QVERIFY(withSpans);
    CompareView *compare = m_view->compareView();
    QSignalSpy loaded(compare, &CompareView::loaded);
    compare->showFinding(withSpans->id);
    QVERIFY(loaded.wait(60000));
    auto file = CaseSession::openReader(m_casePath, casefile::Investigator::current(QStringLiteral("GUI Tester")));
    QVERIFY(file);
    casefile::TranscriptStore turns((*file)->db());
    QStringList suspect;
    // The closest match's passages (reuse numbers them match * 1000 + n).
    for (const auto &s : withSpans->spans)
        if (s.relation == QLatin1String("suspect") && s.passage.value_or(0) / 1000 == 0) {
            auto turn = turns.turn(s.itemId);
            QVERIFY(turn);
            suspect << turn->answer.mid(s.start, s.length);
        }
    QVERIFY(!suspect.isEmpty());
    QCOMPARE(compare->highlighted(true), suspect);
    QCOMPARE(compare->passageCount(), int(suspect.size()));
    const QStringList source = compare->highlighted(false);
    QCOMPARE(source.size(), suspect.size());
    // The shared passage is the same words on both sides (whitespace aside).
    QCOMPARE(source.first().simplified().left(40), suspect.first().simplified().left(40));
    // Scrolling one side scrolls the other.
    compare->left()->verticalScrollBar()->setValue(compare->left()->verticalScrollBar()->maximum());
    if (compare->right()->verticalScrollBar()->maximum() > 0)
        QCOMPARE(compare->right()->verticalScrollBar()->value(), compare->right()->verticalScrollBar()->maximum());
    auto *pages = m_view->findChild<QTabWidget *>();
    QVERIFY(pages);
    pages->setCurrentWidget(compare);
    testing::snapshot(m_window.get(), QStringLiteral("findings-compare"));
}

void TestFindingsView::compareShowsChinese()
{
    // A reuse finding whose shared passage is Chinese (the demo plants some).
    auto file = CaseSession::openReader(m_casePath, casefile::Investigator::current(QStringLiteral("GUI Tester")));
    QVERIFY(file);
    casefile::TranscriptStore turns((*file)->db());
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    qint64 chinese = 0;
    QStringList expected;
    for (const auto &f : std::as_const(m_run.findings)) {
        QStringList texts;
        for (const auto &s : f.spans)
            if (s.relation == QLatin1String("suspect") && s.passage.value_or(0) / 1000 == 0) {
                auto turn = turns.turn(s.itemId);
                QVERIFY(turn);
                texts << turn->answer.mid(s.start, s.length);
            }
        if (!texts.isEmpty() && texts.join(QString()).contains(han)) {
            chinese = f.id;
            expected = texts;
            break;
        }
    }
    QVERIFY2(chinese > 0, "the demo's reuse findings include a Chinese answer");
    CompareView *compare = m_view->compareView();
    QSignalSpy loaded(compare, &CompareView::loaded);
    compare->showFinding(chinese);
    QVERIFY(loaded.wait(60000));
    QCOMPARE(compare->highlighted(true), expected);
    QVERIFY(compare->highlighted(false).join(QString()).contains(han));
    // Drawn with a font that has the Han glyphs, not boxes.
    const QStringList families = compare->left()->font().families();
    const QStringList chineseFonts = QFontDatabase::families(QFontDatabase::SimplifiedChinese);
    QVERIFY2(std::any_of(families.begin(), families.end(), [&](const QString &f) { return chineseFonts.contains(f); }),
             qPrintable(families.join(QStringLiteral(", "))));
    testing::snapshot(m_window.get(), QStringLiteral("findings-compare-chinese"));
}

void TestFindingsView::restingItemOpens()
{
    QVERIFY(selectRow(0) > 0);
    QVERIFY(m_view->restsOn()->count() > 0);
    auto *details = m_window->findChild<DetailsDock *>();
    QVERIFY(details);
    const QString first = m_view->restsOn()->item(0)->text();
    emit m_view->restsOn()->itemActivated(m_view->restsOn()->item(0));
    WAIT_FOR(details->item().has_value());
    QVERIFY(details->isVisible());
    QVERIFY2(first.startsWith(QStringLiteral("%1 %2").arg(details->item()->kind).arg(details->item()->id)),
             qPrintable(first));
}

void TestFindingsView::rerunFindsNoDifference()
{
    QVERIFY(selectRow(0) > 0);
    QVERIFY(m_view->rerunButton()->isEnabled());
    QSignalSpy done(m_view, &FindingsView::rerunFinished);
    m_view->rerunButton()->click();
    QVERIFY(done.wait(120000));
    QVERIFY2(done.first().at(1).toStringList().isEmpty(),
             qPrintable(done.first().at(1).toStringList().join(QLatin1Char('\n'))));
    WAIT_FOR(m_view->runDetails()->toPlainText().contains(QLatin1String("gives the same")));
    // The new run is listed with its findings.
    WAIT_FOR(m_view->runFilter()->count() == 3);
    QCOMPARE(rowsShown(), 2 * int(m_run.findings.size()));
    auto *pages = m_view->findChild<QTabWidget *>();
    pages->setCurrentIndex(1);
    testing::snapshot(m_window.get(), QStringLiteral("findings-run"));
}

QTEST_MAIN(TestFindingsView)
#include "tst_findings_view.moc"
