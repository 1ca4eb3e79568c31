// SPDX-License-Identifier: GPL-3.0-or-later
// A case changed outside Lineage, by hand or by chance, never verifies; a hostile case is
// refused for writing, read with limits, and named in the refusal.
#include "casefile/case_file.h"
#include "casefile/migrations.h"
#include "casefile/table_classes.h"
#include "common/cli_run.h"
#include "demo/demo_generator.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/resource.h>
#include <zstd.h>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

const Investigator kWho { u"R. Analyst"_s, u"ranalyst"_s };

// Raw access through the sqlite3 library, bypassing Lineage (as a tamperer would).
QString rawExec(const QString &path, const QByteArray &sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return u"cannot open"_s;
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message);
    const QString text = message ? QString::fromUtf8(message) : QString();
    sqlite3_free(message);
    sqlite3_close(db);
    return rc == SQLITE_OK ? QString() : text.isEmpty() ? u"error %1"_s.arg(rc) : text;
}

qint64 rawInt(const QString &path, const QByteArray &sql)
{
    sqlite3 *db = nullptr;
    qint64 value = -1;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr) == SQLITE_OK
            && sqlite3_step(stmt) == SQLITE_ROW)
            value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
}

// What `sqlite3 .dump` prints, as a digest: the schema and every table's rows (shadow
// tables of the full-text index included, as .dump prints them). Empty when the file
// cannot be read that far (SQLite itself finds it corrupt).
QByteArray dumpDigest(const QString &path)
{
    sqlite3 *db = nullptr;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    bool ok = sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK;
    QStringList tables;
    sqlite3_stmt *stmt = nullptr;
    ok = ok
        && sqlite3_prepare_v2(db, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY name", -1, &stmt,
                              nullptr)
            == SQLITE_OK;
    int rc = SQLITE_ROW;
    while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const QByteArray type = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
        const QByteArray name = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 1));
        const QByteArray sql = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 2));
        hash.addData(type + '|' + name + '|' + sql + '\n');
        if (type == "table" && !sql.startsWith("CREATE VIRTUAL"))
            tables << QString::fromUtf8(name);
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(stmt);
    for (const QString &table : std::as_const(tables)) {
        if (!ok)
            break;
        const QByteArray select = "SELECT * FROM \"" + table.toUtf8() + "\"";
        stmt = nullptr;
        ok = sqlite3_prepare_v2(db, select.constData(), -1, &stmt, nullptr) == SQLITE_OK;
        while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
                const int type = sqlite3_column_type(stmt, c);
                const char tag = char('0' + type);
                hash.addData(QByteArrayView(&tag, 1));
                const void *blob = sqlite3_column_blob(stmt, c);
                hash.addData(QByteArrayView(static_cast<const char *>(blob), sqlite3_column_bytes(stmt, c)));
            }
        }
        ok = ok && rc == SQLITE_DONE;
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return ok ? hash.result() : QByteArray();
}

bool copyFile(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to) && QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
}

// Whether verification refused the case: it could not be opened or verified, or it named a
// problem. `named` gets the problems (area, item: message), one a line.
bool refused(const QString &path, QString *named = nullptr)
{
    auto file = CaseFile::open(path, kWho, OpenMode::ReadOnly);
    if (!file) {
        if (named)
            *named = u"open: "_s + file.error().message;
        return true;
    }
    auto report = (*file)->verify();
    if (!report) {
        if (named)
            *named = u"verify: "_s + report.error().message;
        return true;
    }
    if (named) {
        QStringList lines;
        for (const VerificationProblem &p : report->problems)
            lines << u"%1 %2: %3"_s.arg(p.area, p.item, p.message);
        *named = lines.join(u'\n');
    }
    return !report->ok();
}

bool mentions(const QString &problems, const QString &item)
{
    const QStringList lines = problems.split(u'\n');
    return std::any_of(lines.begin(), lines.end(), [&](const QString &l) { return l.contains(item); });
}

} // namespace

class TestCaseIntegrity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void baseCaseVerifies();
    void everyTableIsClassified();
    void handEditIsNamed_data();
    void handEditIsNamed();
    void originalReplacedWithItsHash();
    void randomByteFlipsNeverPass();
    void hostileTriggerRefusesWrites();
    void sourcesReplacedByViewRefused();
    void triggerAddedWhileOpenRefusesWrites();
    void hugeTitleReadWithLimits();

