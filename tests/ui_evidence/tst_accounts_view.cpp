// SPDX-License-Identifier: GPL-3.0-or-later
// The Accounts tab offscreen on the tiny demo case: with no accounts run it says so and its
// button runs the analysis through the Analyze menu's dialog; then the table is the run's
// ranking (lazy, sorted and filtered in SQL), the scatter holds every account with sampling
// off, a click on a point selects its row and shows its contributions (the stored ones) and
// its activity (as many records as the records table has for it); actors are made, assigned,
// removed and undone; the selection goes to the timeline and the record list; the charts
// export PNG, SVG and PDF and the scatter becomes an exhibit.
#include "account_details.h"
#include "account_plots.h"
#include "accounts_view.h"
#include "analysis_dialog.h"
#include "analyze_menu.h"
#include "annotation_controller.h"
#include "case_table_view.h"
#include "casefile/actor_store.h"
#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"
#include "casefile/table_store.h"
#include "demo/demo_generator.h"
#include "forensics/evidence_series.h"
#include "qcustomplot_include.h"
#include "query_records_view.h"
#include "table_model.h"
#include "timeline_view.h"
#include "timeline_zone_box.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QUndoStack>

using namespace lineage;
using namespace lineage::ui;

class TestAccountsView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void emptyCaseOffersTheAnalysis();
    void tableIsTheRunsRanking();
    void scatterHoldsEveryAccount();
    void clickOnAPointSelectsItsAccount();
    void detailsAreTheStoredContributionsAndTheRecords();
    void actorsAreMadeAssignedRemovedAndUndone();
    void clusterBecomesAnActorAndIsRenamed();
    void selectionGoesToTheTimelineAndTheRecords();
    void chartsExportAndBecomeExhibits();
    void aNewRunIsShown();

private:
    std::unique_ptr<casefile::CaseFile> reader() const;
    bool selectRows(const QList<int> &rows);
    QString actorCell(int row) const;

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    AccountsView *m_view = nullptr;
    QString m_casePath;
    casefile::Investigator m_who;
};

void TestAccountsView::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_accounts_view"));
    QVERIFY(m_dir.isValid());
    demo::DemoOptions options;
    options.tiny = true;
    m_who = casefile::Investigator::current(QStringLiteral("GUI Tester"));
    auto demo = demo::buildDemoCase(m_dir.path(), options, m_who);
    QVERIFY2(demo, demo ? "" : qPrintable(demo.error().message));
    m_casePath = demo->casePath;
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(testing::openCase(*m_window, m_casePath));
    m_view = m_window->findChild<AccountsView *>(QStringLiteral("accountsView"));
    QVERIFY(m_view);
    m_window->tabs()->setCurrentWidget(m_view);
}

std::unique_ptr<casefile::CaseFile> TestAccountsView::reader() const
{
    auto file = casefile::CaseFile::open(m_casePath, m_who, casefile::OpenMode::ReadOnly);
    return file ? std::move(*file) : nullptr;
}

