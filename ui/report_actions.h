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
// Bundle..., Export CASE/UCO... (JSON-LD interchange) and Open Case Bundle... (verify, restore
// into a folder, open the restored case). Exports and open run on workers through the same
// core calls as `lineage-cli export`, `lineage-cli export-uco` and `lineage-cli open`.
// Enabled while a case is open (Open Case Bundle always).
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
    void exportUco(const QString &path);

signals:
    void bundleExported(const QString &path, bool signedBundle);
    void bundleOpened(const QString &casePath);
    void ucoExported(const QString &path);

private:
    void updateEnabled();

    QPointer<CaseSession> m_session;
    JobRunner *m_jobs;
    QWidget *m_window;
    QAction *m_report;
    QAction *m_export;
    QAction *m_exportUco;
    QAction *m_open;
};

} // namespace lineage::ui
