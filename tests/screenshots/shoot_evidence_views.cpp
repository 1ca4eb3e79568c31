// SPDX-License-Identifier: GPL-3.0-or-later
// Renders the evidence views into PNGs: lineage-screenshots DEMO_CASE OUT_DIR [DEV_SET_DIR].
// On the demo case (lineage-cli demo makes it) a reuse and an attribution run are added when
// the case has none (and an accounts run when it has none of those); the Charts tab's pages,
// the Findings tab, the Accounts tab with its top account selected, the compare view and a
// PDF page with a search hit are pictured. With the development set, a kinship case is built beside
// the demo case and its charts pictured too.
#include "account_details.h"
#include "accounts_view.h"
#include "case_table_view.h"
#include "casefile/analysis_store.h"
#include "casefile/document_store.h"
#include "compare_view.h"
#include "document_view.h"
#include "evidence_cases.h"
#include "evidence_charts_view.h"
#include "findings_view.h"
#include "item_views.h"
#include "main_window.h"
#include "pdf_page_view.h"
#include "table_model.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextStream>

using namespace lineage;
using namespace lineage::ui;

namespace {

QTextStream err(stderr);

bool waitFor(const std::function<bool()> &done, int ms = 120000)
{
    return QTest::qWaitFor(done, ms);
}

bool save(QWidget *w, const QString &dir, const QString &name)
{
    QTest::qWait(300); // queued replots and layouts
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    const bool ok = w->grab().save(path);
    err << (ok ? "wrote " : "could not write ") << path << "\n";
    return ok;
}

bool openCase(MainWindow &window, const QString &path)
{
    QSignalSpy opened(window.session(), &CaseSession::caseOpened);
    window.openCase(path);
    return waitFor([&] { return !opened.isEmpty(); });
}

bool shootCharts(MainWindow &window, const QString &out, const QString &prefix)
{
    auto *view = window.findChild<EvidenceChartsView *>(QStringLiteral("evidenceChartsView"));
    window.tabs()->setCurrentWidget(view);
    if (!waitFor([&] { return view->runChooser()->count() > 0 && view->series(); }))
        return false;
    for (int i = 0; i < view->runChooser()->count(); ++i) {
        const qint64 run = view->runChooser()->itemData(i).toLongLong();
        QSignalSpy loaded(view, &EvidenceChartsView::seriesLoaded);
        view->showRun(run);
        if (!waitFor([&] { return view->series() && view->series()->run.id == run; }))
            return false;
        for (int p = 0; p < view->pages()->count(); ++p) {
            view->pages()->setCurrentIndex(p);
            save(&window, out, prefix + view->pages()->widget(p)->objectName());
        }
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Lineage"));
    QApplication::setApplicationName(QStringLiteral("Lineage"));
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2) {
        err << "usage: lineage-screenshots DEMO_CASE OUT_DIR [DEV_SET_DIR]\n";
        return 2;
    }
    const QString demoCase = args[0], out = args[1];
    QDir().mkpath(out);
    const auto who = casefile::Investigator::current(QStringLiteral("A. Examiner"));
    {
        auto file = casefile::CaseFile::open(demoCase, who, casefile::OpenMode::ReadOnly);
        if (!file) {
            err << file.error().message << "\n";
            return 1;
        }
        auto runs = casefile::AnalysisStore((*file)->db()).runs();
        const bool none = runs && runs->isEmpty();
        bool accounts = false;
        if (runs)
            for (const auto &r : std::as_const(*runs))
                accounts = accounts || r.kind == QLatin1String("accounts");
        file->reset();
        if (none)
            if (auto s = evidencecases::addDemoRuns(demoCase, who); !s) {
                err << s.error().message << "\n";
                return 1;
            }
        if (!accounts) {
            auto writable = casefile::CaseFile::open(demoCase, who);
            auto run = writable ? evidencecases::runKind(**writable, QStringLiteral("accounts"), {})
                                : Result<forensics::RunOutcome>(writable.error());
            if (!run) {
                err << run.error().message << "\n";
                return 1;
            }
        }
    }

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    if (!openCase(window, demoCase)) {
        err << "the demo case did not open\n";
        return 1;
    }
    bool ok = shootCharts(window, out, QStringLiteral("charts-"));

    // The top reused answer in the compare view, opened from the reuse chart's list.
    auto *charts = window.findChild<EvidenceChartsView *>(QStringLiteral("evidenceChartsView"));
    for (int i = 0; i < charts->runChooser()->count(); ++i) {
        const qint64 run = charts->runChooser()->itemData(i).toLongLong();
        charts->showRun(run);
        waitFor([&] { return charts->series() && charts->series()->run.id == run; });
        if (charts->series()->reuse && charts->topAnswersModel()->rowCount() > 0) {
            QSignalSpy loaded(charts->compareView(), &CompareView::loaded);
            charts->openTopAnswer(0);
            ok = waitFor([&] { return !loaded.isEmpty(); }) && ok;
            charts->compareDialog()->resize(1300, 700);
            save(charts->compareDialog(), out, QStringLiteral("compare-view"));
            charts->compareDialog()->hide();
            break;
        }
    }

    // The Findings tab.
    auto *findings = window.findChild<FindingsView *>(QStringLiteral("findingsView"));
    window.tabs()->setCurrentWidget(findings);
    QTest::qWait(1500);
    save(&window, out, QStringLiteral("findings"));

    // The Accounts tab, its top-ranked account selected with its contributions and activity.
    auto *accountsView = window.findChild<AccountsView *>(QStringLiteral("accountsView"));
    window.tabs()->setCurrentWidget(accountsView);
    if (waitFor([&] { return accountsView->series() && accountsView->table()->model()->isRowLoaded(0); })) {
        QSignalSpy activity(accountsView, &AccountsView::activityShown);
        QTableView *table = accountsView->table()->view();
        table->selectionModel()->setCurrentIndex(table->model()->index(0, TableModel::FirstDataColumn),
                                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        ok = waitFor([&] { return !activity.isEmpty(); }) && ok;
        save(&window, out, QStringLiteral("accounts"));
    } else {
        ok = false;
    }

    // A PDF page of the demo's terms of use with a search hit.
    qint64 documentId = 0;
    {
        auto file = casefile::CaseFile::open(demoCase, who, casefile::OpenMode::ReadOnly);
        if (file)
            if (auto docs = casefile::DocumentStore((*file)->db()).documents(); docs)
                for (const auto &d : std::as_const(*docs))
                    if (d.sourceName.endsWith(QStringLiteral(".pdf")) && documentId == 0)
                        documentId = d.id;
    }
    if (documentId > 0) {
        QWidget *widget = openItemView(window.tabs(), window.session(), ItemKind::Document, documentId,
                                       QStringLiteral("Document %1").arg(documentId));
        auto *doc = qobject_cast<DocumentView *>(widget);
        if (!doc)
            doc = widget->findChild<DocumentView *>();
        if (doc) {
            window.tabs()->setCurrentWidget(widget);
            waitFor([&] { return doc->pageCount() > 0; });
            QSignalSpy rendered(doc->pageView(), &PdfPageView::rendered);
            doc->pageView()->setZoom(75);
            doc->findField()->setText(QStringLiteral("distilling"));
            ok = waitFor([&] { return doc->pageView()->hitCount() > 0 || !rendered.isEmpty(); }) && ok;
            waitFor([&] { return !doc->pageView()->image().isNull(); });
            QTest::qWait(800);
            save(&window, out, QStringLiteral("pdf-page"));
        }
    }

    if (args.size() > 2 && QFileInfo::exists(QDir(args[2]).filePath(QStringLiteral("labels.json")))) {
        const QString dir = QFileInfo(demoCase).absolutePath();
        const QString kinship = QDir(dir).filePath(QStringLiteral("kinship.lineage"));
        if (!QFileInfo::exists(kinship)) {
            err << "building the kinship case of the development set...\n";
            auto built = evidencecases::buildKinshipCase(dir, args[2], who);
            if (!built) {
                err << built.error().message << "\n";
                return 1;
            }
        }
        if (openCase(window, kinship))
            ok = shootCharts(window, out, QStringLiteral("charts-")) && ok;
    }
    return ok ? 0 : 1;
}
