// SPDX-License-Identifier: GPL-3.0-or-later
#include "accounts_view.h"

#include "account_details.h"
#include "account_plots.h"
#include "annotation_controller.h"
#include "case_session.h"
#include "case_table_view.h"
#include "casefile/actor_store.h"
#include "forensics/evidence_series.h"
#include "job_runner.h"
#include "table_model.h"
#include "timeline/activity_series.h"
#include "timeline/bucket_grid.h"
#include "timeline_export.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace lineage::ui {

using casefile::TableSpec;
using forensics::AccountEntry;
using forensics::AccountsSeries;

namespace {

constexpr int kSparklineBuckets = 120;

// The feature pair the scatter starts with: how much an account asked against how much of it
// was one template (the classic harvesting picture), else the first two features it has.
QString defaultFeature(const QStringList &features, bool y)
{
    const QString wanted = y ? QStringLiteral("top_template_share") : QStringLiteral("requests");
    if (features.contains(wanted))
        return wanted;
    if (y)
        return features.value(0);
    return features.value(1, features.value(0));
}

void fillFeatures(QComboBox *box, const QStringList &features, const QString &keep)
{
    box->blockSignals(true);
    box->clear();
    for (const QString &f : features)
        box->addItem(featureTitle(f), f);
    const int i = box->findData(keep);
    box->setCurrentIndex(std::max(0, i));
    box->blockSignals(false);
}

struct Activity
{
    timeline::Series series;
    bool empty = false;
};

} // namespace

