// SPDX-License-Identifier: GPL-3.0-or-later
#include "verify_report_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lineage::ui {

VerifyReportDialog::VerifyReportDialog(const QString &caseName, const casefile::VerificationReport &report,
                                       QWidget *parent)
    : QDialog(parent), m_verdict(new QLabel(this)), m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Verification of %1").arg(caseName));
    setObjectName(QStringLiteral("verifyReportDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    const QLocale locale;
    const QString counts = tr("%1 audit entries, %2 evidence blobs (%3) checked.")
                               .arg(locale.toString(report.auditEntries), locale.toString(report.blobs),
                                    locale.formattedDataSize(report.evidenceBytes));
    if (report.ok()) {
        m_verdict->setText(tr("<b>OK:</b> the case verifies. Database integrity, the audit chain and every evidence "
                              "hash are intact. %1")
                               .arg(counts));
    } else {
        m_verdict->setText(
            tr("<b style='color:#b00020'>FAILED:</b> %n problem(s) found. %1", nullptr, int(report.problems.size()))
                .arg(counts));
    }
    m_verdict->setWordWrap(true);
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({ tr("Area"), tr("Item"), tr("Problem") });
    m_table->setRowCount(int(report.problems.size()));
    for (int row = 0; row < report.problems.size(); ++row) {
        const auto &p = report.problems[row];
        m_table->setItem(row, 0, new QTableWidgetItem(p.area));
        m_table->setItem(row, 1, new QTableWidgetItem(p.item));
        m_table->setItem(row, 2, new QTableWidgetItem(p.message));
    }
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setVisible(!report.ok());
    m_table->resizeColumnsToContents();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(report.ok() ? QSize(480, 140) : QSize(760, 360));
}

QString VerifyReportDialog::verdict() const
{
    return m_verdict->text();
}

} // namespace lineage::ui
