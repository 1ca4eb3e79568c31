// SPDX-License-Identifier: GPL-3.0-or-later
// The Analyze menu offscreen: each kind's dialog runs its analysis on a worker, the run and
// its findings appear in the case explorer, a canceled run leaves none, a finding opens.
#include "analysis_dialog.h"
#include "analyze_menu.h"
#include "case_explorer_dock.h"
#include "case_explorer_model.h"
#include "finding_dialog.h"
#include "demo/demo_generator.h"
#include "job_runner.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTreeView>

using namespace lineage;
using namespace lineage::ui;

class TestAnalyzeMenu : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void identityFromTheMenu();
    void reuseWithASuspect();
    void canceledRunLeavesNoFindings();
    void kinshipSaysWhyItCannotRun();
    void findingOpensItsDetails();

private:
    // Triggers the menu entry of `kind`, sets `values` in its dialog and runs it; returns the
    // analysisFinished arguments.
    QList<QVariant> runFromMenu(const QString &kind, const QHash<QString, QString> &values, bool cancel = false);
    int findingRows() const;

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    AnalyzeMenu *m_menu = nullptr;
};

void TestAnalyzeMenu::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_analyze_menu"));
    QVERIFY(m_dir.isValid());
    demo::DemoOptions options;
    options.tiny = true;
    auto demo
        = demo::buildDemoCase(m_dir.path(), options, casefile::Investigator::current(QStringLiteral("GUI Tester")));
    QVERIFY2(demo, demo ? "" : qPrintable(demo.error().message));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(testing::openCase(*m_window, demo->casePath));
    m_menu = m_window->findChild<AnalyzeMenu *>(QStringLiteral("analyzeMenu"));
    QVERIFY(m_menu);
    QVERIFY(m_window->menuBar()->actions().contains(m_menu->menuAction()));
}

QList<QVariant> TestAnalyzeMenu::runFromMenu(const QString &kind, const QHash<QString, QString> &values, bool cancel)
{
    QSignalSpy opened(m_menu, &AnalyzeMenu::dialogOpened);
    QSignalSpy finished(m_menu, &AnalyzeMenu::analysisFinished);
    auto *action = m_menu->findChild<QAction *>(QStringLiteral("analyze_") + kind);
    if (!action || !action->isEnabled())
        return {};
    action->trigger();
    if (!QTest::qWaitFor([&] { return !opened.isEmpty(); }, 60000))
        return {};
    auto *dialog = opened.first().first().value<AnalysisDialog *>();
    for (auto it = values.begin(); it != values.end(); ++it)
        if (auto *box = qobject_cast<QComboBox *>(dialog->editor(it.key())))
            box->setCurrentText(it.value());
    testing::snapshot(dialog, QStringLiteral("analysis-dialog-") + kind);
    dialog->accept();
    if (cancel)
        m_window->jobs()->cancelKey(QStringLiteral("analysis"));
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 120000))
        return {};
    return finished.first();
}

int TestAnalyzeMenu::findingRows() const
{
    CaseExplorerModel *model = m_window->explorerModel();
    return model->rowCount(model->branchIndex(CaseExplorerModel::Branch::Findings));
}

void TestAnalyzeMenu::identityFromTheMenu()
{
    QAbstractItemModelTester tester(m_window->explorerModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int before = findingRows();
    const QList<QVariant> done = runFromMenu(QStringLiteral("identity"), {});
    QCOMPARE(done.size(), 4);
    QCOMPARE(done[1].toString(), QStringLiteral("complete"));
    QVERIFY(done[2].toInt() > 0);
    WAIT_FOR(findingRows() == before + done[2].toInt());
    // The suspect's claims to be the provider's model are listed, labelled weak.
    CaseExplorerModel *model = m_window->explorerModel();
    const QModelIndex findings = model->branchIndex(CaseExplorerModel::Branch::Findings);
    bool aurora = false;
    for (int r = 0; r < model->rowCount(findings); ++r) {
        const QString text = model->index(r, CaseExplorerModel::Name, findings).data().toString() + QLatin1Char(' ')
            + model->index(r, CaseExplorerModel::Details, findings).data(Qt::ToolTipRole).toString()
            + model->index(r, CaseExplorerModel::Details, findings).data().toString();
        aurora = aurora || text.contains(QLatin1String("Aurora"));
    }
    QVERIFY(aurora);
    const QModelIndex runs = model->branchIndex(CaseExplorerModel::Branch::Analyses);
    QVERIFY(model->rowCount(runs) >= 1);
    testing::snapshot(m_window.get(), QStringLiteral("analyze-identity"));
}

void TestAnalyzeMenu::reuseWithASuspect()
{
    const int before = findingRows();
    const QList<QVariant> done
        = runFromMenu(QStringLiteral("reuse"), { { QStringLiteral("suspect"), QStringLiteral("DeepDistill-7B") } });
    QCOMPARE(done.size(), 4);
    QCOMPARE(done[1].toString(), QStringLiteral("complete"));
    // The tiny demo plants 8 reused answers; each is a finding, with one summary.
    QVERIFY2(done[2].toInt() >= 8, qPrintable(done[2].toString()));
    WAIT_FOR(findingRows() == before + done[2].toInt());
}

void TestAnalyzeMenu::canceledRunLeavesNoFindings()
{
    const int before = findingRows();
    const QList<QVariant> done = runFromMenu(QStringLiteral("reuse"),
                                             { { QStringLiteral("suspect"), QStringLiteral("DeepDistill-7B") } }, true);
    QCOMPARE(done.size(), 4);
    QCOMPARE(done[1].toString(), QStringLiteral("canceled"));
    QCOMPARE(done[2].toInt(), 0);
    QTest::qWait(200);
    QCOMPARE(findingRows(), before);
}

void TestAnalyzeMenu::kinshipSaysWhyItCannotRun()
{
    // The demo has two control models: too few for a panel. The run fails with the reason.
    const int before = findingRows();
    const QList<QVariant> done = runFromMenu(QStringLiteral("kinship"), {});
    QCOMPARE(done.size(), 4);
    QCOMPARE(done[1].toString(), QStringLiteral("failed"));
    QVERIFY2(done[3].toString().contains(QLatin1String("at least 4")), qPrintable(done[3].toString()));
    QCOMPARE(findingRows(), before);
}

void TestAnalyzeMenu::findingOpensItsDetails()
{
    CaseExplorerModel *model = m_window->explorerModel();
    const QModelIndex first
        = model->index(0, CaseExplorerModel::Name, model->branchIndex(CaseExplorerModel::Branch::Findings));
    QVERIFY(first.isValid());
    emit m_window->explorerDock()->view()->activated(first);
    FindingDialog *dialog = nullptr;
    WAIT_FOR((dialog = m_window->findChild<FindingDialog *>()) != nullptr);
    QSignalSpy loaded(dialog, &FindingDialog::loaded);
    WAIT_FOR(dialog->text().contains(QLatin1String("Finding")));
    testing::snapshot(dialog, QStringLiteral("finding-dialog"));
    dialog->close();
}

QTEST_MAIN(TestAnalyzeMenu)
#include "tst_analyze_menu.moc"
