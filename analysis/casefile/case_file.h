// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_recovery.h"
#include "casefile/case_schema.h"
#include "casefile/investigator.h"
#include "casefile/sqlite.h"
#include "casefile/verification_report.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace lineage::casefile {

struct CaseInfo
{
    QString title;
    QString caseNumber;
    QString investigator;
    QString classification;     // banner text shown on every view and report page
    QString displayTimeZone = QStringLiteral("UTC"); // "UTC", "local" or an IANA zone id
    qint64 createdUtc = 0;
    int createdOffset = 0;
    QString createdBy;
    QString programVersion;
    // A property held more than kMaxPropertyBytes (a case made by hand): what is shown is
    // its beginning, and the properties cannot be edited.
    bool truncated = false;
};

enum class OpenMode {
    ReadWrite,  // writes go to the write-ahead log; migrates an older schema (audited)
    ReadOnly,   // never writes, never migrates: for info, verify and received cases
    // A command-line session alone with the case: it is locked against other programs
    // and written in a private copy that replaces it on close (case_recovery.h). Falls
    // back to ReadWrite when another program has the case open.
    Exclusive,
};

class CaseFile;
class RowLedger;

// One audited change in progress (CaseFile::beginChange): a transaction whose writes the
// row ledger watches, committed together with its audit entry. For long changes that run
// their own statements (an import); CaseFile::auditedChange is the short form. Rolls back
// unless commit() succeeds. Same thread as the CaseFile; must not outlive it.
class CaseChange
{
public:
    ~CaseChange();
    CaseChange(const CaseChange &) = delete;
    CaseChange &operator=(const CaseChange &) = delete;

    // Seals the rows the change wrote into the row ledger, appends the audit entry (with
    // the commitment) and commits. On error everything is rolled back.
    [[nodiscard]] Status commit(const QString &action, const QString &target, const QJsonObject &parameters,
                                const QJsonObject &result);

private:
    friend class CaseFile;
    explicit CaseChange(CaseFile &file);
    void abandon();

    CaseFile &m_file;
    Transaction m_tx;
    bool m_open = false;
};

// An open case: one SQLite file (*.lineage). Owns the main connection, which belongs to
// the thread that opened it; other threads take their own via openConnection(). Every
// change goes through a core call that writes its audit entry in the same transaction
// (auditedChange or beginChange; the row ledger refuses any other write to a committed
// table). Errors are returned; a file that is not a case, or a case newer than this
// program, is refused and left byte-for-byte untouched. A case whose schema differs from
// the one of its version is opened read-only only (schemaDifferences() says how), and
// what a program that stopped while writing left is dealt with on open (recovery(), see
// case_recovery.h for the journal design).
class CaseFile
{
public:
    static constexpr quint32 kApplicationId = 0x4C4E4147; // "LNAG"
    static constexpr const char *kSuffix = "lineage";
    static constexpr int kMaxPropertyBytes = 16 * 1024;

    ~CaseFile();
    CaseFile(const CaseFile &) = delete;
    CaseFile &operator=(const CaseFile &) = delete;

    [[nodiscard]] static Result<std::unique_ptr<CaseFile>> create(const QString &path, const CaseInfo &info,
                                                                  const Investigator &who);
    [[nodiscard]] static Result<std::unique_ptr<CaseFile>> open(const QString &path, const Investigator &who,
                                                                OpenMode mode = OpenMode::ReadWrite);

    // Checks that `path` is a case this program can open, without modifying it.
    [[nodiscard]] static Status probe(const QString &path);

    // Checkpoints and leaves a single self-contained file. Called by the destructor too.
    void close();

    const QString &path() const { return m_path; }
    const Investigator &investigator() const { return m_who; }
    OpenMode mode() const { return m_mode; }
    Database &db() { return m_db; }
    int schemaVersion() const { return m_schemaVersion; }

    // A new read-only connection to the same case for another thread. Writers open a
    // CaseFile of their own (readOnly = false is refused).
    [[nodiscard]] Result<Database> openConnection(bool readOnly = true) const;

    // What opening found of a program that stopped while writing the case, and did.
    const Recovery &recovery() const { return m_recovery; }
    // How the case's schema differs from the one of its version (empty: it does not).
    const QList<SchemaDifference> &schemaDifferences() const { return m_schemaDifferences; }

    [[nodiscard]] Result<CaseInfo> info();
    // Changes the case properties; audited with the old and new values.
    [[nodiscard]] Status updateInfo(const CaseInfo &info);

    // The schema, integrity_check, foreign keys, the audit chain, every row against the
    // chain's commitments, every source against its import entry, every evidence hash and
    // the derived data (see case_verifier.h).
    [[nodiscard]] Result<VerificationReport> verify(Feedback &feedback = nullFeedback());

    // Runs `change` in one transaction together with its audit entry; the audit entry's
    // result is whatever `change` returns. Rolls back both if either fails.
    [[nodiscard]] Status auditedChange(const QString &action, const QString &target, const QJsonObject &parameters,
                                       const std::function<Result<QJsonObject>()> &change);
    // Starts an audited change (see CaseChange); one at a time.
    [[nodiscard]] Result<std::unique_ptr<CaseChange>> beginChange();

private:
    // open() under the process's open/close lock. The case, once made, is handed out through
    // `file`, so that a case that fails later is closed after the lock is released (its
    // close() takes the lock too).
    [[nodiscard]] static Status openLocked(const QString &path, const Investigator &who, OpenMode mode,
                                           std::unique_ptr<CaseFile> &file);
    friend class CaseChange;
    CaseFile(QString path, Database db, Investigator who, OpenMode mode);
    [[nodiscard]] Status checkSchemaUnchanged();
    // An audited change whose entry commits every row of the case (a new case).
    [[nodiscard]] Status createdChange(const QString &action, const QString &target, const QJsonObject &parameters,
                                       const std::function<Result<QJsonObject>()> &change);

    QString m_path;
    Database m_db;
    Investigator m_who;
    OpenMode m_mode;
    int m_schemaVersion = 0;
    qint64 m_schemaCookie = -1;
    std::unique_ptr<RowLedger> m_ledger;
    std::unique_ptr<ConnectionLease> m_lease;
    Recovery m_recovery;
    QList<SchemaDifference> m_schemaDifferences;
    std::optional<ExclusiveSession> m_session;
    qint64 m_lastSeqAtOpen = 0;
};

} // namespace lineage::casefile
