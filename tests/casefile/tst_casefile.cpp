// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/evidence_store.h"
#include "casefile/migrations.h"

#include <QFile>
#include <QSet>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <algorithm>
#include <sys/stat.h>
#include <zstd.h>

using namespace lineage;
using namespace lineage::casefile;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// Raw access through the sqlite3 library, bypassing Lineage (as a tamperer would).
void rawExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    const QByteArray text = message ? QByteArray(message) : QByteArray();
    sqlite3_free(message);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, text.constData());
}

QStringList schemaOf(Database &db)
{
    auto stmt = Statement::prepare(db,
                                   "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                                   "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
    QStringList rows;
    if (!stmt)
        return rows;
    while (stmt->step().value())
        rows << QStringLiteral("%1|%2|%3|%4").arg(stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3));
    return rows;
}

CaseInfo sampleInfo()
{
    CaseInfo info;
    info.title = QStringLiteral("Acme v. Distill Co.");
    info.caseNumber = QStringLiteral("2026-CV-0042");
    info.investigator = QStringLiteral("R. Analyst");
    info.classification = QStringLiteral("CONFIDENTIAL - ATTORNEYS' EYES ONLY");
    info.displayTimeZone = QStringLiteral("Europe/Berlin");
    return info;
}

const Investigator kWho { QStringLiteral("R. Analyst"), QStringLiteral("ranalyst") };

} // namespace

