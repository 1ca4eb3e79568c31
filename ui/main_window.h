// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"

#include <QMainWindow>
#include <QModelIndex>

class QAction;
class QDialog;
class QLabel;
class QMenu;
class QTabWidget;
class QTableView;

namespace lineage::ui {

class AnnotationController;
class AuditTrailModel;
class CaseExplorerDock;
class CaseExplorerModel;
class CaseSession;
class ClassificationBanner;
class JobProgressWidget;
class ImportWizard;
class JobRunner;
class QueryRecordsModel;
class QueryRecordsView;
class SearchIndexer;

// The main window: wires the case session, its views and the actions together. Views,
// models and dialogs live in files of their own; this class only connects them.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens or creates a case in the background; the window follows when it is open, and an
    // error is shown as a dialog.
    void openCase(const QString &path);
    void createCase(const QString &path, const casefile::CaseInfo &info);
    void closeCase();

    CaseSession *session() const { return m_session; }
    JobRunner *jobs() const { return m_jobs; }
    AuditTrailModel *auditModel() const { return m_auditModel; }
    CaseExplorerModel *explorerModel() const { return m_explorerModel; }
    QueryRecordsModel *recordsModel() const { return m_recordsModel; }
    QueryRecordsView *recordsView() const { return m_recordsView; }
    CaseExplorerDock *explorerDock() const { return m_explorer; }
    SearchIndexer *indexer() const { return m_indexer; }
    ClassificationBanner *banner() const { return m_banner; }
    // The case's path and display zone in the status bar (or that no case is open).
    QString caseStatusText() const;
    QString caseHeaderText() const;
    QTabWidget *tabs() const { return m_tabs; }

    void editProperties();
    // Opens the properties of a transcript or document in the case explorer (the current
    // item when `index` is invalid); nullptr when it has none.
    QDialog *editItemProperties(const QModelIndex &index = {});
    // What double-clicking a case explorer item opens: the records of a source or an account,
    // the view of a transcript or a document (a tab of its own), the dialog of an analysis run or
    // a finding. nullptr when it opens nothing.
    QWidget *explorerActivated(const QModelIndex &index);
    void verifyCase();
    // Opens the import wizard (non-modal) on `files`, or empty for the analyst to choose.
    ImportWizard *importEvidence(const QStringList &files = {});
    void showPreferences();
    void showAbout();

signals:
    void verificationFinished(const lineage::casefile::VerificationReport &report);

protected:
    void closeEvent(QCloseEvent *event) override;
    // Files dropped on the window: a case opens, evidence goes to the import wizard.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void installTables();
    void installTimeline();
    void createActions();
    void createMenus();
    void updateRecentMenu();
    void updateCaseState();
    void newCase();
    void chooseAndOpen();
    void openFailed(const QString &path, const Error &error);

    JobRunner *m_jobs;
    CaseSession *m_session;
    AuditTrailModel *m_auditModel;
    CaseExplorerModel *m_explorerModel;
    ClassificationBanner *m_banner;
    QLabel *m_caseHeader;
    QLabel *m_caseStatus;
    QueryRecordsModel *m_recordsModel;
    QueryRecordsView *m_recordsView;
    SearchIndexer *m_indexer;
    QTabWidget *m_tabs;
    QTableView *m_auditView;
    AnnotationController *m_annotations = nullptr;
    CaseExplorerDock *m_explorer;
    JobProgressWidget *m_progress;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_caseActions; // enabled only while a case is open

    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_propertiesAction = nullptr;
    QAction *m_itemPropertiesAction = nullptr;
    QAction *m_verifyAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
};

} // namespace lineage::ui
