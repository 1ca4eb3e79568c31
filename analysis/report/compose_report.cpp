// SPDX-License-Identifier: GPL-3.0-or-later
// The report's text: every section written from ReportData as blocks.
#include "report/report_document.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>

namespace lineage::report {

namespace {

using casefile::FindingRow;

const int kRefsShown = 24;

QString num(double v, int precision = 4)
{
    return QString::number(v, 'g', precision);
}

QString opt(const std::optional<double> &v, int precision = 4)
{
    return v ? num(*v, precision) : QStringLiteral("-");
}

QString bytes(qint64 n)
{
    return QLocale::c().toString(n) + QStringLiteral(" bytes");
}

QString jsonValue(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return num(v.toDouble(), 10);
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("not set");
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

class Composer
{
public:
    explicit Composer(const ReportData &data) : d(data) { }

    ReportDocument compose()
    {
        doc.title = d.info.title.isEmpty() ? d.caseFileName : d.info.title;
        doc.classification = d.info.classification.isEmpty() ? QStringLiteral("UNCLASSIFIED") : d.info.classification;
        doc.caseNumber = d.info.caseNumber.isEmpty() ? QStringLiteral("(no case number)") : d.info.caseNumber;
        doc.auditHead = d.audit.headHash;
        doc.generated = d.time(d.generatedUtc);
        for (Section s : d.options.sections) {
            switch (s) {
            case Section::Cover:
                cover();
                break;
            case Section::Contents:
                contents();
                break;
            case Section::Summary:
                summary();
                break;
            case Section::Methodology:
                methodology();
                break;
            case Section::Findings:
                findings();
                break;
            case Section::Exhibits:
                exhibits();
                break;
            case Section::Comments:
                comments();
                break;
            case Section::Documents:
                documents();
                break;
            case Section::Timeline:
                timelineSection();
                break;
            case Section::Custody:
                custody();
                break;
            case Section::Audit:
                audit();
                break;
            case Section::Verification:
                verification();
                break;
            case Section::Versions:
                versions();
                break;
            }
        }
        return doc;
    }

private:
    void heading(int level, const QString &text, const QString &anchor)
    {
        Block b;
        b.kind = Block::Kind::Heading;
        b.level = level;
        b.anchor = anchor;
        b.runs = { { text, true } };
        doc.blocks.append(b);
    }
    void section(Section s) { heading(1, sectionTitle(s), QStringLiteral("sec-") + sectionName(s)); }
    void para(const TextRuns &runs)
    {
        Block b;
        b.kind = Block::Kind::Paragraph;
        b.runs = runs;
        doc.blocks.append(b);
    }
    void para(const QString &text) { para(TextRuns { { text } }); }
    void table(const TableSpec &t)
    {
        Block b;
        b.kind = Block::Kind::Table;
        b.table = t;
        doc.blocks.append(b);
    }
    void chart(const ChartSpec &c)
    {
        Block b;
        b.kind = Block::Kind::Chart;
        b.chart = c;
        doc.blocks.append(b);
    }
    static TextRuns marked(const TextExcerpt &e)
    {
        TextRuns runs;
        const QString pre = e.clippedBefore ? QStringLiteral("… ") : QString();
        const QString post = e.clippedAfter ? QStringLiteral(" …") : QString();
        runs.append({ pre + e.excerpt.left(e.markStart) });
        if (e.markLength > 0)
            runs.append({ e.excerpt.mid(e.markStart, e.markLength), false, false, false, true });
        runs.append({ e.excerpt.mid(e.markStart + e.markLength) + post });
        return runs;
    }
    void passage(const PassagePair &p)
    {
        Block b;
        b.kind = Block::Kind::Passage;
        b.leftLabel = p.left.label;
        b.rightLabel = p.right.label;
        b.left = marked(p.left);
        b.right = marked(p.right);
        doc.blocks.append(b);
    }

    QString findingTitle(const FindingRow &f) const
    {
        return QStringLiteral("Finding %1 [%2]: %3%4")
            .arg(f.id)
            .arg(f.strength, f.kind, f.subject.isEmpty() ? QString() : QStringLiteral(", ") + f.subject);
    }

    void cover()
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

    void contents()
    {
        Block b;
        b.kind = Block::Kind::Contents;
        b.runs = { { sectionTitle(Section::Contents), true } };
        doc.blocks.append(b);
    }

    void summary()
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

    void methodology()
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

    ChartSpec scoreChart(const RunEntry &r) const
    {
        ChartSpec c;
        c.kind = ChartSpec::Kind::Bars;
        c.title = QStringLiteral("Score of each finding of run %1 (%2)").arg(r.run.id).arg(r.run.kind);
        c.valueLabel = QStringLiteral("score");
        for (const FindingEntry &f : r.findings) {
            if (!f.row.score)
                continue;
            c.labels << QStringLiteral("#%1").arg(f.row.id);
            c.values << *f.row.score;
        }
        c.caption = QStringLiteral("Bars are labelled with finding ids; values are the findings' stored scores.");
        return c;
    }

    void finding(const FindingEntry &f)
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
            refs << QStringLiteral("%1 %2 (%3)")
                        .arg(row.refs[i].itemKind)
                        .arg(row.refs[i].itemId)
                        .arg(row.refs[i].relation);
        if (!refs.isEmpty())
            para(TextRuns {
                { QStringLiteral("Rests on: "), true },
                { refs.join(QStringLiteral("; "))
                  + (row.refs.size() > kRefsShown ? QStringLiteral("; and %1 more (lineage-cli findings --json)")
                                                        .arg(row.refs.size() - kRefsShown)
                                                  : QString()) } });
        if (f.passageCount > 0)
            para(QStringLiteral("%1 shared passage(s)%2; shared words are highlighted.")
                     .arg(f.passageCount)
                     .arg(f.passageCount > f.passages.size()
                              ? QStringLiteral(", the first %1 shown").arg(f.passages.size())
                              : QString()));
        for (const PassagePair &p : f.passages)
            passage(p);
        for (const TextExcerpt &c : f.claims) {
            TextRuns runs { { c.label + QStringLiteral(": "), false, true } };
            runs.append(marked(c));
            para(runs);
        }
    }

    void findings()
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
            const ChartSpec c = scoreChart(r);
            if (!c.values.isEmpty())
                chart(c);
            for (const FindingEntry &f : r.findings)
                finding(f);
        }
    }

