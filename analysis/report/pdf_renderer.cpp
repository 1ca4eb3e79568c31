// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/pdf_renderer.h"

#include "report/chart_painter.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextObjectInterface>
#include <QTextTable>

#include <cmath>
#include <memory>

namespace lineage::report {

namespace {

const int kChartObject = QTextFormat::UserObject + 1;
const int kChartIndex = QTextFormat::UserProperty + 1;

const QColor kMark(0xff, 0xe0, 0x82);
const QColor kHeaderFill(0xe8, 0xec, 0xf2);
const QColor kBanner(0x9b, 0x1c, 0x1c);
const QColor kRule(0xb0, 0xb0, 0xb0);

// Qt shapes without ligatures when letter spacing is set: "fi" stays two letters, so that the
// PDF's text is found by a search and extracted as written (no U+FB01).
const double kNoLigatures = 0.05; // device pixels; Qt keeps 1/64 px at least

QFont baseFont(double pointSize)
{
    QFont f;
    f.setFamilies(reportFontFamilies());
    f.setPointSizeF(pointSize);
    f.setLetterSpacing(QFont::AbsoluteSpacing, kNoLigatures);
    return f;
}

// Draws the report's charts inside the text flow, as vectors, through the painter the
// document is drawn with.
class ChartObject : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)
public:
    // `charts` is filled while the document is built; it outlives this object.
    ChartObject(const QList<ChartSpec> *charts, double width, double unit)
        : m_charts(charts), m_width(width), m_unit(unit)
    {
    }

    QSizeF intrinsicSize(QTextDocument *, int, const QTextFormat &) override { return QSizeF(m_width, m_width * 0.40); }
    void drawObject(QPainter *painter, const QRectF &rect, QTextDocument *, int, const QTextFormat &format) override
    {
        const int index = format.property(kChartIndex).toInt();
        if (index >= 0 && index < m_charts->size())
            paintChart(*painter, rect, m_charts->at(index), baseFont(9), m_unit);
    }

private:
    const QList<ChartSpec> *m_charts;
    double m_width;
    double m_unit;
};

// Builds the QTextDocument of a report; `pages` fills the table of contents (empty: zeros).
class DocumentBuilder
{
public:
    DocumentBuilder(const ReportDocument &report, QTextDocument &doc, double unit, double width)
        : m_report(report), m_doc(doc), m_unit(unit), m_width(width), m_cursor(&doc)
    {
    }

    QList<ChartSpec> charts;
    QList<std::pair<QString, QTextBlock>> headings; // level 1-2 headings in order

    void build(const QList<int> &pages)
    {
        bool first = true;
        for (const Block &b : m_report.blocks) {
            switch (b.kind) {
            case Block::Kind::Title:
                title(b, first);
                break;
            case Block::Kind::Heading:
                heading(b, first);
                break;
            case Block::Kind::Paragraph:
                paragraph(b.runs, first);
                break;
            case Block::Kind::Table:
                table(b.table, first);
                break;
            case Block::Kind::Chart:
                chart(b.chart, first);
                break;
            case Block::Kind::Passage:
                passage(b, first);
                break;
            case Block::Kind::Contents:
                contents(b, pages, first);
                break;
            case Block::Kind::PageBreak: {
                QTextBlockFormat f;
                f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
                newBlock(f, first);
                break;
            }
            }
            first = false;
        }
    }

private:
    double pt(double v) const { return v * m_unit; }

    void newBlock(const QTextBlockFormat &format, bool first, const QTextCharFormat &chars = {})
    {
        if (first) {
            m_cursor.setBlockFormat(format);
            m_cursor.setBlockCharFormat(chars);
        } else {
            m_cursor.movePosition(QTextCursor::End);
            m_cursor.insertBlock(format, chars);
        }
    }

    QTextCharFormat charFormat(const TextRun &r, double size = 9.5) const
    {
        QTextCharFormat f;
        if (r.mono) {
            f.setFontFamilies(QStringList { QStringLiteral("DejaVu Sans Mono") } + reportFontFamilies());
            f.setFontPointSize(size - 1.5);
        } else {
            f.setFontFamilies(reportFontFamilies());
            f.setFontPointSize(size);
        }
        f.setFontWeight(r.bold ? QFont::Bold : QFont::Normal);
        f.setFontLetterSpacingType(QFont::AbsoluteSpacing);
        f.setFontLetterSpacing(kNoLigatures);
        f.setFontItalic(r.italic);
        if (r.mark)
            f.setBackground(kMark);
        return f;
    }

    void insertRuns(QTextCursor &c, const TextRuns &runs, double size = 9.5)
    {
        // A line break inside a text stays a line of its paragraph (not a new block with the
        // paragraph's spacing): page texts and answers keep their lines.
        for (const TextRun &r : runs)
            c.insertText(QString(r.text).replace(QLatin1Char('\n'), QChar::LineSeparator), charFormat(r, size));
    }

