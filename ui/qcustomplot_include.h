// SPDX-License-Identifier: GPL-3.0-or-later
// qcustomplot.h for headers and sources that cannot lift QT_NO_FOREACH before their first Qt
// header (qcustomplot_version.cpp does that): the two `foreach` loops in qcustomplot.h 2.1's
// inline templates become range-for loops while it is read, and nowhere else.
#pragma once

#if !defined(foreach)
#define LINEAGE_QCP_FOREACH
#define foreach(variable, container) for (variable : container)
#endif
#include <qcustomplot.h>
#ifdef LINEAGE_QCP_FOREACH
#undef foreach
#undef LINEAGE_QCP_FOREACH
#endif