AccountsView::AccountsView(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QWidget(parent), m_session(session), m_annotations(annotations), m_run(new QComboBox(this)),
      m_status(new QLabel(this)), m_stack(new QStackedWidget(this)), m_emptyText(new QLabel(this)),
      m_runAnalysis(new QPushButton(tr("Run Account Analysis…"), this)),
      m_table(new CaseTableView(TableSpec::accountRisk(), session, annotations, this)), m_x(new QComboBox(this)),
      m_y(new QComboBox(this)), m_logX(new QCheckBox(tr("log"), this)), m_logY(new QCheckBox(tr("log"), this)),
      m_scatter(new AccountScatter(this)), m_scatterCaption(new QLabel(this)),
      m_scatterExport(new QPushButton(tr("Export…"), this)),
      m_scatterExhibit(new QPushButton(tr("Send to Report"), this)), m_details(new AccountDetails(this))
{
    setObjectName(QStringLiteral("accountsView"));
    m_run->setObjectName(QStringLiteral("accountsRun"));
    m_run->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_run->setToolTip(tr("The accounts run whose ranking is shown; the newest complete run first."));
    m_status->setObjectName(QStringLiteral("accountsStatus"));
    m_status->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("accountsTable"));
    m_table->filterEdit()->setPlaceholderText(tr("Filter: flagged=1 risk>=1.5 cluster=2 actor~ring account~bot"));

    createActions();
    m_table->setLeadingActions(
        { m_showTimeline, m_showRecords, m_makeActor, m_clusterActor, m_assignActor, m_removeActor, m_renameActor });

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Accounts run:"), this));
    top->addWidget(m_run);
    top->addWidget(m_status, 1);

    auto *tools = new QHBoxLayout;
    for (QAction *a :
         { m_showTimeline, m_showRecords, m_makeActor, m_clusterActor, m_assignActor, m_removeActor, m_renameActor }) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        tools->addWidget(b);
    }
    tools->addStretch(1);
    auto *tablePane = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(tools);
    tableLayout->addWidget(m_table, 1);

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(tablePane);
    left->addWidget(buildScatterPanel());
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("accountsSplit"));
    split->addWidget(left);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    // Empty, the details would take only their message's width: they start at their share
    // of the stretch (sizes are scaled to the splitter), without a minimum that would widen
    // the window.
    split->setSizes({ 3000, 2000 });

    m_stack->addWidget(buildEmptyPage());
    m_stack->addWidget(split);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);

    connect(m_run, &QComboBox::activated, this, [this](int i) { showRun(m_run->itemData(i).toLongLong()); });
    connect(m_table, &CaseTableView::currentItemChanged, this, [this](const casefile::ItemRef &item) {
        if (item.kind == QLatin1String("finding") && item.id != m_current)
            showCurrent(item.id);
    });
    connect(m_table->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AccountsView::updateActions);
    connect(m_table->model(), &TableModel::pageLoaded, this, &AccountsView::trySelectPending);
    connect(m_table->model(), &TableModel::reloaded, this, [this] {
        trySelectPending();
        updateActions();
        // The actor column may have changed: the details show the current one.
        if (m_current && m_series)
            if (const AccountEntry *e = m_series->entry(m_current))
                m_details->showEntry(*m_series, e, actorOf(m_current, *e));
    });
    connect(m_scatter, &AccountScatter::accountClicked, this, &AccountsView::selectFinding);
    for (QComboBox *box : { m_x, m_y })
        connect(box, &QComboBox::currentIndexChanged, this, &AccountsView::redrawScatter);
    for (QCheckBox *box : { m_logX, m_logY })
        connect(box, &QCheckBox::toggled, this, &AccountsView::redrawScatter);
    connect(m_scatterExport, &QPushButton::clicked, this, [this] {
        exportInteractively(m_scatter, QStringLiteral("accounts-risk"), forensics::chartTitle(forensics::EvidenceChart::AccountsRisk));
    });
    connect(m_scatterExhibit, &QPushButton::clicked, this, &AccountsView::sendScatterToReport);
    connect(m_details, &AccountDetails::exportRequested, this, &AccountsView::exportInteractively);
    connect(m_details, &AccountDetails::contributionsExhibitRequested, this, [this](qint64 finding, const QString &caption) {
        if (m_annotations)
            m_annotations->addExhibit({ QStringLiteral("finding"), finding }, caption);
    });
    connect(m_runAnalysis, &QPushButton::clicked, this, &AccountsView::analysisRequested);

    connect(session, &CaseSession::caseOpened, this, &AccountsView::loadRuns);
    connect(session, &CaseSession::contentChanged, this, &AccountsView::loadRuns);
    connect(session, &CaseSession::caseClosed, this, [this] {
        m_run->clear();
        m_series.reset();
        m_actors.clear();
        m_newestRun = 0;
        m_current = 0;
        m_pending = 0;
        m_wanted = -1;
        render();
    });
    m_prompt = [this](const QString &title, const QString &label, const QStringList &choices,
                      const QString &suggested) -> std::optional<QString> {
        bool ok = false;
        const QString text = choices.isEmpty()
            ? QInputDialog::getText(this, title, label, QLineEdit::Normal, suggested, &ok)
            : QInputDialog::getItem(this, title, label, choices, std::max<qsizetype>(0, choices.indexOf(suggested)),
                                    false, &ok);
        if (!ok || text.trimmed().isEmpty())
            return std::nullopt;
        return text.trimmed();
    };
    render();
}

