// SPDX-License-Identifier: GPL-3.0-or-later
#include "job_progress_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

namespace lineage::ui {

QString formatDuration(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

JobProgressWidget::JobProgressWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent), m_runner(runner), m_label(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setMaximumWidth(220);
    m_bar->setTextVisible(true);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this job; the case stays as it was before the job started"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_runner->cancel(m_jobId);
        m_cancel->setEnabled(false);
    });
    connect(runner, &JobRunner::jobStarted, this, [this](const JobProgress &p) {
        m_cancel->setEnabled(true);
        show(p);
    });
    connect(runner, &JobRunner::progressChanged, this, &JobProgressWidget::show);
    // Any job's end may be the last shown one's: a job shown earlier can outlive the one
    // shown last, and quiet background loads never count.
    connect(runner, &JobRunner::jobFinished, this, &JobProgressWidget::finished);
    setVisible(false);
}

QString JobProgressWidget::text() const
{
    return m_label->text();
}

void JobProgressWidget::show(const JobProgress &p)
{
    if (p.jobId != m_jobId)
        m_cancel->setEnabled(true);
    m_jobId = p.jobId;
    const QLocale locale;
    QStringList parts { p.title };
    if (!p.phase.isEmpty())
        parts << p.phase;
    if (p.items > 0) {
        QString items
            = locale.toString(p.items) + QLatin1Char(' ') + (p.itemsLabel.isEmpty() ? tr("items") : p.itemsLabel);
        if (p.itemsPerSecond > 0)
            items += tr(" (%1/s)").arg(locale.toString(qint64(p.itemsPerSecond)));
        parts << items;
    }
    if (p.etaSeconds >= 0)
        parts << tr("about %1 left").arg(formatDuration(p.etaSeconds));
    m_label->setText(parts.join(QStringLiteral(" · ")));
    if (p.total > 0) {
        // QProgressBar holds ints: scale to per mille.
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qBound(qint64(0), p.done * 1000 / p.total, qint64(1000))));
    } else {
        m_bar->setRange(0, 0);
    }
    setVisible(true);
}

void JobProgressWidget::finished()
{
    if (m_runner->shownCount() == 0)
        setVisible(false);
}

} // namespace lineage::ui
