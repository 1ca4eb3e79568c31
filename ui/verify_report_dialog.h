// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace lineage::ui {

// Shows the outcome of verifying a case: a verdict line and, when something failed, one
// row per problem naming the area and the entry or blob at fault.
class VerifyReportDialog : public QDialog
{
    Q_OBJECT
public:
    VerifyReportDialog(const QString &caseName, const casefile::VerificationReport &report, QWidget *parent = nullptr);

    QString verdict() const;
    QTableWidget *problemTable() const { return m_table; }

private:
    QLabel *m_verdict;
    QTableWidget *m_table;
};

} // namespace lineage::ui
