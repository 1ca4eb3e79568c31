// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/case_overview.h"

namespace lineage::casefile {

namespace {

Result<qint64> countOf(Database &db, const char *sql)
{
    auto n = db.queryInt(sql);
    if (!n)
        return n.error();
    return *n;
}

// Runs `sql` with its last parameter bound to `limit` and turns every row into a T.
template<typename T, typename Read>
Result<OverviewList<T>> listOf(Database &db, const char *countSql, const char *sql, int limit, Read read)
{
    OverviewList<T> list;
    auto total = countOf(db, countSql);
    if (!total)
        return total.error();
    list.total = *total;
    auto stmt = Statement::prepare(db, sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    auto items = stmt->collect<T>(read);
    if (!items)
        return items.error();
    list.items = std::move(*items);
    return list;
}

SourceSummary readSource(const Statement &s)
{
    SourceSummary r;
    r.id = s.int64(0);
    r.kind = s.text(1);
    r.format = s.text(2);
    r.name = s.text(3);
    r.sha256 = s.text(4);
    r.size = s.int64(5);
    r.importedUtcMs = s.int64(6);
    r.status = s.text(7);
    r.recordCount = s.int64(8);
    r.diagnosticCount = s.int64(9);
    r.warningCount = s.int64(10);
    r.firstWarning = s.text(11);
    return r;
}

constexpr const char *kSourcesSql
    = "SELECT s.id, s.kind, s.format, s.original_name, s.sha256, s.size, s.imported_utc, s.status, s.record_count, "
      "s.diagnostic_count, "
      "(SELECT count(*) FROM import_diagnostics d WHERE d.source_id = s.id AND d.severity = 'warning'), "
      "coalesce((SELECT d.reason FROM import_diagnostics d WHERE d.source_id = s.id AND d.severity = 'warning' "
      "ORDER BY d.id LIMIT 1), '') "
      "FROM sources s ORDER BY s.id LIMIT ?";

} // namespace

Result<QList<SourceSummary>> CaseOverviewQueries::sources(Database &db, int limit)
{
    auto list = listOf<SourceSummary>(db, "SELECT count(*) FROM sources", kSourcesSql, limit, readSource);
    if (!list)
        return list.error();
    return list->items;
}

Result<CaseCounts> CaseOverviewQueries::counts(Database &db)
{
    auto stmt = Statement::prepare(
        db,
        "SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM query_records), "
        "(SELECT count(*) FROM transcripts), (SELECT count(*) FROM transcripts WHERE role = 'unassigned'), "
        "(SELECT count(*) FROM turns), (SELECT count(*) FROM documents), (SELECT count(*) FROM pages), "
        "(SELECT count(*) FROM accounts), (SELECT count(*) FROM import_diagnostics), "
        "(SELECT count(*) FROM analysis_runs), (SELECT count(*) FROM findings), (SELECT count(*) FROM exhibits), "
        "(SELECT count(*) FROM audit_log)");
    if (!stmt)
        return stmt.error();
    return stmt->one<CaseCounts>(
        [](const Statement &s) {
            return CaseCounts { s.int64(0), s.int64(1), s.int64(2), s.int64(3),  s.int64(4),  s.int64(5), s.int64(6),
                                s.int64(7), s.int64(8), s.int64(9), s.int64(10), s.int64(11), s.int64(12) };
        },
        makeError(ErrorCode::Internal, QStringLiteral("The case's counts could not be read.")));
}

Result<CaseOverview> CaseOverviewQueries::load(Database &db, int limit)
{
    CaseOverview o;
    // One read transaction: every list comes from the same snapshot.
    if (auto s = db.exec("BEGIN"); !s)
        return s.error();
    struct EndRead
    {
        Database &db;
        ~EndRead() { (void)db.exec("COMMIT"); }
    } endRead { db };

    auto sources = listOf<SourceSummary>(db, "SELECT count(*) FROM sources", kSourcesSql, limit, readSource);
    if (!sources)
        return sources.error();
    o.sources = *sources;

    auto accounts
        = listOf<AccountSummary>(db, "SELECT count(*) FROM accounts",
                                 "SELECT a.id, a.name, coalesce(ac.name, ''), "
                                 "(SELECT count(*) FROM query_records q WHERE q.account_id = a.id) "
                                 "FROM accounts a LEFT JOIN actors ac ON ac.id = a.actor_id ORDER BY a.name LIMIT ?",
                                 limit, [](const Statement &s) {
                                     return AccountSummary { s.int64(0), s.text(1), s.text(2), s.int64(3) };
                                 });
    if (!accounts)
        return accounts.error();
    o.accounts = *accounts;

    auto transcripts = listOf<TranscriptSummary>(
        db, "SELECT count(*) FROM transcripts",
        "SELECT id, source_id, model_label, role, title, turn_count FROM transcripts ORDER BY id LIMIT ?", limit,
        [](const Statement &s) {
            return TranscriptSummary { s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.int64(5) };
        });
    if (!transcripts)
        return transcripts.error();
    o.transcripts = *transcripts;

    auto documents = listOf<DocumentSummary>(
        db, "SELECT count(*) FROM documents",
        "SELECT id, source_id, doc_type, title, coalesce(effective_date, ''), page_count FROM documents "
        "ORDER BY id LIMIT ?",
        limit, [](const Statement &s) {
            return DocumentSummary { s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.int64(5) };
        });
    if (!documents)
        return documents.error();
    o.documents = *documents;

    auto runs = listOf<AnalysisRunSummary>(
        db, "SELECT count(*) FROM analysis_runs",
        "SELECT r.id, r.kind, r.status, r.started_utc, "
        "(SELECT count(*) FROM findings f WHERE f.run_id = r.id) FROM analysis_runs r ORDER BY r.id LIMIT ?",
        limit, [](const Statement &s) {
            return AnalysisRunSummary { s.int64(0), s.text(1), s.text(2), s.int64(3), s.int64(4) };
        });
    if (!runs)
        return runs.error();
    o.analyses = *runs;

    auto findings = listOf<FindingSummary>(
        db, "SELECT count(*) FROM findings",
        "SELECT id, run_id, kind, score, p_value, explanation FROM findings ORDER BY id LIMIT ?", limit,
        [](const Statement &s) {
            return FindingSummary { s.int64(0), s.int64(1), s.text(2), s.optReal(3), s.optReal(4), s.text(5) };
        });
    if (!findings)
        return findings.error();
    o.findings = *findings;

    auto exhibits
        = listOf<ExhibitSummary>(db, "SELECT count(*) FROM exhibits",
                                 "SELECT id, number, item_kind, item_id, title FROM exhibits ORDER BY number LIMIT ?",
                                 limit, [](const Statement &s) {
                                     return ExhibitSummary { s.int64(0), s.int64(1), s.text(2), s.int64(3), s.text(4) };
                                 });
    if (!exhibits)
        return exhibits.error();
    o.exhibits = *exhibits;
    return o;
}

} // namespace lineage::casefile