    const FindingEntry *findFinding(qint64 id) const
    {
        for (const RunEntry &r : d.runs)
            for (const FindingEntry &f : r.findings)
                if (f.row.id == id)
                    return &f;
        return nullptr;
    }

    void exhibits()
    {
        section(Section::Exhibits);
        if (d.exhibits.isEmpty())
            para(QStringLiteral("No item has been made an exhibit."));
        for (const ExhibitEntry &e : d.exhibits) {
            heading(2,
                    QStringLiteral("Exhibit %1: %2")
                        .arg(e.row.number)
                        .arg(e.row.caption.isEmpty() ? e.itemLabel : e.row.caption),
                    QStringLiteral("exhibit-%1").arg(e.row.number));
            para(QStringLiteral("Item: %1. Added %2.").arg(e.itemLabel, d.time(e.row.createdUtc)));
            if (!e.row.note.isEmpty())
                para(e.row.note);
            if (e.findingId) {
                if (const FindingEntry *f = findFinding(*e.findingId)) {
                    para(f->row.explanation);
                    for (const PassagePair &p : f->passages)
                        passage(p);
                }
            }
            if (e.text)
                para(marked(*e.text));
        }
    }

    void comments()
    {
        section(Section::Comments);
        if (d.comments.isEmpty()) {
            para(QStringLiteral("There are no comments."));
            return;
        }
        TableSpec t;
        t.header
            = { QStringLiteral("Comment"), QStringLiteral("On"), QStringLiteral("By, when"), QStringLiteral("Text") };
        t.widths = { 10, 25, 25, 40 };
        for (const CommentEntry &c : d.comments)
            t.rows.append({ QString::number(c.row.id), c.itemLabel,
                            c.row.author + QStringLiteral(", ") + d.time(c.row.createdUtc), c.row.body });
        table(t);
    }

