// SPDX-License-Identifier: GPL-3.0-or-later
// How the lazy query-records table behaves over a case with millions of records: the time
// to count and anchor the pages, the latency of a keyset page fetch at random places (and,
// as the peer, the same page by LIMIT/OFFSET), and end to end in a table view: how long
// after a jump (a scrollbar drag) the visible rows show, and while scrolling page by page.
#include "case_session.h"
#include "casefile/case_file.h"
#include "casefile/query_record_store.h"
#include "casefile/record_pager.h"
#include "ingest/importer.h"
#include "job_runner.h"
#include "query_records_model.h"
#include "casefile/annotation_store.h"
#include "casefile/table_store.h"
#include "table_model.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>
#include <QTextStream>

#include <algorithm>
#include <sqlite3.h>

using namespace lineage;

namespace {

const casefile::Investigator kWho { QStringLiteral("bench"), QStringLiteral("bench") };

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

struct Stats
{
    double median = 0, p95 = 0, max = 0;
};

Stats stats(QList<double> ms)
{
    if (ms.isEmpty())
        return {};
    std::sort(ms.begin(), ms.end());
    return { ms[ms.size() / 2], ms[qMin(ms.size() - 1, qsizetype(ms.size() * 95 / 100))], ms.last() };
}

QString show(const Stats &s)
{
    return QStringLiteral("median %1 ms, p95 %2 ms, max %3 ms")
        .arg(s.median, 0, 'f', 2)
        .arg(s.p95, 0, 'f', 2)
        .arg(s.max, 0, 'f', 2);
}

bool makeCase(const QString &casePath, const QString &workDir, qint64 records)
{
    const QString log = QDir(workDir).filePath(QStringLiteral("records_table_bench.jsonl"));
    {
        QFile file(log);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        QByteArray line;
        for (qint64 i = 0; i < records; ++i) {
            line = QStringLiteral(
                       "{\"timestamp\": %1, \"account\": \"acct_%2\", \"client_ip\": \"203.0.113.%3\", "
                       "\"request\": {\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": "
                       "\"Question %4: explain the idea behind knowledge distillation in two sentences.\"}]}, "
                       "\"response\": {\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
                       "\"Answer %4: a small student model learns to imitate a large teacher model's outputs.\"}, "
                       "\"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 18, \"completion_tokens\": "
                       "21}}}\n")
                       .arg(1735689600 + i * 7)
                       .arg(i % 997)
                       .arg(i % 251)
                       .arg(i)
                       .toUtf8();
            file.write(line);
        }
    }
    casefile::CaseInfo info;
    info.title = QStringLiteral("Records table benchmark");
    auto file = casefile::CaseFile::create(casePath, info, kWho);
    if (!file) {
        out() << "cannot create case: " << file.error().message << Qt::endl;
        return false;
    }
    ingest::ImportOptions options;
    options.buildIndex = false;
    QElapsedTimer clock;
    clock.start();
    auto summary = ingest::importFile(**file, log, options);
    QFile::remove(log);
    if (!summary) {
        out() << "import failed: " << summary.error().message << Qt::endl;
        return false;
    }
    out() << "built the case: " << summary->records << " records imported in " << clock.elapsed() / 1000.0 << " s"
          << Qt::endl;
    return true;
}

// Waits, serving events, until every row `view` shows is loaded; returns the milliseconds.
double waitShown(QTableView &view, ui::QueryRecordsModel &model, QElapsedTimer &clock)
{
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        const int top = view.rowAt(0);
        const int bottom = view.rowAt(view.viewport()->height() - 1);
        if (top >= 0 && model.isRowLoaded(top) && (bottom < 0 || model.isRowLoaded(bottom)))
            return double(clock.nsecsElapsed()) / 1e6;
    }
}


struct Scenario
{
    const char *name;
    QString sort;
    bool descending;
    QStringList filters;
};

