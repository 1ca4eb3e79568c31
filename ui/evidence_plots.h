// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forensics/evidence_series.h"

class QCustomPlot;

namespace lineage::ui {

// Draws one evidence chart of a run's series into `plot`, replacing what it showed. Every
// axis names its quantity and unit; graphs of points keep adaptive sampling off, so no point
// is dropped. The series are small (one value per model, candidate or bin), so drawing is a
// matter of milliseconds on the UI thread; the series themselves are built on a worker.
void drawEvidenceChart(QCustomPlot *plot, const forensics::EvidenceSeries &series, forensics::EvidenceChart chart);

// The caption a chart carries into an export or an exhibit: what its numbers are and where
// they come from.
QString evidenceChartCaption(const forensics::EvidenceSeries &series, forensics::EvidenceChart chart);

// Colours of the chart marks, shared with the legend texts of the views.
QColor suspectColor();
QColor flaggedColor();
QColor panelColor();

} // namespace lineage::ui
