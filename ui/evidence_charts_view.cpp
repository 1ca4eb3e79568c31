// SPDX-License-Identifier: GPL-3.0-or-later
#include "evidence_charts_view.h"

#include "annotation_controller.h"
#include "case_session.h"
#include "casefile/analysis_store.h"
#include "compare_view.h"
#include "evidence_plots.h"
#include "job_runner.h"
#include "qcustomplot_include.h"
#include "timeline_export.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>

namespace lineage::ui {

using forensics::EvidenceChart;

namespace {
constexpr int kFindingRole = Qt::UserRole + 1;
}

EvidenceChartsView::EvidenceChartsView(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QWidget(parent), m_session(session), m_annotations(annotations), m_run(new QComboBox(this)),
      m_status(new QLabel(this)), m_pages(new QTabWidget(this)), m_topView(new QTableView(this)),
      m_topModel(new QStandardItemModel(this)), m_compareDialog(new QDialog(this)),
      m_compare(new CompareView(session, m_compareDialog))
{
    setObjectName(QStringLiteral("evidenceChartsView"));
    m_run->setObjectName(QStringLiteral("chartRun"));
    m_run->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_pages->setObjectName(QStringLiteral("chartPages"));
    m_status->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Analysis run:"), this));
    top->addWidget(m_run);
    top->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    m_topModel->setHorizontalHeaderLabels({ tr("Model"), tr("Answer"), tr("Jaccard"), tr("Containment"),
                                            tr("Longest verbatim (words)"), tr("Strength"), tr("Accounts"),
                                            tr("Prompt") });
    m_topView->setObjectName(QStringLiteral("topReusedAnswers"));
    m_topView->setModel(m_topModel);
    m_topView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_topView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_topView->verticalHeader()->hide();
    m_topView->horizontalHeader()->setStretchLastSection(true);
    m_topView->setToolTip(tr("Double-click or press Enter to compare the answer with the text it reuses."));
    m_topView->hide();
    connect(m_topView, &QTableView::activated, this, [this](const QModelIndex &index) { openTopAnswer(index.row()); });

    m_compareDialog->setWindowTitle(tr("Compare"));
    m_compareDialog->setObjectName(QStringLiteral("chartCompareDialog"));
    auto *dialogLayout = new QVBoxLayout(m_compareDialog);
    dialogLayout->addWidget(m_compare);
    m_compareDialog->resize(1200, 700);

    connect(m_run, &QComboBox::activated, this, [this](int i) { showRun(m_run->itemData(i).toLongLong()); });
    connect(session, &CaseSession::caseOpened, this, &EvidenceChartsView::loadRuns);
    connect(session, &CaseSession::contentChanged, this, &EvidenceChartsView::loadRuns);
    connect(session, &CaseSession::caseClosed, this, [this] {
        m_run->clear();
        m_series.reset();
        render();
    });
    m_status->setText(tr("No analysis run with charts yet: run a kinship, reuse or attribution analysis."));
}

QCustomPlot *EvidenceChartsView::plot(EvidenceChart chart) const
{
    const auto it = m_plots.find(chart);
    return it == m_plots.end() ? nullptr : it->second;
}

QString EvidenceChartsView::statusText() const
{
    return m_status->text();
}

void EvidenceChartsView::loadRuns()
{
    if (!m_session->isOpen())
        return;
    using Reply = Result<QList<casefile::AnalysisRunRow>>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Reply>(
        QStringLiteral("charts-runs"), tr("Reading the analysis runs"),
        [path, who](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            casefile::AnalysisStore store((*file)->db());
            auto runs = store.runs();
            if (!runs)
                return runs.error();
            QList<casefile::AnalysisRunRow> out;
            for (const auto &r : std::as_const(*runs))
                if (forensics::hasCharts(r.kind) && r.status == QLatin1String("complete"))
                    out.append(r);
            return out;
        },
        this,
        [this](Reply reply) {
            if (!reply) {
                m_status->setText(tr("Cannot read the analysis runs: %1").arg(reply.error().message));
                return;
            }
            const qint64 shown = m_run->currentData().toLongLong();
            m_run->clear();
            for (const auto &r : std::as_const(*reply))
                m_run->addItem(tr("Run %1: %2, %3, %n finding(s)", nullptr, int(r.findingCount))
                                   .arg(r.id)
                                   .arg(r.kind,
                                        QDateTime::fromMSecsSinceEpoch(r.startedUtc, QTimeZone::utc())
                                            .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))),
                               r.id);
            emit runsLoaded();
            if (m_run->count() == 0) {
                m_series.reset();
                render();
                return;
            }
            int i = m_run->findData(shown);
            if (i < 0)
                i = m_run->count() - 1; // the newest
            m_run->setCurrentIndex(i);
            showRun(m_run->itemData(i).toLongLong());
        },
        JobRunner::Visibility::Quiet);
}