bool TestAccountsView::selectRows(const QList<int> &rows)
{
    TableModel *model = m_view->table()->model();
    QTableView *view = m_view->table()->view();
    view->clearSelection();
    for (int r : rows) {
        if (!QTest::qWaitFor([&] { return model->isRowLoaded(r); }, 30000))
            return false;
        view->selectionModel()->select(model->index(r, TableModel::FirstDataColumn),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    view->selectionModel()->setCurrentIndex(model->index(rows.front(), TableModel::FirstDataColumn),
                                            QItemSelectionModel::NoUpdate);
    return true;
}

QString TestAccountsView::actorCell(int row) const
{
    TableModel *model = m_view->table()->model();
    if (!model->isRowLoaded(row))
        return QStringLiteral("<not loaded>");
    return model->index(row, model->modelColumn(QStringLiteral("actor"))).data().toString();
}

void TestAccountsView::emptyCaseOffersTheAnalysis()
{
    WAIT_FOR(m_view->isEmptyShown() && m_view->runAnalysisButton()->isVisible());
    QVERIFY(m_view->statusText().contains(QStringLiteral("No complete accounts run")));
    QVERIFY(m_view->runAnalysisButton()->isEnabled());
    auto *menu = m_window->findChild<AnalyzeMenu *>(QStringLiteral("analyzeMenu"));
    QVERIFY(menu);
    QSignalSpy opened(menu, &AnalyzeMenu::dialogOpened);
    QSignalSpy finished(menu, &AnalyzeMenu::analysisFinished);
    QSignalSpy loaded(m_view, &AccountsView::seriesLoaded);
    QTest::mouseClick(m_view->runAnalysisButton(), Qt::LeftButton);
    WAIT_FOR(!opened.isEmpty());
    auto *dialog = opened.first().first().value<AnalysisDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->kind().name(), QStringLiteral("accounts"));
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
    QCOMPARE(finished.first().at(1).toString(), QStringLiteral("complete"));
    WAIT_FOR(!loaded.isEmpty());
    QCOMPARE(loaded.last().at(0).toLongLong(), finished.first().at(0).toLongLong());
    QVERIFY(!m_view->isEmptyShown());
    QVERIFY(m_view->series());
    QVERIFY(m_view->series()->accounts.size() > 10);
}

void TestAccountsView::tableIsTheRunsRanking()
{
    QVERIFY(m_view->series());
    const qint64 run = m_view->series()->run.id;
    TableModel *model = m_view->table()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // What the case holds: the run's account-risk findings, and how many are flagged.
    auto file = reader();
    QVERIFY(file);
    auto findings = casefile::AnalysisStore(file->db()).findings(run);
    QVERIFY(findings);
    qint64 risks = 0, flagged = 0;
    for (const auto &f : std::as_const(*findings))
        if (f.kind == QLatin1String("account-risk")) {
            ++risks;
            flagged += f.payload.value(QStringLiteral("flagged")).toBool() ? 1 : 0;
        }
    QVERIFY(flagged > 0);
    QCOMPARE(qint64(m_view->series()->accounts.size()), risks);
    WAIT_FOR(model->isComplete() && model->totalRows() == risks);
    // Ranked: rank 1 first, risk never rising down the table.
    const int rankColumn = model->modelColumn(QStringLiteral("rank"));
    const int riskColumn = model->modelColumn(QStringLiteral("risk"));
    const int rows = int(std::min<qint64>(risks, 40));
    WAIT_FOR(model->isRowLoaded(rows - 1));
    double previous = qInf();
    for (int r = 0; r < rows; ++r) {
        QCOMPARE(model->index(r, rankColumn).data().toInt(), r + 1);
        const double risk = model->row(r)->values.value(riskColumn - TableModel::FirstDataColumn).toDouble();
        QVERIFY(risk <= previous);
        previous = risk;
        // The row is the series' entry of the same rank.
        QCOMPARE(model->row(r)->id, m_view->series()->accounts[size_t(r)].findingId);
    }
    // A filter narrows in SQL and keeps the run.
    m_view->table()->filterEdit()->setText(QStringLiteral("flagged=1"));
    QVERIFY(m_view->table()->applyFilter());
    WAIT_FOR(model->isComplete() && model->totalRows() == flagged);
    m_view->table()->filterEdit()->clear();
    QVERIFY(m_view->table()->applyFilter());
    WAIT_FOR(model->isComplete() && model->totalRows() == risks);
}

void TestAccountsView::scatterHoldsEveryAccount()
{
    AccountScatter *scatter = m_view->scatter();
    const auto &series = *m_view->series();
    QCOMPARE(m_view->xFeature()->currentData().toString(), QStringLiteral("requests"));
    QCOMPARE(m_view->yFeature()->currentData().toString(), QStringLiteral("top_template_share"));
    QCOMPARE(scatter->pointCount() + scatter->omittedCount(), int(series.accounts.size()));
    QVERIFY(scatter->pointCount() > 0);
    for (int g = 0; g < scatter->graphCount(); ++g)
        QVERIFY(!scatter->graph(g)->adaptiveSampling());
    QVERIFY(scatter->xAxis->label().contains(QStringLiteral("requests")));
    QVERIFY(scatter->xAxis->label().contains(QStringLiteral("log")));
    QVERIFY(scatter->yAxis->label().contains(QStringLiteral("top template share")));
    // Any two features: risk against links, linear; every account has a risk.
    m_view->logX()->setChecked(false);
    m_view->xFeature()->setCurrentIndex(m_view->xFeature()->findData(QStringLiteral("links")));
    m_view->yFeature()->setCurrentIndex(m_view->yFeature()->findData(QStringLiteral("risk")));
    QCOMPARE(scatter->pointCount(), int(series.accounts.size()));
    QCOMPARE(scatter->omittedCount(), 0);
    QVERIFY(scatter->caption().contains(QStringLiteral("risk against links")));
    // The flagged accounts are the clustered ring: cluster colours are in the legend.
    bool clustered = false;
    for (const auto &e : series.accounts)
        clustered = clustered || (e.flagged && e.cluster);
    QVERIFY(clustered);
    m_view->xFeature()->setCurrentIndex(m_view->xFeature()->findData(QStringLiteral("requests")));
    m_view->yFeature()->setCurrentIndex(m_view->yFeature()->findData(QStringLiteral("top_template_share")));
    m_view->logX()->setChecked(true);
}

void TestAccountsView::clickOnAPointSelectsItsAccount()
{
    const auto &series = *m_view->series();
    // An account of middling rank: its row must be found, not just the first.
    const forensics::AccountEntry &entry = series.accounts[series.accounts.size() / 2];
    m_view->scatter()->replot();
    auto pixel = m_view->scatter()->pixelOf(entry.findingId);
    if (!pixel) { // left out on this pair of axes: risk is always drawable
        m_view->yFeature()->setCurrentIndex(m_view->yFeature()->findData(QStringLiteral("risk")));
        m_view->scatter()->replot();
        pixel = m_view->scatter()->pixelOf(entry.findingId);
    }
    QVERIFY(pixel);
    const QPoint at = pixel->toPoint();
    const qint64 hit = m_view->scatter()->findingAt(at);
    QVERIFY(hit);
    QSignalSpy shown(m_view, &AccountsView::accountShown);
    QTest::mouseClick(m_view->scatter(), Qt::LeftButton, {}, at);
    WAIT_FOR(!shown.isEmpty());
    QCOMPARE(shown.last().at(0).toLongLong(), hit);
    QCOMPARE(m_view->currentFinding(), hit);
    // Its row becomes the table's current row.
    TableModel *model = m_view->table()->model();
    WAIT_FOR(m_view->table()->view()->currentIndex().isValid()
             && model->isRowLoaded(m_view->table()->view()->currentIndex().row())
             && model->row(m_view->table()->view()->currentIndex().row())->id == hit);
    const forensics::AccountEntry *picked = series.entry(hit);
    QVERIFY(picked);
    QVERIFY(m_view->details()->headline().contains(picked->name.toHtmlEscaped()));
}

void TestAccountsView::detailsAreTheStoredContributionsAndTheRecords()
{
    const auto &series = *m_view->series();
    const forensics::AccountEntry &top = series.accounts.front();
    QVERIFY(selectRows({ 0 }));
    WAIT_FOR(m_view->currentFinding() == top.findingId);
    QVERIFY(m_view->details()->headline().contains(QStringLiteral("rank 1 of")));
    // The bars are the stored contributions, largest on top.
    QCustomPlot *bars = m_view->details()->contributionsPlot();
    QCOMPARE(bars->plottableCount(), 1);
    auto *b = qobject_cast<QCPBars *>(bars->plottable(0));
    QVERIFY(b);
    QCOMPARE(b->data()->size(), int(top.contributions.size()));
    QVERIFY(!top.contributions.isEmpty());
    const int n = int(top.contributions.size());
    for (int i = 0; i < n; ++i) {
        auto it = b->data()->findBegin(n - 1 - i, false);
        QCOMPARE(it->key, double(n - 1 - i));
        QCOMPARE(it->value, top.contributions[i].contribution);
    }
    QVERIFY(m_view->details()->text()->toPlainText().contains(top.explanation.left(40)));
    // The sparkline counts what the records table holds for the account.
    WAIT_FOR(m_view->details()->activityPlot()->graphCount() == 1);
    QCPGraph *g = m_view->details()->activityPlot()->graph(0);
    double drawn = 0;
    for (int i = 0; i + 1 < g->data()->size(); ++i) // the last point only closes the step
        drawn += (g->data()->begin() + i)->value;
    auto file = reader();
    QVERIFY(file);
    qint64 expected = 0;
    for (const QString &account : top.accounts) {
        casefile::TableQuery q;
        QVERIFY(q.addFilter(casefile::TableSpec::records(), QStringLiteral("account=") + account));
        auto count = casefile::TableStore::count(file->db(), casefile::TableSpec::records(), q);
        QVERIFY(count);
        expected += *count;
    }
    QVERIFY(expected > 0);
    QCOMPARE(qint64(drawn), expected);
}

void TestAccountsView::actorsAreMadeAssignedRemovedAndUndone()
{
    auto *annotations = m_window->findChild<AnnotationController *>();
    QVERIFY(annotations);
    const auto &series = *m_view->series();
    TableModel *model = m_view->table()->model();
    QString answer;
    m_view->setPrompt([&answer](const QString &, const QString &, const QStringList &choices,
                                const QString &) -> std::optional<QString> {
        if (!choices.isEmpty() && !choices.contains(answer))
            return std::nullopt;
        return answer;
    });
    auto actorsNow = [this]() -> QList<casefile::ActorRow> {
        auto file = reader();
        if (!file)
            return {};
        auto list = casefile::ActorStore(file->db()).actors();
        return list ? *list : QList<casefile::ActorRow>();
    };
    QVERIFY(actorsNow().isEmpty());
    QVERIFY(!m_view->assignActorAction()->isEnabled() || actorsNow().isEmpty());

    // Rows 0 and 1 into a new actor.
    QVERIFY(selectRows({ 0, 1 }));
    QVERIFY(m_view->makeActorAction()->isEnabled());
    QVERIFY(!m_view->removeActorAction()->isEnabled());
    answer = QStringLiteral("Ring operator");
    m_view->makeActorAction()->trigger();
    WAIT_FOR(actorCell(0) == answer && actorCell(1) == answer);
    QList<casefile::ActorRow> actors = actorsNow();
    QCOMPARE(actors.size(), 1);
    QCOMPARE(actors.front().name, answer);
    QList<qint64> members;
    for (const auto &m : std::as_const(actors.front().accounts))
        members << m.accountId;
    std::sort(members.begin(), members.end());
    QList<qint64> wanted = series.accounts[0].accountIds + series.accounts[1].accountIds;
    std::sort(wanted.begin(), wanted.end());
    QCOMPARE(members, wanted);
    QVERIFY(m_view->details()->headline().contains(QStringLiteral("actor: Ring operator")));

    // Row 2 assigned to it.
    QVERIFY(selectRows({ 2 }));
    WAIT_FOR(m_view->assignActorAction()->isEnabled());
    m_view->assignActorAction()->trigger();
    WAIT_FOR(actorCell(2) == answer);
    QCOMPARE(actorsNow().front().accounts.size(), wanted.size() + series.accounts[2].accountIds.size());

    // Row 0 taken out.
    QVERIFY(selectRows({ 0 }));
    WAIT_FOR(m_view->removeActorAction()->isEnabled());
    m_view->removeActorAction()->trigger();
    WAIT_FOR(actorCell(0).isEmpty());
    QCOMPARE(actorCell(1), answer);

    // Undo, three times: back to no actor at all.
    QUndoStack *stack = annotations->undoStack();
    stack->undo();
    WAIT_FOR(actorCell(0) == answer);
    stack->undo();
    WAIT_FOR(actorCell(2).isEmpty());
    stack->undo();
    WAIT_FOR(actorCell(0).isEmpty() && actorCell(1).isEmpty());
    WAIT_FOR(actorsNow().isEmpty());
    QVERIFY(model->isRowLoaded(0));
}

void TestAccountsView::clusterBecomesAnActorAndIsRenamed()
{
    auto *annotations = m_window->findChild<AnnotationController *>();
    const auto &series = *m_view->series();
    const auto &top = series.accounts.front();
    QVERIFY(top.cluster);
    QList<qint64> wanted;
    for (const auto &e : series.accounts)
        if (e.cluster == top.cluster)
            wanted << e.accountIds;
    std::sort(wanted.begin(), wanted.end());
    QVERIFY(wanted.size() >= 2);
    QString answer = QStringLiteral("Ring");
    m_view->setPrompt([&answer](const QString &, const QString &, const QStringList &,
                                const QString &suggested) -> std::optional<QString> {
        return answer.isEmpty() ? suggested : answer;
    });
    auto actorsNow = [this]() -> QList<casefile::ActorRow> {
        auto file = reader();
        auto list = file ? casefile::ActorStore(file->db()).actors()
                         : Result<QList<casefile::ActorRow>>(QList<casefile::ActorRow>());
        return list ? *list : QList<casefile::ActorRow>();
    };
    QVERIFY(selectRows({ 0 }));
    WAIT_FOR(m_view->clusterActorAction()->isEnabled());
    QVERIFY(!m_view->renameActorAction()->isEnabled());
    m_view->clusterActorAction()->trigger();
    WAIT_FOR(actorCell(0) == QStringLiteral("Ring"));
    QList<casefile::ActorRow> actors = actorsNow();
    QCOMPARE(actors.size(), 1);
    QList<qint64> members;
    for (const auto &m : std::as_const(actors.front().accounts))
        members << m.accountId;
    std::sort(members.begin(), members.end());
    QCOMPARE(members, wanted);

    QVERIFY(selectRows({ 0 }));
    WAIT_FOR(m_view->renameActorAction()->isEnabled());
    answer = QStringLiteral("Ring operator B");
    m_view->renameActorAction()->trigger();
    WAIT_FOR(actorCell(0) == answer);
    QCOMPARE(actorsNow().front().name, answer);
    annotations->undoStack()->undo();
    WAIT_FOR(actorCell(0) == QStringLiteral("Ring"));
    annotations->undoStack()->undo();
    WAIT_FOR(actorCell(0).isEmpty());
    WAIT_FOR(actorsNow().isEmpty());
}

void TestAccountsView::selectionGoesToTheTimelineAndTheRecords()
{
    const auto &series = *m_view->series();
    QVERIFY(selectRows({ 0, 1, 2 }));
    auto *timeline = m_window->findChild<TimelineView *>(QStringLiteral("timelineView"));
    QVERIFY(timeline);
    m_view->showOnTimelineAction()->trigger();
    QCOMPARE(m_window->tabs()->currentWidget(), timeline);
    QList<qint64> wanted;
    for (int i = 0; i < 3; ++i)
        wanted << series.accounts[size_t(i)].accountIds;
    std::sort(wanted.begin(), wanted.end());
    QCOMPARE(timeline->laneAccounts(), wanted);

    m_window->tabs()->setCurrentWidget(m_view);
    QVERIFY(selectRows({ 0 }));
    m_view->showRecordsAction()->trigger();
    QCOMPARE(m_window->tabs()->currentWidget(), m_window->recordsView());
    m_window->tabs()->setCurrentWidget(m_view);
}

void TestAccountsView::chartsExportAndBecomeExhibits()
{
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QVERIFY(selectRows({ 0 }));
    WAIT_FOR(m_view->currentFinding() == m_view->series()->accounts.front().findingId);
    for (const QString &ext : { QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf") }) {
        const QString scatter = out.filePath(QStringLiteral("scatter.") + ext);
        const QString bars = out.filePath(QStringLiteral("bars.") + ext);
        QVERIFY2(m_view->exportScatter(scatter), qPrintable(scatter));
        QVERIFY2(m_view->exportContributions(bars), qPrintable(bars));
        QVERIFY(QFileInfo(scatter).size() > 1000);
        QVERIFY(QFileInfo(bars).size() > 1000);
    }
    QVERIFY(!QImage(out.filePath(QStringLiteral("scatter.png"))).isNull());
    QVERIFY(!m_view->exportScatter(out.filePath(QStringLiteral("scatter.bmp"))));

    m_view->sendScatterToReport();
    const qint64 item = forensics::chartItemId(m_view->series()->run.id, forensics::EvidenceChart::AccountsRisk);
    bool found = false;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto file = reader();
            if (!file)
                return false;
            auto exhibits = casefile::AnnotationStore::exhibits(file->db());
            if (!exhibits)
                return false;
            for (const auto &e : std::as_const(*exhibits))
                found = found || (e.item.kind == QLatin1String("chart") && e.item.id == item);
            return found;
        }(),
        60000);
    const auto chart = forensics::chartOfItemId(item);
    QVERIFY(chart);
    QCOMPARE(chart->second, forensics::EvidenceChart::AccountsRisk);
}

