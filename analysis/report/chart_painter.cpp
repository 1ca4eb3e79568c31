// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/chart_painter.h"

#include <QBuffer>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace lineage::report {

namespace {

const QColor kBar(0x3b, 0x6e, 0xa8);
const QColor kAxis(0x44, 0x44, 0x44);
const QColor kGrid(0xd8, 0xd8, 0xd8);
const QColor kMarker(0xc0, 0x39, 0x2b);

// A round step for about `ticks` intervals up to `max`.
double niceStep(double max, int ticks)
{
    if (max <= 0)
        return 1;
    const double raw = max / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 2.5, 5.0, 10.0 })
        if (raw <= m * mag)
            return m * mag;
    return 10 * mag;
}

QString tickText(double v)
{
    if (std::abs(v) >= 1000)
        return QString::number(v, 'f', 0);
    return QString::number(v, 'g', 3);
}

} // namespace

void paintChart(QPainter &p, const QRectF &rect, const ChartSpec &chart, const QFont &font, double unit)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    QFont titleFont = font;
    titleFont.setBold(true);
    titleFont.setPixelSize(qMax(1, int(std::lround(9.5 * unit))));
    QFont small = font;
    small.setPixelSize(qMax(1, int(std::lround(7 * unit))));

    p.setPen(kAxis);
    p.setFont(titleFont);
    const double titleH = 14 * unit;
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), titleH), Qt::AlignLeft | Qt::AlignVCenter, chart.title);

    const double left = rect.left() + 38 * unit;
    const double right = rect.right() - 6 * unit;
    const double top = rect.top() + titleH + 6 * unit;
    const double bottom = rect.bottom() - 16 * unit;
    const QRectF plot(QPointF(left, top), QPointF(right, bottom));
    if (plot.width() <= 0 || plot.height() <= 0 || chart.values.isEmpty()) {
        p.restore();
        return;
    }

    double max = 0, min = 0;
    for (double v : chart.values) {
        if (std::isfinite(v)) {
            max = std::max(max, v);
            min = std::min(min, v);
        }
    }
    const double step = niceStep(max - min, 4);
    const double yMax = std::ceil(max / step) * step;
    const double yMin = std::floor(min / step) * step;
    const double span = yMax - yMin > 0 ? yMax - yMin : 1;
    auto yOf = [&](double v) { return bottom - (v - yMin) / span * plot.height(); };

    // Grid and value axis.
    p.setFont(small);
    QPen grid(kGrid);
    grid.setWidthF(0.4 * unit);
    for (double v = yMin; v <= yMax + step / 2; v += step) {
        const double y = yOf(v);
        p.setPen(grid);
        p.drawLine(QPointF(left, y), QPointF(right, y));
        p.setPen(kAxis);
        p.drawText(QRectF(rect.left(), y - 5 * unit, 34 * unit, 10 * unit), Qt::AlignRight | Qt::AlignVCenter,
                   tickText(v));
    }

    // Bars.
    const int n = int(chart.values.size());
    const double slot = plot.width() / n;
    const double gap = chart.kind == ChartSpec::Kind::Bars ? slot * 0.2 : (slot > 3 * unit ? slot * 0.1 : 0);
    for (int i = 0; i < n; ++i) {
        const double v = chart.values[i];
        if (!std::isfinite(v))
            continue;
        const double y0 = yOf(std::max(0.0, yMin));
        const double y1 = yOf(v);
        p.fillRect(QRectF(QPointF(left + i * slot + gap / 2, std::min(y0, y1)),
                          QPointF(left + (i + 1) * slot - gap / 2, std::max(y0, y1))),
                   kBar);
    }

    // Markers (events on a time chart): a line at the bucket's middle, labels while they fit.
    if (!chart.markers.isEmpty()) {
        QPen pen(kMarker);
        pen.setWidthF(0.6 * unit);
        pen.setStyle(Qt::DashLine);
        double lastLabelRight = -1e300;
        for (const ChartSpec::Marker &m : chart.markers) {
            const double x = left + (m.bucket + 0.5) * slot;
            p.setPen(pen);
            p.drawLine(QPointF(x, top), QPointF(x, bottom));
            if (chart.markers.size() <= 12 && x > lastLabelRight) {
                p.setPen(kMarker);
                const QRectF box(x + 1.5 * unit, top, 80 * unit, 9 * unit);
                p.drawText(box, Qt::AlignLeft | Qt::AlignTop, m.label);
                lastLabelRight = x + 1.5 * unit + p.fontMetrics().horizontalAdvance(m.label);
            }
        }
    }

    // Axes and category labels: as many as fit without overlapping.
    QPen axis(kAxis);
    axis.setWidthF(0.6 * unit);
    p.setPen(axis);
    p.drawLine(QPointF(left, bottom), QPointF(right, bottom));
    p.drawLine(QPointF(left, top), QPointF(left, bottom));
    const QFontMetricsF fm(small, p.device());
    double widest = 0;
    for (const QString &l : chart.labels)
        widest = std::max(widest, fm.horizontalAdvance(l));
    const int every = std::max(1, int(std::ceil((widest + 6 * unit) / slot)));
    for (int i = 0; i < n && i < chart.labels.size(); i += every) {
        const double cx = left + (i + 0.5) * slot;
        const QRectF box(cx - widest / 2 - 3 * unit, bottom + 2 * unit, widest + 6 * unit, 10 * unit);
        if (box.right() > rect.right() + 2 * unit)
            break;
        p.drawText(box, Qt::AlignHCenter | Qt::AlignTop, chart.labels[i]);
    }
    // The value label, rotated along the axis.
    p.save();
    p.translate(rect.left() + 4 * unit, top + plot.height() / 2);
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -4 * unit, plot.height(), 8 * unit), Qt::AlignCenter, chart.valueLabel);
    p.restore();
    p.restore();
}

QByteArray chartSvg(const ChartSpec &chart, const QFont &font, double width, double height)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setResolution(72); // one device unit per point
    svg.setSize(QSize(int(width), int(height)));
    svg.setViewBox(QRectF(0, 0, width, height));
    svg.setTitle(chart.title);
    {
        QPainter painter(&svg);
        paintChart(painter, QRectF(0, 0, width, height), chart, font, 1.0);
    }
    QByteArray out = buffer.data();
    // Inline in HTML: no XML declaration.
    if (out.startsWith("<?xml")) {
        const qsizetype end = out.indexOf("?>");
        if (end >= 0)
            out = out.mid(end + 2).trimmed();
    }
    return out;
}

} // namespace lineage::report
