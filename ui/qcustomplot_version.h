// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace lineage::ui {

// The QCustomPlot version this program was built with ("2.1.0").
QString qcustomplotVersion();

} // namespace lineage::ui