void EvidenceChartsView::showRun(qint64 runId)
{
    using Reply = Result<forensics::EvidenceSeries>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_wanted = runId;
    if (const int i = m_run->findData(runId); i >= 0)
        m_run->setCurrentIndex(i);
    m_status->setText(tr("Reading run %1...").arg(runId));
    m_session->jobs()->run<Reply>(
        QStringLiteral("charts-series"), tr("Building the charts of run %1").arg(runId),
        [path, who, runId](Feedback &feedback) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return forensics::evidenceSeries((*file)->db(), runId, feedback);
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
            render();
            emit seriesLoaded(runId);
        },
        JobRunner::Visibility::Quiet);
}

void EvidenceChartsView::render()
{
    // The top-answers table outlives the pages it is shown on.
    m_topView->hide();
    m_topView->setParent(this);
    const int current = m_pages->currentIndex();
    while (m_pages->count() > 0) {
        QWidget *page = m_pages->widget(0);
        m_pages->removeTab(0);
        delete page;
    }
    m_plots.clear();
    m_topModel->removeRows(0, m_topModel->rowCount());
    if (!m_series) {
        m_status->setText(tr("No analysis run with charts yet: run a kinship, reuse or attribution analysis."));
        return;
    }
    for (const EvidenceChart chart : m_series->charts())
        m_pages->addTab(chartPage(chart), forensics::chartTitle(chart).section(QLatin1Char(':'), 1).trimmed());
    if (current >= 0 && current < m_pages->count())
        m_pages->setCurrentIndex(current);
    const auto &run = m_series->run;
    QString text = tr("Run %1 (%2): %3").arg(run.id).arg(run.kind, run.message.section(QLatin1Char('\n'), 0, 0));
    if (m_series->kinship)
        text = tr("Run %1 (kinship): provider %2, %3 scored models, flagged at score %4 or more.")
                   .arg(run.id)
                   .arg(m_series->kinship->provider)
                   .arg(m_series->kinship->models.size())
                   .arg(m_series->kinship->flagScore, 0, 'f', 2);
    else if (m_series->reuse)
        text = tr("Run %1 (reuse): %2 of %3 suspect answers reused; double-click an answer to compare it.")
                   .arg(run.id)
                   .arg(m_series->reuse->reusedAnswers)
                   .arg(m_series->reuse->suspectAnswers);
    else if (m_series->attribution)
        text = tr("Run %1 (attribution): cross-validated accuracy %2%; %3 attributed to %4.")
                   .arg(run.id)
                   .arg(m_series->attribution->cvAccuracy * 100, 0, 'f', 1)
                   .arg(m_series->attribution->suspect, m_series->attribution->attributed);
    m_status->setText(text);
}

