// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_data.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVector>

namespace lineage::report {

// A piece of text with its looks: bold, italic, monospaced (hashes, ids), or marked (the
// shared words of a passage, highlighted in print and HTML alike).
struct TextRun
{
    QString text;
    bool bold = false;
    bool italic = false;
    bool mono = false;
    bool mark = false;
};
using TextRuns = QList<TextRun>;

// A chart as the report draws it, as vectors, from a core series: bars over time buckets
// (the activity of the case, with event markers) or one bar per labelled item (the score of
// each finding). Values are plain numbers; labels say what each bar is.
struct ChartSpec
{
    enum class Kind { TimeBars, Bars };
    Kind kind = Kind::Bars;
    QString title;
    QString valueLabel; // "records per day", "score"
    QStringList labels; // one per bar (Bars) or per bucket (TimeBars: its start, in the zone)
    QVector<double> values;
    struct Marker
    {
        int bucket = 0; // the bar it stands on
        QString label;
    };
    QList<Marker> markers; // events on a time chart
    QString caption; // under the chart: where its numbers come from
};

struct TableSpec
{
    QStringList header;
    QList<QStringList> rows;
    QList<int> widths; // percent of the text width per column (empty: even)
    QList<int> monoColumns; // columns set in a monospaced font (hashes)
};

// One block of the laid-out report, in reading order.
struct Block
{
    enum class Kind {
        Title, // the cover's title line
        Heading, // level 1 starts a section on a new page; level 2 and 3 within one
        Paragraph,
        Table,
        Chart,
        Passage, // two texts side by side, the shared words marked
        Contents, // the table of contents: the renderer fills in the headings and pages
        PageBreak,
    };
    Kind kind = Kind::Paragraph;
    int level = 1;
    QString anchor; // headings: a stable id ("sec-findings", "finding-12")
    TextRuns runs; // title, heading, paragraph
    TableSpec table;
    ChartSpec chart;
    QString leftLabel, rightLabel; // passage
    TextRuns left, right;
};

// The report as a sequence of blocks: the text is fixed here (the same case and sections
// give the same blocks, the generation time aside), the renderers only lay it out. Also
// carries what every page prints: the classification banner, case number and audit head.
struct ReportDocument
{
    QString title;
    QString classification;
    QString caseNumber;
    QString auditHead;
    QString generated; // the generation time as printed
    QList<Block> blocks;
};

// Writes the report's text from its data.
ReportDocument composeReport(const ReportData &data);

// The document's text as plain lines (headings, paragraphs, table cells, passages), for
// tests and for comparing two reports.
QString plainText(const ReportDocument &document);

} // namespace lineage::report