void AccountsView::createActions()
{
    auto action = [this](const QString &text, const QString &name, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(tip + (key.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText))));
        addAction(a);
        return a;
    };
    m_showTimeline = action(tr("Show on Timeline"), QStringLiteral("accountsShowTimeline"),
                            QKeySequence(Qt::CTRL | Qt::Key_L),
                            tr("Make the selected accounts the lanes of the timeline and show it"));
    m_showRecords = action(tr("Show Records"), QStringLiteral("accountsShowRecords"),
                           QKeySequence(Qt::CTRL | Qt::Key_Return), tr("List the query records of the current account"));
    m_makeActor = action(tr("Make Actor…"), QStringLiteral("accountsMakeActor"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                         tr("Group the selected accounts into a new actor (one party behind several accounts)"));
    m_assignActor = action(tr("Assign to Actor…"), QStringLiteral("accountsAssignActor"), {},
                           tr("Move the selected accounts to an existing actor"));
    m_removeActor = action(tr("Remove from Actor"), QStringLiteral("accountsRemoveActor"), {},
                           tr("Take the selected accounts out of their actor"));
    m_clusterActor = action(tr("Make Actor from Cluster…"), QStringLiteral("accountsClusterActor"), {},
                            tr("Group every account of the current account's linking cluster into a new actor"));
    m_renameActor = action(tr("Rename Actor…"), QStringLiteral("accountsRenameActor"), {},
                           tr("Rename the actor of the current account"));
    connect(m_clusterActor, &QAction::triggered, this, &AccountsView::clusterActor);
    connect(m_renameActor, &QAction::triggered, this, &AccountsView::renameActor);
    connect(m_showTimeline, &QAction::triggered, this, [this] {
        const QList<qint64> ids = selectedAccounts();
        if (!ids.isEmpty())
            emit timelineRequested(ids);
    });
    connect(m_showRecords, &QAction::triggered, this, [this] {
        const QList<Selected> rows = selectedRows();
        if (rows.isEmpty() || rows.front().accountIds.isEmpty())
            return;
        const Selected &s = rows.front();
        emit recordsRequested(s.accountIds.front(), s.accountIds.size() == 1 ? s.account : QString());
    });
    connect(m_makeActor, &QAction::triggered, this, &AccountsView::makeActor);
    connect(m_assignActor, &QAction::triggered, this, &AccountsView::assignActor);
    connect(m_removeActor, &QAction::triggered, this, [this] {
        QList<qint64> ids;
        for (const Selected &s : selectedRows())
            if (!s.actor.isEmpty())
                ids << s.accountIds;
        if (!ids.isEmpty() && m_annotations)
            m_annotations->removeFromActor(ids);
    });
}

QWidget *AccountsView::buildEmptyPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("accountsEmpty"));
    m_emptyText->setObjectName(QStringLiteral("accountsEmptyText"));
    m_emptyText->setWordWrap(true);
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_runAnalysis->setObjectName(QStringLiteral("accountsRunAnalysis"));
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(m_emptyText);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_runAnalysis);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
    return page;
}

QWidget *AccountsView::buildScatterPanel()
{
    auto *panel = new QWidget(this);
    m_x->setObjectName(QStringLiteral("accountsX"));
    m_y->setObjectName(QStringLiteral("accountsY"));
    m_logX->setObjectName(QStringLiteral("accountsLogX"));
    m_logY->setObjectName(QStringLiteral("accountsLogY"));
    m_logX->setChecked(true); // requests span orders of magnitude
    m_scatter->setMinimumHeight(260);
    m_scatterCaption->setObjectName(QStringLiteral("accountsScatterCaption"));
    m_scatterCaption->setWordWrap(true);
    m_scatterExport->setObjectName(QStringLiteral("exportScatter"));
    m_scatterExport->setToolTip(tr("Save the scatter as a PNG image, an SVG drawing or a PDF document."));
    m_scatterExhibit->setObjectName(QStringLiteral("scatterExhibit"));
    m_scatterExhibit->setToolTip(tr("Make the accounts chart of this run an exhibit of the report."));
    auto *axes = new QHBoxLayout;
    axes->addWidget(new QLabel(tr("x:"), panel));
    axes->addWidget(m_x);
    axes->addWidget(m_logX);
    axes->addSpacing(12);
    axes->addWidget(new QLabel(tr("y:"), panel));
    axes->addWidget(m_y);
    axes->addWidget(m_logY);
    axes->addStretch(1);
    axes->addWidget(m_scatterExport);
    axes->addWidget(m_scatterExhibit);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(axes);
    layout->addWidget(m_scatter, 1);
    layout->addWidget(m_scatterCaption);
    return panel;
}

bool AccountsView::isEmptyShown() const
{
    return m_stack->currentIndex() == 0;
}

QString AccountsView::statusText() const
{
    return m_status->text();
}