QList<Scenario> scenarios()
{
    return {
        { "by id (open)", {}, false, {} },
        { "time descending", QStringLiteral("time"), true, {} },
        { "model (one value: all keys tie)", QStringLiteral("model"), false, {} },
        { "prompt tokens descending", QStringLiteral("prompt_tokens"), true, {} },
        { "account=acct_5, by time", QStringLiteral("time"), false, { QStringLiteral("account=acct_5") } },
        { "ip=203.0.113.7, by id", {}, false, { QStringLiteral("ip=203.0.113.7") } },
        { "tag=bench-1m, by time desc", QStringLiteral("time"), true, { QStringLiteral("tag=bench-1m") } },
        { "time range (8 days), by ip", QStringLiteral("ip"), false,
          { QStringLiteral("time>=2025-01-01T00:00:00Z"), QStringLiteral("time<2025-01-09T02:40:00Z") } },
    };
}

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

// 4. The generic tables (TableStore, TableModel): first page, anchors, keyset pages at random
// places for sorts and filters, against LIMIT/OFFSET and an unindexed sort.
int benchTables(const QString &casePath, int jumps, QRandomGenerator &random)
{
    using casefile::TableStore;
    const casefile::TableSpec &spec = casefile::TableSpec::records();
    {
        auto file = casefile::CaseFile::open(casePath, kWho); // read-write: migrates, tags
        if (!file) {
            out() << file.error().message << Qt::endl;
            return 1;
        }
        casefile::TableQuery probe;
        probe.tag = QStringLiteral("bench-1m");
        auto tagged = TableStore::count((*file)->db(), spec, probe);
        if (tagged && *tagged == 0) {
            casefile::TableQuery million;
            (void)million.addFilter(spec, QStringLiteral("id<=1000000"));
            QElapsedTimer clock;
            clock.start();
            auto change = casefile::AnnotationStore::setTagWhere(**file, QStringLiteral("bench-1m"), spec, million, true);
            if (!change) {
                out() << change.error().message << Qt::endl;
                return 1;
            }
            out() << "bulk tag: " << change->changed.size() << " records tagged in one audited transaction in "
                  << clock.elapsed() << " ms" << Qt::endl;
        }
    }
    auto file = casefile::CaseFile::open(casePath, kWho, casefile::OpenMode::ReadOnly);
    if (!file)
        return 1;
    auto &db = (*file)->db();
    out() << Qt::endl << "tables (TableStore, pages of " << ui::TableModel::kPageSize << " rows):" << Qt::endl;
    for (const Scenario &sc : scenarios()) {
        casefile::TableQuery q;
        q.sortColumn = sc.sort;
        q.descending = sc.descending;
        for (const QString &f : sc.filters)
            (void)q.addFilter(spec, f);
        QElapsedTimer clock;
        clock.start();
        auto first = TableStore::fetch(db, spec, q, std::nullopt, ui::TableModel::kPageSize);
        const double firstMs = msSince(clock);
        clock.restart();
        auto anchors = TableStore::anchors(db, spec, q, ui::TableModel::kPageSize);
        const double anchorMs = msSince(clock);
        if (!first || !anchors) {
            out() << sc.name << ": " << (first ? anchors.error().message : first.error().message) << Qt::endl;
            return 1;
        }
        QList<double> pageMs, offsetMs;
        auto sql = TableStore::selectSql(spec, q);
        for (int i = 0; i < jumps && !anchors->anchors.isEmpty(); ++i) {
            const int page = int(random.bounded(anchors->anchors.size()));
            clock.restart();
            auto rows = TableStore::fetch(db, spec, q, anchors->anchors[page], ui::TableModel::kPageSize);
            pageMs << msSince(clock);
            if (!rows || rows->isEmpty() || rows->front().id != anchors->anchors[page].id)
                return 1;
            if (i < 10) { // the peer is slow: ten places
                // Peer: the same page by LIMIT/OFFSET over the same order (binds as the store's).
                casefile::TableQuery plain = q;
                auto stmt = casefile::Statement::prepare(db, (*sql + " LIMIT 256 OFFSET "
                                                              + QByteArray::number(qint64(page) * 256)).constData());
                if (!stmt)
                    return 1;
                int b = 1;
                for (const auto &c : plain.conditions) {
                    const auto *col = spec.column(c.column);
                    const int times = col && c.op == casefile::FilterOp::Equals && !col->equalsTemplate.isEmpty()
                        ? int(col->equalsTemplate.count('?'))
                        : 1;
                    for (int t = 0; t < times; ++t)
                        stmt->bindVariant(b++, c.value);
                }
                if (!plain.tag.isEmpty()) {
                    stmt->bindVariant(b++, plain.tag);
                    stmt->bindVariant(b++, spec.itemKind);
                }
                clock.restart();
                while (*stmt->step()) { }
                offsetMs << msSince(clock);
            }
        }
        out() << "  " << sc.name << ": " << anchors->total << " rows; first page " << QString::number(firstMs, 'f', 1)
              << " ms; all anchors " << QString::number(anchorMs, 'f', 0) << " ms; page at a random place "
              << show(stats(pageMs)) << "; LIMIT/OFFSET (peer) " << show(stats(offsetMs)) << Qt::endl;
    }
    // Peer: a sort no index serves (SQLite sorts every row for the first page).
    {
        QElapsedTimer clock;
        clock.start();
        auto stmt = casefile::Statement::prepare(
            db, "SELECT q.id FROM query_records q ORDER BY length(q.completion), q.id LIMIT 256");
        while (stmt && *stmt->step()) { }
        out() << "  unindexed sort (peer: ORDER BY length(completion)): first page " << clock.elapsed() << " ms"
              << Qt::endl;
    }
    file->reset();

    // End to end: the table model in a view, opening, re-sorting, re-filtering, jumping.
    ui::JobRunner jobs;
    ui::CaseSession session(&jobs);
    ui::TableModel model(spec, &session);
    QTableView view;
    view.setModel(&model);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.resize(1200, 800);
    view.show();
    bool failed = false;
    QObject::connect(&session, &ui::CaseSession::openFailed, [&](const QString &, const Error &e) {
        out() << e.message << Qt::endl;
        failed = true;
    });
    auto shown = [&](QElapsedTimer &clock) {
        for (;;) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            const int top = view.rowAt(0);
            const int bottom = view.rowAt(view.viewport()->height() - 1);
            if (top >= 0 && model.isRowLoaded(top) && (bottom < 0 || model.isRowLoaded(bottom)))
                return msSince(clock);
        }
    };
    auto waitCount = [&](QElapsedTimer &clock) {
        while (!model.isComplete())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        return msSince(clock);
    };
    QElapsedTimer clock;
    clock.start();
    session.open(casePath);
    while (!session.isOpen() && !failed)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    if (failed)
        return 1;
    clock.restart(); // opening the case itself is the session's work, measured by the old view above
    model.reload();
    out() << Qt::endl << "table model in a view:" << Qt::endl;
    out() << "  open: first rows shown " << QString::number(shown(clock), 'f', 1) << " ms; counted ("
          << QString::number(waitCount(clock), 'f', 0) << " ms) " << model.rowCount() << " rows" << Qt::endl;
    const int timeColumn = model.modelColumn(QStringLiteral("time"));
    clock.restart();
    model.sort(timeColumn, Qt::DescendingOrder);
    out() << "  re-sort by time descending: first rows shown " << QString::number(shown(clock), 'f', 1)
          << " ms; counted (" << QString::number(waitCount(clock), 'f', 0) << " ms)" << Qt::endl;
    QList<double> jumpMs;
    for (int i = 0; i < jumps; ++i) {
        const int row = int(random.bounded(model.rowCount()));
        clock.restart();
        view.scrollTo(model.index(row, 2), QAbstractItemView::PositionAtTop);
        jumpMs << shown(clock);
    }
    out() << "  rows shown after a random jump (sorted by time desc): " << show(stats(jumpMs)) << Qt::endl;
    casefile::TableQuery filtered = model.query();
    (void)filtered.addFilter(spec, QStringLiteral("account=acct_5"));
    clock.restart();
    model.setQuery(filtered);
    out() << "  re-filter account=acct_5: first rows shown " << QString::number(shown(clock), 'f', 1)
          << " ms; counted (" << QString::number(waitCount(clock), 'f', 0) << " ms) " << model.rowCount() << " rows"
          << Qt::endl;
    casefile::TableQuery tagged;
    tagged.tag = QStringLiteral("bench-1m");
    tagged.sortColumn = QStringLiteral("prompt_tokens");
    clock.restart();
    model.setQuery(tagged);
    out() << "  re-filter tag=bench-1m by prompt tokens: first rows shown " << QString::number(shown(clock), 'f', 1)
          << " ms; counted (" << QString::number(waitCount(clock), 'f', 0) << " ms) " << model.rowCount() << " rows"
          << Qt::endl;
    jumpMs.clear();
    for (int i = 0; i < jumps; ++i) {
        const int row = int(random.bounded(model.rowCount()));
        clock.restart();
        view.scrollTo(model.index(row, 2), QAbstractItemView::PositionAtTop);
        jumpMs << shown(clock);
    }
    out() << "  rows shown after a random jump (tag filter): " << show(stats(jumpMs)) << Qt::endl;
    out() << "  pages cached at the end: " << model.cachedPageCount() << " (limit " << ui::TableModel::kMaxCachedPages
          << ")" << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lazy query-records table over a large case."));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("records"), QStringLiteral("Records in the generated case (default 1000000)."),
                       QStringLiteral("N"), QStringLiteral("1000000") });
    parser.addOption({ QStringLiteral("case"), QStringLiteral("Case to use; built with --records when missing."),
                       QStringLiteral("PATH") });
    parser.addOption({ QStringLiteral("jumps"), QStringLiteral("Random jumps measured (default 200)."),
                       QStringLiteral("N"), QStringLiteral("200") });
    parser.addOption({ QStringLiteral("tables-only"),
                       QStringLiteral("Only the generic tables (sorts, filters, bulk tag, table model).") });
    parser.process(app);

    const QString casePath = parser.isSet(QStringLiteral("case"))
        ? parser.value(QStringLiteral("case"))
        : QDir::temp().filePath(
            QStringLiteral("records_table_bench_%1.lineage").arg(parser.value(QStringLiteral("records"))));
    if (!QFile::exists(casePath)
        && !makeCase(casePath, QFileInfo(casePath).absolutePath(),
                     parser.value(QStringLiteral("records")).toLongLong()))
        return 1;
    const int jumps = parser.value(QStringLiteral("jumps")).toInt();
    QRandomGenerator tableRandom(20261203);
    if (parser.isSet(QStringLiteral("tables-only"))) {
        const int status = benchTables(casePath, jumps, tableRandom);
        out() << "peak RSS: " << peakRssKb() / 1024 << " MiB" << Qt::endl;
        return status;
    }
    auto file = casefile::CaseFile::open(casePath, kWho, casefile::OpenMode::ReadOnly);
    if (!file) {
        out() << file.error().message << Qt::endl;
        return 1;
    }
    auto &db = (*file)->db();
    out() << "case: " << casePath << " (" << QFileInfo(casePath).size() / (1024 * 1024) << " MiB)" << Qt::endl;

    // 1. Counting and anchoring the pages (what the model does on open and on a new filter).
    QElapsedTimer clock;
    clock.start();
    auto anchors = casefile::RecordPager::anchors(db, {}, ui::QueryRecordsModel::kPageSize);
    if (!anchors) {
        out() << anchors.error().message << Qt::endl;
        return 1;
    }
    out() << "anchors: " << anchors->total << " records, " << anchors->firstIds.size() << " pages in "
          << clock.elapsed() << " ms (" << anchors->firstIds.size() * 8 / 1024 << " KiB of anchors)" << Qt::endl;

    // 2. One page at random places: keyset (the model's way) against LIMIT/OFFSET (the peer).
    QRandomGenerator random(20261129);
    QList<int> pages;
    for (int i = 0; i < jumps; ++i)
        pages << int(random.bounded(anchors->firstIds.size()));
    QList<double> keyset, offset;
    for (int page : std::as_const(pages)) {
        clock.restart();
        auto rows
            = casefile::QueryRecordStore::fetch(db, anchors->firstIds[page] - 1, ui::QueryRecordsModel::kPageSize);
        keyset << double(clock.nsecsElapsed()) / 1e6;
        if (!rows || rows->isEmpty())
            return 1;
    }
    // Peer: the same page by OFFSET, as a paging table that does not keep anchors would ask.
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db.handle(), "SELECT * FROM query_records ORDER BY id LIMIT ? OFFSET ?", -1, &stmt, nullptr);
    for (int page : std::as_const(pages)) {
        clock.restart();
        sqlite3_bind_int(stmt, 1, ui::QueryRecordsModel::kPageSize);
        sqlite3_bind_int64(stmt, 2, qint64(page) * ui::QueryRecordsModel::kPageSize);
        while (sqlite3_step(stmt) == SQLITE_ROW) { }
        sqlite3_reset(stmt);
        offset << double(clock.nsecsElapsed()) / 1e6;
    }
    sqlite3_finalize(stmt);
    out() << "page of " << ui::QueryRecordsModel::kPageSize << " rows, keyset from anchor: " << show(stats(keyset))
          << Qt::endl;
    out() << "page of " << ui::QueryRecordsModel::kPageSize << " rows, LIMIT/OFFSET (peer): " << show(stats(offset))
          << Qt::endl;
    file->reset();

    // 3. End to end in a view: open, jump around, scroll page by page.
    ui::JobRunner jobs;
    ui::CaseSession session(&jobs);
    ui::QueryRecordsModel model(&session);
    QTableView view;
    view.setModel(&model);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.resize(1200, 800);
    view.show();
    clock.restart();
    bool failed = false;
    QObject::connect(&session, &ui::CaseSession::openFailed, [&](const QString &, const Error &e) {
        out() << e.message << Qt::endl;
        failed = true;
    });
    session.open(casePath);
    while (!session.isOpen() && !failed)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    if (failed)
        return 1;
    const double sessionOpen = msSince(clock);
    while (model.rowCount() == 0)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double firstRows = msSince(clock);
    const double opened = waitShown(view, model, clock);
    out() << "view: first rows shown " << QString::number(opened, 'f', 1) << " ms after opening the case ("
          << model.rowCount() << " rows; the case open " << QString::number(sessionOpen, 'f', 1)
          << " ms, the first rows counted at " << QString::number(firstRows, 'f', 1) << " ms)" << Qt::endl;

    QList<double> jumpMs;
    for (int i = 0; i < jumps; ++i) {
        const int row = int(random.bounded(model.rowCount()));
        clock.restart();
        view.scrollTo(model.index(row, 0), QAbstractItemView::PositionAtTop);
        jumpMs << waitShown(view, model, clock);
    }
    out() << "view: rows shown after a random jump: " << show(stats(jumpMs)) << Qt::endl;

    QList<double> stepMs;
    view.scrollTo(model.index(model.rowCount() / 3, 0), QAbstractItemView::PositionAtTop);
    clock.restart();
    waitShown(view, model, clock);
    for (int i = 0; i < jumps; ++i) {
        clock.restart();
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->value() + view.verticalScrollBar()->pageStep());
        stepMs << waitShown(view, model, clock);
    }
    out() << "view: rows shown after Page Down: " << show(stats(stepMs)) << Qt::endl;
    out() << "pages cached at the end: " << model.cachedPageCount() << " (limit "
          << ui::QueryRecordsModel::kMaxCachedPages << ")" << Qt::endl;
    const int status = benchTables(casePath, jumps, tableRandom);
    out() << "peak RSS: " << peakRssKb() / 1024 << " MiB" << Qt::endl;
    return status;
}
