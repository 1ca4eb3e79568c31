// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/case_verifier.h"

#include "casefile/activity_store.h"
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/evidence_store.h"
#include "casefile/row_verifier.h"
#include "casefile/search_index.h"
#include "casefile/table_classes.h"
#include "core/logging.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>

#include <optional>
#include <thread>

namespace lineage::casefile {

namespace {

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("Verification canceled."));
}

// PRAGMA integrity_check and foreign_key_check, on a connection of their own.
struct IntegrityRun
{
    QList<VerificationProblem> problems;
    std::optional<Error> error;
    double seconds = 0;
    QString indexDamage; // what FTS5's integrity-check found; empty when sound
};

int cancelProgress(void *feedback)
{
    return static_cast<Feedback *>(feedback)->isCanceled() ? 1 : 0;
}

void runIntegrity(Database db, Feedback &feedback, IntegrityRun &run)
{
    QElapsedTimer timer;
    timer.start();
    sqlite3_progress_handler(db.handle(), 100000, &cancelProgress, &feedback);
    // A check SQLite cannot run on this file (a table replaced by a view breaks the foreign
    // key check; a damaged page can stop integrity_check) is a finding about the case.
    auto fail = [&](const Error &e) {
        if (feedback.isCanceled())
            run.error = canceled();
        else
            run.problems.append(
                { QStringLiteral("integrity"), QStringLiteral("database"),
                  QStringLiteral("SQLite's check could not run: %1 %2").arg(e.message, e.detail).trimmed() });
    };
    {
        auto stmt = Statement::prepare(db, "PRAGMA integrity_check");
        if (!stmt)
            return fail(stmt.error());
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                break;
            const QString line = stmt->text(0);
            if (line != QLatin1String("ok"))
                run.problems.append({ QStringLiteral("integrity"), QStringLiteral("database"), line });
        }
    }
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    {
        auto stmt = Statement::prepare(db, "PRAGMA foreign_key_check");
        if (!stmt)
            return fail(stmt.error());
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                break;
            run.problems.append(
                { QStringLiteral("references"), stmt->text(0),
                  QStringLiteral("row %1 points to a missing row in %2").arg(stmt->int64(1)).arg(stmt->text(2)) });
        }
    }
}

// Each source against the audit entry of its import: the hash the import recorded is the
// hash of the original the case holds now.
QList<VerificationProblem> checkSources(Database &db, const QList<AuditEntry> &entries, qint64 &checked, Status &status)
{
    QList<VerificationProblem> problems;
    QHash<qint64, const AuditEntry *> imports;
    for (const AuditEntry &e : entries) {
        if (e.action != QLatin1String("source.import") || !e.target.startsWith(QLatin1String("source:")))
            continue;
        imports.insert(e.target.mid(7).toLongLong(), &e);
    }
    auto stmt = Statement::prepare(db,
                                   "SELECT s.id, s.sha256, s.size, b.sha256, b.size FROM sources s "
                                   "LEFT JOIN blobs b ON b.sha256 = s.sha256 ORDER BY s.id");
    if (!stmt) {
        status = stmt.error();
        return problems;
    }
    QSet<qint64> seen;
    for (;;) {
        auto row = stmt->step();
        if (!row) {
            status = row.error();
            return problems;
        }
        if (!*row)
            break;
        const qint64 id = stmt->int64(0);
        seen.insert(id);
        ++checked;
        const QString item = QStringLiteral("source %1").arg(id);
        const QString sha = stmt->text(1);
        if (stmt->isNull(3))
            problems.append({ QStringLiteral("sources"), item,
                              QStringLiteral("its original (SHA-256 %1) is not stored in the case").arg(sha) });
        const AuditEntry *entry = imports.value(id);
        if (!entry) {
            problems.append({ QStringLiteral("sources"), item, QStringLiteral("no audit entry records its import") });
            continue;
        }
        const QJsonObject result = QJsonDocument::fromJson(entry->result.toUtf8()).object();
        const QString recorded = result.value(QStringLiteral("sha256")).toString();
        if (recorded != sha)
            problems.append(
                { QStringLiteral("sources"), item,
                  QStringLiteral("its SHA-256 is %1, but its import (entry %2) recorded %3: the original was replaced")
                      .arg(sha)
                      .arg(entry->seq)
                      .arg(recorded) });
        else if (result.contains(QStringLiteral("size"))
                 && result.value(QStringLiteral("size")).toInteger() != stmt->int64(2))
            problems.append(
                { QStringLiteral("sources"), item,
                  QStringLiteral("its size differs from what its import (entry %1) recorded").arg(entry->seq) });
    }
    for (auto it = imports.constBegin(); it != imports.constEnd(); ++it)
        if (!seen.contains(it.key()))
            problems.append(
                { QStringLiteral("sources"), QStringLiteral("source %1").arg(it.key()),
                  QStringLiteral("imported by entry %1, but the case no longer holds it").arg(it.value()->seq) });
    return problems;
}

