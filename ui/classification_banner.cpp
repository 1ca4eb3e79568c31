// SPDX-License-Identifier: GPL-3.0-or-later
#include "classification_banner.h"

namespace lineage::ui {

ClassificationBanner::ClassificationBanner(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("classificationBanner"));
    setAlignment(Qt::AlignCenter);
    setTextFormat(Qt::PlainText);
    setStyleSheet(QStringLiteral("QLabel { background: #b00020; color: white; font-weight: bold; padding: 3px; }"));
    setVisible(false);
}

void ClassificationBanner::setClassification(const QString &text)
{
    setText(text);
    setVisible(!text.trimmed().isEmpty());
}

} // namespace lineage::ui
