// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>

class QWidget;
class QMessageBox;

namespace lineage::ui {

// Shows an error a person can act on: what was being done, the error's message, and its
// technical detail behind "Show Details...". Window-modal and non-blocking (open(), not
// exec()), so a worker's reply or a test never waits on it. Returns the box (deleted on close).
QMessageBox *showError(QWidget *parent, const QString &whatFailed, const Error &error);

} // namespace lineage::ui
