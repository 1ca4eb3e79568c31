// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLineEdit;
class QListView;
class QRadioButton;
class QSortFilterProxyModel;
class QStringListModel;

namespace lineage::ui {

// Picks a display time zone: UTC, the local zone, or a named IANA zone from a list that
// filters as one types ("berl" finds Europe/Berlin). value() is what the case stores:
// "UTC", "local" or the zone id.
class TimeZoneChooser : public QWidget
{
    Q_OBJECT
public:
    explicit TimeZoneChooser(QWidget *parent = nullptr);

    QString value() const;
    void setValue(const QString &value);
    // Narrows the named-zone list to ids containing `text` (case-insensitive).
    void setFilter(const QString &text);
    QStringList visibleZones() const;

signals:
    void valueChanged(const QString &value);

private:
    void updateEnabled();

    QRadioButton *m_utc;
    QRadioButton *m_local;
    QRadioButton *m_named;
    QLineEdit *m_filter;
    QListView *m_list;
    QStringListModel *m_zones;
    QSortFilterProxyModel *m_proxy;
};

} // namespace lineage::ui