class TestCaseFile : public QObject
{
    Q_OBJECT

private slots:
    void createOpenRoundTrip();
    void cleanCloseLeavesSingleFile();
    void closeCopiesOnlyWhenWritten();
    void freshSchemaEqualsMigratedSchema();
    void noMigrationLosesAnIndexOrTrigger();
    void transcriptRoleMigrationKeepsRows();
    void newerCaseRefusedUntouched();
    void olderCaseReadOnlyIsRefusedWithoutHanging();
    void foreignFilesRefusedUntouched_data();
    void foreignFilesRefusedUntouched();
    void readOnlyOpenDoesNotModify();
    void auditLogIsAppendOnly();
    void auditTamperNamesEntry();
    void evidenceRoundTripAndDedup();
    void evidenceTamperDetected();
    void createRefusesExistingFile();
    void caseKilledBeforeCheckpointOpens();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestCaseFile::createOpenRoundTrip()
{
    const QString file = path(QStringLiteral("roundtrip.lineage"));
    {
        auto created = CaseFile::create(file, sampleInfo(), kWho);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
    }
    auto opened = CaseFile::open(file, kWho);
    QVERIFY(opened);
    auto info = (*opened)->info();
    QVERIFY(info);
    QCOMPARE(info->title, sampleInfo().title);
    QCOMPARE(info->caseNumber, sampleInfo().caseNumber);
    QCOMPARE(info->classification, sampleInfo().classification);
    QCOMPARE(info->displayTimeZone, QStringLiteral("Europe/Berlin"));
    QCOMPARE(info->createdBy, kWho.name);
    QCOMPARE((*opened)->schemaVersion(), latestSchemaVersion());

    CaseInfo changed = *info;
    changed.title = QStringLiteral("Acme v. Distill Co. (amended)");
    QVERIFY((*opened)->updateInfo(changed));
    QCOMPARE((*opened)->info()->title, changed.title);

    auto entries = AuditLog::entries((*opened)->db());
    QVERIFY(entries);
    QCOMPARE(entries->size(), 2);
    QCOMPARE(entries->at(0).action, QStringLiteral("case.create"));
    QCOMPARE(entries->at(1).action, QStringLiteral("case.properties"));
    QVERIFY(entries->at(1).parameters.contains(QStringLiteral("(amended)")));
    QCOMPARE(entries->at(1).osUser, kWho.osUser);
    QCOMPARE(entries->at(1).prevHash, entries->at(0).hash);
}

void TestCaseFile::cleanCloseLeavesSingleFile()
{
    const QString file = path(QStringLiteral("single.lineage"));
    {
        auto created = CaseFile::create(file, sampleInfo(), kWho);
        QVERIFY(created);
        // While open and written, the case runs in WAL mode (the main file is not touched).
        CaseInfo changed = sampleInfo();
        changed.caseNumber = QStringLiteral("2026-CV-0043");
        QVERIFY((*created)->updateInfo(changed));
        auto mode = Statement::prepare((*created)->db(), "PRAGMA journal_mode");
        QVERIFY(mode && mode->step().value());
        QCOMPARE(mode->text(0), QStringLiteral("wal"));
        QVERIFY(QFileInfo::exists(file + QStringLiteral("-wal")));
    }
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(!QFileInfo::exists(file + QStringLiteral("-wal")));
    QVERIFY(!QFileInfo::exists(file + QStringLiteral("-shm")));
    QVERIFY(!QFileInfo::exists(file + QStringLiteral("-journal")));
}

void TestCaseFile::closeCopiesOnlyWhenWritten()
{
    // Saving replaces the main file by a new copy (another inode) only when something was
    // committed; a write that began and was rolled back leaves the same file, back in
    // rollback-journal mode, with nothing beside it.
    const QString file = path(QStringLiteral("copy.lineage"));
    {
        QVERIFY(CaseFile::create(file, sampleInfo(), kWho));
    }
    auto inode = [&] {
        struct stat st = {};
        return ::stat(QFile::encodeName(file).constData(), &st) == 0 ? quint64(st.st_ino) : quint64(0);
    };
    const auto before = inode();
    QVERIFY(before != 0);
    {
        auto opened = CaseFile::open(file, kWho);
        QVERIFY(opened);
        Transaction tx((*opened)->db());
        QVERIFY(tx.begin());
        auto mode = Statement::prepare((*opened)->db(), "PRAGMA journal_mode");
        QVERIFY(mode && mode->step().value());
        QCOMPARE(mode->text(0), QStringLiteral("wal"));
        tx.rollback();
    }
    QCOMPARE(inode(), before);
    for (const char *side : { "-wal", "-shm", "-journal", "-fold" })
        QVERIFY2(!QFileInfo::exists(file + QLatin1String(side)), side);
    {
        QFile main(file);
        QVERIFY(main.open(QIODevice::ReadOnly));
        const QByteArray header = main.read(20);
        QCOMPARE(int(header.at(18)), 1); // rollback journal, readable alone
    }
    {
        auto opened = CaseFile::open(file, kWho, OpenMode::ReadOnly);
        QVERIFY(opened);
        auto report = (*opened)->verify();
        QVERIFY(report && report->ok());
    }
    {
        auto opened = CaseFile::open(file, kWho);
        QVERIFY(opened);
        CaseInfo changed = sampleInfo();
        changed.title = QStringLiteral("Changed");
        QVERIFY((*opened)->updateInfo(changed));
    }
    QVERIFY(inode() != before);
    QVERIFY(CaseRecovery::lastCopyKind() != CopyKind::None);
}

void TestCaseFile::freshSchemaEqualsMigratedSchema()
{
    const QString freshPath = path(QStringLiteral("fresh.lineage"));
    auto fresh = CaseFile::create(freshPath, sampleInfo(), kWho);
    QVERIFY(fresh);
    const QStringList expected = schemaOf((*fresh)->db());
    QVERIFY(expected.size() > 20);

    // From every earlier version: a case left at version k is brought to the latest on open.
    for (const Migration &migration : migrations()) {
        const int k = migration.version;
        const QString oldPath = path(QStringLiteral("at-version-%1.lineage").arg(k));
        {
            auto db = Database::open(oldPath, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            QVERIFY(db);
            const QByteArray appId = "PRAGMA application_id = " + QByteArray::number(CaseFile::kApplicationId);
            QVERIFY(db->exec(appId.constData()));
            QVERIFY(migrate(*db, k));
            QCOMPARE(*db->queryInt("PRAGMA user_version"), qint64(k));
            QVERIFY(
                db->exec("INSERT INTO case_info (id, title, created_utc, created_offset, created_by, program_version) "
                         "VALUES (1, 'old', 0, 0, 'x', '0')"));
        }
        auto upgraded = CaseFile::open(oldPath, kWho);
        QVERIFY2(upgraded, qPrintable(upgraded ? QString() : upgraded.error().message + upgraded.error().detail));
        QCOMPARE(schemaOf((*upgraded)->db()), expected);
        QCOMPARE((*upgraded)->info()->title, QStringLiteral("old"));
    }
}

// A migration that rebuilds a table (new table, copy, drop, rename) drops the indexes and
// triggers earlier migrations made on it, and a fresh case runs the same migrations, so
// comparing fresh with migrated cannot see the loss. Every index and trigger a case holds at
// any version is still in the latest schema, with the same definition, unless a later
// migration drops it by name.
void TestCaseFile::noMigrationLosesAnIndexOrTrigger()
{
    auto fresh = CaseFile::create(path(QStringLiteral("fresh-objects.lineage")), sampleInfo(), kWho);
    QVERIFY(fresh);
    QSet<QString> latest;
    for (const QString &row : schemaOf((*fresh)->db()))
        latest.insert(row);
    QStringList lost;
    for (const Migration &migration : migrations()) {
        auto db = Database::open(path(QStringLiteral("objects-at-%1.lineage").arg(migration.version)),
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        QVERIFY(db);
        QVERIFY(migrate(*db, migration.version));
        for (const QString &row : schemaOf(*db)) {
            const QStringList parts = row.split(QLatin1Char('|'));
            const QString &type = parts[0];
            const QString &name = parts[1];
            if (type != QLatin1String("index") && type != QLatin1String("trigger"))
                continue;
            bool droppedLater = false;
            const QByteArray drop = "DROP " + type.toUpper().toUtf8() + " ";
            for (const Migration &later : migrations())
                if (later.version > migration.version && later.sql.contains(drop + name.toUtf8()))
                    droppedLater = true;
            if (!droppedLater && !latest.contains(row))
                lost << QStringLiteral("%1 %2 (made by version %3)").arg(type, name).arg(migration.version);
        }
    }
    lost.removeDuplicates();
    QVERIFY2(lost.isEmpty(), qPrintable(lost.join(QStringLiteral("; "))));
    // The indexes tag lookups and the table views rely on, by name.
    for (const char *index : { "item_tags_item", "transcripts_source", "query_records_sort_time", "finding_refs_item" })
        QVERIFY2(std::any_of(latest.begin(), latest.end(),
                             [&](const QString &r) { return r.startsWith(QStringLiteral("index|%1|").arg(QLatin1String(index))); }),
                 index);
}

// Issue 7: migration 0004 rebuilds the transcripts table so that a role may be
// 'unassigned'. Transcripts, their roles and their turns (which refer to them) survive it.
void TestCaseFile::transcriptRoleMigrationKeepsRows()
{
    const QString file = path(QStringLiteral("roles-at-version-2.lineage"));
    {
        auto db = Database::open(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        QVERIFY(db);
        const QByteArray appId = "PRAGMA application_id = " + QByteArray::number(CaseFile::kApplicationId);
        QVERIFY(db->exec(appId.constData()));
        QVERIFY(db->exec("PRAGMA foreign_keys = ON"));
        QVERIFY(migrate(*db, 2));
        QVERIFY(db->execScript(
            "INSERT INTO case_info (id, title, created_utc, created_offset, created_by, program_version) "
            "VALUES (1, 'old', 0, 0, 'x', '0');"
            "INSERT INTO blobs (id, sha256, size, chunk_count, compression, stored_utc) VALUES (1, 'ab', 0, 0, 'zstd', "
            "0);"
            "INSERT INTO sources (id, kind, format, original_name, sha256, size, imported_utc, imported_offset, "
            "importer, importer_version) VALUES (1, 'transcript', 'alpaca-eval-json', 'a.json', 'ab', 0, 0, 0, 'x', "
            "'0');"
            "INSERT INTO transcripts (id, source_id, model_label, role, title, turn_count) VALUES "
            "(7, 1, 'aurora-4', 'provider', 'a.json', 1), (9, 1, 'DeepDistill-7B', 'suspect', 'a.json', 1);"
            "INSERT INTO turns (id, transcript_id, seq, prompt, answer) VALUES (1, 7, 1, 'q', 'a'), (2, 9, 1, 'q', "
            "'b');"));
        QVERIFY(!db->exec("INSERT INTO transcripts (source_id, model_label, role) VALUES (1, 'm', 'unassigned')"));
    }
    auto upgraded = CaseFile::open(file, kWho);
    QVERIFY2(upgraded, qPrintable(upgraded ? QString() : upgraded.error().message + upgraded.error().detail));
    Database &db = (*upgraded)->db();
    auto rows = Statement::prepare(db,
                                   "SELECT t.id, t.model_label, t.role, count(u.id) FROM transcripts t "
                                   "LEFT JOIN turns u ON u.transcript_id = t.id GROUP BY t.id ORDER BY t.id");
    QVERIFY(rows);
    QStringList seen;
    while (rows->step().value())
        seen << QStringLiteral("%1 %2 %3 %4").arg(rows->int64(0)).arg(rows->text(1), rows->text(2)).arg(rows->int64(3));
    QCOMPARE(seen,
             QStringList({ QStringLiteral("7 aurora-4 provider 1"), QStringLiteral("9 DeepDistill-7B suspect 1") }));
    QCOMPARE(*db.queryInt("SELECT count(*) FROM pragma_foreign_key_check"), qint64(0));
    QCOMPARE(*db.queryInt("PRAGMA foreign_keys"), qint64(1));
    // The constraints, through a connection of its own (the case refuses a write outside an
    // audited change).
    (*upgraded)->close();
    auto raw = Database::open(file, SQLITE_OPEN_READWRITE);
    QVERIFY(raw);
    QVERIFY(raw->exec("PRAGMA foreign_keys = ON"));
    QVERIFY(raw->exec("INSERT INTO transcripts (source_id, model_label, role) VALUES (1, 'm', 'unassigned')"));
    QVERIFY(!raw->exec("INSERT INTO transcripts (source_id, model_label, role) VALUES (1, 'm', 'maybe')"));
    // The turns still refer to their transcripts: a turn of a missing transcript is refused.
    QVERIFY(!raw->exec("INSERT INTO turns (transcript_id, seq) VALUES (99, 1)"));
}

void TestCaseFile::newerCaseRefusedUntouched()
{
    const QString file = path(QStringLiteral("newer.lineage"));
    {
        QVERIFY(CaseFile::create(file, sampleInfo(), kWho));
    }
    const QByteArray pragma = "PRAGMA user_version = " + QByteArray::number(latestSchemaVersion() + 1);
    rawExec(file, pragma.constData());
    const QByteArray before = fileBytes(file);
    for (OpenMode mode : { OpenMode::ReadWrite, OpenMode::ReadOnly }) {
        auto opened = CaseFile::open(file, kWho, mode);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::TooNew);
        QVERIFY(opened.error().message.contains(QStringLiteral("newer version of Lineage")));
    }
    QCOMPARE(fileBytes(file), before);
    QVERIFY(!QFileInfo::exists(file + QStringLiteral("-wal")));
}

// Found by fuzzing the open path: a case refused after it was made (here, an older schema
// opened read-only) was closed while the open lock was still held, and its close waited
// for that lock for ever.
void TestCaseFile::olderCaseReadOnlyIsRefusedWithoutHanging()
{
    const QString file = path(QStringLiteral("older.lineage"));
    {
        QVERIFY(CaseFile::create(file, sampleInfo(), kWho));
    }
    const QByteArray pragma = "PRAGMA user_version = " + QByteArray::number(latestSchemaVersion() - 1);
    rawExec(file, pragma.constData());
    const QByteArray before = fileBytes(file);
    auto opened = CaseFile::open(file, kWho, OpenMode::ReadOnly);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, ErrorCode::Unsupported);
    QVERIFY2(opened.error().message.contains(QStringLiteral("must be upgraded")), qPrintable(opened.error().message));
    QCOMPARE(fileBytes(file), before);
    // The lock is free again: the case opens (and is refused) a second time.
    QVERIFY(!CaseFile::open(file, kWho, OpenMode::ReadOnly));
}

void TestCaseFile::foreignFilesRefusedUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("plainSqlite");
    QTest::newRow("text file") << QByteArray("time,account\n2024-01-01,a\n") << false;
    QTest::newRow("empty file") << QByteArray() << false;
    QTest::newRow("other sqlite database") << QByteArray() << true;
}

void TestCaseFile::foreignFilesRefusedUntouched()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, plainSqlite);
    const QString file = path(QStringLiteral("foreign-%1.lineage")
                                  .arg(QString::fromLatin1(QTest::currentDataTag()))
                                  .replace(QLatin1Char(' '), QLatin1Char('-')));
    if (plainSqlite) {
        rawExec(file, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    } else {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const QByteArray before = fileBytes(file);
    auto opened = CaseFile::open(file, kWho);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, ErrorCode::NotACase);
    QVERIFY(opened.error().message.contains(QStringLiteral("is not a Lineage case")));
    QCOMPARE(fileBytes(file), before);
}

