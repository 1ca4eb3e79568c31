// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/actor_store.h"
#include "forensics/account_series.h"

#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace lineage::ui {

class AccountDetails;
class AccountScatter;
class AnnotationController;
class CaseSession;
class CaseTableView;

// The Accounts tab: the ranked accounts of an accounts run (TableSpec::accountRisk(), a lazy
// table sorted and filtered in SQL, the run kept as a base condition), a run chooser (the
// latest complete run first), the risk scatter of every account over two chosen features,
// and the details of the selected account (account_details.h). Its actions work on the
// selected rows: Show on Timeline (their accounts become the timeline's lanes), Make Actor,
// Assign to Actor, Remove from Actor (undoable, through the AnnotationController), Show
// Records; the table's own marks (star, tag, comment, exhibit) mark the rows' findings.
// With no accounts run, a message and a button that asks for the analysis. Everything is
// read on workers; replies of an earlier run or case are dropped.
class AccountsView : public QWidget
{
    Q_OBJECT
public:
    AccountsView(CaseSession *session, AnnotationController *annotations, QWidget *parent = nullptr);

    CaseTableView *table() const { return m_table; }
    QComboBox *runChooser() const { return m_run; }
    QComboBox *xFeature() const { return m_x; }
    QComboBox *yFeature() const { return m_y; }
    QCheckBox *logX() const { return m_logX; }
    AccountScatter *scatter() const { return m_scatter; }
    AccountDetails *details() const { return m_details; }
    QPushButton *runAnalysisButton() const { return m_runAnalysis; }
    bool isEmptyShown() const;
    QString statusText() const;
    const std::optional<forensics::AccountsSeries> &series() const { return m_series; }
    // The finding of the account shown in the details, 0 when none.
    qint64 currentFinding() const { return m_current; }

    QAction *showOnTimelineAction() const { return m_showTimeline; }
    QAction *makeActorAction() const { return m_makeActor; }
    QAction *assignActorAction() const { return m_assignActor; }
    QAction *removeActorAction() const { return m_removeActor; }
    QAction *showRecordsAction() const { return m_showRecords; }
    QAction *clusterActorAction() const { return m_clusterActor; }
    QAction *renameActorAction() const { return m_renameActor; }

    // Asks the analyst for a name (choices empty) or one of `choices`; tests answer themselves.
    using Prompt = std::function<std::optional<QString>(const QString &title, const QString &label,
                                                        const QStringList &choices, const QString &suggested)>;
    void setPrompt(Prompt prompt) { m_prompt = std::move(prompt); }

    // Shows run `runId` (0: the latest complete one); seriesLoaded() follows.
    void showRun(qint64 runId);
    // Selects the row of `findingId` in the table (reading its page when needed) and shows it.
    void selectFinding(qint64 findingId);
    // The account ids of the selected rows (the current row when none is selected), ascending.
    QList<qint64> selectedAccounts() const;
    [[nodiscard]] Status exportScatter(const QString &path);
    [[nodiscard]] Status exportContributions(const QString &path);
    void sendScatterToReport();

signals:
    void runsLoaded();
    void seriesLoaded(qint64 runId);
    void accountShown(qint64 findingId);
    void activityShown(qint64 findingId);
    // The analyst asked for the account analysis (the empty state's button).
    void analysisRequested();
    void timelineRequested(const QList<qint64> &accountIds);
    void recordsRequested(qint64 accountId, const QString &account);

private:
    void loadRuns();
    void render();
    void redrawScatter();
    void showCurrent(qint64 findingId);
    void loadActivity(const QList<qint64> &accountIds, qint64 findingId);
    void trySelectPending();
    void updateActions();
    void makeActor();
    void assignActor();
    void clusterActor();
    void renameActor();
    void exportInteractively(QCustomPlot *plot, const QString &name, const QString &title);
    [[nodiscard]] Status exportChartTo(QCustomPlot *plot, const QString &path, const QString &title);
    // The actor of a row's accounts now: its table cell when read, else from the actors read.
    QString actorOf(qint64 findingId, const forensics::AccountEntry &entry) const;
    QWidget *buildEmptyPage();
    QWidget *buildScatterPanel();
    void createActions();
    // Per selected row: its account ids and its actor column.
    struct Selected
    {
        QList<qint64> accountIds;
        QString actor;
        QString account;
        std::optional<int> cluster;
    };
    QList<Selected> selectedRows() const;

    CaseSession *m_session;
    AnnotationController *m_annotations;
    QComboBox *m_run;
    QLabel *m_status;
    QStackedWidget *m_stack;
    QLabel *m_emptyText;
    QPushButton *m_runAnalysis;
    CaseTableView *m_table;
    QComboBox *m_x;
    QComboBox *m_y;
    QCheckBox *m_logX;
    QCheckBox *m_logY;
    AccountScatter *m_scatter;
    QLabel *m_scatterCaption;
    QPushButton *m_scatterExport;
    QPushButton *m_scatterExhibit;
    AccountDetails *m_details;
    QAction *m_showTimeline, *m_makeActor, *m_assignActor, *m_removeActor, *m_showRecords, *m_clusterActor,
        *m_renameActor;
    Prompt m_prompt;
    std::optional<forensics::AccountsSeries> m_series;
    QList<casefile::ActorRow> m_actors;
    qint64 m_wanted = -1; // the run asked for (0: the latest)
    qint64 m_newestRun = 0; // the newest run when the runs were last read
    qint64 m_current = 0;
    qint64 m_pending = 0; // a finding to select once its row is read
};

} // namespace lineage::ui
