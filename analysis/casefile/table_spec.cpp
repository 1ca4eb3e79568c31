// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/table_spec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

namespace lineage::casefile {

namespace {

// The sort keys below are the expressions of the indexes in migration 0008, word for word:
// SQLite uses an expression index only for the same expression.
TableColumn col(const char *key, const QString &title, ColumnType type, const char *select, const char *sortKey = "",
                const char *filterKey = "")
{
    return TableColumn { QString::fromLatin1(key), title, type, select, sortKey, filterKey, {}, true };
}

TableSpec recordsSpec()
{
    TableSpec s;
    s.name = QStringLiteral("records");
    s.title = QStringLiteral("Query records");
    s.itemKind = QStringLiteral("record");
    s.from = "query_records q LEFT JOIN accounts a ON a.id = q.account_id";
    s.id = "q.id";
    s.columns = {
        col("id", QStringLiteral("Id"), ColumnType::Integer, "q.id", "q.id"),
        col("time", QStringLiteral("Time"), ColumnType::Time, "q.time_utc", "coalesce(q.time_utc, -9007199254740992)",
            "q.time_utc"),
        col("account", QStringLiteral("Account"), ColumnType::Text, "coalesce(a.name, '')", "", "coalesce(a.name, '')"),
        col("model", QStringLiteral("Model"), ColumnType::Text, "q.model", "coalesce(q.model, '')"),
        col("endpoint", QStringLiteral("Endpoint"), ColumnType::Text, "q.endpoint", "coalesce(q.endpoint, '')"),
        col("ip", QStringLiteral("IP"), ColumnType::Text, "q.ip", "coalesce(q.ip, '')"),
        col("prompt", QStringLiteral("Prompt"), ColumnType::Text, "q.prompt", "", "coalesce(q.prompt, '')"),
        col("completion", QStringLiteral("Completion"), ColumnType::Text, "q.completion", "",
            "coalesce(q.completion, '')"),
        col("finish_reason", QStringLiteral("Finish"), ColumnType::Text, "q.finish_reason",
            "coalesce(q.finish_reason, '')"),
        col("prompt_tokens", QStringLiteral("Prompt tokens"), ColumnType::Integer, "q.prompt_tokens",
            "coalesce(q.prompt_tokens, -1)"),
        col("completion_tokens", QStringLiteral("Completion tokens"), ColumnType::Integer, "q.completion_tokens",
            "coalesce(q.completion_tokens, -1)"),
        col("source", QStringLiteral("Source"), ColumnType::Integer, "q.source_id", "", "q.source_id"),
        col("line", QStringLiteral("Line"), ColumnType::Integer, "q.line", "", "q.line"),
    };
    // An account is looked up by name once, then found through its index.
    s.columns[2].equalsTemplate = "q.account_id = (SELECT id FROM accounts WHERE name = ?)";
    // Filter-only: what QueryRecordFilter selects.
    TableColumn accountId
        = col("account_id", QStringLiteral("Account id"), ColumnType::Integer, "q.account_id", "", "q.account_id");
    accountId.shown = false;
    TableColumn eitherSource = col("either_source", QStringLiteral("Source (either half)"), ColumnType::Integer,
                                   "q.source_id", "", "q.source_id");
    eitherSource.equalsTemplate = "(q.source_id = ? OR q.joined_source_id = ?)";
    eitherSource.shown = false;
    s.columns << accountId << eitherSource;
    // Parts 0 and 1 of the index are a record's request and response (see search_index.h).
    s.matchCondition = "q.id IN (SELECT rowid / 8 FROM search_index WHERE search_index MATCH ? AND rowid % 8 < 2)";
    return s;
}

TableSpec turnsSpec()
{
    TableSpec s;
    s.name = QStringLiteral("turns");
    s.title = QStringLiteral("Transcript turns");
    s.itemKind = QStringLiteral("turn");
    s.from = "turns t JOIN transcripts tr ON tr.id = t.transcript_id";
    s.id = "t.id";
    s.columns = {
        col("id", QStringLiteral("Id"), ColumnType::Integer, "t.id", "t.id"),
        col("transcript", QStringLiteral("Transcript"), ColumnType::Integer, "t.transcript_id", "t.transcript_id"),
        col("model_label", QStringLiteral("Model label"), ColumnType::Text, "tr.model_label", "tr.model_label"),
        col("role", QStringLiteral("Role"), ColumnType::Text, "tr.role", "tr.role"),
        col("seq", QStringLiteral("Turn"), ColumnType::Integer, "t.seq", "t.seq"),
        col("conversation", QStringLiteral("Conversation"), ColumnType::Text, "t.conversation", "t.conversation"),
        col("prompt", QStringLiteral("Prompt"), ColumnType::Text, "t.prompt", "", "t.prompt"),
        col("answer", QStringLiteral("Answer"), ColumnType::Text, "t.answer", "", "t.answer"),
        col("line", QStringLiteral("Line"), ColumnType::Integer, "t.line", "coalesce(t.line, -1)"),
    };
    s.matchCondition
        = "t.id IN (SELECT rowid / 8 FROM search_index WHERE search_index MATCH ? AND rowid % 8 IN (2, 3))";
    return s;
}

TableSpec documentsSpec()
{
    TableSpec s;
    s.name = QStringLiteral("documents");
    s.title = QStringLiteral("Documents");
    s.itemKind = QStringLiteral("document");
    s.from = "documents d JOIN sources s ON s.id = d.source_id";
    s.id = "d.id";
    s.columns = {
        col("id", QStringLiteral("Id"), ColumnType::Integer, "d.id", "d.id"),
        col("type", QStringLiteral("Type"), ColumnType::Text, "d.doc_type", "d.doc_type"),
        col("title", QStringLiteral("Title"), ColumnType::Text, "d.title", "d.title"),
        col("parties", QStringLiteral("Parties"), ColumnType::Text, "d.parties", "d.parties"),
        col("effective_date", QStringLiteral("Effective date"), ColumnType::Text, "d.effective_date",
            "coalesce(d.effective_date, '')"),
        col("pages", QStringLiteral("Pages"), ColumnType::Integer, "d.page_count", "d.page_count"),
        col("source", QStringLiteral("Source"), ColumnType::Text, "s.original_name", "s.original_name"),
    };
    return s;
}

TableSpec diagnosticsSpec()
{
    TableSpec s;
    s.name = QStringLiteral("diagnostics");
    s.title = QStringLiteral("Import diagnostics");
    s.itemKind = QStringLiteral("diagnostic");
    s.from = "import_diagnostics g JOIN sources s ON s.id = g.source_id";
    s.id = "g.id";
    s.columns = {
        col("id", QStringLiteral("Id"), ColumnType::Integer, "g.id", "g.id"),
        col("source", QStringLiteral("Source"), ColumnType::Text, "s.original_name", "s.original_name"),
        col("line", QStringLiteral("Line"), ColumnType::Integer, "g.line", "coalesce(g.line, -1)"),
        col("column", QStringLiteral("Column"), ColumnType::Integer, "g.col", "coalesce(g.col, -1)"),
        col("severity", QStringLiteral("Severity"), ColumnType::Text, "g.severity", "g.severity"),
        col("reason", QStringLiteral("Reason"), ColumnType::Text, "g.reason", "g.reason"),
        col("raw", QStringLiteral("Raw bytes"), ColumnType::Text, "CAST(g.raw AS TEXT)", "", "CAST(g.raw AS TEXT)"),
    };
    return s;
}

TableSpec auditSpec()
{
    TableSpec s;
    s.name = QStringLiteral("audit");
    s.title = QStringLiteral("Audit log");
    s.itemKind = QStringLiteral("audit");
    s.from = "audit_log l";
    s.id = "l.seq";
    s.columns = {
        col("seq", QStringLiteral("Entry"), ColumnType::Integer, "l.seq", "l.seq"),
        col("time", QStringLiteral("Time"), ColumnType::Time, "l.utc_ms", "l.utc_ms"),
        col("investigator", QStringLiteral("Investigator"), ColumnType::Text, "l.investigator", "l.investigator"),
        col("os_user", QStringLiteral("OS user"), ColumnType::Text, "l.os_user", "l.os_user"),
        col("action", QStringLiteral("Action"), ColumnType::Text, "l.action", "l.action"),
        col("target", QStringLiteral("Target"), ColumnType::Text, "l.target", "l.target"),
        col("parameters", QStringLiteral("Parameters"), ColumnType::Text, "l.parameters", "", "l.parameters"),
        col("result", QStringLiteral("Result"), ColumnType::Text, "l.result", "", "l.result"),
        col("hash", QStringLiteral("Hash"), ColumnType::Text, "l.hash", "", "l.hash"),
    };
    return s;
}

const char *opName(FilterOp op)
{
    switch (op) {
    case FilterOp::Equals:
        return "=";
    case FilterOp::NotEquals:
        return "!=";
    case FilterOp::Less:
        return "<";
    case FilterOp::LessOrEqual:
        return "<=";
    case FilterOp::Greater:
        return ">";
    case FilterOp::GreaterOrEqual:
        return ">=";
    case FilterOp::Contains:
        return "~";
    }
    return "?";
}

TableSpec findingsSpec()
{
    TableSpec s;
    s.name = QStringLiteral("findings");
    s.title = QStringLiteral("Findings");
    s.itemKind = QStringLiteral("finding");
    s.from = "findings f";
    s.id = "f.id";
    // Findings number thousands, not millions: these sorts need no index of their own.
    s.columns = {
        col("id", QStringLiteral("Id"), ColumnType::Integer, "f.id", "f.id"),
        col("run", QStringLiteral("Run"), ColumnType::Integer, "f.run_id", "f.run_id"),
        col("kind", QStringLiteral("Kind"), ColumnType::Text, "f.kind", "f.kind"),
        // Strong first when ascending; filters compare the word itself.
        col("strength", QStringLiteral("Strength"), ColumnType::Text, "f.strength",
            "CASE f.strength WHEN 'strong' THEN 0 WHEN 'moderate' THEN 1 ELSE 2 END", "f.strength"),
        col("subject", QStringLiteral("Subject"), ColumnType::Text, "f.subject", "f.subject"),
        col("score", QStringLiteral("Score"), ColumnType::Real, "f.score", "coalesce(f.score, -1e308)", "f.score"),
        col("statistic", QStringLiteral("Statistic"), ColumnType::Real, "f.statistic",
            "coalesce(f.statistic, -1e308)", "f.statistic"),
        col("p_value", QStringLiteral("p / chance"), ColumnType::Real, "f.p_value", "coalesce(f.p_value, -1e308)",
            "f.p_value"),
        col("explanation", QStringLiteral("Explanation"), ColumnType::Text, "f.explanation", "", "f.explanation"),
    };
    return s;
}

// The account-risk findings of the accounts runs, one row an account (or an actor's accounts,
// when the run measured by actor). Findings number thousands, not millions, so the columns
// read the finding's payload with json_extract and the sorts need no index of their own.
TableSpec accountRiskSpec()
{
    // The accounts a finding measured, as they are now (actors change after a run).
    static const QByteArray subjects = "(SELECT r.item_id FROM finding_refs r WHERE r.finding_id = f.id AND "
                                       "r.item_kind = 'account' AND r.relation = 'subject')";
    static const QByteArray actor = "(SELECT group_concat(name, ', ') FROM (SELECT DISTINCT ac.name AS name FROM "
                                    "accounts a JOIN actors ac ON ac.id = a.actor_id WHERE a.id IN "
        + subjects + " ORDER BY ac.name))";
    static const QByteArray accountIds = "(SELECT group_concat(item_id, ',') FROM (SELECT r.item_id FROM finding_refs r "
                                         "WHERE r.finding_id = f.id AND r.item_kind = 'account' AND r.relation = "
                                         "'subject' ORDER BY r.item_id))";
    static const QByteArray topFeatures
        = "(SELECT group_concat(j.value, ', ') FROM json_each(f.payload, '$.top_features') j)";
    static const QByteArray latest
        = "(SELECT max(lr.id) FROM analysis_runs lr WHERE lr.kind = 'accounts' AND lr.status = 'complete')";
    TableSpec s;
    s.name = QStringLiteral("account-risk");
    s.title = QStringLiteral("Account risk");
    s.itemKind = QStringLiteral("finding");
    s.from = "findings f JOIN analysis_runs ar ON ar.id = f.run_id AND ar.kind = 'accounts' AND ar.status = "
             "'complete' AND f.kind = 'account-risk'";
    s.id = "f.id";
    s.columns = {
        col("rank", QStringLiteral("Rank"), ColumnType::Integer, "CAST(f.statistic AS INTEGER)",
            "coalesce(f.statistic, 1e308)", "f.statistic"),
        col("account", QStringLiteral("Account"), ColumnType::Text, "f.subject", "f.subject"),
        col("risk", QStringLiteral("Risk"), ColumnType::Real, "f.score", "coalesce(f.score, -1e308)", "f.score"),
        col("strength", QStringLiteral("Strength"), ColumnType::Text, "f.strength",
            "CASE f.strength WHEN 'strong' THEN 0 WHEN 'moderate' THEN 1 ELSE 2 END", "f.strength"),
        col("flagged", QStringLiteral("Flagged"), ColumnType::Integer, "json_extract(f.payload, '$.flagged')",
            "coalesce(json_extract(f.payload, '$.flagged'), 0)"),
        col("cluster", QStringLiteral("Cluster"), ColumnType::Integer, "json_extract(f.payload, '$.cluster')",
            "coalesce(json_extract(f.payload, '$.cluster'), 1e308)", "json_extract(f.payload, '$.cluster')"),
        col("actor", QStringLiteral("Actor"), ColumnType::Text, actor.constData(),
            ("coalesce(" + actor + ", '')").constData()),
        col("requests", QStringLiteral("Requests"), ColumnType::Integer,
            "json_extract(f.payload, '$.features.requests')",
            "coalesce(json_extract(f.payload, '$.features.requests'), -1)"),
        col("active_days", QStringLiteral("Active days"), ColumnType::Integer,
            "json_extract(f.payload, '$.features.active_days')",
            "coalesce(json_extract(f.payload, '$.features.active_days'), -1)"),
        col("top_template_share", QStringLiteral("Top template share"), ColumnType::Real,
            "json_extract(f.payload, '$.features.top_template_share')",
            "coalesce(json_extract(f.payload, '$.features.top_template_share'), -1)"),
        col("top_features", QStringLiteral("Top features"), ColumnType::Text, topFeatures.constData(), "",
            topFeatures.constData()),
        col("explanation", QStringLiteral("Explanation"), ColumnType::Text, "f.explanation", "", "f.explanation"),
        col("account_ids", QStringLiteral("Account ids"), ColumnType::Text, accountIds.constData(), "",
            accountIds.constData()),
    };
    // Filter-only: the run, 0 for the latest complete one (each '?' takes the value).
    TableColumn run = col("run", QStringLiteral("Run"), ColumnType::Integer, "f.run_id", "", "f.run_id");
    run.equalsTemplate = "f.run_id = (CASE WHEN ? > 0 THEN ? ELSE " + latest + " END)";
    run.shown = false;
    // Filter-only: one account of the row, by id ("account_id=12"), whichever actor it is in.
    TableColumn account = col("account_id", QStringLiteral("Account id"), ColumnType::Integer, "0", "", "0");
    account.equalsTemplate = "f.id IN (SELECT r.finding_id FROM finding_refs r WHERE r.item_kind = 'account' AND "
                             "r.relation = 'subject' AND r.item_id = ?)";
    account.shown = false;
    s.columns << run << account;
    return s;
}

// The accounts of the logs: their actor, how many records and tokens they sent (the activity
// totals the import keeps, not a count over the records) and when they were first and last
// seen (a seek each in the records' account-and-time index). Accounts number thousands, not
// millions: the sorts on the derived columns need no index of their own.
TableSpec accountsSpec()
{
    static const QByteArray first = "(SELECT min(q.time_utc) FROM query_records q WHERE q.account_id = a.id)";
    static const QByteArray last = "(SELECT max(q.time_utc) FROM query_records q WHERE q.account_id = a.id)";
    TableSpec s;
    s.name = QStringLiteral("accounts");
    s.title = QStringLiteral("Accounts");
    s.itemKind = QStringLiteral("account");
    s.from = "accounts a LEFT JOIN actors ac ON ac.id = a.actor_id LEFT JOIN account_activity_totals t ON "
             "t.account_id = a.id";
    s.id = "a.id";
    s.columns = {
        col("id", QStringLiteral("Id"), ColumnType::Integer, "a.id", "a.id"),
        col("name", QStringLiteral("Account"), ColumnType::Text, "a.name", "a.name"),
        col("actor", QStringLiteral("Actor"), ColumnType::Text, "ac.name", "coalesce(ac.name, '')"),
        col("records", QStringLiteral("Records"), ColumnType::Integer, "coalesce(t.records, 0)",
            "coalesce(t.records, 0)"),
        col("tokens", QStringLiteral("Tokens"), ColumnType::Integer, "coalesce(t.tokens, 0)", "coalesce(t.tokens, 0)"),
        col("first_seen", QStringLiteral("First seen"), ColumnType::Time, first.constData(),
            ("coalesce(" + first + ", 0)").constData()),
        col("last_seen", QStringLiteral("Last seen"), ColumnType::Time, last.constData(),
            ("coalesce(" + last + ", 0)").constData()),
    };
    // Filter-only: the accounts of one actor, by id.
    TableColumn actorId
        = col("actor_id", QStringLiteral("Actor id"), ColumnType::Integer, "a.actor_id", "", "a.actor_id");
    actorId.shown = false;
    s.columns << actorId;
    return s;
}

// The analyst's actors with how many accounts they hold and how many query records those
// accounts sent (from the import's activity totals).
TableSpec actorsSpec()
{
    static const QByteArray accounts = "(SELECT count(*) FROM accounts a WHERE a.actor_id = ac.id)";
    static const QByteArray records
        = "(SELECT coalesce(sum(t.records), 0) FROM accounts a JOIN account_activity_totals "
          "t ON t.account_id = a.id WHERE a.actor_id = ac.id)";
    static const QByteArray names = "(SELECT group_concat(name, ', ') FROM (SELECT a.name AS name FROM accounts a "
                                    "WHERE a.actor_id = ac.id ORDER BY a.name))";
    TableSpec s;
    s.name = QStringLiteral("actors");
    s.title = QStringLiteral("Actors");
    s.itemKind = QStringLiteral("actor");
    s.from = "actors ac";
    s.id = "ac.id";
    // Actors are few: the sorts need no index.
    s.columns = {
        col("id", QStringLiteral("Id"), ColumnType::Integer, "ac.id", "ac.id"),
        col("name", QStringLiteral("Name"), ColumnType::Text, "ac.name", "ac.name"),
        col("accounts", QStringLiteral("Accounts"), ColumnType::Integer, accounts.constData(), accounts.constData()),
        col("records", QStringLiteral("Records"), ColumnType::Integer, records.constData(), records.constData()),
        col("created", QStringLiteral("Created"), ColumnType::Time, "ac.created_utc", "ac.created_utc"),
        col("note", QStringLiteral("Note"), ColumnType::Text, "ac.note", "ac.note"),
        col("members", QStringLiteral("Member accounts"), ColumnType::Text, names.constData(), "",
            ("coalesce(" + names + ", '')").constData()),
    };
    return s;
}

} // namespace

int TableSpec::columnIndex(const QString &key) const
{
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].key == key)
            return i;
    return -1;
}