qint64 countOr(Database &db, const char *sql, qint64 otherwise)
{
    auto n = db.queryInt(sql);
    return n ? *n : otherwise;
}

DerivedDataStatus derivedStatus(const char *table)
{
    DerivedDataStatus status;
    status.table = QString::fromLatin1(table);
    if (const auto rule = tableRule(table)) {
        status.derivedFrom = QString::fromUtf8(rule->derivedFrom);
        status.rebuild = QString::fromUtf8(rule->rebuild);
    }
    return status;
}

// The derived tables verify recomputes (TableRule::recomputed): the activity summaries,
// recomputed from query_records and compared cell by cell. A difference is a problem (the
// timeline would show what the records do not say), reported with how to rebuild them.
Status checkRecomputed(Database &db, Feedback &feedback, QList<DerivedDataStatus> &derived,
                       QList<VerificationProblem> &problems)
{
    const QStringList &tables = ActivityStore::summaryTables();
    for (const TableRule &rule : tableRules())
        if (rule.recomputed && !tables.contains(QString::fromUtf8(rule.name)))
            return makeError(ErrorCode::Internal,
                             QStringLiteral("Table %1 is classified as recomputed, but verify has no recomputation "
                                            "for it (case_verifier.cpp).")
                                 .arg(QString::fromUtf8(rule.name)));
    auto check = ActivityStore::compare(db, feedback);
    if (!check)
        return check.error();
    for (const QString &table : tables) {
        const QByteArray name = table.toUtf8();
        DerivedDataStatus status = derivedStatus(name.constData());
        status.rows = countOr(db, ("SELECT count(*) FROM main." + name).constData(), 0);
        for (const ActivityDifference &d : std::as_const(check->differences)) {
            if (d.table != table)
                continue;
            status.intact = false;
            problems.append({ QStringLiteral("derived"), table,
                              QStringLiteral("%1 differs from a recomputation from the query records (%2 cells "
                                             "missing or different, %3 unexpected; first: %4); it is derived data, "
                                             "rebuild it with %5")
                                  .arg(table)
                                  .arg(d.missing)
                                  .arg(d.unexpected)
                                  .arg(d.example, status.rebuild) });
        }
        derived.append(status);
    }
    return {};
}

} // namespace

