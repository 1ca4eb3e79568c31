// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace lineage::ui {

// The program's per-user settings (QSettings lives only in ui/ and app/): the
// investigator's name written into the audit log, recent cases, window state.
// Cheap to construct; every call reads or writes the settings store directly.
class AppSettings
{
public:
    static constexpr int kMaxRecent = 8;
    static constexpr int kMaxSearchHistory = 20;

    // The name the investigator gave, or the OS user when none was given.
    QString investigatorName() const;
    // True once the investigator has been asked for a name (asked once, then editable).
    bool investigatorAsked() const;
    void setInvestigatorName(const QString &name);

    QStringList recentCases() const;
    void addRecentCase(const QString &path);
    void removeRecentCase(const QString &path);

    // The full-text searches run in the case at `casePath`, newest first (per user, per case).
    QStringList searchHistory(const QString &casePath) const;
    void addSearchHistory(const QString &casePath, const QString &query);
    void clearSearchHistory(const QString &casePath);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowGeometry(const QByteArray &geometry);
    void setWindowState(const QByteArray &state);
};

} // namespace lineage::ui
