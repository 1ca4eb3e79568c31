// SPDX-License-Identifier: GPL-3.0-or-later
// The report composer offscreen (issue 13): File > Report... opens it, sections are chosen,
// the preview lays the report out on a worker-composed document, the PDF is written on a
// worker; the bundle is exported and verifies.
#include "demo/demo_generator.h"
#include "job_runner.h"
#include "main_window.h"
#include "report/case_bundle.h"
#include "report_actions.h"
#include "report_composer_dialog.h"
#include "ui_test_support.h"

#include <QListWidget>
#include <QMenuBar>
#include <QPrintPreviewDialog>
#include <QPrintPreviewWidget>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <poppler-qt6.h>

using namespace lineage;
using namespace lineage::ui;

class TestReportComposer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void menuOpensTheComposer();
    void previewShowsThePages();
    void savedPdfHoldsTheChosenSections();
    void bundleExportsWhileTheCaseIsOpen();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    ReportComposerDialog *m_composer = nullptr;
};

void TestReportComposer::initTestCase()
{
    testing::useTestSettings(QStringLiteral("tst_report_composer"));
    qRegisterMetaType<QPrintPreviewDialog *>();
    QVERIFY(m_dir.isValid());
    demo::DemoOptions options;
    options.tiny = true;
    auto demo
        = demo::buildDemoCase(m_dir.path(), options, casefile::Investigator::current(QStringLiteral("GUI Tester")));
    QVERIFY2(demo, demo ? "" : qPrintable(demo.error().message));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(testing::openCase(*m_window, demo->casePath));
}

void TestReportComposer::menuOpensTheComposer()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("reportAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    action->trigger();
    QVERIFY(QTest::qWaitFor([&] { return m_window->findChild<ReportComposerDialog *>() != nullptr; }, 5000));
    m_composer = m_window->findChild<ReportComposerDialog *>();
    QVERIFY(m_composer->isVisible());
    auto *list = m_composer->findChild<QListWidget *>(QStringLiteral("reportSections"));
    QVERIFY(list);
    QCOMPARE(list->count(), int(report::allSections().size()));
    testing::snapshot(m_composer, QStringLiteral("report-composer"));
}

void TestReportComposer::previewShowsThePages()
{
    QVERIFY(m_composer);
    QSignalSpy shown(m_composer, &ReportComposerDialog::previewShown);
    m_composer->preview();
    QVERIFY(QTest::qWaitFor([&] { return !shown.isEmpty(); }, 120000));
    auto *dialog = shown.first().first().value<QPrintPreviewDialog *>();
    QVERIFY(dialog);
    auto *widget = dialog->findChild<QPrintPreviewWidget *>();
    QVERIFY(widget);
    QVERIFY(QTest::qWaitFor([&] { return widget->pageCount() > 0; }, 60000));
    QVERIFY2(widget->pageCount() >= 5, qPrintable(QString::number(widget->pageCount())));
    QCOMPARE(widget->pageCount(), m_composer->lastPageCount());
    testing::snapshot(dialog, QStringLiteral("report-preview"));
    dialog->close();
}

void TestReportComposer::savedPdfHoldsTheChosenSections()
{
    QVERIFY(m_composer);
    m_composer->setSelectedSections({ report::Section::Cover, report::Section::Custody });
    QSignalSpy saved(m_composer, &ReportComposerDialog::saved);
    const QString pdf = m_dir.filePath(QStringLiteral("composer.pdf"));
    m_composer->save(pdf);
    QVERIFY(QTest::qWaitFor([&] { return !saved.isEmpty(); }, 120000));
    const int pages = saved.first().at(1).toInt();
    auto doc = Poppler::Document::load(pdf);
    QVERIFY(doc);
    QCOMPARE(doc->numPages(), pages);
    QString text;
    for (int i = 0; i < doc->numPages(); ++i)
        text += doc->page(i)->text(QRectF());
    text.remove(QRegularExpression(QStringLiteral("\\s+")));
    QVERIFY(text.contains(QStringLiteral("AppendixA:Chainofcustody")));
    QVERIFY(!text.contains(QStringLiteral("Methodology")));
    QVERIFY(text.contains(QStringLiteral("page1of%1").arg(pages)));
}

void TestReportComposer::bundleExportsWhileTheCaseIsOpen()
{
    auto *actions = m_window->findChild<ReportActions *>();
    QVERIFY(actions);
    QSignalSpy exported(actions, &ReportActions::bundleExported);
    const QString bundle = m_dir.filePath(QStringLiteral("gui.zip"));
    actions->exportBundle(bundle);
    QVERIFY(QTest::qWaitFor([&] { return !exported.isEmpty(); }, 120000));
    auto v = report::verifyBundle(bundle);
    QVERIFY(v);
    QVERIFY2(v->ok(),
             v->ok() ? "" : qPrintable(v->problems.first().file + QStringLiteral(": ") + v->problems.first().message));
    QVERIFY(!v->signedBundle);
}

QTEST_MAIN(TestReportComposer)
#include "tst_report_composer.moc"
