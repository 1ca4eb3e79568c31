// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/audit_log.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace lineage::casefile {

namespace {

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

QByteArray AuditLog::canonicalForm(const AuditEntry &entry)
{
    // A JSON array in a fixed field order; the JSON texts are embedded as stored strings
    // so that verification hashes exactly the bytes in the case.
    QJsonArray fields{QString::number(entry.seq), QString::number(entry.utcMs), entry.localOffset,
                      entry.investigator, entry.osUser, entry.action, entry.target, entry.parameters,
                      entry.result, entry.prevHash};
    if (!entry.commitment.isEmpty())
        fields.append(entry.commitment);
    return QJsonDocument(fields).toJson(QJsonDocument::Compact);
}

QString AuditLog::computeHash(const QString &prevHash, const AuditEntry &entry)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(prevHash.toLatin1());
    hash.addData(QByteArrayView("\n"));
    hash.addData(canonicalForm(entry));
    return QString::fromLatin1(hash.result().toHex());
}

Status AuditLog::append(Database &db, const Investigator &who, const QString &action, const QString &target,
                        const QJsonObject &parameters, const QJsonObject &result, const QString &commitment)
{
    if (sqlite3_get_autocommit(db.handle()))
        return makeError(ErrorCode::Internal, QStringLiteral("An audit entry must be written inside the change's transaction."));

    auto last = Statement::prepare(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!last)
        return last.error();
    auto row = last->step();
    if (!row)
        return row.error();

    AuditEntry entry;
    entry.seq = *row ? last->int64(0) + 1 : 1;
    entry.prevHash = *row ? last->text(1) : QString::fromLatin1(kGenesisHash);
    const QDateTime now = QDateTime::currentDateTime();
    entry.utcMs = now.toMSecsSinceEpoch();
    entry.localOffset = now.offsetFromUtc();
    entry.investigator = who.name;
    entry.osUser = who.osUser;
    entry.action = action;
    entry.target = target;
    entry.parameters = compactJson(parameters);
    entry.result = compactJson(result);
    entry.commitment = commitment.isNull() ? QStringLiteral("") : commitment;
    entry.hash = computeHash(entry.prevHash, entry);

    auto insert = Statement::prepare(db,
        "INSERT INTO audit_log (seq, utc_ms, local_offset, investigator, os_user, action, target, "
        "parameters, result, prev_hash, hash, commitment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bind(1, entry.seq).bind(2, entry.utcMs).bind(3, entry.localOffset).bind(4, entry.investigator)
        .bind(5, entry.osUser).bind(6, entry.action).bind(7, entry.target).bind(8, entry.parameters)
        .bind(9, entry.result).bind(10, entry.prevHash).bind(11, entry.hash).bind(12, entry.commitment);
    return insert->run();
}

Result<QList<AuditEntry>> AuditLog::entries(Database &db, qint64 fromSeq, qint64 limit)
{
    auto stmt = Statement::prepare(db,
        "SELECT seq, utc_ms, local_offset, investigator, os_user, action, target, parameters, result, "
        "prev_hash, hash, commitment FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, fromSeq).bind(2, limit);
    return stmt->collect<AuditEntry>([](const Statement &s) {
        AuditEntry e;
        e.seq = s.int64(0);
        e.utcMs = s.int64(1);
        e.localOffset = int(s.int64(2));
        e.investigator = s.text(3);
        e.osUser = s.text(4);
        e.action = s.text(5);
        e.target = s.text(6);
        e.parameters = s.text(7);
        e.result = s.text(8);
        e.prevHash = s.text(9);
        e.hash = s.text(10);
        e.commitment = s.text(11);
        return e;
    });
}

Result<qint64> AuditLog::count(Database &db)
{
    return db.queryInt("SELECT count(*) FROM audit_log");
}

Result<QList<AuditProblem>> AuditLog::verify(Database &db)
{
    QList<AuditProblem> problems;
    auto all = entries(db);
    if (!all)
        return all.error();
    QString prev = QString::fromLatin1(kGenesisHash);
    qint64 expectedSeq = 1;
    for (const AuditEntry &e : *all) {
        if (e.seq != expectedSeq)
            problems.append({e.seq, QStringLiteral("entries %1 to %2 are missing").arg(expectedSeq).arg(e.seq - 1)});
        if (e.prevHash != prev)
            problems.append({e.seq, QStringLiteral("does not link to the entry before it (previous hash differs)")});
        const QString recomputed = computeHash(e.prevHash, e);
        if (recomputed != e.hash)
            problems.append({e.seq, QStringLiteral("content does not match its hash (the entry was altered)")});
        prev = e.hash;
        expectedSeq = e.seq + 1;
    }
    // The append-only triggers must still be in place.
    for (const char *trigger : {"audit_log_no_update", "audit_log_no_delete"}) {
        auto stmt = Statement::prepare(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, QString::fromLatin1(trigger));
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (stmt->int64(0) != 1)
            problems.append({0, QStringLiteral("the append-only guard %1 is missing").arg(QString::fromLatin1(trigger))});
    }
    return problems;
}

void FieldChanges::compare(const char *key, const QString &was, const QString &now)
{
    if (was != now) {
        m_before.insert(QLatin1String(key), was);
        m_after.insert(QLatin1String(key), now);
    }
}

QJsonObject FieldChanges::parameters() const
{
    return QJsonObject { { QStringLiteral("before"), m_before }, { QStringLiteral("after"), m_after } };
}

} // namespace lineage::casefile