void AccountsView::loadRuns()
{
    if (!m_session->isOpen())
        return;
    struct Runs
    {
        QList<casefile::AnalysisRunRow> runs;
        QList<casefile::ActorRow> actors;
    };
    using Reply = Result<Runs>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Reply>(
        QStringLiteral("accounts-runs"), tr("Reading the accounts runs"),
        [path, who](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            auto runs = forensics::accountsRuns((*file)->db());
            if (!runs)
                return runs.error();
            auto actors = casefile::ActorStore((*file)->db()).actors();
            if (!actors)
                return actors.error();
            return Runs { *runs, *actors };
        },
        this,
        [this](Reply reply) {
            if (!reply) {
                m_status->setText(tr("Cannot read the accounts runs: %1").arg(reply.error().message));
                return;
            }
            m_actors = reply->actors;
            // A run made since the last read is shown (the analyst just asked for it);
            // otherwise the run shown stays.
            const qint64 newest = reply->runs.isEmpty() ? 0 : reply->runs.last().id;
            const bool fresh = m_newestRun > 0 && newest > m_newestRun;
            m_newestRun = newest;
            const qint64 shown = fresh ? newest : m_run->currentData().toLongLong();
            m_run->clear();
            for (const auto &r : std::as_const(reply->runs))
                m_run->addItem(tr("Run %1: %2, %n finding(s)", nullptr, int(r.findingCount))
                                   .arg(r.id)
                                   .arg(QDateTime::fromMSecsSinceEpoch(r.startedUtc, QTimeZone::utc())
                                            .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))),
                               r.id);
            emit runsLoaded();
            if (m_run->count() == 0) {
                m_series.reset();
                m_wanted = -1;
                render();
                return;
            }
            int i = m_run->findData(shown);
            if (i < 0)
                i = m_run->count() - 1; // the newest
            m_run->setCurrentIndex(i);
            const qint64 id = m_run->itemData(i).toLongLong();
            if (m_series && m_series->run.id == id) {
                updateActions(); // the actors may have changed, the run did not
                return;
            }
            showRun(id);
        },
        JobRunner::Visibility::Quiet);
}

void AccountsView::showRun(qint64 runId)
{
    using Reply = Result<AccountsSeries>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_wanted = runId;
    if (const int i = m_run->findData(runId); i >= 0)
        m_run->setCurrentIndex(i);
    m_status->setText(tr("Reading the accounts of run %1…").arg(runId));
    m_session->jobs()->run<Reply>(
        QStringLiteral("accounts-series"), tr("Reading the accounts of run %1").arg(runId),
        [path, who, runId](Feedback &feedback) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return forensics::accountsSeries((*file)->db(), runId, feedback);
        },
        this,
        [this, runId](Reply reply) {
            if (runId != m_wanted)
                return;
            if (!reply) {
                m_series.reset();
                render();
                m_status->setText(reply.error().message);
                return;
            }
            m_series = std::move(*reply);
            const qint64 id = m_series->run.id;
            // The table: this run's rows, highest risk first (rank 1).
            casefile::TableQuery base;
            base.sortColumn = QStringLiteral("rank");
            casefile::FilterCondition run;
            run.column = QStringLiteral("run");
            run.op = casefile::FilterOp::Equals;
            run.value = id;
            base.conditions << run;
            m_table->setBaseQuery(base);
            m_current = 0;
            render();
            emit seriesLoaded(id);
        },
        JobRunner::Visibility::Quiet);
}

void AccountsView::render()
{
    if (!m_series) {
        m_stack->setCurrentIndex(0);
        m_scatter->clear();
        m_details->showEntry({}, nullptr, {});
        const bool open = m_session->isOpen();
        m_emptyText->setText(
            open ? tr("<h3>No account analysis yet</h3><p>The account analysis ranks every account of the query logs "
                      "by how much it looks like harvesting answers for training (reasoning requests, template "
                      "fills, topic coverage, volume), links accounts that share IPs, keys, orgs or templates, and "
                      "explains each score.</p>")
                 : tr("<p>Open a case to see its accounts.</p>"));
        m_runAnalysis->setVisible(open);
        m_runAnalysis->setEnabled(open && !m_session->isReadOnly());
        m_status->setText(open ? tr("No complete accounts run in this case.") : QString());
        updateActions();
        return;
    }
    m_stack->setCurrentIndex(1);
    const AccountsSeries &s = *m_series;
    int flagged = 0;
    for (const AccountEntry &e : s.accounts)
        flagged += e.flagged ? 1 : 0;
    const QString unit = !s.accounts.empty() && s.accounts.front().unit == QLatin1String("actor") ? tr("actors")
                                                                                                   : tr("accounts");
    m_status->setText(tr("Run %1: %2 %3 ranked, %4 flagged, %5 linking cluster(s). Engine %6.")
                          .arg(s.run.id)
                          .arg(s.accounts.size())
                          .arg(unit)
                          .arg(flagged)
                          .arg(s.clusters.size())
                          .arg(s.run.engineVersion));
    const QString x = m_x->currentData().toString(), y = m_y->currentData().toString();
    fillFeatures(m_x, s.features, x.isEmpty() || !s.features.contains(x) ? defaultFeature(s.features, false) : x);
    fillFeatures(m_y, s.features, y.isEmpty() || !s.features.contains(y) ? defaultFeature(s.features, true) : y);
    m_scatterExhibit->setEnabled(!m_session->isReadOnly());
    redrawScatter();
    m_details->showEntry(s, nullptr, {});
    m_details->setWritable(!m_session->isReadOnly());
    updateActions();
}

