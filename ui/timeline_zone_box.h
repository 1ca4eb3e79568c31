// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;

namespace lineage::ui {

// The timeline's display zone, chosen in the status bar: UTC, the local zone, the case's zone
// or any named zone ("Other zone..." opens the zone chooser). Only what is shown changes;
// times stay stored in UTC. value() is "UTC", "local" or an IANA id.
class TimelineZoneBox : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineZoneBox(QWidget *parent = nullptr);

    QString value() const;
    // Selects `setting` (added to the list when missing) without emitting zoneChosen.
    void setValue(const QString &setting);
    // Selects `setting` as the analyst would: zoneChosen follows when it changed.
    void choose(const QString &setting);
    QComboBox *combo() const { return m_combo; }

signals:
    void zoneChosen(const QString &setting);

private:
    int indexOf(const QString &setting);
    void activated(int index);

    QComboBox *m_combo;
    QString m_value = QStringLiteral("UTC");
};

} // namespace lineage::ui
