// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forensics/account_series.h"
#include "timeline/activity_series.h"

#include <QWidget>

class QCustomPlot;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace lineage::ui {

// The Accounts tab's pane for the selected account: a line with its rank, risk, strength,
// cluster and actor; its contributions to the risk as horizontal bars (with export and Send
// to Report); its activity over the whole case (a sparkline, set when its series arrives);
// and its explanation, mitigations, cluster and the links with their reasons. Shows what it
// is given; the tab reads the data on workers.
class AccountDetails : public QWidget
{
    Q_OBJECT
public:
    explicit AccountDetails(QWidget *parent = nullptr);

    // Shows `entry` of `series` (nullptr: nothing selected). `actor` is the accounts' actor
    // now (the run's may be older).
    void showEntry(const forensics::AccountsSeries &series, const forensics::AccountEntry *entry,
                   const QString &actor);
    void setActivity(const timeline::Series &series);
    void setActivityMessage(const QString &message);
    void setWritable(bool writable);

    QCustomPlot *contributionsPlot() const { return m_contributions; }
    QCustomPlot *activityPlot() const { return m_activity; }
    QTextBrowser *text() const { return m_text; }
    QString headline() const;
    qint64 findingId() const { return m_findingId; }

signals:
    void exportRequested(QCustomPlot *plot, const QString &name, const QString &title);
    void contributionsExhibitRequested(qint64 findingId, const QString &caption);

private:
    QLabel *m_head;
    QWidget *m_charts; // hidden while no account is selected
    QCustomPlot *m_contributions;
    QCustomPlot *m_activity;
    QLabel *m_activityNote;
    QTextBrowser *m_text;
    QPushButton *m_export;
    QPushButton *m_exhibit;
    qint64 m_findingId = 0;
    QString m_name;
    qint64 m_runId = 0;
};

} // namespace lineage::ui
