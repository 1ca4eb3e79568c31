// SPDX-License-Identifier: GPL-3.0-or-later
// The Timeline tab of the main window on a fixture case (a generated gateway log through the
// real import, a model release), offscreen: the lanes are every record, the busiest accounts
// and the events; a zoom to one day gives finer buckets whose counts equal the records; back
// returns to the whole case; a Shift+drag filters the record table to the brushed range; a
// click on a bar names its counts; a zone switch re-buckets and renames the axis; an event
// added appears, is audited and is undone; PNG, SVG and PDF exports open, the PDF's text
// naming the axes.
#include "annotation_controller.h"
#include "case_explorer_dock.h"
#include "case_explorer_model.h"
#include "case_table_view.h"
#include "casefile/audit_log.h"
#include "casefile/search_index.h"
#include "ingest/importer.h"
#include "search_results_model.h"
#include "search_view.h"
#include "table_model.h"
#include "tables_view.h"
#include "timeline_plot.h"
#include "timeline_test_support.h"
#include "timeline_view.h"
#include "timeline_zone_box.h"
#include "ui_test_support.h"

#include <QAction>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>

#include <poppler-qt6.h>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;
using timelinetest::utc;

class TestTimelineView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void lanesShown();
    void zoomChangesTheBucket();
    void brushFiltersTheRecordTable();
    void clickShowsWhatIsBehindABar();
    void zoneSwitchRebuckets();
    void addedEventAppearsAndIsAudited();
    void exportsOpen();
    void selectedAccountsAreLanes();
    void clickedEventIsRemovedAudited();

private:
    qint64 countRecords(qint64 from, qint64 to);
    QString lastAuditAction();
    // Waits for the detail frame that answers the current view.
    bool waitForDetail(const std::function<bool(const TimelineFrame &)> &ready);

    QTemporaryDir m_dir;
    QString m_case;
    MainWindow *m_window = nullptr;
    TimelineView *m_view = nullptr;
    TimelinePlot *m_plot = nullptr;
};

void TestTimelineView::initTestCase()
{
    ui::testing::useTestSettings(QStringLiteral("tst_timeline_view"));
    QVERIFY(m_dir.isValid());
    const QString log = m_dir.filePath(QStringLiteral("gateway.jsonl"));
    QVERIFY(timelinetest::writeLog(log, 4000, 11));
    {
        auto file = timelinetest::newCase(m_dir.filePath(QStringLiteral("timeline.lineage")));
        QVERIFY(file);
        auto summary = ingest::importFile(*file, log, ingest::ImportOptions());
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
        timeline::TimelineEvent release;
        release.category = timeline::kModelReleaseCategory;
        release.title = QStringLiteral("Suspect-7B released");
        release.startUtc = utc(2024, 4, 20);
        QVERIFY(timeline::addEvent(*file, release));
        m_case = file->path();
    }
    m_window = new MainWindow;
    m_window->resize(1400, 900);
    m_window->session()->setInvestigator(timelinetest::who());
    m_window->show();
    QVERIFY(ui::testing::openCase(*m_window, m_case));
    m_view = m_window->findChild<TimelineView *>(QStringLiteral("timelineView"));
    QVERIFY(m_view);
    m_plot = m_view->plot();
    m_window->tabs()->setCurrentWidget(m_view);
    WAIT_FOR(m_plot->overview() && m_plot->detail() && !m_plot->detail()->isEmpty());
}

void TestTimelineView::cleanupTestCase()
{
    delete m_window;
}

qint64 TestTimelineView::countRecords(qint64 from, qint64 to)
{
    auto file = CaseFile::open(m_case, timelinetest::who(), OpenMode::ReadOnly);
    auto s
        = Statement::prepare((*file)->db(), "SELECT count(*) FROM query_records WHERE time_utc >= ? AND time_utc < ?");
    s->bind(1, from).bind(2, to);
    return s->step().value() ? s->int64(0) : -1;
}

QString TestTimelineView::lastAuditAction()
{
    auto file = CaseFile::open(m_case, timelinetest::who(), OpenMode::ReadOnly);
    auto entries = AuditLog::entries((*file)->db());
    return entries && !entries->isEmpty() ? entries->last().action : QString();
}