const TableColumn *TableSpec::column(const QString &key) const
{
    const int i = columnIndex(key);
    return i < 0 ? nullptr : &columns[i];
}

QList<int> TableSpec::shownColumns() const
{
    QList<int> out;
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].shown)
            out << i;
    return out;
}

const TableSpec &TableSpec::findings()
{
    static const TableSpec spec = findingsSpec();
    return spec;
}

const TableSpec &TableSpec::accountRisk()
{
    static const TableSpec spec = accountRiskSpec();
    return spec;
}

const QList<TableSpec> &TableSpec::builtIn()
{
    static const QList<TableSpec> specs { recordsSpec(), turnsSpec(),       documentsSpec(), accountsSpec(),
                                          actorsSpec(),  diagnosticsSpec(), auditSpec() };
    return specs;
}

const TableSpec *TableSpec::find(const QString &name)
{
    for (const TableSpec &s : builtIn())
        if (s.name == name)
            return &s;
    for (const TableSpec *s : { &findings(), &accountRisk() })
        if (s->name == name)
            return s;
    return nullptr;
}

QStringList TableSpec::names()
{
    QStringList out;
    for (const TableSpec &s : builtIn())
        out << s.name;
    return out << findings().name << accountRisk().name;
}

const TableSpec &TableSpec::records()
{
    return builtIn().front();
}

