// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/case_summary.h"

#include "casefile/analysis_store.h"
#include "forensics/analysis_kind.h"
#include "forensics/kind_registry.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace lineage::forensics {

namespace {

using casefile::FindingRow;

int rankOf(const QString &strength)
{
    return strength == QLatin1String("strong")  ? 3
        : strength == QLatin1String("moderate") ? 2
        : strength == QLatin1String("weak")     ? 1
                                                : 0;
}

QString chanceText(double log10Chance)
{
    if (log10Chance > -3)
        return QStringLiteral("%1").arg(std::pow(10.0, log10Chance), 0, 'g', 2);
    return QStringLiteral("1 in 10^%1").arg(qRound(-log10Chance));
}

QList<qint64> strongestIds(QList<FindingRow> rows, int n)
{
    std::stable_sort(rows.begin(), rows.end(), [](const FindingRow &a, const FindingRow &b) {
        if (rankOf(a.strength) != rankOf(b.strength))
            return rankOf(a.strength) > rankOf(b.strength);
        return a.score.value_or(0) > b.score.value_or(0);
    });
    QList<qint64> ids;
    for (qsizetype i = 0; i < std::min<qsizetype>(rows.size(), n); ++i)
        ids.append(rows[i].id);
    return ids;
}

void reuseLine(CaseSummary &out, const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings,
               const QSet<QString> &flaggedAccounts)
{
    qint64 servedToFlagged = 0;
    QList<FindingRow> reused;
    double bestLog10 = 0;
    qint64 longest = 0;
    QSet<qint64> records;
    QSet<QString> accounts, suspects;
    for (const FindingRow &f : findings) {
        if (f.kind != QLatin1String("reuse"))
            continue;
        reused.append(f);
        suspects.insert(f.subject);
        longest = std::max<qint64>(longest, qint64(f.statistic.value_or(0)));
        for (const QJsonValue &m : f.payload.value(QStringLiteral("matches")).toArray())
            bestLog10 = std::min(bestLog10, m.toObject().value(QStringLiteral("chance_log10")).toDouble());
        for (const casefile::FindingRef &r : f.refs)
            if (r.relation == QLatin1String("served-by"))
                records.insert(r.itemId);
        bool toFlagged = false;
        for (const QJsonValue &a : f.payload.value(QStringLiteral("accounts")).toArray()) {
            accounts.insert(a.toString());
            toFlagged |= flaggedAccounts.contains(a.toString());
        }
        servedToFlagged += toFlagged;
    }
    if (reused.isEmpty()) {
        out.notShown << QStringLiteral("No output reuse was found (reuse run %1).").arg(run.id);
        return;
    }
    EvidenceLine line;
    line.evidence = QStringLiteral("reuse");
    line.run = run.id;
    int strongest = 0;
    for (const FindingRow &f : std::as_const(reused))
        strongest = std::max(strongest, rankOf(f.strength));
    line.strength = strongest == 3 ? QStringLiteral("strong")
        : strongest == 2           ? QStringLiteral("moderate")
                                   : QStringLiteral("weak");
    QStringList names(accounts.begin(), accounts.end());
    names.sort();
    line.statement
        = QStringLiteral("%1 answer(s) of %2 reuse the provider's outputs; the longest shared verbatim passage has %3 "
                         "words, which two independent texts share by chance with a probability of at most %4. %5 of "
                         "them were served by %6 logged record(s)%7.")
              .arg(reused.size())
              .arg(QStringList(suspects.begin(), suspects.end()).join(QStringLiteral(", ")))
              .arg(longest)
              .arg(chanceText(bestLog10))
              .arg(reused.size())
              .arg(records.size())
              .arg(names.isEmpty() ? QString() : QStringLiteral(" of %1 account(s)").arg(names.size()));
    if (!flaggedAccounts.isEmpty())
        line.statement += QStringLiteral(" %1 of the reused answers were served (among others) to accounts the account "
                                         "analysis flags.")
                              .arg(servedToFlagged);
    line.findings = strongestIds(reused, 10);
    line.figures = QJsonObject { { QStringLiteral("reused_answers"), qint64(reused.size()) },
                                 { QStringLiteral("longest_verbatim_words"), longest },
                                 { QStringLiteral("chance_log10"), bestLog10 },
                                 { QStringLiteral("serving_records"), qint64(records.size()) },
                                 { QStringLiteral("served_to_flagged_accounts"), servedToFlagged },
                                 { QStringLiteral("accounts"), QJsonArray::fromStringList(names) } };
    out.lines.append(line);
}

void accountsLine(CaseSummary &out, const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings)
{
    QList<FindingRow> flagged;
    QList<FindingRow> clusters;
    for (const FindingRow &f : findings) {
        if (f.kind == QLatin1String("account-risk") && f.payload.value(QStringLiteral("flagged")).toBool())
            flagged.append(f);
        if (f.kind == QLatin1String("account-cluster") && f.strength != QLatin1String("weak"))
            clusters.append(f);
    }
    const qint64 total = run.summary.value(QStringLiteral("account_count")).toInteger();
    if (flagged.isEmpty()) {
        out.notShown << QStringLiteral("No account of %1 reaches the risk threshold %2 (accounts run %3).")
                            .arg(total)
                            .arg(run.summary.value(QStringLiteral("threshold")).toDouble())
                            .arg(run.id);
        return;
    }
    EvidenceLine line;
    line.evidence = QStringLiteral("accounts");
    line.run = run.id;
    bool linked = false;
    for (const FindingRow &f : std::as_const(flagged))
        linked |= !f.payload.value(QStringLiteral("cluster")).isNull();
    line.strength = linked ? QStringLiteral("strong") : QStringLiteral("moderate");
    QStringList names;
    for (const FindingRow &f : std::as_const(flagged))
        names << f.subject;
    line.statement
        = QStringLiteral("%1 of %2 accounts behave like harvesters (%3)%4. The highest: %5")
              .arg(flagged.size())
              .arg(total)
              .arg(names.mid(0, 10).join(QStringLiteral(", ")))
              .arg(clusters.isEmpty() ? QString()
                                      : QStringLiteral("; %1 cluster(s) of linked accounts: %2")
                                            .arg(clusters.size())
                                            .arg(clusters.front().explanation.chopped(
                                                clusters.front().explanation.endsWith(QLatin1Char('.')) ? 1 : 0)))
              .arg(flagged.front().explanation);
    line.findings = strongestIds(flagged, 10);
    for (const FindingRow &c : std::as_const(clusters))
        line.findings.append(c.id);
    line.figures = QJsonObject { { QStringLiteral("flagged"), qint64(flagged.size()) },
                                 { QStringLiteral("accounts"), total },
                                 { QStringLiteral("clusters"), qint64(clusters.size()) } };
    out.lines.append(line);
}

void kinshipLine(CaseSummary &out, const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings)
{
    // The kinship report's models, read from the kind's own report of the stored run.
    const AnalysisKind *kind = findKind(run.kind);
    const QJsonObject report = kind ? kind->report(run, findings) : QJsonObject();
    const int panel = report.value(QStringLiteral("panel_size")).toInt();
    const double floorP = 1.0 / double(panel + 1);
    QStringList flagged;
    double bestP = 1;
    for (const QJsonValue &v : report.value(QStringLiteral("models")).toArray()) {
        const QJsonObject m = v.toObject();
        if (m.value(QStringLiteral("in_panel")).toBool())
            continue;
        bestP = std::min(bestP, m.value(QStringLiteral("p")).toDouble(1));
        if (m.value(QStringLiteral("flagged")).toBool())
            flagged << m.value(QStringLiteral("label")).toString();
    }
    if (panel > 0 && floorP > 0.05)
        out.notShown << QStringLiteral("The kinship panel has %1 model(s): no empirical p can fall below %2.")
                            .arg(panel)
                            .arg(floorP, 0, 'g', 2);
    if (flagged.isEmpty()) {
        out.notShown << QStringLiteral("No model is closer to the provider than the reference panel explains "
                                       "(kinship run %1).")
                            .arg(run.id);
        return;
    }
    EvidenceLine line;
    line.evidence = QStringLiteral("kinship");
    line.run = run.id;
    line.strength = bestP <= 0.05 ? QStringLiteral("moderate") : QStringLiteral("weak");
    line.statement = QStringLiteral("%1 closer to the provider's answers than the %2 reference models (empirical p %3, "
                                    "the smallest this panel allows is %4). Kinship is never stronger than its p.")
                         .arg(flagged.join(QStringLiteral(", "))
                              + (flagged.size() == 1 ? QStringLiteral(" is") : QStringLiteral(" are")))
                         .arg(panel)
                         .arg(bestP, 0, 'g', 3)
                         .arg(floorP, 0, 'g', 3);
    for (const FindingRow &f : findings)
        if (flagged.contains(f.subject))
            line.findings.append(f.id);
    line.figures = QJsonObject { { QStringLiteral("panel_size"), panel },
                                 { QStringLiteral("p"), bestP },
                                 { QStringLiteral("flagged"), QJsonArray::fromStringList(flagged) } };
    out.lines.append(line);
}

void genericLine(CaseSummary &out, const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings,
                 const QString &evidence, const QString &summaryKind, const QString &cap)
{
    QList<FindingRow> shown;
    for (const FindingRow &f : findings)
        if (summaryKind.isEmpty() || (f.kind == summaryKind && f.statistic.value_or(0) > 0))
            shown.append(f);
    if (shown.isEmpty()) {
        out.notShown << QStringLiteral("The %1 run %2 shows nothing.").arg(evidence).arg(run.id);
        return;
    }
    EvidenceLine line;
    line.evidence = evidence;
    line.run = run.id;
    int strongest = 0;
    QStringList texts;
    for (const FindingRow &f : std::as_const(shown)) {
        strongest = std::max(strongest, rankOf(f.strength));
        texts << f.explanation;
    }
    strongest = std::min(strongest, rankOf(cap));
    line.strength = strongest == 3 ? QStringLiteral("strong")
        : strongest == 2           ? QStringLiteral("moderate")
                                   : QStringLiteral("weak");
    line.statement = texts.mid(0, 3).join(QLatin1Char(' '));
    line.findings = strongestIds(shown, 10);
    out.lines.append(line);
}

void clausesLine(CaseSummary &out, const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings)
{
    QStringList texts;
    QList<FindingRow> linked;
    QSet<QString> topics;
    int strongest = 0;
    for (const FindingRow &f : findings) {
        if (f.kind != QLatin1String("clause") || f.payload.value(QStringLiteral("findings")).toArray().isEmpty())
            continue;
        linked.append(f);
        const QString topic = f.payload.value(QStringLiteral("topic")).toString();
        if (!topics.contains(topic)) {
            topics.insert(topic);
            QString effective = f.payload.value(QStringLiteral("effective_date")).toString();
            texts << QStringLiteral("%1 (%2, p.%3%4)")
                         .arg(f.payload.value(QStringLiteral("topic_title")).toString(),
                              f.payload.value(QStringLiteral("document_title")).toString())
                         .arg(f.payload.value(QStringLiteral("page")).toInt())
                         .arg(effective.isEmpty() ? QString() : QStringLiteral(", effective ") + effective);
        }
        strongest = std::max(strongest, rankOf(f.strength));
    }
    if (linked.isEmpty()) {
        out.notShown
            << QStringLiteral("No clause of the case's documents bears on a finding (clauses run %1).").arg(run.id);
        return;
    }
    EvidenceLine line;
    line.evidence = QStringLiteral("clauses");
    line.run = run.id;
    line.strength = strongest == 3 ? QStringLiteral("strong")
        : strongest == 2           ? QStringLiteral("moderate")
                                   : QStringLiteral("weak");
    line.statement = QStringLiteral("The findings bear on %1 clause(s): %2.")
                         .arg(linked.size())
                         .arg(texts.join(QStringLiteral("; ")));
    line.findings = strongestIds(linked, 20);
    out.lines.append(line);
}

} // namespace

