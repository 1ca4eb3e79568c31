// SPDX-License-Identifier: GPL-3.0-or-later
#include "error_dialog.h"

#include <QMessageBox>

namespace lineage::ui {

QMessageBox *showError(QWidget *parent, const QString &whatFailed, const Error &error)
{
    const bool canceled = error.code == ErrorCode::Canceled;
    auto *box = new QMessageBox(canceled ? QMessageBox::Information : QMessageBox::Warning,
                                canceled ? QObject::tr("Canceled") : QObject::tr("Lineage"), whatFailed,
                                QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(error.message);
    if (!error.detail.isEmpty())
        box->setDetailedText(error.detail);
    box->open();
    return box;
}

} // namespace lineage::ui
