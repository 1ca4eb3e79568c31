// SPDX-License-Identifier: GPL-3.0-or-later
// Stand-in that sits first on lineage_core's include path: the UI-free core must
// never include QtWidgets, QtPrintSupport or QCustomPlot (see shared/DESIGN.md).
#error "lineage_core must not include widget, print-support or chart headers: move this code to ui/"
