// SPDX-License-Identifier: GPL-3.0-or-later
// Case tables: every sortable column in both directions and every kind of filter give the
// rows a brute-force sort and filter of the whole table give, page by page from keyset
// anchors; exports re-read equal the rows and are audited with their SHA-256.
#include "casefile/actor_store.h"
#include "casefile/annotation_store.h"
#include "casefile/audit_log.h"
#include "casefile/query_record_store.h"
#include "casefile/table_export.h"
#include "casefile/table_store.h"
#include "table_fixture.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <functional>

using Predicate = std::function<bool(const lineage::casefile::TableRow &)>;
Q_DECLARE_METATYPE(Predicate)

using namespace lineage;
using namespace lineage::casefile;

namespace {

constexpr int kPage = 64;
constexpr qint64 kRecords = 3000;

QVariant valueOf(const TableSpec &spec, const TableRow &row, const QString &key)
{
    const int shownAt = int(spec.shownColumns().indexOf(spec.columnIndex(key)));
    return shownAt < 0 ? QVariant() : row.values.value(shownAt);
}

// The never-NULL sort key a column sorts by, computed here from the cell (not by SQL).
QVariant bruteKey(const TableSpec &spec, const TableRow &row, const QString &column)
{
    if (column.isEmpty() || column == QLatin1String("id"))
        return row.id;
    const TableColumn *c = spec.column(column);
    const QVariant v = valueOf(spec, row, column);
    if (c->type == ColumnType::Text)
        return v.isNull() || !v.isValid() ? QString() : v.toString();
    if (!v.isValid() || v.isNull())
        return column == QLatin1String("time") ? qint64(-9007199254740992LL) : qint64(-1);
    return v.toLongLong();
}

bool keyLess(const QVariant &a, const QVariant &b)
{
    if (a.typeId() == QMetaType::QString)
        return a.toString().toUtf8() < b.toString().toUtf8(); // SQLite's BINARY: bytes
    return a.toLongLong() < b.toLongLong();
}

QList<qint64> ids(const QList<TableRow> &rows)
{
    QList<qint64> out;
    for (const TableRow &r : rows)
        out << r.id;
    return out;
}

QString text(const TableSpec &spec, const TableRow &row, const QString &key)
{
    return valueOf(spec, row, key).toString();
}

} // namespace

class TestTableStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sortsEqualBruteForce_data();
    void sortsEqualBruteForce();
    void filtersEqualBruteForce_data();
    void filtersEqualBruteForce();
    void recordFilterSelectsTheSameRows();
    void badColumnsAreNamed();
    void otherTablesPage();
    void accountsTableCountsTheRecords();
    void everyMarksPlanGivesTheSameRows();
    void csvReReadEqualsRows();
    void jsonLinesReReadEqualsRows();
    void canceledExportLeavesNoFile();

private:
    // Every row, page by page from the anchors, as the lazy table reads them.
    QList<TableRow> paged(const TableSpec &spec, const TableQuery &query);
    QList<TableRow> brute(const TableSpec &spec, const Predicate &keep, const QString &sort, bool descending);

    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_file;
    QList<TableRow> m_all; // every record, by id
};

void TestTableStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = testing::recordsCase(m_dir, kRecords);
    QVERIFY(m_file);
    auto all = TableStore::fetch(m_file->db(), TableSpec::records(), {}, std::nullopt, 1 << 30);
    QVERIFY(all);
    QCOMPARE(all->size(), kRecords);
    m_all = *all;
    // Marks for the tag and star filters.
    QList<qint64> tagged, starred;
    for (qint64 id = 1; id <= kRecords; ++id) {
        if (id % 10 == 4)
            tagged << id;
        if (id % 25 == 1)
            starred << id;
    }
    QVERIFY(AnnotationStore::setTag(*m_file, QStringLiteral("suspicious"), QStringLiteral("record"), tagged, true));
    QVERIFY(AnnotationStore::setStar(*m_file, QStringLiteral("record"), starred, true));
}

