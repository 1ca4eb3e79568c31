// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "report/report_document.h"

#include <QString>

class QPagedPaintDevice;

namespace lineage::report {

// What painting a report produced.
struct PaintedReport
{
    int pages = 0;
    QList<std::pair<QString, int>> contents; // level-1 and level-2 headings with their page (1-based)
};

// Lays the report out in pages (A4 unless the device says otherwise) and paints it on `device`:
// a QPdfWriter, or the workbench's QPrinter for printing and preview. Text is laid out by
// QTextDocument in the device's resolution with a Latin font and the CJK font (WenQuanYi Micro
// Hei) as fallback, both embedded by Qt's PDF engine; charts are painted with QPainter
// primitives (vectors). Every page carries the classification banner, the case number, the
// audit head and "page X of Y"; the table of contents gets the pages of the headings (laid out
// until they stop moving). Needs a QGuiApplication (fonts); call on the thread that owns the
// device. Cancel is polled between pages.
[[nodiscard]] Result<PaintedReport> paintReport(const ReportDocument &document, QPagedPaintDevice &device,
                                                Feedback &feedback = nullFeedback());

// The report as a PDF file at `path` (written whole or not at all).
[[nodiscard]] Result<PaintedReport> writePdf(const ReportDocument &document, const QString &path,
                                             Feedback &feedback = nullFeedback());

// The fonts the report sets its text in, first the Latin one, then the CJK fallback.
QStringList reportFontFamilies();

} // namespace lineage::report
