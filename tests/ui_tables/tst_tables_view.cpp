// SPDX-License-Identifier: GPL-3.0-or-later
// The tables view on a fixture case, offscreen: every table model passes
// QAbstractItemModelTester while it loads, sorts and filters; the context menu tags, stars
// and comments the selected rows; Edit > Undo and Redo restore the exact marks and each adds
// an audit entry; copy as TSV and export write what the table shows.
#include "annotation_controller.h"
#include "case_table_view.h"
#include "casefile/audit_log.h"
#include "casefile/table_store.h"
#include "details_dock.h"
#include "job_runner.h"
#include "table_fixture.h"
#include "table_model.h"
#include "tables_view.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCryptographicHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableView>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

constexpr int kRecords = 3000;

QStringList actionNames(QMenu *menu)
{
    QStringList names;
    for (QAction *a : menu->actions())
        if (!a->objectName().isEmpty())
            names << a->objectName();
    return names;
}

} // namespace

class TestTablesView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void modelsPassTheTester();
    void sortAndFilterEqualTheStore();
    void contextMenuMarksAndUndo();
    void copyAndExport();
    void mainWindowHasTablesAndUndo();

private:
    // The marks of the case, as the store reads them (tag, kind, id).
    QStringList marks();
    qint64 entries();

    QTemporaryDir m_dir;
    QString m_case;
    JobRunner m_jobs;
    CaseSession *m_session = nullptr;
};

void TestTablesView::initTestCase()
{
    ui::testing::useTestSettings(QStringLiteral("tst_tables_view"));
    QVERIFY(m_dir.isValid());
    {
        auto file = lineage::testing::recordsCase(m_dir, kRecords);
        QVERIFY(file);
        m_case = file->path();
    }
    m_session = new CaseSession(&m_jobs, this);
    m_session->setInvestigator(lineage::testing::tester());
    QVERIFY(ui::testing::openCase(*m_session, m_case));
}

QStringList TestTablesView::marks()
{
    auto file = CaseFile::open(m_case, lineage::testing::tester(), OpenMode::ReadOnly);
    QStringList out;
    auto s = Statement::prepare((*file)->db(),
                                "SELECT t.name, it.item_kind, it.item_id FROM item_tags it JOIN tags t "
                                "ON t.id = it.tag_id ORDER BY 1, 2, 3");
    while (*s->step())
        out << QStringLiteral("%1|%2|%3").arg(s->text(0), s->text(1)).arg(s->int64(2));
    auto st = Statement::prepare((*file)->db(), "SELECT item_kind, item_id FROM stars ORDER BY 1, 2");
    while (*st->step())
        out << QStringLiteral("star|%1|%2").arg(st->text(0)).arg(st->int64(1));
    return out;
}

qint64 TestTablesView::entries()
{
    auto file = CaseFile::open(m_case, lineage::testing::tester(), OpenMode::ReadOnly);
    auto problems = AuditLog::verify((*file)->db());
    if (!problems || !problems->isEmpty())
        return -1; // a broken chain fails every comparison
    return *AuditLog::count((*file)->db());
}

