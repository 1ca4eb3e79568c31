// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>

class QCustomPlot;

namespace lineage::ui {

enum class PlotFormat { Png, Svg, Pdf };

// The format a file name asks for by its suffix (.png, .svg, .pdf); nothing otherwise.
std::optional<PlotFormat> plotFormatFor(const QString &path);

// Writes what `plot` shows at its current size (PNG at twice the pixels; SVG through
// QSvgGenerator; PDF with its text as text). Errors name the file.
[[nodiscard]] Status exportPlot(QCustomPlot *plot, const QString &path, PlotFormat format, const QString &title);

} // namespace lineage::ui
