// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

namespace lineage::ui {

// About Lineage: the program's version and the versions of the libraries it runs on.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // "Qt 6.4.2 (built against 6.4.2)\nSQLite 3.40.1\n..." as shown.
    static QString versionText();
};

} // namespace lineage::ui
