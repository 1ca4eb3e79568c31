// SPDX-License-Identifier: GPL-3.0-or-later
// qcustomplot.h 2.1 uses Q_FOREACH-style `foreach`, which the project's QT_NO_FOREACH
// removes. Lifting it here, before any Qt header, keeps the exception to this one file.
#undef QT_NO_FOREACH
#include "qcustomplot_version.h"

#include <qcustomplot.h>

namespace lineage::ui {

QString qcustomplotVersion()
{
    return QStringLiteral(QCUSTOMPLOT_VERSION_STR);
}

} // namespace lineage::ui
