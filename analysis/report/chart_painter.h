// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_document.h"

#include <QByteArray>
#include <QFont>
#include <QRectF>

class QPainter;

namespace lineage::report {

// Draws a report chart with QPainter primitives only (rectangles, lines, text), so that on a
// PDF or SVG device it stays vectors. `unit` is device units per typographic point (a PDF
// writer at 300 dpi: 300/72); `font` gives the family. Any thread, any painter.
void paintChart(QPainter &painter, const QRectF &rect, const ChartSpec &chart, const QFont &font, double unit);

// The same drawing as an SVG document of `width` x `height` points, for the HTML report.
QByteArray chartSvg(const ChartSpec &chart, const QFont &font, double width, double height);

} // namespace lineage::report
