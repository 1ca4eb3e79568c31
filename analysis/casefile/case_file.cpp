// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/case_file.h"

#include "casefile/audit_log.h"
#include "casefile/case_verifier.h"
#include "casefile/migrations.h"
#include "casefile/row_ledger.h"
#include "core/logging.h"
#include "core/version.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <mutex>
#include <unistd.h>

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
    // 16 KiB pages for a new case: records of about a kilobyte, a quarter of the page
    // writes of 4 KiB pages when a log is imported.
    if (create)
        if (auto s = db->exec("PRAGMA page_size = 16384"); !s)
            return s.error();
    if (!readOnly) {
        // The main file changes only when the log is folded into it by whole-file
        // replacement (case_recovery.h): never an automatic checkpoint, never one on close.
        sqlite3_db_config(db->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        if (auto s = db->exec("PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = NORMAL"); !s)
            return s.error();
    }
    return db;
}

// The case properties, each read with a limit (a case made by hand may hold a title of
// hundreds of megabytes; reading it whole would take seconds and a gigabyte).
Result<CaseInfo> readInfo(Database &db)
{
    auto stmt = Statement::prepare(db, "SELECT created_utc, created_offset FROM case_info WHERE id = 1");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::Corrupt, QStringLiteral("The case has no properties record."));
    CaseInfo info;
    info.createdUtc = stmt->int64(0);
    info.createdOffset = int(stmt->int64(1));
    const std::pair<const char *, QString *> fields[] = {
        {"title", &info.title}, {"case_number", &info.caseNumber}, {"investigator", &info.investigator},
        {"classification", &info.classification}, {"display_tz", &info.displayTimeZone},
        {"created_by", &info.createdBy}, {"program_version", &info.programVersion}};
    for (const auto &[column, target] : fields) {
        bool cut = false;
        auto text = db.boundedText("case_info", column, 1, CaseFile::kMaxPropertyBytes, &cut);
        if (!text)
            return text.error();
        *target = *text;
        info.truncated = info.truncated || cut;
    }
    return info;
}

} // namespace

CaseChange::CaseChange(CaseFile &file) : m_file(file), m_tx(file.m_db) {}

CaseChange::~CaseChange()
{
    abandon();
}

void CaseChange::abandon()
{
    if (!m_open)
        return;
    m_tx.rollback();
    m_file.m_ledger->endScope();
    m_open = false;
}

Status CaseChange::commit(const QString &action, const QString &target, const QJsonObject &parameters,
                          const QJsonObject &result)
{
    if (!m_open)
        return makeError(ErrorCode::Internal, QStringLiteral("The change was already finished."));
    auto commitment = m_file.m_ledger->seal();
    if (!commitment) {
        abandon();
        return commitment.error();
    }
    if (auto s = AuditLog::append(m_file.m_db, m_file.m_who, action, target, parameters, result, *commitment); !s) {
        abandon();
        return s;
    }
    m_file.m_ledger->markSealed();
    if (auto s = m_tx.commit(); !s) {
        abandon();
        return s;
    }
    m_file.m_ledger->endScope();
    m_open = false;
    return {};
}

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

    // The new case is made beside its final name and published whole: a process killed
    // while creating it leaves no case, never half of one.
    const QString made = path + QStringLiteral("-new");
    for (const QString &stale : {made, made + QStringLiteral("-journal"), made + QStringLiteral("-wal"), made + QStringLiteral("-shm")})
        QFile::remove(stale);
    auto fail = [&](const Error &error) -> Result<std::unique_ptr<CaseFile>> {
        for (const QString &stale : {made, made + QStringLiteral("-journal"), made + QStringLiteral("-wal"), made + QStringLiteral("-shm")})
            QFile::remove(stale);
        return error;
    };
    {
        auto db = connect(made, false, true);
        if (!db)
            return fail(db.error());
        const QByteArray appId = "PRAGMA application_id = " + QByteArray::number(kApplicationId);
        if (auto s = db->exec(appId.constData()); !s)
            return fail(s.error());
        if (auto s = migrate(*db); !s)
            return fail(s.error());
        std::unique_ptr<CaseFile> file(new CaseFile(made, std::move(*db), who, OpenMode::ReadWrite));
        file->m_schemaVersion = latestSchemaVersion();
        file->m_ledger = std::make_unique<RowLedger>(file->m_db, who);
        file->m_ledger->setUseWal(false);
        if (auto s = file->m_ledger->refreshLayouts(); !s)
            return fail(s.error());
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

        // The migrations wrote rows of their own (the full-text index's configuration):
        // the first entry commits every row the new case holds.
        auto status = file->createdChange(QStringLiteral("case.create"), QStringLiteral("case"),
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
        if (!status)
            return fail(status.error());
        file->m_ledger.reset();
        file->m_db.close();
        file->m_path.clear();  // nothing to fold
        file->m_lease.reset();
    }
    {
        QFile synced(made);
        if (!synced.open(QIODevice::ReadWrite) || ::fsync(synced.handle()) != 0)
            return fail(makeError(ErrorCode::Io, QStringLiteral("Cannot write %1.").arg(path)));
    }
    if (auto s = CaseRecovery::publishNew(made, path); !s)
        return fail(s.error());
    qCInfo(lcCase) << "created case" << path;
    return open(path, who, OpenMode::ReadWrite);
}