QList<TableRow> TestTableStore::paged(const TableSpec &spec, const TableQuery &query)
{
    auto anchors = TableStore::anchors(m_file->db(), spec, query, kPage);
    if (!anchors) {
        qWarning() << anchors.error().message;
        return {};
    }
    QList<TableRow> out;
    for (const TableAnchor &a : anchors->anchors) {
        auto page = TableStore::fetch(m_file->db(), spec, query, a, kPage);
        if (!page)
            return {};
        out << *page;
    }
    auto count = TableStore::count(m_file->db(), spec, query);
    if (!count || *count != anchors->total || out.size() != anchors->total || !anchors->complete)
        return {};
    auto first = TableStore::fetch(m_file->db(), spec, query, std::nullopt, kPage);
    if (!first || ids(*first) != ids(out.mid(0, kPage)))
        return {};
    return out;
}

QList<TableRow> TestTableStore::brute(const TableSpec &spec, const Predicate &keep, const QString &sort,
                                      bool descending)
{
    QList<TableRow> rows;
    for (const TableRow &r : std::as_const(m_all))
        if (keep(r))
            rows << r;
    std::stable_sort(rows.begin(), rows.end(), [&](const TableRow &a, const TableRow &b) {
        const QVariant ka = bruteKey(spec, a, sort), kb = bruteKey(spec, b, sort);
        if (keyLess(ka, kb) || keyLess(kb, ka))
            return descending ? keyLess(kb, ka) : keyLess(ka, kb);
        return descending ? a.id > b.id : a.id < b.id;
    });
    return rows;
}

void TestTableStore::sortsEqualBruteForce_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<bool>("descending");
    for (const TableColumn &c : TableSpec::records().columns) {
        if (!c.sortable() || !c.shown)
            continue;
        QTest::addRow("%s ascending", qPrintable(c.key)) << c.key << false;
        QTest::addRow("%s descending", qPrintable(c.key)) << c.key << true;
    }
}

void TestTableStore::sortsEqualBruteForce()
{
    QFETCH(QString, column);
    QFETCH(bool, descending);
    const TableSpec &spec = TableSpec::records();
    TableQuery query;
    query.sortColumn = column == QLatin1String("id") ? QString() : column;
    query.descending = descending;
    const QList<TableRow> got = paged(spec, query);
    QCOMPARE(got.size(), kRecords);
    QCOMPARE(ids(got),
             ids(brute(
                 spec, [](const TableRow &) { return true; }, column, descending)));
}