void AccountsView::redrawScatter()
{
    if (!m_series) {
        m_scatter->clear();
        m_scatterCaption->clear();
        return;
    }
    m_scatter->draw(*m_series, m_x->currentData().toString(), m_y->currentData().toString(), m_logX->isChecked(),
                    m_logY->isChecked());
    m_scatter->setSelected(m_current);
    m_scatterCaption->setText(m_scatter->caption() + tr(" Hover a point for its account, click it to select it."));
}

QString AccountsView::actorOf(qint64 findingId, const AccountEntry &entry) const
{
    // The table's actor column is the actor now; the run's payload the actor then.
    const TableModel *model = m_table->model();
    const int column = m_table->model()->modelColumn(QStringLiteral("actor"));
    for (int r = 0; r < model->rowCount() && column >= 0; ++r)
        if (model->isRowLoaded(r) && model->row(r)->id == findingId)
            return model->index(r, column).data().toString();
    // Not read yet: the actors the tab read hold the answer.
    QStringList names;
    for (const casefile::ActorRow &a : m_actors)
        for (const casefile::Membership &m : a.accounts)
            if (entry.accountIds.contains(m.accountId) && !names.contains(a.name))
                names << a.name;
    names.sort();
    return names.join(QStringLiteral(", "));
}

void AccountsView::showCurrent(qint64 findingId)
{
    m_current = findingId;
    const AccountEntry *entry = m_series ? m_series->entry(findingId) : nullptr;
    if (!entry) {
        m_details->showEntry(m_series ? *m_series : AccountsSeries {}, nullptr, {});
        m_scatter->setSelected(0);
        updateActions();
        return;
    }
    m_details->showEntry(*m_series, entry, actorOf(findingId, *entry));
    m_details->setWritable(!m_session->isReadOnly());
    m_scatter->setSelected(findingId);
    loadActivity(entry->accountIds, findingId);
    updateActions();
    emit accountShown(findingId);
}

void AccountsView::loadActivity(const QList<qint64> &accountIds, qint64 findingId)
{
    if (accountIds.isEmpty()) {
        m_details->setActivityMessage(tr("No account of the logs to show the activity of."));
        return;
    }
    using Reply = Result<Activity>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const QString zone = m_session->zone().setting();
    m_session->jobs()->run<Reply>(
        QStringLiteral("accounts-activity"), tr("Reading the account's activity"),
        [path, who, zone, accountIds](Feedback &feedback) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            const QTimeZone tz = timeline::zoneFromSetting(zone).value_or(QTimeZone::utc());
            timeline::BucketSize day;
            auto range = timeline::caseRange((*file)->db(), day, tz);
            if (!range)
                return range.error();
            if (!*range)
                return Activity { {}, true };
            timeline::SeriesRequest request;
            request.bucket = timeline::BucketSize::forSpan((*range)->second - (*range)->first, kSparklineBuckets);
            auto fine = timeline::caseRange((*file)->db(), request.bucket, tz);
            if (!fine)
                return fine.error();
            if (!*fine)
                return Activity { {}, true };
            request.fromUtc = (*fine)->first;
            request.toUtc = (*fine)->second;
            request.zone = zone;
            request.filter.accountIds = accountIds;
            request.distinctAccounts = false;
            auto series = timeline::computeSeries((*file)->db(), request, feedback);
            if (!series)
                return series.error();
            return Activity { std::move(*series), false };
        },
        this,
        [this, findingId](Reply reply) {
            if (findingId != m_current)
                return;
            if (!reply) {
                m_details->setActivityMessage(tr("The activity could not be read: %1").arg(reply.error().message));
                return;
            }
            if (reply->empty) {
                m_details->setActivityMessage(tr("No record of the case has a time."));
                return;
            }
            m_details->setActivity(reply->series);
            emit activityShown(findingId);
        },
        JobRunner::Visibility::Quiet);
}