    void title(const Block &b, bool first)
    {
        QTextBlockFormat f;
        f.setTopMargin(pt(120));
        f.setBottomMargin(pt(18));
        newBlock(f, first);
        insertRuns(m_cursor, b.runs, 22);
    }

    void heading(const Block &b, bool first)
    {
        QTextBlockFormat f;
        const double size = b.level == 1 ? 16 : b.level == 2 ? 12.5 : 10.5;
        // A section starts a page; the first block is on one already (a report of one
        // section had a blank first page).
        if (b.level == 1 && !first)
            f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        f.setTopMargin(pt(b.level == 1 ? 0 : 12));
        f.setBottomMargin(pt(6));
        f.setHeadingLevel(b.level);
        newBlock(f, first);
        insertRuns(m_cursor, b.runs, size);
        if (b.level <= 2) {
            QString text;
            for (const TextRun &r : b.runs)
                text += r.text;
            headings.append({ text, m_cursor.block() });
        }
    }

    void paragraph(const TextRuns &runs, bool first, double size = 9.5)
    {
        QTextBlockFormat f;
        f.setBottomMargin(pt(5));
        f.setLineHeight(115, QTextBlockFormat::ProportionalHeight);
        newBlock(f, first);
        insertRuns(m_cursor, runs, size);
    }

    // Rules are drawn by the cells (ruleCell), never by the table's frame: a frame's border
    // runs on to the foot of a page where the table breaks, drawing an empty row under its
    // last one.
    QTextTableFormat tableFormat(const QList<int> &widths, int columns) const
    {
        QTextTableFormat tf;
        tf.setWidth(QTextLength(QTextLength::PercentageLength, 100));
        tf.setCellPadding(pt(2.5));
        tf.setCellSpacing(0);
        tf.setBorder(0);
        tf.setBorderCollapse(true);
        // Space above, none below: a bottom margin that reaches past the foot of a page makes
        // the layout repeat the header row there, alone.
        tf.setTopMargin(pt(8));
        tf.setBottomMargin(0);
        QList<QTextLength> constraints;
        for (int i = 0; i < columns; ++i)
            constraints << QTextLength(QTextLength::PercentageLength, i < widths.size() ? widths[i] : 100.0 / columns);
        tf.setColumnWidthConstraints(constraints);
        return tf;
    }

    void ruleCell(QTextTableCell cell, bool header = false) const
    {
        QTextTableCellFormat cf = cell.format().toTableCellFormat();
        if (header)
            cf.setBackground(kHeaderFill);
        cf.setBorder(pt(0.4));
        cf.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        cf.setBorderBrush(kRule);
        cell.setFormat(cf);
    }

    void table(const TableSpec &t, bool first)
    {
        const int columns = int(t.header.isEmpty() ? (t.rows.isEmpty() ? 1 : t.rows.first().size()) : t.header.size());
        const int header = t.header.isEmpty() ? 0 : 1;
        const int rows = int(t.rows.size()) + header;
        if (rows == 0)
            return;
        if (first)
            newBlock({}, true);
        m_cursor.movePosition(QTextCursor::End);
        QTextTableFormat tf = tableFormat(t.widths, columns);
        tf.setHeaderRowCount(header);
        QTextTable *table = m_cursor.insertTable(rows, columns, tf);
        auto fill = [&](int row, const QStringList &cells, bool isHeader) {
            for (int c = 0; c < columns; ++c) {
                QTextTableCell cell = table->cellAt(row, c);
                ruleCell(cell, isHeader);
                QTextCursor cc = cell.firstCursorPosition();
                TextRun run { cells.value(c), isHeader, false, t.monoColumns.contains(c) && !isHeader, false };
                cc.insertText(run.text, charFormat(run, 8));
            }
        };
        if (header)
            fill(0, t.header, true);
        for (int r = 0; r < t.rows.size(); ++r)
            fill(r + header, t.rows[r], false);
        m_cursor.movePosition(QTextCursor::End);
    }

    void chart(const ChartSpec &c, bool first)
    {
        QTextBlockFormat f;
        f.setTopMargin(pt(4));
        f.setBottomMargin(pt(2));
        f.setPageBreakPolicy(QTextFormat::PageBreak_Auto);
        newBlock(f, first);
        QTextCharFormat object;
        object.setObjectType(kChartObject);
        object.setProperty(kChartIndex, int(charts.size()));
        charts.append(c);
        m_cursor.insertText(QString(QChar::ObjectReplacementCharacter), object);
        if (!c.caption.isEmpty())
            paragraph(TextRuns { { c.caption, false, true } }, false, 8);
    }

