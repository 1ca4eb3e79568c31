// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    lineage::ui::MainWindow window;
    window.show();
    return app.exec();
}