Result<CaseSummary> summarizeCase(casefile::Database &db)
{
    casefile::AnalysisStore store(db);
    auto runs = store.runs();
    if (!runs)
        return runs.error();
    QHash<QString, casefile::AnalysisRunRow> latest;
    for (const casefile::AnalysisRunRow &r : std::as_const(*runs))
        if (r.status == QLatin1String("complete") && r.id > latest.value(r.kind).id)
            latest.insert(r.kind, r);
    CaseSummary out;
    QSet<QString> flaggedAccounts;
    if (latest.contains(QStringLiteral("accounts"))) {
        auto findings = store.findings(latest[QStringLiteral("accounts")].id);
        if (!findings)
            return findings.error();
        for (const FindingRow &f : std::as_const(*findings))
            if (f.kind == QLatin1String("account-risk") && f.payload.value(QStringLiteral("flagged")).toBool())
                for (const QJsonValue &a : f.payload.value(QStringLiteral("accounts")).toArray())
                    flaggedAccounts.insert(a.toString());
    }
    static const QStringList kOrder { QStringLiteral("reuse"),    QStringLiteral("accounts"),
                                      QStringLiteral("kinship"),  QStringLiteral("attribution"),
                                      QStringLiteral("identity"), QStringLiteral("clauses") };
    for (const QString &kind : kOrder) {
        if (!latest.contains(kind)) {
            out.notShown << QStringLiteral("Not analysed: no complete %1 run.").arg(kind);
            continue;
        }
        const casefile::AnalysisRunRow &run = latest[kind];
        auto findings = store.findings(run.id);
        if (!findings)
            return findings.error();
        if (kind == QLatin1String("reuse"))
            reuseLine(out, run, *findings, flaggedAccounts);
        else if (kind == QLatin1String("accounts"))
            accountsLine(out, run, *findings);
        else if (kind == QLatin1String("kinship"))
            kinshipLine(out, run, *findings);
        else if (kind == QLatin1String("attribution"))
            genericLine(out, run, *findings, kind, QString(), QStringLiteral("moderate"));
        else if (kind == QLatin1String("identity"))
            genericLine(out, run, *findings, kind, QStringLiteral("identity-summary"), QStringLiteral("weak"));
        else
            clausesLine(out, run, *findings);
    }
    std::stable_sort(out.lines.begin(), out.lines.end(), [](const EvidenceLine &a, const EvidenceLine &b) {
        return rankOf(a.strength) > rankOf(b.strength);
    });
    return out;
}