bool TestTimelineView::waitForDetail(const std::function<bool(const TimelineFrame &)> &ready)
{
    return QTest::qWaitFor([&] { return m_view->isSettled() && ready(*m_plot->detail()); }, 60000);
}

void TestTimelineView::lanesShown()
{
    const QStringList lanes = m_plot->laneLabels();
    QCOMPARE(lanes.value(0), QStringLiteral("All records"));
    QVERIFY(lanes.contains(QStringLiteral("Events")));
    // The busiest five accounts, in order of volume, as the records count them.
    auto file = CaseFile::open(m_case, timelinetest::who(), OpenMode::ReadOnly);
    auto s = Statement::prepare((*file)->db(),
                                "SELECT a.name FROM query_records q JOIN accounts a ON a.id = q.account_id "
                                "GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 5");
    QStringList busiest;
    while (s->step().value())
        busiest << s->text(0);
    QCOMPARE(lanes.mid(1, 5), busiest);
    // The whole case is shown: every record with a time is in the lanes' total.
    const auto frame = m_plot->detail();
    QCOMPARE(frame->series.total.totalRecords(), countRecords(frame->request.fromUtc, frame->request.toUtc));
    QCOMPARE(frame->series.total.totalRecords(), countRecords(0, std::numeric_limits<qint64>::max()));
    // The release is on the events lane and on the overview.
    auto hasRelease = [](const QList<timeline::TimelineEvent> &events) {
        return std::any_of(events.begin(), events.end(),
                           [](const auto &e) { return e.title == QLatin1String("Suspect-7B released"); });
    };
    QVERIFY(hasRelease(frame->events));
    QVERIFY(hasRelease(m_plot->overview()->events));
    m_plot->replot();
    ui::testing::snapshot(m_window, QStringLiteral("timeline_whole_case"));
}

void TestTimelineView::zoomChangesTheBucket()
{
    const auto before = m_plot->detail()->request.bucket;
    const auto whole = m_plot->viewRange();
    m_plot->setViewRange(utc(2024, 4, 2), utc(2024, 4, 3));
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.fromUtc >= utc(2024, 4, 1); }));
    const auto frame = m_plot->detail();
    QVERIFY2(frame->request.bucket.nominalMs() < before.nominalMs(),
             qPrintable(frame->request.bucket.name() + QStringLiteral(" after ") + before.name()));
    QVERIFY(m_plot->detailAxisLabel().contains(frame->request.bucket.name()));
    for (int i = 0; i < frame->series.bucketCount(); ++i)
        QCOMPARE(frame->series.total.records[i], countRecords(frame->series.edges[i], frame->series.edges[i + 1]));
    // Back returns to the whole case, forward to the day.
    WAIT_FOR(m_view->backAction()->isEnabled());
    m_view->backAction()->trigger();
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.bucket == before; }));
    QCOMPARE(m_plot->viewRange(), whole);
    WAIT_FOR(m_view->forwardAction()->isEnabled());
    m_view->forwardAction()->trigger();
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.bucket == frame->request.bucket; }));
}

