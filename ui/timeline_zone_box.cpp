// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_zone_box.h"

#include "time_zone_chooser.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {
const QString kOther = QStringLiteral("\x01other");
}

TimelineZoneBox::TimelineZoneBox(QWidget *parent) : QWidget(parent), m_combo(new QComboBox(this))
{
    setObjectName(QStringLiteral("timelineZoneBox"));
    m_combo->setObjectName(QStringLiteral("timelineZone"));
    m_combo->setToolTip(tr("The time zone the timeline buckets and labels in; stored times stay UTC"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Timeline zone:"), this));
    layout->addWidget(m_combo);
    m_combo->addItem(tr("UTC"), QStringLiteral("UTC"));
    m_combo->addItem(tr("Local"), QStringLiteral("local"));
    m_combo->addItem(tr("Other zone..."), kOther);
    connect(m_combo, &QComboBox::activated, this, &TimelineZoneBox::activated);
}

QString TimelineZoneBox::value() const
{
    return m_value;
}

int TimelineZoneBox::indexOf(const QString &setting)
{
    int index = m_combo->findData(setting);
    if (index < 0) {
        index = m_combo->count() - 1; // before "Other zone..."
        m_combo->insertItem(index, setting, setting);
    }
    return index;
}

void TimelineZoneBox::setValue(const QString &setting)
{
    m_value = setting.isEmpty() ? QStringLiteral("UTC") : setting;
    m_combo->setCurrentIndex(indexOf(m_value));
}

void TimelineZoneBox::choose(const QString &setting)
{
    const QString before = m_value;
    setValue(setting);
    if (m_value != before)
        emit zoneChosen(m_value);
}

void TimelineZoneBox::activated(int index)
{
    const QString data = m_combo->itemData(index).toString();
    if (data != kOther) {
        choose(data);
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Timeline Time Zone"));
    auto *chooser = new TimeZoneChooser(&dialog);
    chooser->setValue(m_value);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(chooser);
    layout->addWidget(buttons);
    if (dialog.exec() == QDialog::Accepted)
        choose(chooser->value());
    else
        setValue(m_value);
}

} // namespace lineage::ui