    void documents()
    {
        section(Section::Documents);
        if (d.documents.isEmpty()) {
            para(QStringLiteral("The case holds no documents."));
            return;
        }
        for (const DocumentEntry &de : d.documents) {
            const auto &doc_ = de.document;
            heading(
                2,
                QStringLiteral("Document %1: %2").arg(doc_.id).arg(doc_.title.isEmpty() ? doc_.sourceName : doc_.title),
                QStringLiteral("document-%1").arg(doc_.id));
            para(QStringLiteral("Type %1; parties %2; effective %3; %4 pages; file %5 (source %6).")
                     .arg(doc_.type, doc_.parties.isEmpty() ? QStringLiteral("not given") : doc_.parties,
                          doc_.effectiveDate.isEmpty() ? QStringLiteral("not given") : doc_.effectiveDate)
                     .arg(doc_.pageCount)
                     .arg(doc_.sourceName)
                     .arg(doc_.sourceId));
            if (de.dates.isEmpty())
                continue;
            TableSpec t;
            t.header = { QStringLiteral("Cited at"), QStringLiteral("Date"), QStringLiteral("Clause or passage") };
            t.widths = { 22, 22, 56 };
            for (const auto &e : de.dates)
                t.rows.append({ e.restsOn(), d.time(e.startUtc).left(10),
                                e.description.isEmpty() ? e.title : e.title + QStringLiteral(": ") + e.description });
            table(t);
        }
    }

    void timelineSection()
    {
        section(Section::Timeline);
        if (d.activity) {
            const timeline::Series &s = *d.activity;
            ChartSpec c;
            c.kind = ChartSpec::Kind::TimeBars;
            c.title = QStringLiteral("Query records per %1 (%2)").arg(s.request.bucket.name(), d.zoneName);
            c.valueLabel = QStringLiteral("records");
            for (int i = 0; i < s.bucketCount(); ++i) {
                c.labels << d.time(s.edges[i]).left(16);
                c.values << double(s.total.records.value(i));
            }
            for (const auto &e : d.events) {
                const auto it = std::upper_bound(s.edges.cbegin(), s.edges.cend(), e.startUtc);
                const int bucket = int(it - s.edges.cbegin()) - 1;
                if (bucket >= 0 && bucket < s.bucketCount())
                    c.markers.append({ bucket, e.title.left(24) });
            }
            c.caption = QStringLiteral("%1 query records in %2 buckets from %3 to %4; the lines mark the events "
                                       "listed below.")
                            .arg(QLocale::c().toString(s.total.totalRecords()))
                            .arg(s.bucketCount())
                            .arg(d.time(s.edges.first()), d.time(s.edges.last()));
            chart(c);
        } else {
            para(QStringLiteral("No query record has a time."));
        }
        if (d.events.isEmpty())
            return;
        TableSpec t;
        t.header = { QStringLiteral("When"), QStringLiteral("Category"), QStringLiteral("Event"),
                     QStringLiteral("Rests on") };
        t.widths = { 30, 15, 37, 18 };
        for (const auto &e : d.events)
            t.rows.append({ d.time(e.startUtc) + (e.isSpan() ? QStringLiteral(" to ") + d.time(*e.endUtc) : QString()),
                            e.category, e.title, e.restsOn() });
        table(t);
    }

    void custody()
    {
        section(Section::Custody);
        para(QStringLiteral("Every source as it was imported. The originals are kept in the case, content-addressed "
                            "by their SHA-256; verification recomputes each hash (Appendix C)."));
        TableSpec t;
        t.header = { QStringLiteral("Id"),           QStringLiteral("File"),     QStringLiteral("Kind"),
                     QStringLiteral("Size"),         QStringLiteral("Imported"), QStringLiteral("Importer"),
                     QStringLiteral("Declared zone") };
        t.widths = { 5, 22, 10, 12, 22, 19, 10 };
        TableSpec h;
        h.header = { QStringLiteral("Source"), QStringLiteral("SHA-256 of the original bytes") };
        h.widths = { 12, 88 };
        h.monoColumns = { 1 };
        for (const auto &s : d.sources) {
            t.rows.append({ QString::number(s.id), s.originalName, s.kind, bytes(s.size), d.time(s.importedUtc),
                            s.importer + QStringLiteral(" ") + s.importerVersion,
                            s.declaredTz.isEmpty() ? QStringLiteral("-") : s.declaredTz });
            h.rows.append({ QString::number(s.id), s.sha256 });
        }
        table(t);
        table(h);
    }

