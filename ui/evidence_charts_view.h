// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "forensics/evidence_series.h"

#include <QWidget>

#include <map>

class QComboBox;
class QCustomPlot;
class QDialog;
class QLabel;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QVBoxLayout;

namespace lineage::ui {

class AnnotationController;
class CaseSession;
class CompareView;

// The evidence charts of one analysis run, picked from the case's kinship, reuse and
// attribution runs: its series are built on a worker (forensics::evidenceSeries) and drawn
// into one page per chart (evidence_plots.h). Each page exports its chart (PNG, SVG, PDF)
// and sends it to the report as an exhibit (item kind "chart", forensics::chartItemId). The
// reuse page lists the top reused answers; activating one opens the compare view on it.
class EvidenceChartsView : public QWidget
{
    Q_OBJECT
public:
    EvidenceChartsView(CaseSession *session, AnnotationController *annotations, QWidget *parent = nullptr);

    QComboBox *runChooser() const { return m_run; }
    QTabWidget *pages() const { return m_pages; }
    QTableView *topAnswers() const { return m_topView; }
    QStandardItemModel *topAnswersModel() const { return m_topModel; }
    CompareView *compareView() const { return m_compare; }
    QDialog *compareDialog() const { return m_compareDialog; }
    // The plot of a chart of the shown run; nullptr when the run has no such chart.
    QCustomPlot *plot(forensics::EvidenceChart chart) const;
    const std::optional<forensics::EvidenceSeries> &series() const { return m_series; }
    QString statusText() const;

    // Shows run `runId` (one of runChooser()'s); seriesLoaded() follows.
    void showRun(qint64 runId);
    [[nodiscard]] Status exportChart(forensics::EvidenceChart chart, const QString &path);
    void sendToReport(forensics::EvidenceChart chart);
    void openTopAnswer(int row);

signals:
    void runsLoaded();
    void seriesLoaded(qint64 runId);
    void compareOpened(qint64 findingId);

private:
    void loadRuns();
    void render();
    QWidget *chartPage(forensics::EvidenceChart chart);
    void exportInteractively(forensics::EvidenceChart chart);

    CaseSession *m_session;
    AnnotationController *m_annotations;
    QComboBox *m_run;
    QLabel *m_status;
    QTabWidget *m_pages;
    QTableView *m_topView;
    QStandardItemModel *m_topModel;
    QDialog *m_compareDialog;
    CompareView *m_compare;
    std::optional<forensics::EvidenceSeries> m_series;
    std::map<forensics::EvidenceChart, QCustomPlot *> m_plots;
    qint64 m_wanted = 0;
};

} // namespace lineage::ui
