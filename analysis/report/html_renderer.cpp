// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/html_renderer.h"

#include "report/chart_painter.h"
#include "report/pdf_renderer.h"

#include <QFont>
#include <QSaveFile>

namespace lineage::report {

namespace {

const char *kStyle = R"(
body { font-family: "DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 10pt;
       max-width: 60em; margin: 0 auto; padding: 0 1em; color: #111; }
.banner { text-align: center; font-weight: bold; color: #9b1c1c; border-bottom: 1px solid #999; padding: .3em; }
.banner.bottom { border-top: 1px solid #999; border-bottom: none; }
.meta { font-size: 8pt; color: #444; display: flex; justify-content: space-between; }
h1.title { font-size: 22pt; margin-top: 2em; }
h1 { font-size: 16pt; border-bottom: 1px solid #ccc; margin-top: 2em; }
h2 { font-size: 12.5pt; } h3 { font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: 8pt; }
th, td { border: 1px solid #b0b0b0; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #e8ecf2; }
td.mono { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
table.passage td { width: 50%; font-size: 8.5pt; }
.label { font-style: italic; font-size: 7.5pt; color: #444; display: block; }
mark { background: #ffe082; }
.caption { font-style: italic; font-size: 8pt; }
code { font-family: "DejaVu Sans Mono", monospace; }
ul.toc { list-style: none; padding-left: 0; } ul.toc li.l2 { padding-left: 1.5em; }
svg { max-width: 100%; height: auto; }
)";

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString runs(const TextRuns &list)
{
    QString out;
    for (const TextRun &r : list) {
        QString t = esc(r.text);
        t.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        if (r.mono)
            t = QStringLiteral("<code>") + t + QStringLiteral("</code>");
        if (r.bold)
            t = QStringLiteral("<b>") + t + QStringLiteral("</b>");
        if (r.italic)
            t = QStringLiteral("<i>") + t + QStringLiteral("</i>");
        if (r.mark)
            t = QStringLiteral("<mark>") + t + QStringLiteral("</mark>");
        out += t;
    }
    return out;
}

QString runsText(const TextRuns &list)
{
    QString s;
    for (const TextRun &r : list)
        s += r.text;
    return s;
}

} // namespace

QString renderHtml(const ReportDocument &document)
{
    QFont font;
    font.setFamilies(reportFontFamilies());
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%1</title>\n"
                        "<style>%2</style>\n</head>\n<body>\n")
             .arg(esc(document.title), QString::fromLatin1(kStyle));
    const QString banner = esc(document.classification);
    h += QStringLiteral("<div class=\"banner\">%1</div>\n<div class=\"meta\"><span>%2</span><span>Case %3</span>"
                        "<span>Audit head <code>%4</code></span></div>\n")
             .arg(banner, esc(document.title), esc(document.caseNumber), esc(document.auditHead));
    for (const Block &b : document.blocks) {
        switch (b.kind) {
        case Block::Kind::Title:
            h += QStringLiteral("<h1 class=\"title\">%1</h1>\n").arg(runs(b.runs));
            break;
        case Block::Kind::Heading:
            h += QStringLiteral("<h%1 id=\"%2\">%3</h%1>\n").arg(b.level).arg(esc(b.anchor), runs(b.runs));
            break;
        case Block::Kind::Paragraph:
            h += QStringLiteral("<p>%1</p>\n").arg(runs(b.runs));
            break;
        case Block::Kind::Table: {
            h += QStringLiteral("<table>\n");
            if (!b.table.header.isEmpty()) {
                h += QStringLiteral("<tr>");
                for (int c = 0; c < b.table.header.size(); ++c) {
                    const QString width = c < b.table.widths.size()
                        ? QStringLiteral(" style=\"width:%1%\"").arg(b.table.widths[c])
                        : QString();
                    h += QStringLiteral("<th%1>%2</th>").arg(width, esc(b.table.header[c]));
                }
                h += QStringLiteral("</tr>\n");
            }
            for (const QStringList &row : b.table.rows) {
                h += QStringLiteral("<tr>");
                for (int c = 0; c < row.size(); ++c)
                    h += QStringLiteral("<td%1>%2</td>")
                             .arg(b.table.monoColumns.contains(c) ? QStringLiteral(" class=\"mono\"") : QString(),
                                  esc(row[c]));
                h += QStringLiteral("</tr>\n");
            }
            h += QStringLiteral("</table>\n");
            break;
        }
        case Block::Kind::Chart:
            h += QStringLiteral("<figure>\n") + QString::fromUtf8(chartSvg(b.chart, font, 560, 224))
                + QStringLiteral("\n<figcaption class=\"caption\">%1</figcaption>\n</figure>\n")
                      .arg(esc(b.chart.caption));
            break;
        case Block::Kind::Passage:
            h += QStringLiteral("<table class=\"passage\"><tr><td><span class=\"label\">%1</span>%2</td>"
                                "<td><span class=\"label\">%3</span>%4</td></tr></table>\n")
                     .arg(esc(b.leftLabel), runs(b.left), esc(b.rightLabel), runs(b.right));
            break;
        case Block::Kind::Contents: {
            h += QStringLiteral("<h1 id=\"contents\">%1</h1>\n<ul class=\"toc\">\n").arg(runs(b.runs));
            for (const Block &o : document.blocks)
                if (o.kind == Block::Kind::Heading && o.level <= 2)
                    h += QStringLiteral("<li class=\"l%1\"><a href=\"#%2\">%3</a></li>\n")
                             .arg(o.level)
                             .arg(esc(o.anchor), esc(runsText(o.runs)));
            h += QStringLiteral("</ul>\n");
            break;
        }
        case Block::Kind::PageBreak:
            break;
        }
    }
    h += QStringLiteral("<div class=\"meta\"><span>Generated %1</span></div>\n<div class=\"banner bottom\">%2</div>\n"
                        "</body>\n</html>\n")
             .arg(esc(document.generated), banner);
    return h;
}

Status writeHtml(const ReportDocument &document, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be written.").arg(path), file.errorString());
    file.write(renderHtml(document).toUtf8());
    if (!file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be written.").arg(path), file.errorString());
    return Status::success();
}

} // namespace lineage::report