void TestCaseFile::readOnlyOpenDoesNotModify()
{
    const QString file = path(QStringLiteral("readonly.lineage"));
    {
        QVERIFY(CaseFile::create(file, sampleInfo(), kWho));
    }
    const QByteArray before = fileBytes(file);
    {
        auto opened = CaseFile::open(file, kWho, OpenMode::ReadOnly);
        QVERIFY(opened);
        auto report = (*opened)->verify();
        QVERIFY(report);
        QVERIFY(report->ok());
        CaseInfo changed = sampleInfo();
        changed.title = QStringLiteral("changed");
        QVERIFY(!(*opened)->updateInfo(changed));
    }
    QCOMPARE(fileBytes(file), before);
    QVERIFY(!QFileInfo::exists(file + QStringLiteral("-wal")));
}

void TestCaseFile::auditLogIsAppendOnly()
{
    auto created = CaseFile::create(path(QStringLiteral("appendonly.lineage")), sampleInfo(), kWho);
    QVERIFY(created);
    auto &db = (*created)->db();
    QVERIFY(!db.exec("UPDATE audit_log SET action = 'x' WHERE seq = 1"));
    QVERIFY(!db.exec("DELETE FROM audit_log"));
    QCOMPARE(*AuditLog::count(db), qint64(1));
}