private:
    QTemporaryDir m_dir;
    QString m_base;
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString fresh(const QString &name)
    {
        const QString p = path(name);
        return copyFile(m_base, p) ? p : QString();
    }
};

void TestCaseIntegrity::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The demo case (query logs, transcripts, documents, events), plus a source with
    // diagnostics, a tag, a comment and an analysis run with findings.
    demo::DemoOptions options;
    options.tiny = true;
    auto summary = demo::buildDemoCase(path(u"demo"_s), options, kWho);
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().message));
    m_base = summary->casePath;
    auto run = cli({ u"import"_s, m_base, u"--kind"_s, u"query-log"_s,
                     QStringLiteral(LINEAGE_TEST_DATA "/ingest/broken/gateway_broken.jsonl") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = cli({ u"tag"_s, m_base, u"disputed"_s, u"record:1"_s, u"record:2"_s });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = cli({ u"comment"_s, m_base, u"add"_s, u"record:1"_s, u"Seen in the ring's burst."_s });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = cli({ u"analyze"_s, m_base, u"identity"_s });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(rawInt(m_base, "SELECT count(*) FROM import_diagnostics") > 0);
    QVERIFY(rawInt(m_base, "SELECT count(*) FROM comments") == 1);
    QVERIFY(rawInt(m_base, "SELECT count(*) FROM analysis_runs") == 1);
    QVERIFY(!QFile::exists(m_base + u"-wal"_s));
}

void TestCaseIntegrity::baseCaseVerifies()
{
    QString problems;
    QVERIFY2(!refused(m_base, &problems), qPrintable(problems));
}

void TestCaseIntegrity::everyTableIsClassified()
{
    // Every table a migration creates has a class (table_classes.h says how to add one).
    auto db = Database::open(u":memory:"_s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY);
    QVERIFY(db);
    QVERIFY(migrate(*db));
    auto stmt
        = Statement::prepare(*db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    QVERIFY(stmt);
    int tables = 0;
    while (stmt->step().value()) {
        ++tables;
        QVERIFY2(tableRule(stmt->text(0)).has_value(),
                 qPrintable(stmt->text(0) + u" has no class in table_classes.cpp"_s));
    }
    QVERIFY(tables > 20);
}

void TestCaseIntegrity::handEditIsNamed_data()
{
    // The edit (%1: the row id the first query returns), and the problem it must raise.
    QTest::addColumn<QByteArray>("idQuery");
    QTest::addColumn<QByteArray>("sql");
    QTest::addColumn<QString>("item");
    const QByteArray firstRecord = "SELECT min(id) FROM query_records";
    QTest::newRow("record completion") << firstRecord
                                       << QByteArray(
                                              "UPDATE query_records SET completion = completion || '.' WHERE id = %1")
                                       << u"query_records row %1"_s;
    QTest::newRow("record account")
        << QByteArray("SELECT min(id) FROM query_records WHERE account_id <> (SELECT max(id) FROM accounts)")
        << QByteArray("UPDATE query_records SET account_id = (SELECT max(id) FROM accounts) WHERE id = %1")
        << u"query_records row %1"_s;
    QTest::newRow("record time") << firstRecord
                                 << QByteArray("UPDATE query_records SET time_utc = time_utc + 3600000 WHERE id = %1")
                                 << u"query_records row %1"_s;
    QTest::newRow("record deleted") << QByteArray("SELECT max(id) FROM query_records")
                                    << QByteArray("DELETE FROM query_records WHERE id = %1")
                                    << u"query_records row %1"_s;
    QTest::newRow("record inserted")
        << QByteArray("SELECT max(id) + 1 FROM query_records")
        << QByteArray("INSERT INTO query_records (id, source_id, line, byte_offset, byte_length, prompt, completion) "
                      "SELECT %1, source_id, line, byte_offset, byte_length, 'p', 'c' FROM query_records LIMIT 1")
        << u"query_records row %1"_s;
    QTest::newRow("turn answer") << QByteArray("SELECT min(id) FROM turns")
                                 << QByteArray("UPDATE turns SET answer = answer || ' ' WHERE id = %1")
                                 << u"turns row %1"_s;
    QTest::newRow("page text") << QByteArray("SELECT min(id) FROM pages")
                               << QByteArray("UPDATE pages SET text = replace(text, 'e', 'a') WHERE id = %1")
                               << u"pages row %1"_s;
    QTest::newRow("source renamed") << QByteArray("SELECT min(id) FROM sources")
                                    << QByteArray("UPDATE sources SET original_name = 'other.jsonl' WHERE id = %1")
                                    << u"sources row %1"_s;
    QTest::newRow("transcript role") << QByteArray("SELECT min(id) FROM transcripts WHERE role = 'suspect'")
                                     << QByteArray("UPDATE transcripts SET role = 'control' WHERE id = %1")
                                     << u"transcripts row %1"_s;
    QTest::newRow("case title") << QByteArray("SELECT 1") << QByteArray("UPDATE case_info SET title = 'Other v. Other'")
                                << u"case_info row 1"_s;
    QTest::newRow("diagnostics deleted") << QByteArray("SELECT min(id) FROM import_diagnostics")
                                         << QByteArray("DELETE FROM import_diagnostics")
                                         << u"import_diagnostics row %1"_s;
    QTest::newRow("event added")
        << QByteArray("SELECT coalesce(max(id), 0) + 1 FROM events")
        << QByteArray("INSERT INTO events (id, kind, start_utc, title, created_utc) VALUES (%1, 'note', 0, 'added', 0)")
        << u"events row %1"_s;
    QTest::newRow("document type") << QByteArray("SELECT min(id) FROM documents")
                                   << QByteArray("UPDATE documents SET doc_type = 'letter' WHERE id = %1")
                                   << u"documents row %1"_s;
    QTest::newRow("comment edited") << QByteArray("SELECT min(id) FROM comments")
                                    << QByteArray("UPDATE comments SET body = 'Not seen.' WHERE id = %1")
                                    << u"comments row %1"_s;
    QTest::newRow("finding removed") << QByteArray("SELECT max(id) FROM findings")
                                     << QByteArray("DELETE FROM finding_refs WHERE finding_id = %1; "
                                                   "DELETE FROM finding_spans WHERE finding_id = %1; "
                                                   "DELETE FROM findings WHERE id = %1")
                                     << u"findings row %1"_s;
    QTest::newRow("trigger added") << QByteArray("SELECT 0")
                                   << QByteArray("CREATE TRIGGER keep_quiet AFTER INSERT ON events BEGIN SELECT 1; END")
                                   << u"keep_quiet"_s;
    QTest::newRow("view added") << QByteArray("SELECT 0")
                                << QByteArray("CREATE VIEW summary AS SELECT count(*) FROM turns") << u"summary"_s;
}

void TestCaseIntegrity::handEditIsNamed()
{
    QFETCH(QByteArray, idQuery);
    QFETCH(QByteArray, sql);
    QFETCH(QString, item);
    const QString copy = fresh(u"edit.lineage"_s);
    QVERIFY(!copy.isEmpty());
    const qint64 id = rawInt(copy, idQuery);
    QVERIFY2(id >= 0, idQuery.constData());
    const QString edit = sql.contains("%1") ? QString::fromUtf8(sql).arg(id) : QString::fromUtf8(sql);
    const QString error = rawExec(copy, edit.toUtf8());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QString problems;
    QVERIFY2(refused(copy, &problems), "a case edited by hand verified");
    const QString expected = item.contains(u"%1"_s) ? item.arg(id) : item;
    QVERIFY2(mentions(problems, expected), qPrintable(u"expected %1 to be named, got:\n%2"_s.arg(expected, problems)));
}

void TestCaseIntegrity::originalReplacedWithItsHash()
{
    // An original replaced by another file, with its SHA-256 and size in blobs and sources:
    // the evidence check alone passes (content and hash agree), the audit chain does not.
    const QString copy = fresh(u"forged.lineage"_s);
    const qint64 source = rawInt(copy, "SELECT id FROM sources ORDER BY size LIMIT 1");
    const qint64 blob
        = rawInt(copy, "SELECT b.id FROM blobs b JOIN sources s ON s.sha256 = b.sha256 ORDER BY s.size LIMIT 1");
    QVERIFY(source > 0 && blob > 0);
    const QByteArray forged = "{\"timestamp\": \"2024-05-02T08:00:00Z\", \"account\": \"nobody\"}\n";
    QByteArray packed(qsizetype(ZSTD_compressBound(size_t(forged.size()))), Qt::Uninitialized);
    packed.resize(
        qsizetype(ZSTD_compress(packed.data(), size_t(packed.size()), forged.constData(), size_t(forged.size()), 3)));
    const QByteArray sha = QCryptographicHash::hash(forged, QCryptographicHash::Sha256).toHex();
    const QByteArray n = QByteArray::number(forged.size());
    const QByteArray b = QByteArray::number(blob);
    const QByteArray sql = "PRAGMA foreign_keys = OFF; "
                           "UPDATE sources SET sha256 = '"
        + sha + "', size = " + n + ", content_size = " + n + " WHERE id = " + QByteArray::number(source) + "; "
        + "DELETE FROM blob_chunks WHERE blob_id = " + b + " AND seq > 0; " + "UPDATE blob_chunks SET data = X'"
        + packed.toHex() + "', raw_size = " + n + ", offset = 0 WHERE blob_id = " + b + "; "
        + "UPDATE blobs SET sha256 = '" + sha + "', size = " + n + ", chunk_count = 1 WHERE id = " + b + ";";
    const QString error = rawExec(copy, sql);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QString problems;
    QVERIFY2(refused(copy, &problems), "a replaced original verified");
    QVERIFY2(!mentions(problems, u"evidence blob"_s), qPrintable(problems)); // the forgery is self-consistent
    QVERIFY2(mentions(problems, u"sources row %1"_s.arg(source)), qPrintable(problems));
    QVERIFY2(mentions(problems, u"blobs row %1"_s.arg(blob)), qPrintable(problems));
    QVERIFY2(problems.startsWith(u"sources "_s) || problems.contains(u"\nsources "_s), qPrintable(problems));
}

void TestCaseIntegrity::randomByteFlipsNeverPass()
{
    // 40 single-byte changes at random places in pages SQLite reads, each one changing what
    // `sqlite3 .dump` prints (a change .dump cannot see, in an index or free space, is put
    // back and another place drawn). None may verify.
    QFile base(m_base);
    QVERIFY(base.open(QIODevice::ReadOnly));
    const QByteArray original = base.readAll();
    base.close();
    const QByteArray originalDump = dumpDigest(m_base);
    QVERIFY(!originalDump.isEmpty());
    const QString copy = path(u"flip.lineage"_s);
    QRandomGenerator random(14);
    int flips = 0;
    int draws = 0;
    QStringList passed;
    while (flips < 40 && draws < 4000) {
        ++draws;
        QByteArray bytes = original;
        const qsizetype at = qsizetype(random.bounded(quint64(bytes.size())));
        const char was = bytes[at];
        bytes[at] = char(was ^ char(1 + random.bounded(255)));
        {
            QFile out(copy);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(out.write(bytes), bytes.size());
        }
        const QByteArray dump = dumpDigest(copy);
        if (dump == originalDump)
            continue; // .dump cannot see it
        ++flips;
        QString problems;
        if (!refused(copy, &problems))
            passed << u"byte %1 (page %2)"_s.arg(at).arg(at / 16384 + 1);
        for (const QString &stale : { u"-wal"_s, u"-shm"_s, u"-journal"_s })
            QFile::remove(copy + stale);
    }
    QCOMPARE(flips, 40);
    QVERIFY2(passed.isEmpty(), qPrintable(u"verified although changed: "_s + passed.join(u", "_s)));
}

void TestCaseIntegrity::hostileTriggerRefusesWrites()
{
    const QString copy = fresh(u"trigger.lineage"_s);
    QVERIFY(
        rawExec(copy, "CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN DELETE FROM query_records; END").isEmpty());
    const qint64 records = rawInt(copy, "SELECT count(*) FROM query_records");
    QVERIFY(records > 100);

    // Writing is refused, naming the trigger; reading goes on.
    auto writable = CaseFile::open(copy, kWho, OpenMode::ReadWrite);
    QVERIFY(!writable);
    QCOMPARE(writable.error().code, ErrorCode::Altered);
    QVERIFY2(writable.error().message.contains(u"wipe"_s), qPrintable(writable.error().message));
    auto readable = CaseFile::open(copy, kWho, OpenMode::ReadOnly);
    QVERIFY(readable);
    QVERIFY(!(*readable)->schemaDifferences().isEmpty());
    QVERIFY((*readable)->schemaDifferences().front().object.contains(u"wipe"_s));
    readable->reset();

    // The command line refuses to import into it, and nothing is lost.
    auto run = cli({ u"import"_s, copy, u"--kind"_s, u"query-log"_s,
                     QStringLiteral(LINEAGE_TEST_DATA "/ingest/gateway/gateway.jsonl") });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("wipe"), run.err.constData());
    QCOMPARE(rawInt(copy, "SELECT count(*) FROM query_records"), records);
    run = cli({ u"verify"_s, copy });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("wipe"), run.out.constData());
    run = cli({ u"info"_s, copy });
    QCOMPARE(run.exitCode, 0);
}

