// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QWidget;

namespace lineage::ui {

class CaseSession;
class JobRunner;

// The File menu's report and bundle actions: Report... (the composer), Export Case
// Bundle... and Open Case Bundle... (verify, restore into a folder, open the restored case).
// Export and open run on workers through the same core calls as `lineage-cli export` and
// `lineage-cli open`. Enabled while a case is open (Open Case Bundle always).
class ReportActions : public QObject
{
    Q_OBJECT
public:
    ReportActions(CaseSession *session, JobRunner *jobs, QWidget *window);

    void addTo(QMenu *menu);
    QAction *reportAction() const { return m_report; }

    // What the actions ask for in dialogs, for tests and scripts.
    void exportBundle(const QString &bundlePath, const QString &signingKey = {});
    void openBundle(const QString &bundlePath, const QString &directory);

signals:
    void bundleExported(const QString &path, bool signedBundle);
    void bundleOpened(const QString &casePath);

private:
    void updateEnabled();

    QPointer<CaseSession> m_session;
    JobRunner *m_jobs;
    QWidget *m_window;
    QAction *m_report;
    QAction *m_export;
    QAction *m_open;
};

} // namespace lineage::ui
