// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace lineage::ui {

// A warning across the top of the window about the open case itself: it was changed
// outside Lineage (the objects that differ are named) and is open read-only. Hidden when
// there is nothing to say.
class CaseWarningBanner : public QLabel
{
    Q_OBJECT
public:
    explicit CaseWarningBanner(QWidget *parent = nullptr);
    void setWarning(const QString &text);
};

} // namespace lineage::ui