QWidget *EvidenceChartsView::chartPage(EvidenceChart chart)
{
    auto *page = new QWidget;
    page->setObjectName(forensics::chartName(chart));
    auto *plot = new QCustomPlot(page);
    plot->setObjectName(forensics::chartName(chart) + QStringLiteral("-plot"));
    plot->setMinimumHeight(320);
    drawEvidenceChart(plot, *m_series, chart);
    m_plots[chart] = plot;

    auto *exportButton = new QPushButton(tr("Export..."), page);
    exportButton->setObjectName(QStringLiteral("exportChart"));
    exportButton->setToolTip(tr("Save the chart as a PNG image, an SVG drawing or a PDF document."));
    auto *exhibitButton = new QPushButton(tr("Send to Report"), page);
    exhibitButton->setObjectName(QStringLiteral("chartExhibit"));
    exhibitButton->setToolTip(tr("Make the chart an exhibit of the report."));
    exhibitButton->setEnabled(!m_session->isReadOnly());
    connect(exportButton, &QPushButton::clicked, this, [this, chart] { exportInteractively(chart); });
    connect(exhibitButton, &QPushButton::clicked, this, [this, chart] { sendToReport(chart); });
    auto *caption = new QLabel(evidenceChartCaption(*m_series, chart), page);
    caption->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(caption, 1);
    buttons->addWidget(exportButton);
    buttons->addWidget(exhibitButton);

    auto *layout = new QVBoxLayout(page);
    if (chart == EvidenceChart::ReuseHistogram && m_series->reuse) {
        const auto &top = m_series->reuse->top;
        const size_t shown = std::min<size_t>(top.size(), 50);
        for (size_t i = 0; i < shown; ++i) {
            const auto &a = top[i];
            QList<QStandardItem *> row {
                new QStandardItem(a.label),
                new QStandardItem(QString::number(a.turnIndex)),
                new QStandardItem(QString::number(a.jaccard, 'f', 3)),
                new QStandardItem(QStringLiteral("%1%").arg(a.containment * 100, 0, 'f', 0)),
                new QStandardItem(QString::number(a.longestVerbatim)),
                new QStandardItem(a.strength),
                new QStandardItem(a.accounts.join(QStringLiteral(", "))),
                new QStandardItem(a.prompt.simplified()),
            };
            for (QStandardItem *item : row) {
                item->setData(a.findingId, kFindingRole);
                item->setToolTip(a.prompt);
            }
            m_topModel->appendRow(row);
        }
        m_topView->resizeColumnsToContents();
        m_topView->setColumnWidth(7, 300);
        auto *split = new QSplitter(Qt::Vertical, page);
        split->addWidget(plot);
        auto *list = new QWidget(split);
        auto *listLayout = new QVBoxLayout(list);
        listLayout->setContentsMargins(0, 0, 0, 0);
        listLayout->addWidget(new QLabel(tr("Top reused answers (closest first; double-click to compare):"), list));
        m_topView->setParent(list);
        listLayout->addWidget(m_topView);
        m_topView->show();
        split->addWidget(list);
        split->setStretchFactor(0, 3);
        split->setStretchFactor(1, 2);
        layout->addWidget(split, 1);
    } else {
        layout->addWidget(plot, 1);
    }
    layout->addLayout(buttons);
    return page;
}

Status EvidenceChartsView::exportChart(EvidenceChart chart, const QString &path)
{
    QCustomPlot *p = plot(chart);
    if (!p)
        return makeError(ErrorCode::InvalidInput,
                         tr("The shown run has no chart '%1'.").arg(forensics::chartName(chart)));
    const auto format = plotFormatFor(path);
    if (!format)
        return makeError(
            ErrorCode::InvalidInput,
            tr("'%1' does not end in .png, .svg or .pdf; name the file with the format wanted.").arg(path));
    return exportPlot(p, path, *format, forensics::chartTitle(chart));
}

void EvidenceChartsView::exportInteractively(EvidenceChart chart)
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export Chart"), forensics::chartName(chart) + QStringLiteral(".png"),
                                       tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (auto s = exportChart(chart, path); !s)
        QMessageBox::warning(this, tr("Chart not exported"), s.error().message);
}

void EvidenceChartsView::sendToReport(EvidenceChart chart)
{
    if (!m_series || !m_annotations)
        return;
    const qint64 item = forensics::chartItemId(m_series->run.id, chart);
    m_annotations->addExhibit({ QStringLiteral("chart"), item },
                              forensics::chartTitle(chart) + QStringLiteral(" (run %1)").arg(m_series->run.id));
}

void EvidenceChartsView::openTopAnswer(int row)
{
    if (row < 0 || row >= m_topModel->rowCount())
        return;
    const qint64 finding = m_topModel->item(row, 0)->data(kFindingRole).toLongLong();
    m_compare->showFinding(finding);
    m_compareDialog->show();
    m_compareDialog->raise();
    emit compareOpened(finding);
}

} // namespace lineage::ui
