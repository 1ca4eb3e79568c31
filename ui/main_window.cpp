// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

namespace lineage::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Lineage"));
}

} // namespace lineage::ui
