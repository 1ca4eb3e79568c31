// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_warning_banner.h"

namespace lineage::ui {

CaseWarningBanner::CaseWarningBanner(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("caseWarningBanner"));
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStyleSheet(QStringLiteral(
        "QLabel { background: #fff3cd; color: #5c3c00; border-bottom: 1px solid #e0b84f; padding: 6px 8px; }"));
    setVisible(false);
}

void CaseWarningBanner::setWarning(const QString &text)
{
    setText(text.isEmpty() ? QString() : tr("Warning: %1").arg(text));
    setToolTip(text);
    setVisible(!text.isEmpty());
}

} // namespace lineage::ui
