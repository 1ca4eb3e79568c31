// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/case_file.h"

#include "casefile/audit_log.h"
#include "casefile/evidence_store.h"
#include "casefile/migrations.h"
#include "core/logging.h"
#include "core/version.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

namespace lineage::casefile {

namespace {

constexpr char kSqliteMagic[] = "SQLite format 3";

// Reads the SQLite header directly, so that refusing a file never touches it.
struct Header
{
    bool isSqlite = false;
    quint32 userVersion = 0;
    quint32 applicationId = 0;
};

Result<Header> readHeader(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return makeError(ErrorCode::Io, QStringLiteral("%1 does not exist.").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.read(100);
    Header header;
    if (bytes.size() < 100 || !bytes.startsWith(QByteArrayView(kSqliteMagic, sizeof kSqliteMagic)))
        return header;
    header.isSqlite = true;
    header.userVersion = qFromBigEndian<quint32>(bytes.constData() + 60);
    header.applicationId = qFromBigEndian<quint32>(bytes.constData() + 68);
    return header;
}

Status checkHeader(const QString &path, const Header &header)
{
    const QString name = QFileInfo(path).fileName();
    if (!header.isSqlite || header.applicationId != CaseFile::kApplicationId)
        return makeError(ErrorCode::NotACase,
                         QStringLiteral("%1 is not a Lineage case. Open a .lineage file, or create a new case and import this file as evidence.").arg(name));
    if (int(header.userVersion) > latestSchemaVersion())
        return makeError(ErrorCode::TooNew,
                         QStringLiteral("%1 was written by a newer version of Lineage (case schema %2; this program reads up to %3). "
                                        "Open it with Lineage %2 or later; the file was not changed.")
                             .arg(name).arg(header.userVersion).arg(latestSchemaVersion()));
    return {};
}

QString sqliteUri(const QString &path, bool readOnly)
{
    // A URI so that the read-only mode holds even if the file's permissions allow writing.
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QString escaped;
    for (const QChar c : absolute) {
        if (c == QLatin1Char('%') || c == QLatin1Char('?') || c == QLatin1Char('#'))
            escaped += QStringLiteral("%%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            escaped += c;
    }
    return QStringLiteral("file:%1%2").arg(escaped, readOnly ? QStringLiteral("?mode=ro") : QString());
}

Result<Database> connect(const QString &path, bool readOnly, bool create = false)
{
    int flags = SQLITE_OPEN_URI | (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    if (create)
        flags |= SQLITE_OPEN_CREATE;
    auto db = Database::open(sqliteUri(path, readOnly), flags);
    if (!db)
        return db.error();
    if (auto s = db->exec("PRAGMA foreign_keys = ON"); !s)
        return s.error();
    // 16 KiB pages for a new case (before WAL fixes the size): records of about a kilobyte,
    // a quarter of the page writes of 4 KiB pages when a log is imported.
    if (create)
        if (auto s = db->exec("PRAGMA page_size = 16384"); !s)
            return s.error();
    if (!readOnly) {
        if (auto s = db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !s)
            return s.error();
    }
    return db;
}

} // namespace

CaseFile::CaseFile(QString path, Database db, Investigator who, OpenMode mode)
    : m_path(std::move(path)), m_db(std::move(db)), m_who(std::move(who)), m_mode(mode)
{
}

CaseFile::~CaseFile()
{
    close();
}

Status CaseFile::probe(const QString &path)
{
    auto header = readHeader(path);
    if (!header)
        return header.error();
    return checkHeader(path, *header);
}

Result<std::unique_ptr<CaseFile>> CaseFile::create(const QString &path, const CaseInfo &info, const Investigator &who)
{
    if (QFileInfo::exists(path))
        return makeError(ErrorCode::Io, QStringLiteral("%1 already exists; choose another name, Lineage does not overwrite files.").arg(path));
    if (info.title.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A case needs a title."));

    auto db = connect(path, false, true);
    if (!db)
        return db.error();
    auto fail = [&](const Error &error) -> Result<std::unique_ptr<CaseFile>> {
        db->close();
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        return error;
    };
    const QByteArray appId = "PRAGMA application_id = " + QByteArray::number(kApplicationId);
    if (auto s = db->exec(appId.constData()); !s)
        return fail(s.error());
    if (auto s = migrate(*db); !s)
        return fail(s.error());

    std::unique_ptr<CaseFile> file(new CaseFile(path, std::move(*db), who, OpenMode::ReadWrite));
    file->m_schemaVersion = latestSchemaVersion();
    CaseInfo stored = info;
    // Optional properties are stored as empty text, never NULL.
    for (QString *field : {&stored.caseNumber, &stored.investigator, &stored.classification})
        if (field->isNull())
            *field = QStringLiteral("");
    const QDateTime now = QDateTime::currentDateTime();
    stored.createdUtc = now.toMSecsSinceEpoch();
    stored.createdOffset = now.offsetFromUtc();
    stored.createdBy = who.name;
    stored.programVersion = programVersion();
    if (stored.investigator.isEmpty())
        stored.investigator = who.name;
    if (stored.displayTimeZone.isEmpty())
        stored.displayTimeZone = QStringLiteral("UTC");

    auto status = file->auditedChange(QStringLiteral("case.create"), QStringLiteral("case"),
        QJsonObject{{QStringLiteral("title"), stored.title}, {QStringLiteral("case_number"), stored.caseNumber},
                    {QStringLiteral("investigator"), stored.investigator},
                    {QStringLiteral("classification"), stored.classification},
                    {QStringLiteral("display_tz"), stored.displayTimeZone},
                    {QStringLiteral("schema_version"), file->m_schemaVersion},
                    {QStringLiteral("program_version"), stored.programVersion}},
        [&]() -> Result<QJsonObject> {
            auto insert = Statement::prepare(file->m_db,
                "INSERT INTO case_info (id, title, case_number, investigator, classification, display_tz, "
                "created_utc, created_offset, created_by, program_version) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            if (!insert)
                return insert.error();
            insert->bind(1, stored.title).bind(2, stored.caseNumber).bind(3, stored.investigator)
                .bind(4, stored.classification).bind(5, stored.displayTimeZone).bind(6, stored.createdUtc)
                .bind(7, stored.createdOffset).bind(8, stored.createdBy).bind(9, stored.programVersion);
            if (auto s = insert->run(); !s)
                return s.error();
            return QJsonObject{};
        });
    if (!status) {
        file->m_db.close();
        return fail(status.error());
    }
    // Fold the new case's first pages (header with application_id and user_version included)
    // into the main file now: a process killed later must not leave a file whose on-disk
    // header does not yet say it is a case.
    if (auto s = file->m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s)
        qCWarning(lcCase) << "checkpoint after create failed:" << s.error().detail;
    qCInfo(lcCase) << "created case" << path;
    return file;
}

Result<std::unique_ptr<CaseFile>> CaseFile::open(const QString &path, const Investigator &who, OpenMode mode)
{
    auto header = readHeader(path);
    if (!header)
        return header.error();
    // A case whose process died before its first checkpoint still has its header in the
    // write-ahead log: an SQLite file with no application id yet and a -wal beside it is
    // judged by what SQLite reads (read-only), not by the stale header on disk.
    if (header->isSqlite && header->applicationId == 0 && QFileInfo::exists(path + QStringLiteral("-wal"))) {
        auto probeDb = connect(path, true);
        if (probeDb) {
            auto appId = probeDb->queryInt("PRAGMA application_id");
            auto version = probeDb->queryInt("PRAGMA user_version");
            if (appId && version)
                *header = Header{true, quint32(*version), quint32(*appId)};
        }
    }
    if (auto s = checkHeader(path, *header); !s)
        return s.error();

    const bool readOnly = mode == OpenMode::ReadOnly;
    auto db = connect(path, readOnly);
    if (!db)
        return db.error();
    // The header may lag behind a write-ahead log: check again through SQLite.
    auto appId = db->queryInt("PRAGMA application_id");
    if (!appId)
        return makeError(ErrorCode::NotACase, QStringLiteral("%1 cannot be read as a Lineage case.").arg(path), appId.error().detail);
    auto version = db->queryInt("PRAGMA user_version");
    if (!version)
        return version.error();
    Header live{true, quint32(*version), quint32(*appId)};
    if (auto s = checkHeader(path, live); !s)
        return s.error();

    std::unique_ptr<CaseFile> file(new CaseFile(path, std::move(*db), who, mode));
    if (*version < latestSchemaVersion()) {
        if (readOnly)
            return makeError(ErrorCode::Unsupported,
                             QStringLiteral("%1 uses case schema %2 and must be upgraded to %3 before it can be read; "
                                            "open it for editing once to upgrade it.").arg(path).arg(*version).arg(latestSchemaVersion()));
        const qint64 from = *version;
        if (auto s = migrate(file->m_db); !s)
            return s.error();
        auto status = file->auditedChange(QStringLiteral("case.migrate"), QStringLiteral("case"),
            QJsonObject{{QStringLiteral("from"), from}, {QStringLiteral("to"), latestSchemaVersion()},
                        {QStringLiteral("program_version"), programVersion()}},
            [] { return Result<QJsonObject>(QJsonObject{}); });
        if (!status)
            return status.error();
    }
    file->m_schemaVersion = latestSchemaVersion();
    qCInfo(lcCase) << "opened case" << path << (readOnly ? "read-only" : "read-write");
    return file;
}

void CaseFile::close()
{
    if (!m_db.isOpen())
        return;
    if (m_mode == OpenMode::ReadWrite) {
        // Fold the write-ahead log back and leave a plain rollback-journal file: one
        // self-contained file that any SQLite reader opens without side files.
        (void)m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        (void)m_db.exec("PRAGMA journal_mode = DELETE");
    }
    m_db.close();
}

Result<Database> CaseFile::openConnection(bool readOnly) const
{
    return connect(m_path, readOnly || m_mode == OpenMode::ReadOnly);
}

Result<CaseInfo> CaseFile::info()
{
    auto stmt = Statement::prepare(m_db,
        "SELECT title, case_number, investigator, classification, display_tz, created_utc, created_offset, "
        "created_by, program_version FROM case_info WHERE id = 1");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::Corrupt, QStringLiteral("The case has no properties record."));
    CaseInfo info;
    info.title = stmt->text(0);
    info.caseNumber = stmt->text(1);
    info.investigator = stmt->text(2);
    info.classification = stmt->text(3);
    info.displayTimeZone = stmt->text(4);
    info.createdUtc = stmt->int64(5);
    info.createdOffset = int(stmt->int64(6));
    info.createdBy = stmt->text(7);
    info.programVersion = stmt->text(8);
    return info;
}

Status CaseFile::updateInfo(const CaseInfo &info)
{
    if (info.title.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A case needs a title."));
    auto old = this->info();
    if (!old)
        return old.error();
    FieldChanges changes;
    changes.compare("title", old->title, info.title);
    changes.compare("case_number", old->caseNumber, info.caseNumber);
    changes.compare("investigator", old->investigator, info.investigator);
    changes.compare("classification", old->classification, info.classification);
    changes.compare("display_tz", old->displayTimeZone, info.displayTimeZone);
    if (changes.isEmpty())
        return {};
    return auditedChange(QStringLiteral("case.properties"), QStringLiteral("case"), changes.parameters(),
                         [&]() -> Result<QJsonObject> {
        auto update = Statement::prepare(m_db,
            "UPDATE case_info SET title = ?, case_number = ?, investigator = ?, classification = ?, display_tz = ? WHERE id = 1");
        if (!update)
            return update.error();
        auto text = [](const QString &s) { return s.isNull() ? QStringLiteral("") : s; };
        update->bind(1, info.title).bind(2, text(info.caseNumber)).bind(3, text(info.investigator))
            .bind(4, text(info.classification)).bind(5, info.displayTimeZone.isEmpty() ? QStringLiteral("UTC") : info.displayTimeZone);
        if (auto s = update->run(); !s)
            return s.error();
        return QJsonObject{};
    });
}

Status CaseFile::auditedChange(const QString &action, const QString &target, const QJsonObject &parameters,
                               const std::function<Result<QJsonObject>()> &change)
{
    if (m_mode == OpenMode::ReadOnly)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case is open read-only."));
    Transaction tx(m_db);
    if (auto s = tx.begin(); !s)
        return s;
    auto result = change();
    if (!result)
        return result.error();
    if (auto s = AuditLog::append(m_db, m_who, action, target, parameters, *result); !s)
        return s;
    return tx.commit();
}

Result<VerificationReport> CaseFile::verify(Feedback &feedback)
{
    VerificationReport report;
    feedback.setPhase(QStringLiteral("Checking database integrity"));
    {
        auto stmt = Statement::prepare(m_db, "PRAGMA integrity_check");
        if (!stmt)
            return stmt.error();
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            const QString line = stmt->text(0);
            if (line != QLatin1String("ok"))
                report.problems.append({QStringLiteral("integrity"), QStringLiteral("database"), line});
        }
    }
    {
        auto stmt = Statement::prepare(m_db, "PRAGMA foreign_key_check");
        if (!stmt)
            return stmt.error();
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            report.problems.append({QStringLiteral("references"), stmt->text(0),
                                    QStringLiteral("row %1 points to a missing row in %2").arg(stmt->int64(1)).arg(stmt->text(2))});
        }
    }
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Verification canceled."));

    feedback.setPhase(QStringLiteral("Verifying the audit chain"));
    auto audit = AuditLog::verify(m_db);
    if (!audit)
        return audit.error();
    for (const AuditProblem &p : *audit)
        report.problems.append({QStringLiteral("audit"), p.seq ? QStringLiteral("entry %1").arg(p.seq) : QStringLiteral("audit log"), p.reason});
    auto count = AuditLog::count(m_db);
    if (!count)
        return count.error();
    report.auditEntries = *count;

    auto evidence = verifyEvidence(m_db, feedback);
    if (!evidence)
        return evidence.error();
    for (const BlobProblem &p : *evidence)
        report.problems.append({QStringLiteral("evidence"), QStringLiteral("blob %1").arg(p.sha256), p.reason});
    auto blobs = m_db.queryInt("SELECT count(*) FROM blobs");
    auto bytes = m_db.queryInt("SELECT coalesce(sum(size), 0) FROM blobs");
    if (!blobs || !bytes)
        return sqlError(m_db, QStringLiteral("Cannot count evidence."));
    report.blobs = *blobs;
    report.evidenceBytes = *bytes;
    return report;
}

} // namespace lineage::casefile
