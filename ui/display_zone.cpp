// SPDX-License-Identifier: GPL-3.0-or-later
#include "display_zone.h"

#include <QDateTime>

namespace lineage::ui {

DisplayZone DisplayZone::fromSetting(const QString &setting)
{
    DisplayZone z;
    z.m_setting = setting.isEmpty() ? QStringLiteral("UTC") : setting;
    if (z.m_setting == QLatin1String("UTC")) {
        z.m_zone = QTimeZone::utc();
    } else if (z.m_setting == QLatin1String("local")) {
        z.m_zone = QTimeZone::systemTimeZone();
    } else {
        const QTimeZone zone(z.m_setting.toUtf8());
        z.m_valid = zone.isValid();
        z.m_zone = z.m_valid ? zone : QTimeZone::utc();
    }
    return z;
}

QString DisplayZone::name() const
{
    if (!m_valid)
        return QStringLiteral("UTC (unknown zone %1)").arg(m_setting);
    if (m_setting == QLatin1String("local"))
        return QStringLiteral("local, %1").arg(QString::fromUtf8(m_zone.id()));
    return m_setting;
}

QString DisplayZone::header(const QString &what) const
{
    return QStringLiteral("%1 (%2, with ms)").arg(what, name());
}

QString DisplayZone::format(qint64 utcMs) const
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(utcMs, m_zone);
    const int offset = t.offsetFromUtc();
    const int minutes = qAbs(offset) / 60;
    return QStringLiteral("%1 %2%3:%4")
        .arg(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
             offset < 0 ? QStringLiteral("-") : QStringLiteral("+"))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString DisplayZone::formatUtc(qint64 utcMs)
{
    return QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + QStringLiteral(" UTC");
}

} // namespace lineage::ui
