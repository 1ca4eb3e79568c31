// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "accounts_view.h"
#include "evidence_charts_view.h"
#include "findings_view.h"
#include "timeline_record_filter.h"
#include "timeline_view.h"
#include "timeline_zone_box.h"
#include "about_dialog.h"
#include "analyze_menu.h"
#include "annotation_controller.h"
#include "app_settings.h"
#include "audit_trail_model.h"
#include "case_explorer_dock.h"
#include "case_explorer_model.h"
#include "case_properties_dialog.h"
#include "case_session.h"
#include "case_warning_banner.h"
#include "classification_banner.h"
#include "details_dock.h"
#include "error_dialog.h"
#include "exhibits_view.h"
#include "findings_export_actions.h"
#include "finding_dialog.h"
#include "header_fit.h"
#include "import_wizard.h"
#include "item_properties.h"
#include "item_views.h"
#include "job_progress_widget.h"
#include "job_runner.h"
#include "preferences_dialog.h"
#include "query_records_model.h"
#include "query_records_view.h"
#include "search_indexer.h"
#include "search_view.h"
#include "tables_view.h"
#include "verify_report_dialog.h"
#include "report_actions.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace lineage::ui {

using casefile::CaseFile;

void MainWindow::installTables()
{
    // The tables, their marks and undo: the annotation controller owns the undo stack.
    m_annotations = new AnnotationController(m_session, this);
    auto *tables = new TablesView(m_session, m_annotations, this);
    m_tabs->addTab(tables, tr("Tables"));
    auto *details = new DetailsDock(m_session, m_annotations, this);
    addDockWidget(Qt::RightDockWidgetArea, details);
    details->hide();
    connect(tables, &TablesView::currentItemChanged, details, &DetailsDock::showItem);
    auto *findings = new FindingsView(m_session, m_annotations, this);
    m_tabs->addTab(findings, tr("Findings"));
    auto *accounts = new AccountsView(m_session, m_annotations, this);
    m_tabs->addTab(accounts, tr("Accounts"));
    connect(accounts, &AccountsView::recordsRequested, this, [this](qint64 account, const QString &name) {
        m_recordsView->showAccount(account, name);
        m_tabs->setCurrentWidget(m_recordsView);
    });
    m_tabs->addTab(new ExhibitsView(m_session, m_annotations, this), tr("Exhibits"));
    m_tabs->addTab(new EvidenceChartsView(m_session, m_annotations, this), tr("Charts"));
    connect(findings, &FindingsView::openItem, details, [details](const casefile::ItemRef &item, const auto &fields) {
        details->showItem(item, fields);
        details->show();
    });
    connect(m_annotations, &AnnotationController::failed, this,
            [this](const QString &what, const Error &e) { showError(this, tr("Not done: %1").arg(what), e); });
    connect(m_annotations, &AnnotationController::changed, m_auditModel, &AuditTrailModel::reload);
}
void MainWindow::installTimeline()
{
    // The timeline: its tab (with its actions), its zone in the status bar, its brush and
    // buckets filtering the record table of the Tables tab.
    auto *timeline = new TimelineView(m_session, m_annotations, this);
    m_tabs->addTab(timeline, tr("Timeline"));
    statusBar()->addPermanentWidget(timeline->zoneBox());
    auto *tables = findChild<TablesView *>();
    // Accounts selected in the case explorer (Ctrl+click for several) become the lanes.
    QTreeView *tree = m_explorer->view();
    tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(tree->selectionModel(), &QItemSelectionModel::selectionChanged, timeline, [tree, timeline] {
        QList<qint64> accounts;
        for (const QModelIndex &index : tree->selectionModel()->selectedRows(CaseExplorerModel::Name)) {
            const bool item = index.parent().isValid();
            if (item
                && index.data(CaseExplorerModel::BranchRole).toInt() == int(CaseExplorerModel::Branch::Accounts))
                accounts << index.data(CaseExplorerModel::ItemIdRole).toLongLong();
        }
        std::sort(accounts.begin(), accounts.end());
        timeline->setLaneAccounts(accounts);
    });
    // Accounts picked in the Accounts tab become the lanes too.
    if (auto *accounts = findChild<AccountsView *>())
        connect(accounts, &AccountsView::timelineRequested, this, [this, timeline](const QList<qint64> &ids) {
            timeline->setLaneAccounts(ids);
            m_tabs->setCurrentWidget(timeline);
        });
    // A range brushed over every record also narrows the Search tab to that time.
    auto *searchView = findChild<SearchView *>();
    connect(timeline, &TimelineView::recordsRequested, this,
            [this, tables, searchView](qint64 from, qint64 to, const QString &account, bool show) {
                if (searchView && account.isEmpty())
                    searchView->setTimeRange(casefile::TimeRange { from, to });
                showRecordsInRange(tables, from, to, account);
                if (show && tables) {
                    tables->showTable(QStringLiteral("records"));
                    m_tabs->setCurrentWidget(tables);
                }
            });
}
using casefile::VerificationReport;

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_jobs(new JobRunner(this)), m_session(new CaseSession(m_jobs, this)),
      m_auditModel(new AuditTrailModel(m_session, this)), m_explorerModel(new CaseExplorerModel(m_session, this)),
      m_banner(new ClassificationBanner(this)), m_warningBanner(new CaseWarningBanner(this)), m_caseHeader(new QLabel(this)),
      m_caseStatus(new QLabel(this)),
      m_recordsModel(new QueryRecordsModel(m_session, this)),
      m_recordsView(new QueryRecordsView(m_recordsModel, m_session, this)),
      m_indexer(new SearchIndexer(m_session, this)), m_tabs(new QTabWidget(this)), m_auditView(new QTableView(this)),
      m_explorer(new CaseExplorerDock(m_explorerModel, this)), m_progress(new JobProgressWidget(m_jobs, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    m_session->setInvestigator(casefile::Investigator::current(AppSettings().investigatorName()));

    m_auditView->setObjectName(QStringLiteral("auditTrailView"));
    m_auditView->setModel(m_auditModel);
    m_auditView->verticalHeader()->setVisible(false);
    m_auditView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_auditView->setAlternatingRowColors(true);
    m_auditView->setWordWrap(false);
    m_auditView->horizontalHeader()->setStretchLastSection(true);
    connect(m_auditModel, &AuditTrailModel::reloaded, this, [this] {
        m_auditView->resizeColumnsToContents();
        for (int column : { AuditTrailModel::Parameters, AuditTrailModel::ResultColumn })
            m_auditView->setColumnWidth(column, qMin(m_auditView->columnWidth(column), 320));
    });
    keepHeadersReadable(m_auditView);
    connect(m_auditModel, &AuditTrailModel::loadFailed, this,
            [this](const Error &e) { showError(this, tr("The audit trail could not be read."), e); });
    connect(m_explorerModel, &CaseExplorerModel::loadFailed, this,
            [this](const Error &e) { showError(this, tr("The case's contents could not be read."), e); });
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    connect(m_recordsModel, &QueryRecordsModel::loadFailed, this,
            [this](const Error &e) { showError(this, tr("The query records could not be read."), e); });
    m_tabs->addTab(m_recordsView, tr("Query Records"));
    auto *searchView = new SearchView(m_session, m_annotations, this);
    m_tabs->addTab(searchView, tr("Search"));
    m_tabs->addTab(m_auditView, tr("Audit Trail"));
    installTables();
    installTimeline();
    connect(searchView->findAction(), &QAction::triggered, this,
            [this, searchView] { m_tabs->setCurrentWidget(searchView); });
    connect(m_explorer->view(), &QTreeView::activated, this, &MainWindow::explorerActivated);
    connect(m_explorer, &CaseExplorerDock::propertiesRequested, this,
            [this](const QModelIndex &index) { editItemProperties(index); });
    m_caseHeader->setObjectName(QStringLiteral("caseHeader"));
    m_caseHeader->setTextFormat(Qt::PlainText);
    m_caseHeader->setContentsMargins(8, 6, 8, 6);
    QFont headerFont = m_caseHeader->font();
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.25);
    headerFont.setBold(true);
    m_caseHeader->setFont(headerFont);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_warningBanner);
    layout->addWidget(m_caseHeader);
    layout->addWidget(m_tabs);
    setCentralWidget(central);
    addDockWidget(Qt::LeftDockWidgetArea, m_explorer);
    // Where the case is and which zone its times are shown in stay in the status bar; messages
    // of the moment cover them only while they last.
    m_caseStatus->setObjectName(QStringLiteral("caseStatus"));
    m_caseStatus->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_caseStatus, 1);
    statusBar()->addPermanentWidget(m_progress);
    connect(m_indexer, &SearchIndexer::indexed, this, [this](int sources) {
        statusBar()->showMessage(tr("Full-text index built for %n source(s).", nullptr, sources), 5000);
    });
    connect(m_indexer, &SearchIndexer::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("The full-text index was not built: %1").arg(message));
    });

    createActions();
    createMenus();
    connect(m_session, &CaseSession::caseOpened, this, [this] {
        AppSettings().addRecentCase(m_session->path());
        updateCaseState();
    });
    connect(m_session, &CaseSession::openFailed, this, &MainWindow::openFailed);
    connect(m_session, &CaseSession::changeFailed, this,
            [this](const QString &what, const Error &error) { showError(this, what, error); });
    connect(m_session, &CaseSession::caseClosed, this, &MainWindow::updateCaseState);
    connect(m_session, &CaseSession::infoChanged, this, &MainWindow::updateCaseState);

    resize(1280, 800);
    const AppSettings settings;
    resizeDocks({ m_explorer }, { 400 }, Qt::Horizontal);
    restoreGeometry(settings.windowGeometry());
    restoreState(settings.windowState());
    updateCaseState();
}

