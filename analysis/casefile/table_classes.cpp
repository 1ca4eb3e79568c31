// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/table_classes.h"

#include <cstring>

namespace lineage::casefile {

namespace {

constexpr const char *kShadowSuffixes[] = { "_data", "_idx", "_content", "_docsize", "_config" };

} // namespace

const QList<TableRule> &tableRules()
{
    // The one place that says what every table of the case is (see table_classes.h).
    static const QList<TableRule> rules = {
        { "case_info", TableClass::Committed },
        { "blobs", TableClass::Committed },
        { "blob_chunks", TableClass::Evidence },
        { "sources", TableClass::Committed },
        { "import_diagnostics", TableClass::Committed },
        { "mapping_profiles", TableClass::Committed },
        { "actors", TableClass::Committed },
        { "accounts", TableClass::Committed },
        { "query_records", TableClass::Committed },
        { "transcripts", TableClass::Committed },
        { "turns", TableClass::Committed },
        { "documents", TableClass::Committed },
        { "pages", TableClass::Committed },
        { "events", TableClass::Committed },
        { "analysis_runs", TableClass::Committed },
        { "findings", TableClass::Committed },
        { "finding_spans", TableClass::Committed },
        { "finding_refs", TableClass::Committed },
        { "tags", TableClass::Committed },
        { "item_tags", TableClass::Committed },
        { "comments", TableClass::Committed },
        { "stars", TableClass::Committed },
        { "exhibits", TableClass::Committed },
        { "saved_searches", TableClass::Committed },
        { "search_index", TableClass::Derived,
          "the prompts and completions of query records, transcript turns and page texts",
          "lineage-cli index CASE --rebuild", true },
        { "text_signatures", TableClass::Derived, "the texts they fingerprint (text_sha256 names the exact text)",
          "lineage-cli index CASE --rebuild (drops them; they are computed again when next needed)" },
        // The timeline's activity summaries (migration 0010), kept by the query-record
        // writer in the import's change; verify recomputes them (ActivityStore::compare).
        { "account_activity_days", TableClass::Derived, "the times, accounts, sources and models of query records",
          "lineage-cli timeline CASE --rebuild-summaries", false, true },
        { "activity_hours", TableClass::Derived, "the times, sources and models of query records",
          "lineage-cli timeline CASE --rebuild-summaries", false, true },
        { "account_activity_totals", TableClass::Derived,
          "the accounts of query records (through account_activity_days)",
          "lineage-cli timeline CASE --rebuild-summaries", false, true },
        { "audit_log", TableClass::Ledger },
        { "row_digests", TableClass::Ledger },
    };
    return rules;
}

std::optional<TableRule> tableRule(const char *table)
{
    if (!table)
        return std::nullopt;
    for (const TableRule &r : tableRules()) {
        if (std::strcmp(r.name, table) == 0)
            return r;
        if (!r.virtualTable)
            continue;
        const size_t n = std::strlen(r.name);
        if (std::strncmp(r.name, table, n) != 0)
            continue;
        for (const char *suffix : kShadowSuffixes)
            if (std::strcmp(table + n, suffix) == 0)
                return r;
    }
    return std::nullopt;
}

std::optional<TableRule> tableRule(const QString &table)
{
    const QByteArray utf8 = table.toUtf8();
    return tableRule(utf8.constData());
}

QString tableClassName(TableClass c)
{
    switch (c) {
    case TableClass::Committed:
        return QStringLiteral("committed");
    case TableClass::Derived:
        return QStringLiteral("derived");
    case TableClass::Evidence:
        return QStringLiteral("evidence");
    case TableClass::Ledger:
        return QStringLiteral("ledger");
    }
    return {};
}

} // namespace lineage::casefile