void TestTableStore::filtersEqualBruteForce_data()
{
    QTest::addColumn<QStringList>("filters");
    QTest::addColumn<QString>("sort");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<Predicate>("keep");
    const TableSpec &spec = TableSpec::records();
    auto is = [&](const char *key, const QString &value) {
        return Predicate(
            [&spec, key = QString::fromLatin1(key), value](const TableRow &r) { return text(spec, r, key) == value; });
    };
    auto number = [&](const char *key) {
        return [&spec, key = QString::fromLatin1(key)](const TableRow &r) {
            const QVariant v = valueOf(spec, r, key);
            return v.isValid() && !v.isNull() ? v.toLongLong() : qint64(-1);
        };
    };
    QTest::addRow("model") << QStringList { QStringLiteral("model=gpt-4o") } << QString() << false
                           << is("model", QStringLiteral("gpt-4o"));
    QTest::addRow("model not, by time") << QStringList { QStringLiteral("model!=o1") } << QStringLiteral("time")
                                        << false << Predicate([&](const TableRow &r) {
                                               return text(spec, r, QStringLiteral("model")) != QLatin1String("o1");
                                           });
    const auto pt = number("prompt_tokens");
    QTest::addRow("prompt tokens >= 50, descending")
        << QStringList { QStringLiteral("prompt_tokens>=50") } << QStringLiteral("prompt_tokens") << true
        << Predicate([pt](const TableRow &r) { return pt(r) >= 50; });
    const auto ct = number("completion_tokens");
    QTest::addRow("completion tokens < 10 by model")
        << QStringList { QStringLiteral("completion_tokens<10") } << QStringLiteral("model") << false
        << Predicate([ct](const TableRow &r) { return ct(r) < 10; });
    QTest::addRow("finish reason") << QStringList { QStringLiteral("finish_reason=length") }
                                   << QStringLiteral("completion_tokens") << false
                                   << is("finish_reason", QStringLiteral("length"));
    QTest::addRow("account") << QStringList { QStringLiteral("account=acct_3") } << QStringLiteral("time") << true
                             << is("account", QStringLiteral("acct_3"));
    const qint64 from = 1735689600000LL + 20000000, to = 1735689600000LL + 60000000;
    QTest::addRow("time range") << QStringList { QStringLiteral("time>=%1").arg(from),
                                                 QStringLiteral("time<%1").arg(to) }
                                << QStringLiteral("time") << false << Predicate([&spec, from, to](const TableRow &r) {
                                       const QVariant t = valueOf(spec, r, QStringLiteral("time"));
                                       return t.isValid() && !t.isNull() && t.toLongLong() >= from
                                           && t.toLongLong() < to;
                                   });
    QTest::addRow("time range, ISO") << QStringList { QStringLiteral("time>=2025-01-01T05:33:20Z") } << QString()
                                     << false << Predicate([&spec](const TableRow &r) {
                                            const QVariant t = valueOf(spec, r, QStringLiteral("time"));
                                            return t.isValid() && !t.isNull() && t.toLongLong() >= 1735709600000LL;
                                        });
    QTest::addRow("ip contains") << QStringList { QStringLiteral("ip~113.2") } << QStringLiteral("ip") << true
                                 << Predicate([&spec](const TableRow &r) {
                                        return text(spec, r, QStringLiteral("ip")).contains(QLatin1String("113.2"));
                                    });
    QTest::addRow("prompt contains quotes")
        << QStringList { QStringLiteral("prompt~\"quotes\"") } << QString() << false
        << Predicate([&spec](const TableRow &r) {
               return text(spec, r, QStringLiteral("prompt")).contains(QLatin1String("\"quotes\""));
           });
    QTest::addRow("text match")
        << QStringList { QStringLiteral("match=ChatGPT") } << QStringLiteral("time") << false
        << Predicate([&spec](const TableRow &r) {
               return text(spec, r, QStringLiteral("prompt")).contains(QLatin1String("ChatGPT"));
           });
    QTest::addRow("text match, Chinese") << QStringList {
        QStringLiteral("match=我是")
    } << QString() << true << Predicate([&spec](const TableRow &r) {
        return text(spec, r, QStringLiteral("prompt")).contains(QStringLiteral("我是"));
    });
    QTest::addRow("tag") << QStringList { QStringLiteral("tag=suspicious") } << QStringLiteral("model") << true
                         << Predicate([](const TableRow &r) { return r.id % 10 == 4; });
    QTest::addRow("starred") << QStringList { QStringLiteral("starred") } << QStringLiteral("prompt_tokens") << false
                             << Predicate([](const TableRow &r) { return r.id % 25 == 1; });
    QTest::addRow("unstarred, tagged") << QStringList { QStringLiteral("unstarred"), QStringLiteral("tag=suspicious") }
                                       << QString() << false
                                       << Predicate([](const TableRow &r) { return r.id % 25 != 1 && r.id % 10 == 4; });
    QTest::addRow("model and tokens by time")
        << QStringList { QStringLiteral("model=gpt-4o"), QStringLiteral("prompt_tokens>=30") } << QStringLiteral("time")
        << true << Predicate([&spec, pt](const TableRow &r) {
               return text(spec, r, QStringLiteral("model")) == QLatin1String("gpt-4o") && pt(r) >= 30;
           });
    QTest::addRow("nothing") << QStringList { QStringLiteral("model=none-such") } << QString() << false
                             << Predicate([](const TableRow &) { return false; });
}

void TestTableStore::filtersEqualBruteForce()
{
    QFETCH(QStringList, filters);
    QFETCH(QString, sort);
    QFETCH(bool, descending);
    QFETCH(Predicate, keep);
    const TableSpec &spec = TableSpec::records();
    TableQuery query;
    for (const QString &f : filters)
        QVERIFY2(query.addFilter(spec, f), qPrintable(f));
    query.sortColumn = sort;
    query.descending = descending;
    const QList<TableRow> expected = brute(spec, keep, sort, descending);
    if (!filters.contains(QStringLiteral("model=none-such")))
        QVERIFY(!expected.isEmpty());
    const QList<TableRow> got = paged(spec, query);
    QCOMPARE(ids(got), ids(expected));
}