void TestTimelineView::brushFiltersTheRecordTable()
{
    m_plot->setViewRange(utc(2024, 3, 28), utc(2024, 4, 9));
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.toUtc <= utc(2024, 4, 10); }));
    m_plot->replot();
    const QPoint from = m_plot->pointAt(0, utc(2024, 4, 1, 6));
    const QPoint to = m_plot->pointAt(0, utc(2024, 4, 3, 18));
    QTest::mousePress(m_plot, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(m_plot, (from + to) / 2);
    QTest::mouseMove(m_plot, to);
    QTest::mouseRelease(m_plot, Qt::LeftButton, Qt::ShiftModifier, to);
    const auto brush = m_plot->brush();
    QVERIFY(brush);
    QVERIFY(std::abs(brush->first - utc(2024, 4, 1, 6)) < 3600000); // within a pixel's time
    QVERIFY(std::abs(brush->second - utc(2024, 4, 3, 18)) < 3600000);
    auto *records = m_window->findChild<TablesView *>()->table(QStringLiteral("records"));
    QVERIFY(records->filterEdit()->text().contains(QLatin1String("time>=")));
    const qint64 expected = countRecords(brush->first, brush->second);
    QVERIFY(expected > 0);
    WAIT_FOR(records->model()->isComplete() && records->model()->rowCount() == expected);
    // The search follows the brush: only records of that time, as the core finds them.
    auto *search = m_window->findChild<SearchView *>();
    QVERIFY(search->timeRange());
    QCOMPARE(search->timeRange()->fromUtc, brush->first);
    QVERIFY(search->rangeBar()->isVisibleTo(search));
    auto *hits = search->model();
    auto searchAndWait = [&] {
        QSignalSpy finished(search, &SearchView::searchFinished);
        search->search(QStringLiteral("zebra"));
        return finished.wait(30000);
    };
    QVERIFY(searchAndWait());
    QList<qint64> expectedHits;
    int everyTime = 0;
    {
        auto file = CaseFile::open(m_case, timelinetest::who(), OpenMode::ReadOnly);
        auto inRange = SearchIndex::search((*file)->db(), QStringLiteral("zebra"),
                                           TimeRange { brush->first, brush->second }, SearchView::kMaxHits);
        QVERIFY(inRange);
        for (const SearchHit &h : *inRange)
            expectedHits << h.itemId;
        auto all = SearchIndex::search((*file)->db(), QStringLiteral("zebra"), SearchView::kMaxHits);
        QVERIFY(all);
        everyTime = int(all->size());
    }
    QVERIFY(!expectedHits.isEmpty() && expectedHits.size() < everyTime);
    QList<qint64> shown;
    for (int row = 0; row < hits->rowCount(); ++row) {
        const SearchHit *hit = hits->hit(row);
        QVERIFY(hit->timeUtc && *hit->timeUtc >= brush->first && *hit->timeUtc < brush->second);
        shown << hit->itemId;
    }
    QCOMPARE(shown, expectedHits);
    // Any Time searches everything again.
    {
        QSignalSpy finished(search, &SearchView::searchFinished);
        search->findChild<QToolButton *>(QStringLiteral("searchRangeClear"))->click();
        QVERIFY(finished.wait(30000));
    }
    QVERIFY(!search->timeRange());
    QCOMPARE(hits->rowCount(), everyTime);
    // Show Records brings the table up.
    auto *show = m_view->findChild<QPushButton *>(QStringLiteral("timelineShowRecords"));
    QVERIFY(show->isEnabled());
    show->click();
    QCOMPARE(m_window->tabs()->currentWidget(), m_window->findChild<TablesView *>());
    m_window->tabs()->setCurrentWidget(m_view);
    // Escape clears the brush.
    m_plot->setFocus();
    QTest::keyClick(m_plot, Qt::Key_Escape);
    QVERIFY(!m_plot->brush());
}

void TestTimelineView::clickShowsWhatIsBehindABar()
{
    const auto frame = m_plot->detail();
    int busiest = 0;
    for (int i = 0; i < frame->series.bucketCount(); ++i)
        if (frame->series.total.records[i] > frame->series.total.records[busiest])
            busiest = i;
    m_plot->replot();
    const qint64 middle = (frame->series.edges[busiest] + frame->series.edges[busiest + 1]) / 2;
    const QPoint at = m_plot->pointAt(0, middle);
    QTest::mouseClick(m_plot, Qt::LeftButton, Qt::NoModifier, at);
    const QString info = m_view->infoLabel()->text();
    QVERIFY2(info.contains(QLocale().toString(frame->series.total.records[busiest]) + QStringLiteral(" records")),
             qPrintable(info));
    QVERIFY(info.startsWith(QLatin1String("All records")));
    // The distinct accounts of the bucket follow from a worker.
    const qint64 accounts = [&] {
        auto file = CaseFile::open(m_case, timelinetest::who(), OpenMode::ReadOnly);
        auto s = Statement::prepare((*file)->db(),
                                    "SELECT count(DISTINCT account_id) FROM query_records "
                                    "WHERE time_utc >= ? AND time_utc < ?");
        s->bind(1, frame->series.edges[busiest]).bind(2, frame->series.edges[busiest + 1]);
        return s->step().value() ? s->int64(0) : -1;
    }();
    const QString expected = QStringLiteral(", %1 account(s).").arg(accounts);
    const bool shown = QTest::qWaitFor([&] { return m_view->infoLabel()->text().endsWith(expected); }, 20000);
    Q_UNUSED(shown);
    QVERIFY2(m_view->infoLabel()->text().endsWith(expected), qPrintable(m_view->infoLabel()->text() + expected));
}

