// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/investigator.h"
#include "casefile/sqlite.h"
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
};

// One problem found by verification: the area ("integrity", "audit", "evidence",
// "references"), the item (entry number, blob hash, table) and what is wrong.
struct VerificationProblem
{
    QString area;
    QString item;
    QString message;
};

struct VerificationReport
{
    QList<VerificationProblem> problems;
    qint64 auditEntries = 0;
    qint64 blobs = 0;
    qint64 evidenceBytes = 0;
    bool ok() const { return problems.isEmpty(); }
};

enum class OpenMode {
    ReadWrite,  // WAL while open; migrates an older schema (audited)
    ReadOnly,   // never writes, never migrates: for info, verify and received cases
};

// An open case: one SQLite file (*.lineage). Owns the main connection, which belongs to
// the thread that opened it; other threads take their own via openConnection(). Every
// change goes through a core call that writes its audit entry in the same transaction.
// Errors are returned; a file that is not a case, or a case newer than this program, is
// refused and left byte-for-byte untouched.
class CaseFile
{
public:
    static constexpr quint32 kApplicationId = 0x4C4E4147; // "LNAG"
    static constexpr const char *kSuffix = "lineage";

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

    // A new connection to the same case for another thread (read-only unless asked).
    [[nodiscard]] Result<Database> openConnection(bool readOnly = true) const;

    [[nodiscard]] Result<CaseInfo> info();
    // Changes the case properties; audited with the old and new values.
    [[nodiscard]] Status updateInfo(const CaseInfo &info);

    // integrity_check, foreign keys, the audit chain and every evidence hash.
    [[nodiscard]] Result<VerificationReport> verify(Feedback &feedback = nullFeedback());

    // Runs `change` in one transaction together with its audit entry; the audit entry's
    // result is whatever `change` returns. Rolls back both if either fails.
    [[nodiscard]] Status auditedChange(const QString &action, const QString &target, const QJsonObject &parameters,
                                       const std::function<Result<QJsonObject>()> &change);

private:
    CaseFile(QString path, Database db, Investigator who, OpenMode mode);

    QString m_path;
    Database m_db;
    Investigator m_who;
    OpenMode m_mode;
    int m_schemaVersion = 0;
};

} // namespace lineage::casefile