void TestTableStore::recordFilterSelectsTheSameRows()
{
    QueryRecordFilter filter;
    filter.accountId = 4;
    filter.fromUtc = 1735689600000LL + 10000000;
    filter.toUtc = 1735689600000LL + 90000000;
    auto old = QueryRecordStore::fetch(m_file->db(), 0, 1 << 30, filter);
    QVERIFY(old);
    QVERIFY(!old->isEmpty());
    QList<qint64> expected;
    for (const auto &r : *old)
        expected << r.id;
    auto rows = TableStore::fetch(m_file->db(), TableSpec::records(), TableQuery::fromRecordFilter(filter),
                                  std::nullopt, 1 << 30);
    QVERIFY(rows);
    QCOMPARE(ids(*rows), expected);
}

void TestTableStore::badColumnsAreNamed()
{
    const TableSpec &spec = TableSpec::records();
    TableQuery query;
    auto s = query.addFilter(spec, QStringLiteral("colour=red"));
    QVERIFY(!s);
    QVERIFY(s.error().message.contains(QLatin1String("no column 'colour'")));
    QVERIFY(!query.addFilter(spec, QStringLiteral("prompt_tokens>=many")));
    QVERIFY(!query.addFilter(spec, QStringLiteral("time>=yesterday")));
    query.sortColumn = QStringLiteral("prompt");
    auto rows = TableStore::fetch(m_file->db(), spec, query, std::nullopt, 10);
    QVERIFY(!rows);
    QVERIFY(rows.error().message.contains(QLatin1String("cannot be sorted")));
}

void TestTableStore::otherTablesPage()
{
    // The audit log has an entry per change; every spec reads, sorts and pages.
    for (const TableSpec &spec : TableSpec::builtIn()) {
        for (const TableColumn &c : spec.columns) {
            if (!c.sortable())
                continue;
            TableQuery query;
            query.sortColumn = c.key;
            auto count = TableStore::count(m_file->db(), spec, query);
            QVERIFY2(count, qPrintable(spec.name + c.key));
            auto anchors = TableStore::anchors(m_file->db(), spec, query, 2);
            QVERIFY2(anchors, qPrintable(spec.name + c.key + (anchors ? QString() : anchors.error().detail)));
            QCOMPARE(anchors->total, *count);
            qint64 rows = 0;
            for (const TableAnchor &a : anchors->anchors) {
                auto page = TableStore::fetch(m_file->db(), spec, query, a, 2);
                QVERIFY(page);
                rows += page->size();
            }
            QCOMPARE(rows, *count);
        }
    }
    auto audit = TableStore::count(m_file->db(), *TableSpec::find(QStringLiteral("audit")), {});
    QVERIFY(audit && *audit >= 3);
}

void TestTableStore::everyMarksPlanGivesTheSameRows()
{
    // A tag or star filter is driven by its marks, probed along the sort key, or probed until
    // the budget is spent and then driven; each plan gives the brute-force rows.
    const TableSpec &spec = TableSpec::records();
    TableQuery query;
    query.tag = QStringLiteral("suspicious");
    query.sortColumn = QStringLiteral("time");
    query.descending = true;
    const QList<qint64> expected = ids(brute(
        spec, [](const TableRow &r) { return r.id % 10 == 4; }, QStringLiteral("time"), true));
    QVERIFY(expected.size() > kPage);
    TableStore::Planning &plan = TableStore::planning();
    const TableStore::Planning saved = plan;
    struct Case
    {
        const char *name;
        TableStore::Planning planning;
    };
    const Case cases[] = {
        { "marks drive", { 1 << 30, 1 << 30, 150 } },
        { "probe along the key", { 0, 0, 1 << 30 } },
        { "probe out of budget, then drive", { 0, 1 << 30, 0 } },
    };
    for (const Case &c : cases) {
        plan = c.planning;
        const QList<TableRow> rows = paged(spec, query);
        auto first = TableStore::fetch(m_file->db(), spec, query, std::nullopt, kPage);
        plan = saved;
        QVERIFY2(first, c.name);
        QCOMPARE(ids(rows), expected);
        QCOMPARE(ids(*first), expected.mid(0, kPage));
    }
}

