// SPDX-License-Identifier: GPL-3.0-or-later
// Compiled with lineage_core's include path: must fail, because the core never links widgets.
#include <QtWidgets/QWidget>

int coreGuardProbe()
{
    return sizeof(QWidget);
}
