// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTimeZone>

namespace lineage::ui {

// The case's display time zone ("UTC", "local" or an IANA id, as stored in the case) and
// how every view writes a time in it. One rule: always to the millisecond, as stored
// ("2026-03-01 14:05:09.250 +01:00"), with the zone and the rule named in column headers
// ("Time (Europe/Berlin, with ms)"). An unknown zone id falls back to UTC and says so in its
// name.
class DisplayZone
{
public:
    DisplayZone() = default;
    static DisplayZone fromSetting(const QString &setting);

    QString setting() const { return m_setting; }
    // "UTC", "local (Europe/Berlin)", "Asia/Shanghai"
    QString name() const;
    // "Time (Asia/Shanghai, with ms)"
    QString header(const QString &what) const;
    QString format(qint64 utcMs) const;
    // Same instant in UTC, for tooltips.
    static QString formatUtc(qint64 utcMs);

private:
    QString m_setting = QStringLiteral("UTC");
    QTimeZone m_zone { QTimeZone::utc() };
    bool m_valid = true;
};

} // namespace lineage::ui
