// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/investigator.h"
#include "casefile/sqlite.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>

namespace lineage::casefile {

struct AuditEntry
{
    qint64 seq = 0;
    qint64 utcMs = 0;
    int localOffset = 0;  // seconds east of UTC at the time of the action
    QString investigator;
    QString osUser;
    QString action;       // "case.create", "source.import", ...
    QString target;       // what the action touched: "case", "source:12"
    QString parameters;   // compact JSON, as stored
    QString result;       // compact JSON, as stored
    QString prevHash;
    QString hash;
    // What the change did to the rows (row_ledger.h), compact JSON; empty for entries that
    // changed no row and for entries written before schema version 11. Hashed with the entry.
    QString commitment;
};

// A break in the chain: which entry and why.
struct AuditProblem
{
    qint64 seq = 0;
    QString reason;
};

// The append-only, hash-chained audit log of a case. Stateless: every call works on the
// connection it is given; the caller owns the transaction, so that a change and its audit
// entry commit together. Not thread-safe beyond the connection's own rules.
class AuditLog
{
public:
    static constexpr const char *kGenesisHash =
        "0000000000000000000000000000000000000000000000000000000000000000";

    // Appends one entry; must be called inside the transaction that makes the change.
    [[nodiscard]] static Status append(Database &db, const Investigator &who, const QString &action,
                                       const QString &target, const QJsonObject &parameters = {},
                                       const QJsonObject &result = {}, const QString &commitment = {});

    [[nodiscard]] static Result<QList<AuditEntry>> entries(Database &db, qint64 fromSeq = 1, qint64 limit = -1);
    [[nodiscard]] static Result<qint64> count(Database &db);

    // Recomputes the whole chain: every problem names its entry.
    [[nodiscard]] static Result<QList<AuditProblem>> verify(Database &db);

    // The canonical form hashed for an entry (all stored fields but the hash itself; the
    // commitment only when there is one, so that entries of older versions keep their hash).
    static QByteArray canonicalForm(const AuditEntry &entry);
    static QString computeHash(const QString &prevHash, const AuditEntry &entry);
};

// The parameters of an audited edit: the "before" and "after" value of each field the edit
// changes; fields that keep their value are left out. A plain value, used on one thread.
class FieldChanges
{
public:
    void compare(const char *key, const QString &was, const QString &now);
    bool isEmpty() const { return m_after.isEmpty(); }
    // {"before": {...}, "after": {...}}, as the audit entry stores it.
    QJsonObject parameters() const;

private:
    QJsonObject m_before;
    QJsonObject m_after;
};

} // namespace lineage::casefile