    void audit()
    {
        section(Section::Audit);
        para(QStringLiteral("The audit log holds %1 hash-chained entries; the newest entry's hash (the head) is %2. %3")
                 .arg(d.audit.count)
                 .arg(d.audit.headHash)
                 .arg(d.audit.entries.size() < d.audit.count
                          ? QStringLiteral("The newest %1 are listed; lineage-cli log lists all.")
                                .arg(d.audit.entries.size())
                          : QStringLiteral("All are listed.")));
        TableSpec t;
        t.header = { QStringLiteral("#"),      QStringLiteral("When"),   QStringLiteral("Who"),
                     QStringLiteral("Action"), QStringLiteral("Target"), QStringLiteral("Hash") };
        t.widths = { 6, 26, 16, 18, 14, 20 };
        t.monoColumns = { 5 };
        for (const auto &e : d.audit.entries)
            t.rows.append({ QString::number(e.seq), d.time(e.utcMs),
                            e.investigator + QStringLiteral(" (") + e.osUser + QStringLiteral(")"), e.action, e.target,
                            e.hash.left(16) });
        table(t);
    }

    void verification()
    {
        section(Section::Verification);
        if (!d.verification) {
            para(QStringLiteral("Verification was not run for this report."));
            return;
        }
        const auto &v = *d.verification;
        para(TextRuns {
            { v.ok() ? QStringLiteral("Verification passed. ") : QStringLiteral("Verification FAILED. "), true },
            { QStringLiteral("At %1 the database integrity check, the audit chain (%2 entries) and the "
                             "hashes of %3 evidence blobs (%4) were recomputed%5.")
                  .arg(doc.generated)
                  .arg(v.auditEntries)
                  .arg(v.blobs)
                  .arg(bytes(v.evidenceBytes))
                  .arg(v.ok() ? QStringLiteral(": nothing was altered")
                              : QStringLiteral(": %1 problem(s), listed below").arg(v.problems.size())) } });
        if (v.ok())
            return;
        TableSpec t;
        t.header = { QStringLiteral("Area"), QStringLiteral("Item"), QStringLiteral("Problem") };
        t.widths = { 15, 25, 60 };
        for (const auto &p : v.problems)
            t.rows.append({ p.area, p.item, p.message });
        table(t);
    }

    void versions()
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

    const ReportData &d;
    ReportDocument doc;
};

QString runsText(const TextRuns &runs)
{
    QString s;
    for (const TextRun &r : runs)
        s += r.text;
    return s;
}

} // namespace

ReportDocument composeReport(const ReportData &data)
{
    return Composer(data).compose();
}

QString plainText(const ReportDocument &document)
{
    QStringList lines;
    for (const Block &b : document.blocks) {
        switch (b.kind) {
        case Block::Kind::Title:
        case Block::Kind::Heading:
        case Block::Kind::Paragraph:
        case Block::Kind::Contents:
            lines << runsText(b.runs);
            break;
        case Block::Kind::Table:
            if (!b.table.header.isEmpty())
                lines << b.table.header.join(QLatin1Char('\t'));
            for (const QStringList &row : b.table.rows)
                lines << row.join(QLatin1Char('\t'));
            break;
        case Block::Kind::Chart:
            lines << b.chart.title << b.chart.caption;
            break;
        case Block::Kind::Passage:
            lines << b.leftLabel << runsText(b.left) << b.rightLabel << runsText(b.right);
            break;
        case Block::Kind::PageBreak:
            break;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace lineage::report