void TestTableStore::accountsTableCountsTheRecords()
{
    // Per account: its records, first and last time, counted here over every record.
    auto valueAt = [](const TableSpec &spec, const TableRow &row, const QString &key) {
        return row.values.value(spec.shownColumns().indexOf(spec.columnIndex(key)));
    };
    const TableSpec &records = TableSpec::records();
    struct Seen
    {
        qint64 records = 0, first = std::numeric_limits<qint64>::max(), last = std::numeric_limits<qint64>::min();
    };
    QHash<QString, Seen> expected;
    for (const TableRow &r : std::as_const(m_all)) {
        const QString account = valueAt(records, r, QStringLiteral("account")).toString();
        if (account.isEmpty())
            continue;
        Seen &s = expected[account];
        ++s.records;
        const qint64 t = valueAt(records, r, QStringLiteral("time")).toLongLong();
        s.first = std::min(s.first, t);
        s.last = std::max(s.last, t);
    }
    QVERIFY(expected.size() > 1);
    const TableSpec *accounts = TableSpec::find(QStringLiteral("accounts"));
    QVERIFY(accounts);
    QCOMPARE(accounts->itemKind, QStringLiteral("account"));
    TableQuery byRecords;
    byRecords.sortColumn = QStringLiteral("records");
    byRecords.descending = true;
    const QList<TableRow> rows = paged(*accounts, byRecords);
    QCOMPARE(rows.size(), expected.size());
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const TableRow &row : rows) {
        const QString name = valueAt(*accounts, row, QStringLiteral("name")).toString();
        QVERIFY2(expected.contains(name), qPrintable(name));
        const Seen &s = expected[name];
        const qint64 n = valueAt(*accounts, row, QStringLiteral("records")).toLongLong();
        QCOMPARE(n, s.records);
        QVERIFY(n <= previous);
        previous = n;
        QCOMPARE(valueAt(*accounts, row, QStringLiteral("first_seen")).toLongLong(), s.first);
        QCOMPARE(valueAt(*accounts, row, QStringLiteral("last_seen")).toLongLong(), s.last);
    }
    // An actor's records are its accounts' (the actors table adds them up).
    const QString first = valueAt(*accounts, rows.front(), QStringLiteral("name")).toString();
    const QString second = valueAt(*accounts, rows.back(), QStringLiteral("name")).toString();
    auto made = ActorStore::create(*m_file, QStringLiteral("pair"), {}, { rows.front().id, rows.back().id });
    QVERIFY2(made, made ? "" : qPrintable(made.error().message));
    const TableSpec *actors = TableSpec::find(QStringLiteral("actors"));
    QVERIFY(actors);
    auto actorRows = TableStore::fetch(m_file->db(), *actors, {}, std::nullopt, 10);
    QVERIFY(actorRows);
    QCOMPARE(actorRows->size(), 1);
    QCOMPARE(valueAt(*actors, actorRows->front(), QStringLiteral("records")).toLongLong(),
             expected[first].records + expected[second].records);
    TableQuery ofPair;
    QVERIFY(ofPair.addFilter(*accounts, QStringLiteral("actor=pair")));
    auto count = TableStore::count(m_file->db(), *accounts, ofPair);
    QVERIFY(count);
    QCOMPARE(*count, 2);
    QVERIFY(ActorStore::remove(*m_file, made->actorId));
}

namespace {

// RFC 4180 reader: fields, quoted fields with doubled quotes and line breaks, CRLF rows.
QList<QStringList> readCsv(const QByteArray &bytes)
{
    QList<QStringList> rows;
    QStringList row;
    QByteArray field;
    bool quoted = false, wasQuoted = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (quoted) {
            if (c == '"' && i + 1 < bytes.size() && bytes[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.isEmpty()) {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            row << QString::fromUtf8(field);
            field.clear();
            wasQuoted = false;
        } else if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            row << QString::fromUtf8(field);
            rows << row;
            row.clear();
            field.clear();
            wasQuoted = false;
            ++i;
        } else {
            field += c;
        }
    }
    Q_UNUSED(wasQuoted);
    return rows;
}

QString cell(const TableColumn &c, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return {};
    if (c.type == ColumnType::Time)
        return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC).toString(Qt::ISODateWithMs);
    return v.toString();
}

} // namespace