void TestCaseIntegrity::sourcesReplacedByViewRefused()
{
    const QString copy = fresh(u"view.lineage"_s);
    QVERIFY(rawExec(copy,
                    "PRAGMA foreign_keys = OFF; DROP TABLE sources; "
                    "CREATE VIEW sources AS SELECT * FROM blobs WHERE 0")
                .isEmpty());
    QString problems;
    QVERIFY2(refused(copy, &problems), "a case whose sources are a view verified");
    QVERIFY2(mentions(problems, u"sources"_s), qPrintable(problems));
    auto writable = CaseFile::open(copy, kWho, OpenMode::ReadWrite);
    QVERIFY(!writable);
    QVERIFY2(writable.error().message.contains(u"sources"_s), qPrintable(writable.error().message));
    auto run = cli({ u"verify"_s, copy });
    QCOMPARE(run.exitCode, 1);
}

void TestCaseIntegrity::triggerAddedWhileOpenRefusesWrites()
{
    // Another program adds a trigger while Lineage has the case open for writing: the next
    // change is refused, naming it, and nothing is written.
    const QString copy = fresh(u"open_trigger.lineage"_s);
    auto file = CaseFile::open(copy, kWho, OpenMode::ReadWrite);
    QVERIFY(file);
    const qint64 entries = rawInt(copy, "SELECT count(*) FROM audit_log");
    QVERIFY(rawExec(copy, "CREATE TRIGGER wipe_later AFTER INSERT ON audit_log BEGIN DELETE FROM query_records; END")
                .isEmpty());
    auto info = (*file)->info();
    QVERIFY(info);
    CaseInfo changed = *info;
    changed.title = u"Renamed"_s;
    const Status status = (*file)->updateInfo(changed);
    QVERIFY(!status);
    QCOMPARE(status.error().code, ErrorCode::Altered);
    QVERIFY2(status.error().message.contains(u"wipe_later"_s), qPrintable(status.error().message));
    file->reset();
    QCOMPARE(rawInt(copy, "SELECT count(*) FROM audit_log"), entries);
    QVERIFY(rawInt(copy, "SELECT count(*) FROM query_records") > 100);
    QString problems;
    QVERIFY(refused(copy, &problems));
    QVERIFY2(mentions(problems, u"wipe_later"_s), qPrintable(problems));
}