void TestTimelineView::zoneSwitchRebuckets()
{
    m_plot->setViewRange(utc(2024, 3, 29), utc(2024, 4, 6));
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.fromUtc >= utc(2024, 3, 28); }));
    QVERIFY(m_plot->detailAxisLabel().startsWith(QLatin1String("Time (UTC)")));
    m_view->zoneBox()->choose(QStringLiteral("Asia/Shanghai"));
    QVERIFY(m_plot->detailAxisLabel().startsWith(QLatin1String("Time (Asia/Shanghai)")));
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.zone == QLatin1String("Asia/Shanghai"); }));
    const auto frame = m_plot->detail();
    const QTimeZone shanghai("Asia/Shanghai");
    // Inner edges fall on the Shanghai clock's bucket starts, not UTC's.
    const qint64 edge = frame->series.edges[1];
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(edge, shanghai);
    QCOMPARE(local.time().minute(), 0);
    if (frame->request.bucket.isCalendar())
        QCOMPARE(local.time().hour(), 0);
    QVERIFY(m_plot->overview()->request.zone == QLatin1String("Asia/Shanghai")
            || QTest::qWaitFor([&] { return m_plot->overview()->request.zone == QLatin1String("Asia/Shanghai"); }));
    for (int i = 0; i < frame->series.bucketCount(); ++i)
        QCOMPARE(frame->series.total.records[i], countRecords(frame->series.edges[i], frame->series.edges[i + 1]));
    m_view->zoneBox()->choose(QStringLiteral("UTC"));
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.zone == QLatin1String("UTC"); }));
}

void TestTimelineView::addedEventAppearsAndIsAudited()
{
    timeline::TimelineEvent note;
    note.category = timeline::kNoteCategory;
    note.title = QStringLiteral("Harvest wave starts");
    note.startUtc = utc(2024, 4, 2, 12);
    note.endUtc = utc(2024, 4, 3, 12);
    QSignalSpy added(m_view, &TimelineView::eventAdded);
    m_view->addEvent(note);
    WAIT_FOR(!added.isEmpty());
    auto shows = [](const TimelineFrame &f) {
        return std::any_of(f.events.begin(), f.events.end(),
                           [](const auto &e) { return e.title == QLatin1String("Harvest wave starts") && e.isSpan(); });
    };
    QVERIFY(waitForDetail(shows));
    QCOMPARE(lastAuditAction(), QStringLiteral("event.add"));
    // Undo takes it off (a new audit entry), redo puts it back.
    auto *annotations = m_window->findChild<AnnotationController *>();
    WAIT_FOR(annotations->undoAction()->isEnabled());
    annotations->undoAction()->trigger();
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return !shows(f); }));
    QCOMPARE(lastAuditAction(), QStringLiteral("event.remove"));
    WAIT_FOR(annotations->redoAction()->isEnabled());
    annotations->redoAction()->trigger();
    QVERIFY(waitForDetail(shows));
    QCOMPARE(lastAuditAction(), QStringLiteral("event.add"));
    m_plot->replot();
    ui::testing::snapshot(m_window, QStringLiteral("timeline_with_note"));
}

void TestTimelineView::exportsOpen()
{
    const QString png = m_dir.filePath(QStringLiteral("timeline.png"));
    const QString svg = m_dir.filePath(QStringLiteral("timeline.svg"));
    const QString pdf = m_dir.filePath(QStringLiteral("timeline.pdf"));
    for (const QString &path : { png, svg, pdf }) {
        const Status s = m_view->exportTo(path);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message));
    }
    QVERIFY(!m_view->exportTo(m_dir.filePath(QStringLiteral("timeline.bmpx"))));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800);
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QVERIFY(renderer.defaultSize().width() >= 800);
    auto document = Poppler::Document::load(pdf);
    QVERIFY(document && !document->isLocked());
    QCOMPARE(document->numPages(), 1);
    const QString text = document->page(0)->text(QRectF()).simplified();
    QVERIFY2(text.contains(QLatin1String("Time (UTC), bars per")), qPrintable(text.left(400)));
    QVERIFY2(text.contains(QLatin1String("Whole case (UTC)")), qPrintable(text.left(400)));
    QVERIFY(text.contains(QLatin1String("All records")));
}