void TestCaseFile::auditTamperNamesEntry()
{
    const QString file = path(QStringLiteral("tamper-audit.lineage"));
    {
        auto created = CaseFile::create(file, sampleInfo(), kWho);
        QVERIFY(created);
        for (int i = 0; i < 3; ++i) {
            CaseInfo info = *(*created)->info();
            info.caseNumber = QStringLiteral("N-%1").arg(i);
            QVERIFY((*created)->updateInfo(info));
        }
        auto report = (*created)->verify();
        QVERIFY(report && report->ok());
        QCOMPARE(report->auditEntries, qint64(4));
    }
    // One byte of entry 3 changed directly in the file's database, around the guards.
    rawExec(file,
            "DROP TRIGGER audit_log_no_update;"
            "UPDATE audit_log SET parameters = replace(parameters, 'N-1', 'N-7') WHERE seq = 3;"
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
    auto opened = CaseFile::open(file, kWho, OpenMode::ReadOnly);
    QVERIFY(opened);
    auto report = (*opened)->verify();
    QVERIFY(report);
    QVERIFY(!report->ok());
    QCOMPARE(report->problems.size(), 1);
    QCOMPARE(report->problems[0].area, QStringLiteral("audit"));
    QCOMPARE(report->problems[0].item, QStringLiteral("entry 3"));
}

void TestCaseFile::evidenceRoundTripAndDedup()
{
    auto created = CaseFile::create(path(QStringLiteral("evidence.lineage")), sampleInfo(), kWho);
    QVERIFY(created);
    auto &db = (*created)->db();
    QByteArray original;
    for (int i = 0; i < 300000; ++i)
        original += "line " + QByteArray::number(i) + " 我是一个测试\n";
    QVERIFY(original.size() > 2 * EvidenceWriter::kChunkSize);

    QString sha;
    for (int copy = 0; copy < 2; ++copy) {
        auto change = (*created)->beginChange();
        QVERIFY(change);
        EvidenceWriter writer(db);
        // Odd-sized writes across chunk boundaries.
        for (qsizetype at = 0; at < original.size(); at += 77777)
            QVERIFY(writer.write(original.mid(at, 77777)));
        auto blob = writer.finish();
        QVERIFY(blob);
        QCOMPARE(blob->size, qint64(original.size()));
        if (copy == 0)
            sha = blob->sha256;
        QCOMPARE(blob->sha256, sha);
        QVERIFY((*change)->commit(QStringLiteral("test.evidence"), QStringLiteral("case"), {}, {}));
    }
    QCOMPARE(*db.queryInt("SELECT count(*) FROM blobs"), qint64(1));
    QCOMPARE(sha, QString::fromLatin1(QCryptographicHash::hash(original, QCryptographicHash::Sha256).toHex()));

    EvidenceReader reader(db);
    QCOMPARE(*reader.readAll(sha), original);
    const qint64 at = EvidenceWriter::kChunkSize - 10;
    QCOMPARE(*reader.read(sha, at, 100), original.mid(at, 100));
    QVERIFY(!reader.read(sha, original.size() - 5, 10));
}

void TestCaseFile::evidenceTamperDetected()
{
    const QString file = path(QStringLiteral("tamper-evidence.lineage"));
    QString sha;
    {
        auto created = CaseFile::create(file, sampleInfo(), kWho);
        QVERIFY(created);
        auto &db = (*created)->db();
        auto change = (*created)->beginChange();
        QVERIFY(change);
        EvidenceWriter writer(db);
        QVERIFY(writer.write(QByteArray("{\"model\":\"gpt-4o\",\"prompt\":\"hello\"}\n")));
        auto blob = writer.finish();
        QVERIFY(blob);
        sha = blob->sha256;
        QVERIFY((*change)->commit(QStringLiteral("test.evidence"), QStringLiteral("case"), {}, {}));
        QVERIFY((*created)->verify()->ok());
    }
    // Replace the stored chunk with a well-formed compression of altered bytes (one byte differs).
    const QByteArray altered("{\"model\":\"gpt-4o\",\"prompt\":\"hellO\"}\n");
    QByteArray compressed(qsizetype(ZSTD_compressBound(size_t(altered.size()))), '\0');
    compressed.resize(qsizetype(
        ZSTD_compress(compressed.data(), size_t(compressed.size()), altered.constData(), size_t(altered.size()), 3)));
    const QByteArray sql = "UPDATE blob_chunks SET data = X'" + compressed.toHex() + "'";
    rawExec(file, sql.constData());

    auto opened = CaseFile::open(file, kWho, OpenMode::ReadOnly);
    QVERIFY(opened);
    auto report = (*opened)->verify();
    QVERIFY(report);
    QCOMPARE(report->problems.size(), 1);
    QCOMPARE(report->problems[0].area, QStringLiteral("evidence"));
    QCOMPARE(report->problems[0].item, QStringLiteral("blob ") + sha);
    QVERIFY(report->problems[0].message.contains(QStringLiteral("SHA-256")));
}

void TestCaseFile::createRefusesExistingFile()
{
    const QString file = path(QStringLiteral("exists.lineage"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
    }
    auto created = CaseFile::create(file, sampleInfo(), kWho);
    QVERIFY(!created);
    QCOMPARE(fileBytes(file), QByteArray("keep me"));
}

void TestCaseFile::caseKilledBeforeCheckpointOpens()
{
    // The state a process leaves when killed right after creating a case: every page,
    // the header's application_id included, still in the write-ahead log.
    const QString live = path(QStringLiteral("live.lineage"));
    const QString killed = path(QStringLiteral("killed.lineage"));
    auto db = Database::open(live, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    QVERIFY(db);
    QVERIFY(db->exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0"));
    const QByteArray appId = "PRAGMA application_id = " + QByteArray::number(CaseFile::kApplicationId);
    QVERIFY(db->exec(appId.constData()));
    QVERIFY(migrate(*db));
    QVERIFY(db->exec("INSERT INTO case_info (id, title, created_utc, created_offset, created_by, program_version) "
                     "VALUES (1, 'survivor', 0, 0, 'x', '0')"));
    QVERIFY(QFile::copy(live, killed));
    QVERIFY(QFile::copy(live + QStringLiteral("-wal"), killed + QStringLiteral("-wal")));
    db->close();

    auto opened = CaseFile::open(killed, kWho);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    QCOMPARE((*opened)->info()->title, QStringLiteral("survivor"));

    // And a case made by CaseFile::create carries its header in the main file at once.
    const QString fresh = path(QStringLiteral("fresh-header.lineage"));
    auto created = CaseFile::create(fresh, sampleInfo(), kWho);
    QVERIFY(created);
    QVERIFY(CaseFile::probe(fresh));
}

QTEST_GUILESS_MAIN(TestCaseFile)
#include "tst_casefile.moc"