namespace {

// Opening and closing cases is serialized within the process: a case is recovered,
// copied or folded by one of them at a time.
std::mutex &openCloseMutex()
{
    static std::mutex m;
    return m;
}

qint64 lastAuditSeq(Database &db)
{
    auto seq = db.queryInt("SELECT coalesce(max(seq), 0) FROM audit_log");
    return seq ? *seq : -1;
}

} // namespace

Result<std::unique_ptr<CaseFile>> CaseFile::open(const QString &path, const Investigator &who, OpenMode mode)
{
    std::unique_ptr<CaseFile> file;
    if (auto s = openLocked(path, who, mode, file); !s)
        return s.error(); // `file`, if it was made, closes here, outside the lock
    return file;
}

Status CaseFile::openLocked(const QString &path, const Investigator &who, OpenMode mode,
                            std::unique_ptr<CaseFile> &file)
{
    std::lock_guard guard(openCloseMutex());
    auto lease = std::make_unique<ConnectionLease>(path);
    Recovery recovery;
    std::optional<ExclusiveSession> session;
    // Another connection of this process has the case open: it was checked then, and
    // reading the file here would drop that connection's locks.
    if (lease->others() == 0) {
        auto header = readHeader(path);
        if (!header)
            return header.error();
        // A case whose process died before its first checkpoint (an older Lineage) may have
        // its header in the write-ahead log: an SQLite file with no application id yet and a
        // -wal beside it is judged by what SQLite reads (read-only), not by the stale header.
        if (header->isSqlite && header->applicationId == 0 && QFileInfo::exists(CaseRecovery::walPath(path))) {
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
        lease.reset();  // recovery and the session check for connections of this process
        auto recovered = CaseRecovery::recover(path);
        if (!recovered) {
            return makeError(recovered.error().code,
                             QStringLiteral("%1 was left unfinished by a program that stopped while writing it, and it cannot be "
                                            "repaired here: %2 Copy the case together with the files beside it (%3-wal, %3-journal) "
                                            "to a folder you can write to and open it there.")
                                 .arg(QFileInfo(path).fileName(), recovered.error().message, QFileInfo(path).fileName()),
                             recovered.error().detail);
        }
        recovery = *recovered;
        if (mode == OpenMode::Exclusive) {
            auto started = CaseRecovery::beginExclusive(path);
            if (!started)
                return started.error();
            session = std::move(*started);
        }
        lease = std::make_unique<ConnectionLease>(path);
    }
    if (mode == OpenMode::Exclusive)
        mode = session ? OpenMode::Exclusive : OpenMode::ReadWrite;

    const bool readOnly = mode == OpenMode::ReadOnly;
    auto db = connect(session ? CaseRecovery::sessionPath(path) : path, readOnly);
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
    auto differences = CaseSchema::compare(*db, int(*version));
    if (!differences)
        return differences.error();
    if (!readOnly && !differences->isEmpty())
        return makeError(ErrorCode::Altered,
                         QStringLiteral("%1 was changed outside Lineage, so Lineage does not write to it: %2. It can be opened "
                                        "read-only, and 'lineage-cli verify' names every difference.")
                             .arg(QFileInfo(path).fileName(), CaseSchema::describe(*differences)));

    file.reset(new CaseFile(path, std::move(*db), who, mode));
    file->m_lease = std::move(lease);
    file->m_recovery = recovery;
    file->m_schemaDifferences = *differences;
    file->m_session = std::move(session);
    if (!readOnly) {
        file->m_ledger = std::make_unique<RowLedger>(file->m_db, who);
        // A session writes its private copy through a rollback journal.
        file->m_ledger->setUseWal(!file->m_session);
        if (auto s = file->m_ledger->refreshLayouts(); !s)
            return s.error();
        file->m_lastSeqAtOpen = lastAuditSeq(file->m_db);
    }
    if (*version < latestSchemaVersion()) {
        if (readOnly)
            return makeError(ErrorCode::Unsupported,
                             QStringLiteral("%1 uses case schema %2 and must be upgraded to %3 before it can be read; "
                                            "open it for editing once to upgrade it.").arg(path).arg(*version).arg(latestSchemaVersion()));
        // The migrations and their audit entry in one transaction; the row ledger commits
        // every row as the migrated case holds it (rows of schema 2 and earlier were never
        // committed one by one).
        // Foreign keys are off around the transaction (the pragma does nothing inside one):
        // a migration may rebuild a table others reference; migrate() checks them before
        // each step is released.
        const qint64 from = *version;
        if (auto s = file->m_db.exec("PRAGMA foreign_keys = OFF"); !s)
            return s.error();
        struct ForeignKeysOn
        {
            Database &db;
            ~ForeignKeysOn() { (void)db.exec("PRAGMA foreign_keys = ON"); }
        } foreignKeysOn{file->m_db};
        auto change = file->beginChange();
        if (!change)
            return change.error();
        file->m_ledger->recommitAllOnSeal();
        if (auto s = migrate(file->m_db); !s)
            return s.error();
        if (auto s = (*change)->commit(QStringLiteral("case.migrate"), QStringLiteral("case"),
                                       QJsonObject{{QStringLiteral("from"), from}, {QStringLiteral("to"), latestSchemaVersion()},
                                                   {QStringLiteral("program_version"), programVersion()}},
                                       QJsonObject{{QStringLiteral("rows_committed"), file->m_ledger->lastSummary().join(QStringLiteral(", "))}});
            !s)
            return s.error();
    }
    file->m_schemaVersion = latestSchemaVersion();
    if (auto cookie = file->m_db.queryInt("PRAGMA schema_version"); cookie)
        file->m_schemaCookie = *cookie;
    qCInfo(lcCase) << "opened case" << path << (readOnly ? "read-only" : "read-write");
    return {};
}

void CaseFile::close()
{
    if (!m_db.isOpen())
        return;
    std::lock_guard guard(openCloseMutex());
    const bool wrote = m_ledger && lastAuditSeq(m_db) != m_lastSeqAtOpen;
    m_ledger.reset();
    m_db.close();
    m_lease.reset();
    if (m_session) {
        // The session's copy replaces the case if anything was committed to it.
        if (auto s = CaseRecovery::endExclusive(*m_session, wrote); !s)
            qCWarning(lcCase) << "the case was not saved:" << s.error().message << s.error().detail;
        m_session.reset();
        return;
    }
    if (m_mode == OpenMode::ReadWrite && !m_path.isEmpty()) {
        // The last connection of all folds the log into the main file (case_recovery.h).
        if (auto folded = CaseRecovery::fold(m_path); !folded)
            qCWarning(lcCase) << "the case was not saved into one file:" << folded.error().message << folded.error().detail;
    }
}

Result<Database> CaseFile::openConnection(bool readOnly) const
{
    if (!readOnly)
        return makeError(ErrorCode::Internal, QStringLiteral("A writer opens a CaseFile of its own (its changes are audited)."));
    auto db = connect(m_session ? CaseRecovery::sessionPath(m_path) : m_path, true);
    if (!db)
        return db.error();
    db->attach(std::make_shared<ConnectionLease>(m_path));
    return db;
}

Result<CaseInfo> CaseFile::info()
{
    return readInfo(m_db);
}

Status CaseFile::updateInfo(const CaseInfo &info)
{
    if (info.title.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("A case needs a title."));
    auto old = this->info();
    if (!old)
        return old.error();
    if (old->truncated)
        return makeError(ErrorCode::Altered, QStringLiteral("The case properties hold a value longer than Lineage writes (over %1 bytes); "
                                                            "they cannot be edited.").arg(kMaxPropertyBytes));
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

Status CaseFile::checkSchemaUnchanged()
{
    // Before anything writes: a schema changed since the case was opened (by another
    // program) is compared again, and any difference refuses the write.
    auto cookie = m_db.queryInt("PRAGMA schema_version");
    if (!cookie)
        return cookie.error();
    if (*cookie == m_schemaCookie || m_schemaCookie < 0)
        return {};
    auto differences = CaseSchema::compare(m_db, m_schemaVersion);
    if (!differences)
        return differences.error();
    if (!differences->isEmpty()) {
        m_schemaDifferences = *differences;
        return makeError(ErrorCode::Altered, QStringLiteral("The case was changed outside Lineage while it was open, so Lineage no longer "
                                                            "writes to it: %1.").arg(CaseSchema::describe(*differences)));
    }
    m_schemaCookie = *cookie;
    return {};
}

Result<std::unique_ptr<CaseChange>> CaseFile::beginChange()
{
    if (m_mode == OpenMode::ReadOnly || !m_ledger)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case is open read-only."));
    if (auto s = checkSchemaUnchanged(); !s)
        return s.error();
    std::unique_ptr<CaseChange> change(new CaseChange(*this));
    if (auto s = change->m_tx.begin(); !s)
        return s.error();
    if (auto s = m_ledger->beginScope(); !s)
        return s.error();
    change->m_open = true;
    return change;
}

Status CaseFile::createdChange(const QString &action, const QString &target, const QJsonObject &parameters,
                               const std::function<Result<QJsonObject>()> &change)
{
    auto scope = beginChange();
    if (!scope)
        return scope.error();
    m_ledger->recommitAllOnSeal();
    auto result = change();
    if (!result)
        return result.error();
    return (*scope)->commit(action, target, parameters, *result);
}

Status CaseFile::auditedChange(const QString &action, const QString &target, const QJsonObject &parameters,
                               const std::function<Result<QJsonObject>()> &change)
{
    auto scope = beginChange();
    if (!scope)
        return scope.error();
    auto result = change();
    if (!result)
        return result.error();
    return (*scope)->commit(action, target, parameters, *result);
}

Result<VerificationReport> CaseFile::verify(Feedback &feedback)
{
    return verifyCase(*this, feedback);
}

} // namespace lineage::casefile
