// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "job_runner.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace lineage::ui {

// Status-bar widget for the job runner: title, phase, a progress bar, the rate and ETA,
// and a Cancel button. Hidden while no visible job runs.
class JobProgressWidget : public QWidget
{
    Q_OBJECT
public:
    explicit JobProgressWidget(JobRunner *runner, QWidget *parent = nullptr);

    QString text() const;

private:
    void show(const JobProgress &progress);
    void finished();

    JobRunner *m_runner;
    quint64 m_jobId = 0;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
};

// "1:05", "12 s"
QString formatDuration(qint64 seconds);

} // namespace lineage::ui