void TestTableStore::csvReReadEqualsRows()
{
    const TableSpec &spec = TableSpec::records();
    TableQuery query;
    QVERIFY(query.addFilter(spec, QStringLiteral("prompt_tokens>=20")));
    query.sortColumn = QStringLiteral("time");
    query.descending = true;
    TableExportOptions options;
    options.path = m_dir.filePath(QStringLiteral("records.csv"));
    options.byteOrderMark = true;
    auto summary = TableExport::run(*m_file, spec, query, options);
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().message));
    QFile f(options.path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray bytes = f.readAll();
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()), summary->sha256);
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    const QList<QStringList> csv = readCsv(bytes.mid(3));
    auto rows = TableStore::fetch(m_file->db(), spec, query, std::nullopt, 1 << 30);
    QVERIFY(rows);
    QCOMPARE(summary->rows, rows->size());
    QCOMPARE(csv.size(), rows->size() + 1);
    const QList<int> shown = spec.shownColumns();
    QStringList header;
    for (int i : shown)
        header << spec.columns[i].key;
    QCOMPARE(csv[0], header);
    bool sawQuotes = false;
    for (qsizetype r = 0; r < rows->size(); ++r) {
        QStringList expected;
        for (int i = 0; i < shown.size(); ++i)
            expected << cell(spec.columns[shown[i]], rows->at(r).values[i]);
        QCOMPARE(csv[r + 1], expected);
        sawQuotes = sawQuotes || expected.join(QString()).contains(QLatin1Char('"'));
    }
    QVERIFY(sawQuotes);
    // Audited with the file's hash.
    auto entries = AuditLog::entries(m_file->db());
    QVERIFY(entries);
    const AuditEntry &last = entries->last();
    QCOMPARE(last.action, QStringLiteral("table.export"));
    const QJsonObject result = QJsonDocument::fromJson(last.result.toUtf8()).object();
    QCOMPARE(result.value(QStringLiteral("sha256")).toString(), summary->sha256);
    QCOMPARE(result.value(QStringLiteral("rows")).toInteger(), summary->rows);
    auto problems = AuditLog::verify(m_file->db());
    QVERIFY(problems && problems->isEmpty());
}

void TestTableStore::jsonLinesReReadEqualsRows()
{
    const TableSpec &spec = TableSpec::records();
    TableQuery query;
    QVERIFY(query.addFilter(spec, QStringLiteral("match=ChatGPT")));
    TableExportOptions options;
    options.format = ExportFormat::JsonLines;
    options.path = m_dir.filePath(QStringLiteral("records.jsonl"));
    auto summary = TableExport::run(*m_file, spec, query, options);
    QVERIFY(summary);
    QFile f(options.path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    auto rows = TableStore::fetch(m_file->db(), spec, query, std::nullopt, 1 << 30);
    QVERIFY(rows && !rows->isEmpty());
    QCOMPARE(lines.size(), rows->size() + 1); // the last line ends with a newline
    const QList<int> shown = spec.shownColumns();
    for (qsizetype r = 0; r < rows->size(); ++r) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(lines[r], &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.size(), shown.size());
        for (int i = 0; i < shown.size(); ++i) {
            const TableColumn &c = spec.columns[shown[i]];
            const QVariant v = rows->at(r).values[i];
            const QJsonValue j = o.value(c.key);
            if (!v.isValid() || v.isNull())
                QVERIFY2(j.isNull(), qPrintable(c.key));
            else if (c.type == ColumnType::Integer)
                QCOMPARE(j.toInteger(), v.toLongLong());
            else
                QCOMPARE(j.toString(), cell(c, v));
        }
    }
}

void TestTableStore::canceledExportLeavesNoFile()
{
    Feedback feedback;
    feedback.cancel();
    TableExportOptions options;
    options.path = m_dir.filePath(QStringLiteral("canceled.csv"));
    const qint64 before = *AuditLog::count(m_file->db());
    auto summary = TableExport::run(*m_file, TableSpec::records(), {}, options, feedback);
    QVERIFY(!summary);
    QCOMPARE(summary.error().code, ErrorCode::Canceled);
    QVERIFY(!QFile::exists(options.path));
    QCOMPARE(*AuditLog::count(m_file->db()), before);
}

QTEST_GUILESS_MAIN(TestTableStore)
#include "tst_table_store.moc"
