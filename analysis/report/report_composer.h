// SPDX-License-Identifier: GPL-3.0-or-later
// The report's composer: writes each section of ReportData as blocks. Internal to
// lineage_report; its sections live in compose_*.cpp, one subject each.
#pragma once

#include "report/report_document.h"

#include <QJsonValue>

namespace lineage::report::compose {

inline constexpr int kRefsShown = 24;
// Weak findings of one run shown in full; more are listed in brief, one paragraph each.
inline constexpr int kWeakInFull = 30;

QString num(double v, int precision = 4);
QString opt(const std::optional<double> &v, int precision = 4);
QString bytes(qint64 n);
QString jsonValue(const QJsonValue &v);

// Writes one report: compose() walks the asked sections in order. A value used once.
class ReportComposer
{
public:
    explicit ReportComposer(const ReportData &data) : d(data) { }

    ReportDocument compose();

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

    QString findingTitle(const casefile::FindingRow &f) const;

    // Front matter (compose_front.cpp).
    void cover();
    void contents();
    void summary();
    void versions();

    // Analyses and their findings (compose_findings.cpp).
    void methodology();
    ChartSpec scoreChart(const RunEntry &r, const QString &kind) const;
    void finding(const FindingEntry &f);
    void findings();
    const FindingEntry *findFinding(qint64 id) const;

    // The investigator's exhibits and comments (compose_exhibits.cpp).
    void exhibits();
    // A chart exhibit redrawn from its run's stored findings: bars and a table of the numbers.
    void exhibitChart(const ExhibitEntry &e);
    void comments();

    // Documents and the timeline (compose_timeline.cpp).
    void documents();
    void timelineSection();

    // Chain of custody, audit trail and verification (compose_custody.cpp).
    void custody();
    void audit();
    void verification();

    const ReportData &d;
    ReportDocument doc;
};

} // namespace lineage::report::compose
