// SPDX-License-Identifier: GPL-3.0-or-later
// The report's front matter: cover, contents, case summary, versions.
#include "report/report_composer.h"

#include <QLocale>

#include <algorithm>

namespace lineage::report::compose {

using casefile::FindingRow;

QString ReportComposer::findingTitle(const FindingRow &f) const
{
    return QStringLiteral("Finding %1 [%2]: %3%4")
        .arg(f.id)
        .arg(f.strength, f.kind, f.subject.isEmpty() ? QString() : QStringLiteral(", ") + f.subject);
}

void ReportComposer::cover()
{
    Block t;
    t.kind = Block::Kind::Title;
    t.runs = { { doc.title, true } };
    doc.blocks.append(t);
    para(TextRuns { { QStringLiteral("Investigation report"), false, true } });
    TableSpec kv;
    kv.widths = { 30, 70 };
    kv.monoColumns = {};
    kv.rows = {
        { QStringLiteral("Case number"), doc.caseNumber },
        { QStringLiteral("Investigator"),
          d.info.investigator.isEmpty() ? QStringLiteral("(not named)") : d.info.investigator },
        { QStringLiteral("Classification"), doc.classification },
        { QStringLiteral("Case created"), d.time(d.info.createdUtc) + QStringLiteral(" by ") + d.info.createdBy },
        { QStringLiteral("Report generated"), doc.generated },
        { QStringLiteral("Times shown in"), d.zoneName },
        { QStringLiteral("Program"), QStringLiteral("Lineage ") + d.programVersion },
        { QStringLiteral("Case file"), d.caseFileName },
        { QStringLiteral("Audit chain"),
          QStringLiteral("%1 entries, head %2").arg(d.audit.count).arg(d.audit.headHash) },
    };
    table(kv);
    para(QStringLiteral("Every number in this report names the record, turn, page or finding it rests on "
                        "(\"finding 12\", \"record 40\"), so that it can be looked up in the case file and "
                        "recomputed. The audit head printed on every page identifies the state of the case "
                        "the report was made from."));
}

void ReportComposer::contents()
{
    Block b;
    b.kind = Block::Kind::Contents;
    b.runs = { { sectionTitle(Section::Contents), true } };
    doc.blocks.append(b);
}

void ReportComposer::summary()
{
    section(Section::Summary);
    int logs = 0, transcripts = 0, documents = 0;
    for (const auto &s : d.sources) {
        if (s.kind == QLatin1String("query-log"))
            ++logs;
        else if (s.kind == QLatin1String("transcript"))
            ++transcripts;
        else
            ++documents;
    }
    para(QStringLiteral("The case holds %1 sources (%2 query logs, %3 transcript files, %4 documents): %5 "
                        "query records, %6 model transcripts and %7 legal or reference documents. %8 analysis "
                        "runs completed%9.")
             .arg(d.sources.size())
             .arg(logs)
             .arg(transcripts)
             .arg(documents)
             .arg(QLocale::c().toString(d.queryRecords))
             .arg(d.transcripts.size())
             .arg(d.documents.size())
             .arg(d.runs.size())
             .arg(d.otherRuns ? QStringLiteral(" (%1 canceled or failed, without findings)").arg(d.otherRuns)
                              : QString()));
    heading(2, QStringLiteral("Lines of evidence"), QStringLiteral("sum-lines"));
    if (d.runs.isEmpty()) {
        para(QStringLiteral("No analysis has been run on this case; there are no findings."));
        return;
    }
    TableSpec lines;
    lines.header
        = { QStringLiteral("Analysis (run)"), QStringLiteral("Findings"), QStringLiteral("Strong"),
            QStringLiteral("Moderate"),       QStringLiteral("Weak"),     QStringLiteral("Strongest findings") };
    lines.widths = { 28, 10, 10, 11, 9, 32 };
    for (const RunEntry &r : d.runs) {
        int strong = 0, moderate = 0, weak = 0;
        QStringList top;
        for (const FindingEntry &f : r.findings) {
            if (f.row.strength == QLatin1String("strong")) {
                ++strong;
                if (top.size() < 6)
                    top << QStringLiteral("#%1").arg(f.row.id);
            } else if (f.row.strength == QLatin1String("moderate"))
                ++moderate;
            else
                ++weak;
        }
        lines.rows.append({ QStringLiteral("%1 (run %2)").arg(r.title).arg(r.run.id),
                            QString::number(r.findings.size()), QString::number(strong), QString::number(moderate),
                            QString::number(weak),
                            top.isEmpty() ? QStringLiteral("-") : top.join(QStringLiteral(", ")) });
    }
    table(lines);
    para(QStringLiteral("Strength follows a documented rule per analysis (see Methodology). Strong findings of "
                        "one analysis are not independent witnesses of one another: they come from one "
                        "comparison and stand or fall with its method."));
}

void ReportComposer::versions()
{
    section(Section::Versions);
    para(QStringLiteral("The program and libraries that wrote this report, and the versions each analysis run "
                        "recorded when it ran. A run can be repeated with lineage-cli analyze CASE --rerun R."));
    TableSpec t;
    t.header = { QStringLiteral("Component"), QStringLiteral("Version") };
    t.widths = { 35, 65 };
    for (const VersionEntry &v : d.versions)
        t.rows.append({ v.component, v.version });
    table(t);
    for (const RunEntry &r : d.runs) {
        TableSpec rv;
        rv.header = { QStringLiteral("Run %1 (%2)").arg(r.run.id).arg(r.run.kind), QStringLiteral("Version") };
        rv.widths = { 35, 65 };
        QStringList keys = r.run.versions.keys();
        std::sort(keys.begin(), keys.end());
        for (const QString &k : keys)
            rv.rows.append({ k, jsonValue(r.run.versions.value(k)) });
        table(rv);
    }
}

} // namespace lineage::report::compose
