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