TableQuery TableQuery::fromRecordFilter(const QueryRecordFilter &filter)
{
    TableQuery q;
    if (filter.sourceId)
        q.conditions.append({ QStringLiteral("either_source"), FilterOp::Equals, *filter.sourceId });
    if (filter.accountId)
        q.conditions.append({ QStringLiteral("account_id"), FilterOp::Equals, *filter.accountId });
    if (filter.fromUtc)
        q.conditions.append({ QStringLiteral("time"), FilterOp::GreaterOrEqual, *filter.fromUtc });
    if (filter.toUtc)
        q.conditions.append({ QStringLiteral("time"), FilterOp::Less, *filter.toUtc });
    return q;
}

Status TableQuery::addFilter(const TableSpec &spec, const QString &term)
{
    const QString t = term.trimmed();
    if (t == QLatin1String("starred") || t == QLatin1String("unstarred")) {
        starred = t == QLatin1String("starred");
        return {};
    }
    static const QRegularExpression re(QStringLiteral("^([A-Za-z_]+)\\s*(!=|<=|>=|=|<|>|~)(.*)$"));
    const auto m = re.match(t);
    if (!m.hasMatch())
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("Filter '%1' is not of the form KEY=VALUE (or !=, <, <=, >, >=, ~).").arg(term));
    const QString key = m.captured(1);
    const QString opText = m.captured(2);
    const QString value = m.captured(3).trimmed();
    if (key == QLatin1String("tag") || key == QLatin1String("match")) {
        if (opText != QLatin1String("="))
            return makeError(ErrorCode::InvalidInput, QStringLiteral("Filter '%1': %2 takes '='.").arg(term, key));
        (key == QLatin1String("tag") ? tag : match) = value;
        return {};
    }
    const TableColumn *c = spec.column(key);
    if (!c) {
        QStringList keys;
        for (const TableColumn &k : spec.columns)
            keys << k.key;
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("Filter '%1': the %2 table has no column '%3' (it has %4, tag, match, starred).")
                .arg(term, spec.name, key, keys.join(QStringLiteral(", "))));
    }
    FilterOp op = FilterOp::Equals;
    for (FilterOp o : { FilterOp::Equals, FilterOp::NotEquals, FilterOp::Less, FilterOp::LessOrEqual, FilterOp::Greater,
                        FilterOp::GreaterOrEqual, FilterOp::Contains })
        if (opText == QLatin1String(opName(o)))
            op = o;
    QVariant v = value;
    if (op != FilterOp::Contains && (c->type == ColumnType::Integer || c->type == ColumnType::Time)) {
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if (ok) {
            v = n;
        } else if (c->type == ColumnType::Time) {
            QDateTime dt = QDateTime::fromString(value, Qt::ISODateWithMs);
            if (!dt.isValid())
                dt = QDateTime::fromString(value, Qt::ISODate);
            if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
                dt.setTimeZone(QTimeZone::utc());
            if (!dt.isValid())
                return makeError(ErrorCode::InvalidInput,
                                 QStringLiteral("Filter '%1': '%2' is not a time (ISO 8601, e.g. 2025-01-31T12:00Z).")
                                     .arg(term, value));
            v = dt.toMSecsSinceEpoch();
        } else {
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("Filter '%1': '%2' is not a number.").arg(term, value));
        }
    }
    conditions.append({ key, op, v });
    return {};
}

QJsonObject TableQuery::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("sort"), sortColumn.isEmpty() ? QStringLiteral("id") : sortColumn);
    o.insert(QStringLiteral("descending"), descending);
    QJsonArray filters;
    for (const FilterCondition &c : conditions)
        filters.append(c.column + QString::fromLatin1(opName(c.op)) + c.value.toString());
    if (!tag.isEmpty())
        filters.append(QStringLiteral("tag=") + tag);
    if (starred)
        filters.append(*starred ? QStringLiteral("starred") : QStringLiteral("unstarred"));
    if (!match.isEmpty())
        filters.append(QStringLiteral("match=") + match);
    o.insert(QStringLiteral("filters"), filters);
    return o;
}

} // namespace lineage::casefile