    void passage(const Block &b, bool first)
    {
        if (first)
            newBlock({}, true);
        m_cursor.movePosition(QTextCursor::End);
        QTextTableFormat tf = tableFormat({ 50, 50 }, 2);
        tf.setHeaderRowCount(0);
        QTextTable *table = m_cursor.insertTable(1, 2, tf);
        auto fill = [&](int col, const QString &label, const TextRuns &runs) {
            QTextTableCell cell = table->cellAt(0, col);
            ruleCell(cell);
            QTextCursor cc = cell.firstCursorPosition();
            cc.insertText(label, charFormat(TextRun { label, false, true }, 7.5));
            cc.insertBlock();
            insertRuns(cc, runs, 8.5);
        };
        fill(0, b.leftLabel, b.left);
        fill(1, b.rightLabel, b.right);
        m_cursor.movePosition(QTextCursor::End);
    }

    void contents(const Block &b, const QList<int> &pages, bool first)
    {
        QTextBlockFormat f;
        f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        f.setBottomMargin(pt(10));
        newBlock(f, first);
        insertRuns(m_cursor, b.runs, 16);
        // Entries: every level-1 and level-2 heading after the contents.
        QList<std::pair<int, QString>> entries;
        bool after = false;
        for (const Block &other : m_report.blocks) {
            if (&other == &b)
                after = true;
            else if (after && other.kind == Block::Kind::Heading && other.level <= 2) {
                QString text;
                for (const TextRun &r : other.runs)
                    text += r.text;
                entries.append({ other.level, text });
            }
        }
        m_contentsOffset = int(headings.size());
        if (entries.isEmpty())
            return;
        m_cursor.movePosition(QTextCursor::End);
        QTextTable *table = m_cursor.insertTable(int(entries.size()), 2, tableFormat({ 88, 12 }, 2));
        for (int i = 0; i < entries.size(); ++i) {
            QTextCursor c0 = table->cellAt(i, 0).firstCursorPosition();
            const bool top = entries[i].first == 1;
            QTextBlockFormat indent;
            indent.setLeftMargin(top ? 0 : pt(14));
            c0.setBlockFormat(indent);
            c0.insertText(entries[i].second, charFormat(TextRun { {}, top }, top ? 10 : 9));
            QTextCursor c1 = table->cellAt(i, 1).firstCursorPosition();
            QTextBlockFormat right;
            right.setAlignment(Qt::AlignRight);
            c1.setBlockFormat(right);
            const int page = i < pages.size() ? pages[i] : 0;
            c1.insertText(QString::number(page), charFormat(TextRun { {}, top }, top ? 10 : 9));
        }
        m_cursor.movePosition(QTextCursor::End);
    }

public:
    int m_contentsOffset = 0; // headings before the contents are not listed in it

private:
    const ReportDocument &m_report;
    QTextDocument &m_doc;
    double m_unit;
    double m_width;
    QTextCursor m_cursor;
};

struct Layout
{
    // Destroyed in reverse order: the builder (its cursor is on the document), then the
    // document, then the chart handler the document's layout calls.
    std::unique_ptr<ChartObject> charts;
    std::unique_ptr<QTextDocument> doc;
    std::unique_ptr<DocumentBuilder> builder;
    QList<std::pair<QString, int>> headingPages; // after the contents
};

} // namespace

QStringList reportFontFamilies()
{
    return { QStringLiteral("DejaVu Sans"), QStringLiteral("WenQuanYi Micro Hei") };
}