void AccountsView::selectFinding(qint64 findingId)
{
    if (!m_series || !m_series->entry(findingId))
        return;
    m_pending = findingId;
    if (findingId != m_current)
        showCurrent(findingId);
    trySelectPending();
    if (!m_pending)
        return;
    // Not read yet: in the first order (by rank) its row is rank - 1; asking for it reads it.
    const AccountEntry *entry = m_series->entry(findingId);
    TableModel *model = m_table->model();
    const int guess = entry->rank - 1;
    if (guess >= 0 && guess < model->rowCount())
        m_table->view()->scrollTo(model->index(guess, 0));
}

void AccountsView::trySelectPending()
{
    if (!m_pending)
        return;
    TableModel *model = m_table->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        if (!model->isRowLoaded(r) || model->row(r)->id != m_pending)
            continue;
        m_pending = 0;
        const QModelIndex index = model->index(r, TableModel::FirstDataColumn);
        m_table->view()->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->view()->scrollTo(index);
        return;
    }
}

QList<AccountsView::Selected> AccountsView::selectedRows() const
{
    QList<Selected> out;
    if (!m_series)
        return out;
    // The selected rows that are read, with their actor cell (the actor now).
    const TableModel *model = m_table->model();
    const int actorColumn = model->modelColumn(QStringLiteral("actor"));
    QList<int> rows;
    for (const QModelIndex &index : m_table->view()->selectionModel()->selectedRows())
        if (model->isRowLoaded(index.row()))
            rows << index.row();
    std::sort(rows.begin(), rows.end());
    for (int r : std::as_const(rows))
        if (const AccountEntry *e = m_series->entry(model->row(r)->id))
            out.append({ e->accountIds, model->index(r, actorColumn).data().toString(), e->name, e->cluster });
    if (out.isEmpty() && m_current)
        if (const AccountEntry *e = m_series->entry(m_current))
            out.append({ e->accountIds, actorOf(m_current, *e), e->name, e->cluster });
    return out;
}

QList<qint64> AccountsView::selectedAccounts() const
{
    QList<qint64> ids;
    for (const Selected &s : selectedRows())
        ids << s.accountIds;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

void AccountsView::updateActions()
{
    const QList<Selected> rows = selectedRows();
    const bool writable = m_session->isOpen() && !m_session->isReadOnly() && m_annotations;
    bool accounts = false, inActor = false;
    for (const Selected &s : rows) {
        accounts = accounts || !s.accountIds.isEmpty();
        inActor = inActor || !s.actor.isEmpty();
    }
    m_showTimeline->setEnabled(accounts);
    m_showRecords->setEnabled(accounts);
    m_makeActor->setEnabled(writable && accounts);
    m_assignActor->setEnabled(writable && accounts && !m_actors.isEmpty());
    m_removeActor->setEnabled(writable && inActor);
    m_clusterActor->setEnabled(writable && !rows.isEmpty() && rows.front().cluster.has_value());
    m_renameActor->setEnabled(writable && !rows.isEmpty() && !rows.front().actor.isEmpty());
}

void AccountsView::clusterActor()
{
    const QList<Selected> rows = selectedRows();
    if (rows.isEmpty() || !rows.front().cluster || !m_annotations || !m_series)
        return;
    const int cluster = *rows.front().cluster;
    QList<qint64> ids;
    for (const AccountEntry &e : m_series->accounts)
        if (e.cluster == cluster)
            ids << e.accountIds;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.isEmpty())
        return;
    const auto name = m_prompt(
        tr("Make Actor from Cluster"),
        tr("Name of the actor holding the %n account(s) of cluster %1:", nullptr, int(ids.size())).arg(cluster), {},
        tr("cluster %1 of run %2").arg(cluster).arg(m_series->run.id));
    if (name)
        m_annotations->createActor(*name, ids);
}