Result<VerificationReport> verifyCase(CaseFile &file, Feedback &feedback)
{
    QElapsedTimer timer;
    timer.start();
    QStringList phaseTimes;
    auto lap = [&, last = qint64(0)](const char *phase) mutable {
        const qint64 now = timer.elapsed();
        phaseTimes << QStringLiteral("%1 %2 ms").arg(QLatin1String(phase)).arg(now - last);
        last = now;
    };
    VerificationReport report;
    Database &db = file.db();

    // integrity_check reads every page: the longest check, on a thread of its own.
    auto integrityDb = file.openConnection(true);
    if (!integrityDb)
        return integrityDb.error();
    IntegrityRun integrity;
    std::thread integrityThread(runIntegrity, std::move(*integrityDb), std::ref(feedback), std::ref(integrity));
    auto join = qScopeGuard([&] {
        if (integrityThread.joinable())
            integrityThread.join();
    });

    // One snapshot for everything else.
    if (auto s = db.exec("BEGIN"); !s)
        return s.error();
    auto end = qScopeGuard([&db] { (void)db.exec("COMMIT"); });

    QList<VerificationProblem> schemaProblems;
    feedback.setPhase(QStringLiteral("Checking the schema"));
    {
        auto version = db.queryInt("PRAGMA user_version");
        if (!version)
            return version.error();
        auto differences = CaseSchema::compare(db, int(*version));
        if (!differences)
            return differences.error();
        for (const SchemaDifference &d : std::as_const(*differences))
            schemaProblems.append({ QStringLiteral("schema"), d.object, d.message });
    }

    // A schema changed by hand (a table replaced by a view, a column dropped) can make the
    // later checks fail to run: the case is then reported with what was found so far, never
    // as an error that hides the schema's differences.
    auto stopped = [&](const Error &error) -> Result<VerificationReport> {
        if (schemaProblems.isEmpty() || error.code == ErrorCode::Canceled)
            return error;
        end.dismiss();
        (void)db.exec("COMMIT");
        join.dismiss();
        if (integrityThread.joinable())
            integrityThread.join();
        report.problems = schemaProblems;
        report.problems.append(integrity.problems);
        report.problems.append({ QStringLiteral("verify"), QStringLiteral("case"),
                                 QStringLiteral("the other checks cannot run on this schema (%1 %2)")
                                     .arg(error.message, error.detail)
                                     .trimmed() });
        report.seconds = double(timer.elapsed()) / 1000.0;
        return report;
    };

    feedback.setPhase(QStringLiteral("Verifying the audit chain"));
    QList<VerificationProblem> auditProblems;
    auto audit = AuditLog::verify(db);
    if (!audit)
        return stopped(audit.error());
    for (const AuditProblem &p : *audit)
        auditProblems.append({ QStringLiteral("audit"),
                               p.seq ? QStringLiteral("entry %1").arg(p.seq) : QStringLiteral("audit log"), p.reason });
    auto entries = AuditLog::entries(db);
    if (!entries)
        return stopped(entries.error());
    report.auditEntries = entries->size();
    if (feedback.isCanceled())
        return canceled();

    lap("schema+audit");
    auto rows = RowVerifier::verify(db, *entries, feedback);
    lap("rows");
    if (!rows)
        return stopped(rows.error());
    report.rowsChecked = rows->rows;
    report.tablesChecked = rows->tables;

    Status sourcesStatus;
    const QList<VerificationProblem> sourceProblems = checkSources(db, *entries, report.sources, sourcesStatus);
    if (!sourcesStatus)
        return stopped(sourcesStatus.error());

    lap("sources");
    auto evidence = verifyEvidence(db, feedback);
    lap("evidence");
    if (!evidence)
        return stopped(evidence.error());
    QList<VerificationProblem> evidenceProblems;
    for (const BlobProblem &p : *evidence)
        evidenceProblems.append({ QStringLiteral("evidence"), QStringLiteral("blob %1").arg(p.sha256), p.reason });
    auto blobs = db.queryInt("SELECT count(*) FROM blobs");
    auto bytes = db.queryInt("SELECT coalesce(sum(size), 0) FROM blobs");
    if (!blobs || !bytes)
        return sqlError(db, QStringLiteral("Cannot count evidence."));
    report.blobs = *blobs;
    report.evidenceBytes = *bytes;

    // Derived data: rebuildable, but a damaged index must not make search lie silently.
    QList<VerificationProblem> derivedProblems;
    qsizetype indexStatus = -1;
    {
        DerivedDataStatus index = derivedStatus("search_index");
        index.rows = countOr(db, "SELECT count(*) FROM search_index_docsize", 0);
        indexStatus = report.derived.size();
        report.derived.append(index);
        DerivedDataStatus signatures = derivedStatus("text_signatures");
        signatures.rows = countOr(db, "SELECT count(*) FROM text_signatures", 0);
        // Shingles and signatures are little-endian uint32 arrays (SignatureStore).
        const qint64 malformed = countOr(db,
                                         "SELECT count(*) FROM text_signatures WHERE typeof(shingles) <> 'blob' "
                                         "OR typeof(signature) <> 'blob' OR length(shingles) <> 4 * shingle_count "
                                         "OR length(signature) % 4 <> 0 OR length(signature) = 0",
                                         -1);
        if (malformed != 0) {
            signatures.intact = false;
            derivedProblems.append(
                { QStringLiteral("derived"), QStringLiteral("text_signatures"),
                  QStringLiteral("%1 stored fingerprints are malformed; they are derived data, rebuild them with %2")
                      .arg(malformed)
                      .arg(signatures.rebuild) });
        }
        report.derived.append(signatures);
        auto recomputed = checkRecomputed(db, feedback, report.derived, derivedProblems);
        if (!recomputed)
            return recomputed.error().code == ErrorCode::Canceled ? Result<VerificationReport>(canceled())
                                                                  : stopped(recomputed.error());
    }
    lap("derived");
    end.dismiss();
    (void)db.exec("COMMIT");

    feedback.setPhase(QStringLiteral("Checking database integrity"));
    join.dismiss();
    integrityThread.join();
    if (integrity.error)
        return *integrity.error;
    report.integritySeconds = integrity.seconds;
    if (!integrity.indexDamage.isEmpty() && indexStatus >= 0) {
        DerivedDataStatus &index = report.derived[indexStatus];
        index.intact = false;
        derivedProblems.prepend(
            { QStringLiteral("derived"), QStringLiteral("search_index"),
              QStringLiteral("the full-text index is damaged: %1; it is derived data, rebuild it with %2")
                  .arg(integrity.indexDamage, index.rebuild) });
    }
    lap("waiting for integrity_check");
    qCInfo(lcCase) << "verified" << file.path() << phaseTimes.join(QStringLiteral(", ")) << "integrity_check"
                   << integrity.seconds << "s";

    const QList<VerificationProblem> *lists[]
        = { &schemaProblems, &integrity.problems, &auditProblems,  &rows->problems,
            &sourceProblems, &evidenceProblems,   &derivedProblems };
    for (const QList<VerificationProblem> *list : lists)
        report.problems.append(*list);
    report.seconds = double(timer.nsecsElapsed()) / 1e9;
    return report;
}

} // namespace lineage::casefile
