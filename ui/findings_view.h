// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace lineage::ui {

class AnnotationController;
class CaseSession;
class CaseTableView;
class CompareView;

// Every finding of the case: the case's runs summed up at the top, the findings as a lazy
// table (TableSpec::findings(), sorted by a header click) filtered by run, kind and strength;
// the current finding's explanation, score, statistic, p-value and what it rests on (its refs
// and spans; a double-click opens the item); its run's parameters, input hashes and versions
// with Re-run (forensics::rerunAnalysis on a worker) and the differences it found; and the
// side-by-side compare view of its texts.
class FindingsView : public QWidget
{
    Q_OBJECT
public:
    FindingsView(CaseSession *session, AnnotationController *annotations, QWidget *parent = nullptr);

    CaseTableView *table() const { return m_table; }
    QComboBox *runFilter() const { return m_run; }
    QComboBox *kindFilter() const { return m_kind; }
    QComboBox *strengthFilter() const { return m_strength; }
    QTextBrowser *findingDetails() const { return m_finding; }
    QTextBrowser *runDetails() const { return m_runText; }
    QListWidget *restsOn() const { return m_restsOn; }
    QPushButton *rerunButton() const { return m_rerun; }
    CompareView *compareView() const { return m_compare; }
    QString summaryText() const;
    // The differences of the last re-run, its first line saying what was compared.
    const QStringList &lastDiff() const { return m_lastDiff; }
    // The finding shown in the details, 0 when none.
    qint64 currentFinding() const { return m_current.id; }

    void showFinding(qint64 id);
    void rerun();
    void openRestingItem(int row);

signals:
    void runsLoaded();
    void findingLoaded(qint64 id);
    void rerunFinished(qint64 runId, const QStringList &differences);
    // A record, turn or page a finding rests on, asked for by a double-click.
    void openItem(const casefile::ItemRef &item, const QList<QPair<QString, QString>> &fields);

private:
    void loadRuns();
    void applyFilters();
    void renderFinding();

    CaseSession *m_session;
    QLabel *m_summary;
    QComboBox *m_run;
    QComboBox *m_kind;
    QComboBox *m_strength;
    CaseTableView *m_table;
    QTabWidget *m_pages;
    QTextBrowser *m_finding;
    QListWidget *m_restsOn;
    QTextBrowser *m_runText;
    QPushButton *m_rerun;
    CompareView *m_compare;
    QList<casefile::AnalysisRunRow> m_runs;
    casefile::FindingRow m_current;
    std::optional<casefile::AnalysisRunRow> m_currentRun;
    QStringList m_lastDiff;
    qint64 m_lastRerun = 0; // the newest re-run
    qint64 m_rerunOf = 0; // the run it repeated
};

} // namespace lineage::ui