Result<PaintedReport> paintReport(const ReportDocument &report, QPagedPaintDevice &device, Feedback &feedback)
{
    feedback.setPhase(QStringLiteral("Laying out the report"));
    const double dpi = device.logicalDpiY();
    const double unit = dpi / 72.0;
    const double pageW = device.width();
    const double pageH = device.height();
    // The device's own margins (a printer's) are already outside width() x height().
    const double marginX = 16 * unit;
    const double marginTop = 34 * unit;
    const double marginBottom = 34 * unit;
    const double bodyW = pageW - 2 * marginX;
    const double bodyH = pageH - marginTop - marginBottom;
    if (bodyW <= 0 || bodyH <= 0)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The page is too small for the report."));

    Layout layout;
    QList<int> pages;
    for (int pass = 0; pass < 4; ++pass) {
        layout.builder.reset(); // its cursor belongs to the old document
        layout.doc.reset();
        layout.charts.reset();
        layout.doc = std::make_unique<QTextDocument>();
        QTextDocument &doc = *layout.doc;
        doc.documentLayout()->setPaintDevice(&device);
        doc.setDefaultFont(baseFont(9.5));
        doc.setDocumentMargin(0);
        doc.setPageSize(QSizeF(bodyW, bodyH));
        layout.builder = std::make_unique<DocumentBuilder>(report, doc, unit, bodyW);
        DocumentBuilder &builder = *layout.builder;
        // The handler first: the layout asks it for the charts' sizes as they are inserted.
        layout.charts = std::make_unique<ChartObject>(&builder.charts, bodyW, unit);
        doc.documentLayout()->registerHandler(kChartObject, layout.charts.get());
        builder.build(pages);
        doc.documentLayout()->documentSize(); // lays it out
        QList<int> found;
        layout.headingPages.clear();
        for (int i = builder.m_contentsOffset; i < builder.headings.size(); ++i) {
            const auto &[text, block] = builder.headings[i];
            const QRectF r = doc.documentLayout()->blockBoundingRect(block);
            const int page = int(std::floor((r.top() + 1) / bodyH)) + 1;
            found << page;
            layout.headingPages.append({ text, page });
        }
        if (found == pages)
            break;
        pages = found;
        if (feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("The report was canceled."));
    }

    QTextDocument &doc = *layout.doc;
    const int pageCount = doc.pageCount();
    feedback.setPhase(QStringLiteral("Painting pages"), pageCount, QStringLiteral("pages"));
    QPainter painter;
    if (!painter.begin(&device))
        return makeError(ErrorCode::Io,
                         QStringLiteral("The report could not be painted (the output device did not open)."));
    QFont bannerFont = baseFont(8);
    bannerFont.setBold(true);
    QFont footFont = baseFont(7);
    for (int page = 0; page < pageCount; ++page) {
        if (feedback.isCanceled()) {
            painter.end();
            return makeError(ErrorCode::Canceled, QStringLiteral("The report was canceled."));
        }
        if (page > 0 && !device.newPage()) {
            painter.end();
            return makeError(ErrorCode::Io, QStringLiteral("The report could not start page %1.").arg(page + 1));
        }
        painter.save();
        painter.translate(marginX, marginTop - page * bodyH);
        const QRectF clip(0, page * bodyH, bodyW, bodyH);
        painter.setClipRect(clip);
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = clip;
        context.palette.setColor(QPalette::Text, Qt::black);
        doc.documentLayout()->draw(&painter, context);
        painter.restore();

        // Banner and footer.
        painter.setPen(kBanner);
        painter.setFont(bannerFont);
        const QRectF top(marginX, 10 * unit, bodyW, 14 * unit);
        painter.drawText(top, Qt::AlignHCenter | Qt::AlignVCenter, report.classification);
        painter.setPen(Qt::black);
        painter.setFont(footFont);
        painter.drawText(top, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("Case %1").arg(report.caseNumber));
        painter.drawText(top, Qt::AlignLeft | Qt::AlignVCenter, report.title.left(60));
        QPen rule(QColor(0x99, 0x99, 0x99));
        rule.setWidthF(0.5 * unit);
        painter.setPen(rule);
        painter.drawLine(QPointF(marginX, 26 * unit), QPointF(marginX + bodyW, 26 * unit));
        painter.drawLine(QPointF(marginX, pageH - 26 * unit), QPointF(marginX + bodyW, pageH - 26 * unit));
        painter.setPen(Qt::black);
        const QRectF foot(marginX, pageH - 24 * unit, bodyW, 12 * unit);
        painter.drawText(foot, Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("Audit head %1").arg(report.auditHead.left(32)));
        painter.drawText(foot, Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("page %1 of %2").arg(page + 1).arg(pageCount));
        painter.setPen(kBanner);
        painter.setFont(bannerFont);
        painter.drawText(QRectF(marginX, pageH - 13 * unit, bodyW, 10 * unit), Qt::AlignHCenter | Qt::AlignVCenter,
                         report.classification);
        feedback.setProgress(page + 1, page + 1);
    }
    painter.end();
    PaintedReport out;
    out.pages = pageCount;
    out.contents = layout.headingPages;
    return out;
}

Result<PaintedReport> writePdf(const ReportDocument &report, const QString &path, Feedback &feedback)
{
    const QString partial = path + QStringLiteral(".part");
    QFile::remove(partial);
    Result<PaintedReport> painted = makeError(ErrorCode::Internal, QString());
    {
        QPdfWriter writer(partial);
        writer.setResolution(300);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(report.title);
        writer.setCreator(QStringLiteral("Lineage"));
        writer.setPdfVersion(QPagedPaintDevice::PdfVersion_1_6);
        painted = paintReport(report, writer, feedback);
    }
    if (!painted) {
        QFile::remove(partial);
        return painted;
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return makeError(ErrorCode::Io, QStringLiteral("The report could not be written to %1.").arg(path));
    }
    return painted;
}

} // namespace lineage::report

#include "pdf_renderer.moc"