QJsonObject summaryJson(const CaseSummary &summary)
{
    QJsonArray lines;
    for (const EvidenceLine &l : summary.lines) {
        QJsonArray ids;
        for (qint64 id : l.findings)
            ids.append(id);
        lines.append(QJsonObject { { QStringLiteral("evidence"), l.evidence },
                                   { QStringLiteral("strength"), l.strength },
                                   { QStringLiteral("statement"), l.statement },
                                   { QStringLiteral("rests_on"),
                                     QJsonObject { { QStringLiteral("run"), l.run ? QJsonValue(*l.run) : QJsonValue() },
                                                   { QStringLiteral("findings"), ids } } },
                                   { QStringLiteral("figures"), l.figures } });
    }
    return QJsonObject { { QStringLiteral("lines"), lines },
                         { QStringLiteral("not_shown"), QJsonArray::fromStringList(summary.notShown) } };
}

QString summaryText(const CaseSummary &summary)
{
    QString text;
    if (summary.lines.isEmpty())
        text += QStringLiteral("No line of evidence.\n");
    for (const EvidenceLine &l : summary.lines) {
        text += QStringLiteral("[%1] %2 (run %3): %4\n")
                    .arg(l.strength, l.evidence, l.run ? QString::number(*l.run) : QStringLiteral("-"), l.statement);
    }
    if (!summary.notShown.isEmpty()) {
        text += QStringLiteral("\nNot shown:\n");
        for (const QString &n : summary.notShown)
            text += QStringLiteral("  - %1\n").arg(n);
    }
    return text;
}

} // namespace lineage::forensics
