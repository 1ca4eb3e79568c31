// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_settings.h"

#include "casefile/investigator.h"

#include <QFileInfo>
#include <QSettings>

namespace lineage::ui {

namespace {
const QString kInvestigator = QStringLiteral("investigator/name");
const QString kRecent = QStringLiteral("cases/recent");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
} // namespace

QString AppSettings::investigatorName() const
{
    const QString name = QSettings().value(kInvestigator).toString().trimmed();
    return name.isEmpty() ? casefile::Investigator::current().osUser : name;
}

bool AppSettings::investigatorAsked() const
{
    return QSettings().contains(kInvestigator);
}

void AppSettings::setInvestigatorName(const QString &name)
{
    QSettings().setValue(kInvestigator, name.trimmed());
}

QStringList AppSettings::recentCases() const
{
    return QSettings().value(kRecent).toStringList();
}

void AppSettings::addRecentCase(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recentCases();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue(kRecent, list);
}

void AppSettings::removeRecentCase(const QString &path)
{
    QStringList list = recentCases();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    QSettings().setValue(kRecent, list);
}

namespace {
QString historyKey(const QString &casePath)
{
    // One entry per case file; slashes would nest QSettings groups.
    QString path = QFileInfo(casePath).absoluteFilePath();
    path.replace(QLatin1Char('/'), QLatin1Char('|'));
    return QStringLiteral("search/history/") + path;
}
} // namespace

QStringList AppSettings::searchHistory(const QString &casePath) const
{
    return QSettings().value(historyKey(casePath)).toStringList();
}

void AppSettings::addSearchHistory(const QString &casePath, const QString &query)
{
    const QString q = query.trimmed();
    if (q.isEmpty())
        return;
    QStringList list = searchHistory(casePath);
    list.removeAll(q);
    list.prepend(q);
    while (list.size() > kMaxSearchHistory)
        list.removeLast();
    QSettings().setValue(historyKey(casePath), list);
}

void AppSettings::clearSearchHistory(const QString &casePath)
{
    QSettings().remove(historyKey(casePath));
}

QByteArray AppSettings::windowGeometry() const
{
    return QSettings().value(kGeometry).toByteArray();
}

QByteArray AppSettings::windowState() const
{
    return QSettings().value(kState).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    QSettings().setValue(kGeometry, geometry);
}

void AppSettings::setWindowState(const QByteArray &state)
{
    QSettings().setValue(kState, state);
}

} // namespace lineage::ui
