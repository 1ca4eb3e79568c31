// SPDX-License-Identifier: GPL-3.0-or-later
#include "about_dialog.h"

#include "core/version.h"
#include "qcustomplot_version.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace lineage::ui {

QString AboutDialog::versionText()
{
    QStringList lines;
    lines << tr("Qt %1 (built against %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR))
          << tr("SQLite %1").arg(sqliteVersion()) << tr("Poppler %1").arg(popplerVersion())
          << tr("ICU %1").arg(icuVersion()) << tr("QCustomPlot %1").arg(qcustomplotVersion())
          << tr("zstd %1").arg(zstdVersion()) << tr("simdjson %1").arg(simdjsonVersion());
    return lines.join(QLatin1Char('\n'));
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("About Lineage"));
    setObjectName(QStringLiteral("aboutDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *title = new QLabel(tr("<h2>Lineage %1</h2><p>A workbench for AI intellectual-property investigations: "
                                "model distillation and training-data copying.</p><p>Licensed under the GNU GPL, "
                                "version 3 or later.</p>")
                                 .arg(programVersion()),
                             this);
    title->setWordWrap(true);
    auto *versions = new QLabel(versionText(), this);
    versions->setObjectName(QStringLiteral("versions"));
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(versions);
    layout->addWidget(buttons);
}

} // namespace lineage::ui