void AccountsView::renameActor()
{
    const QList<Selected> rows = selectedRows();
    if (rows.isEmpty() || rows.front().actor.isEmpty() || !m_annotations)
        return;
    const QString current = rows.front().actor.section(QStringLiteral(", "), 0, 0);
    for (const casefile::ActorRow &a : std::as_const(m_actors)) {
        if (a.name != current)
            continue;
        const auto name = m_prompt(tr("Rename Actor"), tr("New name of actor '%1':").arg(a.name), {}, a.name);
        if (name && *name != a.name)
            m_annotations->renameActor(a.id, a.name, *name);
        return;
    }
}

void AccountsView::makeActor()
{
    const QList<Selected> rows = selectedRows();
    const QList<qint64> ids = selectedAccounts();
    if (ids.isEmpty() || !m_annotations)
        return;
    // A cluster's accounts suggest the cluster's name; else the first account's.
    const int cluster = rows.front().cluster.value_or(0);
    const bool one = cluster > 0 && std::all_of(rows.cbegin(), rows.cend(), [cluster](const Selected &s) {
                         return s.cluster.value_or(0) == cluster;
                     });
    const QString suggested = one ? tr("cluster %1 of run %2").arg(cluster).arg(m_series->run.id)
                                  : tr("actor of %1").arg(rows.front().account);
    const auto name = m_prompt(tr("Make Actor"),
                               tr("Name of the actor holding %n account(s):", nullptr, int(ids.size())), {}, suggested);
    if (name)
        m_annotations->createActor(*name, ids);
}

void AccountsView::assignActor()
{
    const QList<qint64> ids = selectedAccounts();
    if (ids.isEmpty() || !m_annotations || m_actors.isEmpty())
        return;
    QStringList names;
    for (const casefile::ActorRow &a : std::as_const(m_actors))
        names << a.name;
    const auto name = m_prompt(tr("Assign to Actor"),
                               tr("Actor to hold %n account(s):", nullptr, int(ids.size())), names, names.front());
    if (!name)
        return;
    for (const casefile::ActorRow &a : std::as_const(m_actors))
        if (a.name == *name) {
            m_annotations->assignToActor(ids, a.id, a.name);
            return;
        }
}

Status AccountsView::exportScatter(const QString &path)
{
    return exportChartTo(m_scatter, path, forensics::chartTitle(forensics::EvidenceChart::AccountsRisk));
}

Status AccountsView::exportContributions(const QString &path)
{
    if (!m_details->findingId())
        return makeError(ErrorCode::InvalidInput, tr("No account is selected: select one to export its contributions."));
    return exportChartTo(m_details->contributionsPlot(), path, tr("Risk contributions"));
}

Status AccountsView::exportChartTo(QCustomPlot *plot, const QString &path, const QString &title)
{
    const auto format = plotFormatFor(path);
    if (!format)
        return makeError(
            ErrorCode::InvalidInput,
            tr("'%1' does not end in .png, .svg or .pdf; name the file with the format wanted.").arg(path));
    return exportPlot(plot, path, *format, title);
}

void AccountsView::exportInteractively(QCustomPlot *plot, const QString &name, const QString &title)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Chart"), name + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (auto s = exportChartTo(plot, path, title); !s)
        QMessageBox::warning(this, tr("Chart not exported"), s.error().message);
}

void AccountsView::sendScatterToReport()
{
    if (!m_series || !m_annotations)
        return;
    const qint64 item = forensics::chartItemId(m_series->run.id, forensics::EvidenceChart::AccountsRisk);
    m_annotations->addExhibit({ QStringLiteral("chart"), item },
                              forensics::chartTitle(forensics::EvidenceChart::AccountsRisk)
                                  + QStringLiteral(" (run %1; %2)").arg(m_series->run.id).arg(m_scatter->caption()));
}

} // namespace lineage::ui