void TestCaseIntegrity::hugeTitleReadWithLimits()
{
    // A 200 MB title, written by hand.
    const QString copy = fresh(u"title.lineage"_s);
    QVERIFY(rawExec(copy, "UPDATE case_info SET title = printf('%.*c', 200000000, 'x')").isEmpty());
    QVERIFY(QFileInfo(copy).size() > 200'000'000);
    auto file = CaseFile::open(copy, kWho, OpenMode::ReadOnly);
    QVERIFY(file);
    auto info = (*file)->info();
    QVERIFY(info);
    QVERIFY(info->truncated);
    QVERIFY(info->title.size() <= CaseFile::kMaxPropertyBytes);
    QVERIFY(info->title.startsWith(u"xxxx"_s));
    file->reset();

    // The command line shows it within 256 MB of address space (reading it whole takes more
    // than 600 MB: the bytes, then the UTF-16 copy), and verify names the edited row.
    QProcess p;
    p.setProgram(QStringLiteral(LINEAGE_BIN_DIR "/lineage-cli"));
    p.setArguments({ u"info"_s, u"--json"_s, copy });
    p.setChildProcessModifier([] {
        struct rlimit limit = { 256ull << 20, 256ull << 20 };
        ::setrlimit(RLIMIT_DATA, &limit);
    });
    p.start();
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QVERIFY(json.value(u"title"_s).toString().size() <= CaseFile::kMaxPropertyBytes);
    QString problems;
    QVERIFY(refused(copy, &problems));
    QVERIFY2(mentions(problems, u"case_info row 1"_s), qPrintable(problems));
}

QTEST_MAIN(TestCaseIntegrity)
#include "tst_case_integrity.moc"
