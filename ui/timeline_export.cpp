// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_export.h"

#include "qcustomplot_include.h"

#include <QFileInfo>
#include <QSvgGenerator>

namespace lineage::ui {

std::optional<PlotFormat> plotFormatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return PlotFormat::Png;
    if (suffix == QLatin1String("svg"))
        return PlotFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return PlotFormat::Pdf;
    return std::nullopt;
}

Status exportPlot(QCustomPlot *plot, const QString &path, PlotFormat format, const QString &title)
{
    const int w = std::max(plot->width(), 800);
    const int h = std::max(plot->height(), 500);
    bool ok = false;
    switch (format) {
    case PlotFormat::Png:
        ok = plot->savePng(path, w, h, 2.0);
        break;
    case PlotFormat::Pdf:
        ok = plot->savePdf(path, w, h, QCP::epNoCosmetic, QStringLiteral("Lineage"), title);
        break;
    case PlotFormat::Svg: {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle(title);
        svg.setDescription(QStringLiteral("Lineage timeline"));
        QCPPainter painter;
        if (!painter.begin(&svg))
            break;
        plot->toPainter(&painter, w, h);
        ok = painter.end();
        ok = ok && QFileInfo(path).size() > 0;
        break;
    }
    }
    if (!ok)
        return makeError(ErrorCode::Io, QStringLiteral("Could not write %1.").arg(path));
    return {};
}

} // namespace lineage::ui