void TestTablesView::modelsPassTheTester()
{
    for (const TableSpec &spec : TableSpec::builtIn()) {
        TableModel model(spec, m_session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTableView view;
        view.setModel(&model);
        view.resize(900, 600);
        view.show();
        WAIT_FOR(model.isComplete());
        if (spec.name == QLatin1String("records")) {
            QCOMPARE(model.rowCount(), kRecords);
            view.scrollTo(model.index(kRecords - 1, 2));
            WAIT_FOR(model.isRowLoaded(kRecords - 1));
            QCOMPARE(model.data(model.index(kRecords - 1, TableModel::FirstDataColumn)).toLongLong(), qint64(kRecords));
            // A re-sort and a filter, under the tester.
            model.sort(model.modelColumn(QStringLiteral("prompt_tokens")), Qt::DescendingOrder);
            WAIT_FOR(model.isComplete() && model.isRowLoaded(0));
            TableQuery q = model.query();
            QVERIFY(q.addFilter(spec, QStringLiteral("model=o1")));
            model.setQuery(q);
            WAIT_FOR(model.isComplete() && model.isRowLoaded(0));
            QCOMPARE(model.rowCount(), kRecords / 4);
            QCOMPARE(model.data(model.index(0, model.modelColumn(QStringLiteral("model")))).toString(),
                     QStringLiteral("o1"));
        }
    }
}

void TestTablesView::sortAndFilterEqualTheStore()
{
    const TableSpec &spec = TableSpec::records();
    TableModel model(spec, m_session);
    TableQuery q;
    QVERIFY(q.addFilter(spec, QStringLiteral("prompt_tokens>=60")));
    q.sortColumn = QStringLiteral("time");
    q.descending = true;
    model.setQuery(q);
    WAIT_FOR(model.isComplete());
    auto file = CaseFile::open(m_case, lineage::testing::tester(), OpenMode::ReadOnly);
    auto expected = TableStore::fetch((*file)->db(), spec, q, std::nullopt, 1 << 30);
    QVERIFY(expected);
    QCOMPARE(model.rowCount(), expected->size());
    for (int r = 0; r < model.rowCount(); ++r) {
        if (!model.isRowLoaded(r)) {
            (void)model.row(r);
            WAIT_FOR(model.isRowLoaded(r));
        }
        QCOMPARE(model.row(r)->id, expected->at(r).id);
    }
}

void TestTablesView::contextMenuMarksAndUndo()
{
    AnnotationController controller(m_session);
    TablesView tables(m_session, &controller);
    tables.resize(1000, 700);
    tables.show();
    CaseTableView *records = tables.table(QStringLiteral("records"));
    QVERIFY(records);
    TableModel *model = records->model();
    WAIT_FOR(model->isComplete() && model->isRowLoaded(0));
    records->setPrompt(
        [](const QString &, const QString &) { return std::optional<QString>(QStringLiteral("reviewed")); });

    const QStringList before = marks();
    const qint64 entriesBefore = entries();
    QVERIFY(entriesBefore > 0);
    records->view()->selectionModel()->select(QItemSelection(model->index(0, 0), model->index(2, 0)),
                                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    std::unique_ptr<QMenu> menu(records->buildContextMenu(nullptr));
    const QStringList names = actionNames(menu.get());
    for (const char *name : { "starAction", "tagAction", "untagAction", "commentAction", "exhibitAction",
                              "tagAllAction", "copyTsvAction", "exportAction" })
        QVERIFY2(names.contains(QLatin1String(name)), name);
    QVERIFY(records->tagAction()->isEnabled());

    records->tagAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(model->tags(0) == QStringList { QStringLiteral("reviewed") });
    QCOMPARE(model->data(model->index(2, TableModel::TagsColumn)).toString(), QStringLiteral("reviewed"));
    records->starAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(model->isStarred(1));
    const QStringList after = marks();
    QCOMPARE(after.size(), before.size() + 6);
    QCOMPARE(entries(), entriesBefore + 2);

    // Edit > Undo twice: the star, then the tags; Redo puts both back. Each a new entry.
    QVERIFY(controller.undoAction()->isEnabled());
    QVERIFY(controller.undoAction()->text().contains(QLatin1String("Star")));
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    QCOMPARE(marks(), before);
    WAIT_FOR(model->tags(0).isEmpty() && !model->isStarred(1));
    QCOMPARE(entries(), entriesBefore + 4);
    controller.redoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    controller.redoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    QCOMPARE(marks(), after);
    QCOMPARE(entries(), entriesBefore + 6);

    // A comment from the menu shows in the details dock, which follows the selection.
    DetailsDock dock(m_session, &controller);
    connect(&tables, &TablesView::currentItemChanged, &dock, &DetailsDock::showItem);
    records->view()->setCurrentIndex(model->index(1, 3));
    WAIT_FOR(dock.item() && dock.item()->id == model->row(1)->id);
    records->setPrompt(
        [](const QString &, const QString &) { return std::optional<QString>(QStringLiteral("Templated prompt.")); });
    records->commentAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(dock.text().contains(QLatin1String("Templated prompt.")));
    QVERIFY(dock.annotations().starred);
    QVERIFY(dock.text().contains(QLatin1String("reviewed")));
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(!dock.text().contains(QLatin1String("Templated prompt.")));
    ui::testing::snapshot(&tables, QStringLiteral("tables_view"));

    // Tag every row of a filter: one job, one entry, all the rows.
    records->filterEdit()->setText(QStringLiteral("model=gpt-4o finish_reason=stop"));
    QVERIFY(records->applyFilter());
    WAIT_FOR(model->isComplete());
    const int filtered = model->rowCount();
    QVERIFY(filtered > 100);
    records->setPrompt(
        [](const QString &, const QString &) { return std::optional<QString>(QStringLiteral("batch")); });
    records->tagAllAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    QCOMPARE(marks().filter(QRegularExpression(QStringLiteral("^batch\\|"))).size(), filtered);
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    QCOMPARE(marks(), after);
    records->filterEdit()->setText(QStringLiteral("colour=red"));
    QVERIFY(!records->applyFilter());
    QVERIFY(records->findChild<QLabel *>(QStringLiteral("tableStatus"))->text().contains(QLatin1String("colour")));
}

void TestTablesView::copyAndExport()
{
    AnnotationController controller(m_session);
    CaseTableView records(TableSpec::records(), m_session, &controller);
    records.resize(1000, 600);
    records.show();
    TableModel *model = records.model();
    WAIT_FOR(model->isComplete() && model->isRowLoaded(0));
    // Column chooser: hide the prompt, and the copy leaves it out.
    std::unique_ptr<QMenu> columns(records.buildColumnMenu(nullptr));
    const int prompt = model->modelColumn(QStringLiteral("prompt"));
    columns->actions().at(prompt)->setChecked(false);
    QVERIFY(records.view()->isColumnHidden(prompt));
    records.view()->selectionModel()->select(QItemSelection(model->index(3, 0), model->index(4, 0)),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QStringList lines = records.copyAsTsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].contains(QLatin1String("Model")));
    QVERIFY(!lines[0].contains(QLatin1String("Prompt\t")));
    QCOMPARE(lines[1].split(QLatin1Char('\t')).size(), model->columnCount() - 1);
    QVERIFY(lines[1].split(QLatin1Char('\t')).contains(QStringLiteral("4")));

    // Export with the table's filter and order, audited with the file's hash.
    records.filterEdit()->setText(QStringLiteral("account=acct_2"));
    QVERIFY(records.applyFilter());
    WAIT_FOR(model->isComplete());
    QSignalSpy done(&records, &CaseTableView::exportFinished);
    const QString path = m_dir.filePath(QStringLiteral("acct_2.csv"));
    const qint64 before = entries();
    records.exportTo(path, ExportFormat::Csv, true);
    WAIT_FOR(!done.isEmpty());
    const auto summary = done.first().at(0).value<TableExportSummary>();
    QCOMPARE(summary.rows, qint64(model->rowCount()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(bytes.count("\r\n"), model->rowCount() + 1); // header and rows; no CR in the text
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()), summary.sha256);
    QCOMPARE(entries(), before + 1);
}

void TestTablesView::mainWindowHasTablesAndUndo()
{
    MainWindow window;
    window.resize(1300, 850);
    window.show();
    QVERIFY(ui::testing::openCase(window, m_case));
    auto *edit = window.findChild<QMenu *>(QStringLiteral("editMenu"));
    QVERIFY(edit);
    QStringList names;
    for (QAction *a : edit->actions())
        names << a->objectName();
    QVERIFY(names.contains(QStringLiteral("undoAction")));
    QVERIFY(names.contains(QStringLiteral("redoAction")));
    auto *undo = window.findChild<QAction *>(QStringLiteral("undoAction"));
    QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    QVERIFY(window.findChild<TablesView *>(QStringLiteral("tablesView")));
    QVERIFY(window.findChild<DetailsDock *>(QStringLiteral("detailsDock")));
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    tabs->setCurrentWidget(window.findChild<TablesView *>(QStringLiteral("tablesView")));
    auto *records = window.findChild<CaseTableView *>(QStringLiteral("table_records"));
    WAIT_FOR(records->model()->isComplete() && records->model()->isRowLoaded(0));
    ui::testing::snapshot(&window, QStringLiteral("main_window_tables"));
}

QTEST_MAIN(TestTablesView)
#include "tst_tables_view.moc"