MainWindow::~MainWindow()
{
    m_session->close();
    m_jobs->invalidateAll();
    m_jobs->waitForAll();
}

void MainWindow::createActions()
{
    auto make = [this](const QString &name, const QString &text, auto slot, QKeySequence key = {}) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!key.isEmpty())
            action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_newAction = make(QStringLiteral("actionNew"), tr("&New Case..."), &MainWindow::newCase, QKeySequence::New);
    m_openAction
        = make(QStringLiteral("actionOpen"), tr("&Open Case..."), &MainWindow::chooseAndOpen, QKeySequence::Open);
    m_closeAction = make(QStringLiteral("actionClose"), tr("&Close Case"), &MainWindow::closeCase, QKeySequence::Close);
    m_propertiesAction = make(QStringLiteral("actionProperties"), tr("Case &Properties..."),
                              &MainWindow::editProperties, QKeySequence(Qt::ALT | Qt::Key_Return));
    m_verifyAction = make(QStringLiteral("actionVerify"), tr("&Verify Case"), &MainWindow::verifyCase,
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_importAction = make(
        QStringLiteral("actionImport"), tr("&Import Evidence..."), [this] { importEvidence(); },
        QKeySequence(Qt::CTRL | Qt::Key_I));
    m_verifyAction->setStatusTip(tr("Check database integrity, the audit chain and every evidence hash"));
    m_preferencesAction = make(QStringLiteral("actionPreferences"), tr("Pr&eferences..."), &MainWindow::showPreferences,
                               QKeySequence::Preferences);
    m_quitAction = make(QStringLiteral("actionQuit"), tr("&Quit"), &QWidget::close, QKeySequence::Quit);
    m_aboutAction = make(QStringLiteral("actionAbout"), tr("&About Lineage"), &MainWindow::showAbout);
    m_itemPropertiesAction
        = make(QStringLiteral("actionItemProperties"), tr("Item P&roperties..."), [this] { editItemProperties(); });
    m_itemPropertiesAction->setStatusTip(tr("Edit the selected transcript's model label and role, or the selected "
                                            "document's type, parties, effective date and dates"));
    m_itemPropertiesAction->setEnabled(false);
    connect(m_explorer->view()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                m_itemPropertiesAction->setEnabled(m_session->isOpen() && hasItemProperties(current));
            });
    m_caseActions = { m_closeAction, m_propertiesAction, m_verifyAction, m_importAction };
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    updateRecentMenu();
    file->addAction(m_closeAction);
    file->addSeparator();
    file->addAction(m_propertiesAction);
    file->addSeparator();
    (new ReportActions(m_session, m_jobs, this))->addTo(file);
    (new FindingsExportActions(m_session, this))->addTo(file);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addAction(m_annotations->undoAction());
    edit->addAction(m_annotations->redoAction());
    edit->addSeparator();
    edit->addAction(m_itemPropertiesAction);
    if (auto *searchView = findChild<SearchView *>())
        edit->addAction(searchView->findAction());
    // A reload of the explorer drops its current item without a signal: look again here.
    connect(edit, &QMenu::aboutToShow, this, [this] {
        m_itemPropertiesAction->setEnabled(m_session->isOpen()
                                           && hasItemProperties(m_explorer->view()->currentIndex()));
    });

    QMenu *caseMenu = menuBar()->addMenu(tr("&Case"));
    caseMenu->setObjectName(QStringLiteral("caseMenu"));
    caseMenu->addAction(m_importAction);
    caseMenu->addAction(m_verifyAction);

    auto *analyze = new AnalyzeMenu(m_session, m_jobs, this);
    menuBar()->addMenu(analyze);
    if (auto *accounts = findChild<AccountsView *>())
        connect(accounts, &AccountsView::analysisRequested, analyze,
                [analyze] { analyze->startKind(QStringLiteral("accounts")); });
    connect(analyze, &AnalyzeMenu::analysisFinished, this,
            [this](qint64 run, const QString &status, int findings, const QString &message) {
                statusBar()->showMessage(tr("Analysis run %1 %2: %n finding(s). %3", nullptr, findings)
                                             .arg(run)
                                             .arg(status, message.section(QLatin1Char('\n'), 0, 0)));
            });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_explorer->toggleViewAction());

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(m_preferencesAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = AppSettings().recentCases();
    for (const QString &path : recent) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openCase(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent cases"))->setEnabled(false);
    m_recentMenu->setEnabled(true);
}

void MainWindow::updateCaseState()
{
    const bool open = m_session->isOpen();
    for (QAction *action : std::as_const(m_caseActions))
        action->setEnabled(open);
    m_propertiesAction->setEnabled(open && !m_session->isReadOnly());
    m_importAction->setEnabled(open && !m_session->isReadOnly());
    m_caseHeader->setVisible(open);
    if (!open) {
        setWindowTitle(tr("Lineage"));
        setWindowFilePath({});
        m_banner->setClassification({});
        m_warningBanner->setWarning({});
        statusBar()->clearMessage();
        m_caseStatus->setText(tr("No case open. Create one with File > New Case or open one with File > Open Case."));
        return;
    }
    const auto &info = m_session->info();
    QString title = info.title;
    if (!info.caseNumber.isEmpty())
        title += QStringLiteral(" [%1]").arg(info.caseNumber);
    if (m_session->isReadOnly())
        title += tr(" (read-only)");
    // Who is working now (what the audit trail records); the case's own investigator is one of
    // its properties.
    const QString who = m_session->investigator().name;
    setWindowTitle(tr("%1 — %2 — Lineage").arg(title, who));
    m_caseHeader->setText(tr("%1 · working: %2").arg(title, who));
    setWindowFilePath(m_session->path());
    m_banner->setClassification(info.classification);
    m_warningBanner->setWarning(m_session->warning());
    statusBar()->clearMessage();
    m_caseStatus->setText(tr("%1 · times in %2").arg(m_session->path(), m_session->zone().name()));
}

QString MainWindow::caseStatusText() const
{
    return m_caseStatus->text();
}

QString MainWindow::caseHeaderText() const
{
    return m_caseHeader->text();
}

void MainWindow::openCase(const QString &path)
{
    statusBar()->showMessage(tr("Opening %1...").arg(path));
    m_session->open(path);
}

void MainWindow::createCase(const QString &path, const casefile::CaseInfo &info)
{
    statusBar()->showMessage(tr("Creating %1...").arg(path));
    m_session->create(path, info);
}

void MainWindow::openFailed(const QString &path, const Error &error)
{
    showError(this, tr("Could not open %1.").arg(QFileInfo(path).fileName()), error);
    if (error.code == ErrorCode::Io)
        AppSettings().removeRecentCase(path);
    updateCaseState();
}

void MainWindow::closeCase()
{
    m_session->close();
}

void MainWindow::newCase()
{
    casefile::CaseInfo info;
    info.title = tr("Untitled case");
    info.investigator = m_session->investigator().name;
    CasePropertiesDialog dialog(info, this);
    dialog.setWindowTitle(tr("New Case"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString path = QFileDialog::getSaveFileName(this, tr("Create Case"), {}, tr("Lineage cases (*.lineage)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".lineage")))
        path += QLatin1String(".lineage");
    createCase(path, dialog.info());
}

void MainWindow::chooseAndOpen()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open Case"), {}, tr("Lineage cases (*.lineage);;All files (*)"));
    if (!path.isEmpty())
        openCase(path);
}

void MainWindow::editProperties()
{
    if (!m_session->isOpen())
        return;
    auto *dialog = new CasePropertiesDialog(m_session->info(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { m_annotations->editCaseInfo(m_session->info(), dialog->info()); });
    dialog->open();
}

QDialog *MainWindow::editItemProperties(const QModelIndex &index)
{
    return openItemProperties(m_session, index.isValid() ? index : m_explorer->view()->currentIndex(), this);
}

void MainWindow::verifyCase()
{
    if (!m_session->isOpen())
        return;
    using Verified = Result<VerificationReport>;
    const QString path = m_session->path();
    const QString name = QFileInfo(path).fileName();
    const auto who = m_session->investigator();
    m_verifyAction->setEnabled(false);
    m_jobs->run<Verified>(
        QStringLiteral("verify"), tr("Verifying %1").arg(name),
        [path, who](Feedback &feedback) -> Verified {
            // The worker's own read-only case, so that the UI's connection stays free.
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return (*file)->verify(feedback);
        },
        this,
        [this, name](Verified report) {
            m_verifyAction->setEnabled(m_session->isOpen());
            if (!report) {
                showError(this, tr("Verification of %1 did not complete.").arg(name), report.error());
                return;
            }
            (new VerifyReportDialog(name, *report, this))->show();
            emit verificationFinished(*report);
        });
}

ImportWizard *MainWindow::importEvidence(const QStringList &files)
{
    if (!m_session->isOpen() || m_session->isReadOnly())
        return nullptr;
    auto *wizard = new ImportWizard(m_session, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (!files.isEmpty())
        wizard->setFiles(files);
    connect(m_session, &CaseSession::caseClosing, wizard, &QWidget::close);
    wizard->open();
    return wizard;
}

QWidget *MainWindow::explorerActivated(const QModelIndex &index)
{
    // A source or an account filters the records table to it; a transcript or a document opens
    // its view; an analysis run or a finding its dialog. Exhibits get a view of their own later.
    if (!index.parent().isValid() || !m_session->isOpen())
        return nullptr;
    const QModelIndex nameIndex = index.siblingAtColumn(CaseExplorerModel::Name);
    const qint64 id = nameIndex.data(CaseExplorerModel::ItemIdRole).toLongLong();
    const QString name = nameIndex.data().toString();
    switch (CaseExplorerModel::Branch(index.data(CaseExplorerModel::BranchRole).toInt())) {
    case CaseExplorerModel::Branch::Sources:
        m_recordsView->showSource(id, name);
        m_tabs->setCurrentWidget(m_recordsView);
        return m_recordsView;
    case CaseExplorerModel::Branch::Accounts:
        m_recordsView->showAccount(id, name);
        m_tabs->setCurrentWidget(m_recordsView);
        return m_recordsView;
    case CaseExplorerModel::Branch::Transcripts:
        return openItemView(m_tabs, m_session, ItemKind::Transcript, id, name);
    case CaseExplorerModel::Branch::Documents:
        return openItemView(m_tabs, m_session, ItemKind::Document, id, name);
    case CaseExplorerModel::Branch::Analyses:
    case CaseExplorerModel::Branch::Findings: {
        const bool finding
            = index.data(CaseExplorerModel::BranchRole).toInt() == int(CaseExplorerModel::Branch::Findings);
        auto *dialog
            = new FindingDialog(m_session, finding ? FindingDialog::Item::Finding : FindingDialog::Item::Run, id, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        return dialog;
    }
    default:
        return nullptr;
    }
}

void MainWindow::showPreferences()
{
    auto *dialog = new PreferencesDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        const auto who = casefile::Investigator::current(AppSettings().investigatorName());
        if (who.name == m_session->investigator().name)
            return;
        m_session->setInvestigator(who);
        // The open case records its investigator when opened: reopen it under the new name.
        if (m_session->isOpen())
            openCase(m_session->path());
    });
    dialog->open();
}

void MainWindow::showAbout()
{
    (new AboutDialog(this))->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_jobs->isRunning(QStringLiteral("import"))) {
        const auto answer = QMessageBox::question(
            this, tr("Import Running"),
            tr("An import is still running. Stop it and close? The file being imported will not be in the case."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    AppSettings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState());
    m_session->close();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList evidence;
    QString caseFile;
    const auto urls = event->mimeData()->urls();
    for (const QUrl &url : urls) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        if (path.endsWith(QLatin1String(".lineage")) && caseFile.isEmpty())
            caseFile = path;
        else
            evidence << path;
    }
    event->acceptProposedAction();
    if (!caseFile.isEmpty())
        openCase(caseFile);
    else if (!evidence.isEmpty())
        importEvidence(evidence);
}

} // namespace lineage::ui
