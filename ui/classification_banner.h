// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace lineage::ui {

// The classification line ("CONFIDENTIAL - ATTORNEYS' EYES ONLY") across the top of the
// window, hidden when the case has none.
class ClassificationBanner : public QLabel
{
    Q_OBJECT
public:
    explicit ClassificationBanner(QWidget *parent = nullptr);
    void setClassification(const QString &text);
};

} // namespace lineage::ui