void TestAccountsView::aNewRunIsShown()
{
    // A run made while the tab shows an older one takes its place; the older stays chosen.
    auto *menu = m_window->findChild<AnalyzeMenu *>(QStringLiteral("analyzeMenu"));
    QVERIFY(menu);
    const qint64 before = m_view->series()->run.id;
    QSignalSpy finished(menu, &AnalyzeMenu::analysisFinished);
    QSignalSpy loaded(m_view, &AccountsView::seriesLoaded);
    menu->run(QStringLiteral("accounts"), QJsonObject { { QStringLiteral("threshold"), 1.5 } });
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
    const qint64 made = finished.first().at(0).toLongLong();
    QVERIFY(made > before);
    WAIT_FOR(!loaded.isEmpty() && loaded.last().at(0).toLongLong() == made);
    QCOMPARE(m_view->runChooser()->count(), 2);
    QCOMPARE(m_view->runChooser()->currentData().toLongLong(), made);
    WAIT_FOR(m_view->table()->model()->isComplete()
             && m_view->table()->model()->totalRows() == qint64(m_view->series()->accounts.size()));
    // Back to the first run: its rows, not the new one's.
    loaded.clear();
    m_view->showRun(before);
    WAIT_FOR(!loaded.isEmpty() && loaded.last().at(0).toLongLong() == before);
    WAIT_FOR(m_view->table()->model()->isRowLoaded(0));
    QCOMPARE(m_view->table()->model()->row(0)->id, m_view->series()->accounts.front().findingId);
}

QTEST_MAIN(TestAccountsView)
#include "tst_accounts_view.moc"