QTEST_MAIN(TestTimelineView)
// Issue 10: accounts selected in the case explorer become the lanes; clearing the selection
// brings back the busiest accounts.
void TestTimelineView::selectedAccountsAreLanes()
{
    CaseExplorerModel *model = m_window->explorerModel();
    const QModelIndex branch = model->branchIndex(CaseExplorerModel::Branch::Accounts);
    QVERIFY(model->rowCount(branch) >= 7);
    // Two accounts that are not among the five busiest lanes shown now.
    const QStringList busiest = m_plot->laneLabels().mid(1, 5);
    QList<QModelIndex> chosen;
    for (int row = 0; row < model->rowCount(branch) && chosen.size() < 2; ++row) {
        const QModelIndex index = model->index(row, CaseExplorerModel::Name, branch);
        if (!busiest.contains(index.data().toString()))
            chosen << index;
    }
    QCOMPARE(chosen.size(), 2);
    QTreeView *tree = m_window->explorerDock()->view();
    tree->selectionModel()->clearSelection();
    for (const QModelIndex &index : chosen)
        tree->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QList<qint64> ids { chosen[0].data(CaseExplorerModel::ItemIdRole).toLongLong(),
                        chosen[1].data(CaseExplorerModel::ItemIdRole).toLongLong() };
    std::sort(ids.begin(), ids.end());
    QCOMPARE(m_view->laneAccounts(), ids);
    QVERIFY(!m_view->laneCount()->isEnabled());
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.accountIds == ids; }));
    const QStringList lanes = m_plot->laneLabels();
    QVERIFY2(lanes.contains(chosen[0].data().toString()) && lanes.contains(chosen[1].data().toString()),
             qPrintable(lanes.join(QStringLiteral(", "))));
    for (const QString &b : busiest)
        QVERIFY2(!lanes.contains(b), qPrintable(b));
    tree->selectionModel()->clearSelection();
    QVERIFY(m_view->laneAccounts().isEmpty());
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return f.request.accountIds.isEmpty(); }));
    QCOMPARE(m_plot->laneLabels().mid(1, 5), busiest);
}

// Issue 10: a clicked stored event is removed from the timeline, audited, and undo brings it back.
void TestTimelineView::clickedEventIsRemovedAudited()
{
    auto release = [](const TimelineFrame &f) -> std::optional<timeline::TimelineEvent> {
        for (const auto &e : f.events)
            if (e.title == QLatin1String("Suspect-7B released"))
                return e;
        return std::nullopt;
    };
    m_plot->showWholeCase();
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return bool(release(f)); }));
    QVERIFY(!m_view->removeEventAction()->isEnabled());
    emit m_plot->eventClicked(*release(*m_plot->detail()));
    QVERIFY(m_view->removeEventAction()->isEnabled());
    QSignalSpy removed(m_view, &TimelineView::eventRemoved);
    m_view->removeEventAction()->trigger();
    WAIT_FOR(!removed.isEmpty());
    QVERIFY(!m_view->removeEventAction()->isEnabled());
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return !release(f); }));
    QCOMPARE(lastAuditAction(), QStringLiteral("event.remove"));
    auto *annotations = m_window->findChild<AnnotationController *>();
    WAIT_FOR(annotations->undoAction()->isEnabled());
    annotations->undoAction()->trigger();
    QVERIFY(waitForDetail([&](const TimelineFrame &f) { return bool(release(f)); }));
    QCOMPARE(lastAuditAction(), QStringLiteral("event.add"));
    // A document's effective date or a finding (no stored event) cannot be removed.
    timeline::TimelineEvent date = *release(*m_plot->detail());
    date.id = 0;
    emit m_plot->eventClicked(date);
    QVERIFY(!m_view->removeEventAction()->isEnabled());
}

#include "tst_timeline_view.moc"
