// SPDX-License-Identifier: GPL-3.0-or-later
// The report's analyses: methodology, the findings with their charts and passages.
#include "report/report_composer.h"

#include <algorithm>

namespace lineage::report::compose {

using casefile::FindingRow;

void ReportComposer::methodology()
{
    section(Section::Methodology);
    if (d.runs.isEmpty())
        para(QStringLiteral("No analysis has been run on this case."));
    for (const RunEntry &r : d.runs) {
        heading(2, QStringLiteral("Run %1: %2").arg(r.run.id).arg(r.title), QStringLiteral("run-%1").arg(r.run.id));
        para(QStringLiteral("Kind %1, engine %2. Started %3, finished %4; %5 findings; audit entry %6.")
                 .arg(r.run.kind, r.run.engineVersion, d.time(r.run.startedUtc),
                      r.run.finishedUtc ? d.time(*r.run.finishedUtc) : QStringLiteral("-"))
                 .arg(r.findings.size())
                 .arg(r.run.auditSeq ? QString::number(*r.run.auditSeq) : QStringLiteral("-")));
        para(TextRuns { { QStringLiteral("What the statistic means. "), true }, { r.statisticMeaning } });
        if (!r.strengthRule.isEmpty())
            para(TextRuns { { QStringLiteral("Strength rule. "), true }, { r.strengthRule } });
        TableSpec params;
        params.header = { QStringLiteral("Parameter"), QStringLiteral("Value") };
        params.widths = { 35, 65 };
        QStringList keys = r.run.parameters.keys();
        std::sort(keys.begin(), keys.end());
        for (const QString &k : keys)
            params.rows.append({ k, jsonValue(r.run.parameters.value(k)) });
        table(params);
        TableSpec inputs;
        inputs.header = { QStringLiteral("Input"), QStringLiteral("File"), QStringLiteral("SHA-256") };
        inputs.widths = { 11, 27, 62 };
        inputs.monoColumns = { 2 };
        QStringList ins = r.run.inputHashes.keys();
        std::sort(ins.begin(), ins.end(), [](const QString &a, const QString &b) {
            // "source:2" before "source:10"
            const qsizetype ca = a.indexOf(QLatin1Char(':')), cb = b.indexOf(QLatin1Char(':'));
            if (a.left(ca) != b.left(cb))
                return a < b;
            return a.mid(ca + 1).toLongLong() < b.mid(cb + 1).toLongLong();
        });
        for (const QString &k : ins) {
            const QJsonValue v = r.run.inputHashes.value(k);
            if (v.isObject())
                inputs.rows.append({ k, v.toObject().value(QStringLiteral("name")).toString(),
                                     v.toObject().value(QStringLiteral("sha256")).toString() });
            else
                inputs.rows.append({ k, QString(), v.toString() });
        }
        if (!inputs.rows.isEmpty())
            table(inputs);
    }
}

ChartSpec ReportComposer::scoreChart(const RunEntry &r, const QString &kind) const
{
    ChartSpec c;
    c.kind = ChartSpec::Kind::Bars;
    c.title = QStringLiteral("Score of each %1 finding of run %2 (%3)").arg(kind).arg(r.run.id).arg(r.run.kind);
    c.valueLabel = QStringLiteral("score");
    for (const FindingEntry &f : r.findings) {
        if (!f.row.score || f.row.kind != kind)
            continue;
        c.labels << QStringLiteral("#%1").arg(f.row.id);
        c.values << *f.row.score;
    }
    c.caption = QStringLiteral("Bars are labelled with finding ids; values are the findings' stored scores.");
    return c;
}

void ReportComposer::finding(const FindingEntry &f)
{
    const FindingRow &row = f.row;
    heading(3, findingTitle(row), QStringLiteral("finding-%1").arg(row.id));
    para(row.explanation);
    para(QStringLiteral("Score %1; statistic %2; p-value %3; run %4, finding %5 of the run.")
             .arg(opt(row.score), opt(row.statistic), opt(row.pValue, 3))
             .arg(row.runId)
             .arg(row.seq));
    QStringList refs;
    for (int i = 0; i < row.refs.size() && i < kRefsShown; ++i)
        refs
            << QStringLiteral("%1 %2 (%3)").arg(row.refs[i].itemKind).arg(row.refs[i].itemId).arg(row.refs[i].relation);
    if (!refs.isEmpty())
        para(TextRuns {
            { QStringLiteral("Rests on: "), true },
            { refs.join(QStringLiteral("; "))
              + (row.refs.size() > kRefsShown
                     ? QStringLiteral("; and %1 more (lineage-cli findings --json)").arg(row.refs.size() - kRefsShown)
                     : QString()) } });
    if (f.passageCount > 0)
        para(QStringLiteral("%1 shared passage(s)%2; shared words are highlighted.")
                 .arg(f.passageCount)
                 .arg(f.passageCount > f.passages.size() ? QStringLiteral(", the first %1 shown").arg(f.passages.size())
                                                         : QString()));
    for (const PassagePair &p : f.passages)
        passage(p);
    for (const TextExcerpt &c : f.claims) {
        TextRuns runs { { c.label + QStringLiteral(": "), false, true } };
        runs.append(marked(c));
        para(runs);
    }
}

void ReportComposer::findings()
{
    section(Section::Findings);
    if (d.runs.isEmpty())
        para(QStringLiteral("There are no findings."));
    for (const RunEntry &r : d.runs) {
        heading(2, QStringLiteral("%1 (run %2)").arg(r.title).arg(r.run.id),
                QStringLiteral("findings-run-%1").arg(r.run.id));
        if (r.findings.isEmpty()) {
            para(QStringLiteral("The run found nothing."));
            continue;
        }
        // One chart per finding kind: the kinds of one run score different things (an
        // account's risk, a cluster's size), which one axis would mix.
        QStringList kinds;
        for (const FindingEntry &f : r.findings)
            if (!kinds.contains(f.row.kind))
                kinds << f.row.kind;
        for (const QString &kind : std::as_const(kinds)) {
            const ChartSpec c = scoreChart(r, kind);
            if (c.values.size() >= 2)
                chart(c);
        }
        // A long tail of weak findings (every account of the logs is scored, every one gets a
        // finding) would bury the strong ones: past kWeakInFull they are listed in brief, each
        // with its explanation and score, after the others in full.
        const auto weak = std::count_if(r.findings.begin(), r.findings.end(),
                                        [](const FindingEntry &f) { return f.row.strength == QLatin1String("weak"); });
        const bool brief = weak > kWeakInFull;
        QList<const FindingEntry *> inBrief;
        for (const FindingEntry &f : r.findings) {
            if (brief && f.row.strength == QLatin1String("weak"))
                inBrief.append(&f);
            else
                finding(f);
        }
        if (inBrief.isEmpty())
            continue;
        // Paragraphs, not a table: a table of hundreds of long rows takes the text layout
        // minutes to break into pages.
        heading(3, QStringLiteral("Weak findings of run %1, in brief").arg(r.run.id),
                QStringLiteral("findings-run-%1-weak").arg(r.run.id));
        para(QStringLiteral("%1 findings of this run are weak by its strength rule and are listed in brief, each "
                            "with its id, subject, score and explanation. What each rests on: lineage-cli findings "
                            "CASE --run %2 --json.")
                 .arg(inBrief.size())
                 .arg(r.run.id));
        for (const FindingEntry *f : std::as_const(inBrief))
            para(TextRuns {
                { QStringLiteral("Finding %1, %2, score %3. ").arg(f->row.id).arg(f->row.subject, opt(f->row.score)),
                  true },
                { f->row.explanation } });
    }
}

const FindingEntry *ReportComposer::findFinding(qint64 id) const
{
    for (const RunEntry &r : d.runs)
        for (const FindingEntry &f : r.findings)
            if (f.row.id == id)
                return &f;
    return nullptr;
}

} // namespace lineage::report::compose
