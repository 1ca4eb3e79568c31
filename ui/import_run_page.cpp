// SPDX-License-Identifier: GPL-3.0-or-later
#include "import_run_page.h"

#include "case_session.h"
#include "import_wizard.h"
#include "job_progress_widget.h"
#include "job_runner.h"
#include "search_indexer.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace lineage::ui {

ImportRunPage::ImportRunPage(ImportWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_file(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_status(new QLabel(this)), m_cancel(new QPushButton(tr("Cancel Import"), this))
{
    setTitle(tr("Importing"));
    setSubTitle(
        tr("Each file becomes one source, imported completely or not at all. Canceling leaves the case as it was "
           "before the file being read."));
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_cancel->setObjectName(QStringLiteral("cancelImport"));
    connect(m_cancel, &QPushButton::clicked, this, &ImportRunPage::cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_file);
    layout->addWidget(m_bar);
    layout->addWidget(m_status);
    layout->addWidget(m_cancel, 0, Qt::AlignLeft);
    layout->addStretch();
    connect(m_wizard->session()->jobs(), &JobRunner::progressChanged, this, [this](const JobProgress &p) {
        if (p.jobId == m_jobId)
            showProgress(p);
    });
}

void ImportRunPage::initializePage()
{
    if (m_jobId != 0 || m_done)
        return;
    const QStringList files = m_wizard->files();
    const ingest::ImportOptions options = m_wizard->options();
    const QString casePath = m_wizard->session()->path();
    const auto who = m_wizard->session()->investigator();
    m_outcomes.clear();
    m_file->setText(tr("%n file(s) to import", nullptr, int(files.size())));
    m_bar->setRange(0, 0);
    m_cancel->setEnabled(true);

    // One writer at a time: the background index build steps aside and resumes afterwards.
    m_wizard->session()->jobs()->cancelKey(QLatin1String(SearchIndexer::kJobKey));
    m_jobId = m_wizard->session()->jobs()->run<QList<ImportOutcome>>(
        QStringLiteral("import"), tr("Importing"),
        [files, options, casePath, who](Feedback &feedback) {
            QList<ImportOutcome> outcomes;
            // The worker's own read-write case; the UI's connection stays free for reading.
            auto file = CaseSession::openWriter(casePath, who);
            for (const QString &path : files) {
                ImportOutcome outcome { path, std::nullopt, std::nullopt };
                if (!file) {
                    outcome.error = file.error();
                } else if (feedback.isCanceled()) {
                    outcome.error
                        = makeError(ErrorCode::Canceled, QObject::tr("Not imported: the import was canceled."));
                } else {
                    auto summary = ingest::importFile(**file, path, options, feedback);
                    if (summary)
                        outcome.summary = *summary;
                    else
                        outcome.error = summary.error();
                }
                outcomes.append(outcome);
            }
            return outcomes;
        },
        this, [this](QList<ImportOutcome> outcomes) { finished(outcomes); });
    emit completeChanged();
}

bool ImportRunPage::isComplete() const
{
    return m_done;
}

void ImportRunPage::cancel()
{
    if (m_jobId != 0) {
        m_wizard->session()->jobs()->cancel(m_jobId);
        m_cancel->setEnabled(false);
        m_status->setText(tr("Canceling..."));
    }
}

QString ImportRunPage::statusText() const
{
    return m_status->text();
}

void ImportRunPage::showProgress(const JobProgress &p)
{
    const QLocale locale;
    m_file->setText(p.phase);
    if (p.total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qBound(qint64(0), p.done * 1000 / p.total, qint64(1000))));
    }
    QStringList parts;
    if (p.total > 0)
        parts << tr("%1 of %2").arg(locale.formattedDataSize(p.done), locale.formattedDataSize(p.total));
    if (p.items > 0)
        parts << tr("%1 %2").arg(locale.toString(p.items), p.itemsLabel.isEmpty() ? tr("records") : p.itemsLabel);
    if (p.itemsPerSecond > 0)
        parts << tr("%1/s").arg(locale.toString(qint64(p.itemsPerSecond)));
    if (p.etaSeconds >= 0)
        parts << tr("about %1 left").arg(formatDuration(p.etaSeconds));
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

void ImportRunPage::finished(const QList<ImportOutcome> &outcomes)
{
    m_jobId = 0;
    m_done = true;
    m_outcomes = outcomes;
    m_cancel->setEnabled(false);
    m_bar->setRange(0, 1);
    m_bar->setValue(1);
    int imported = 0;
    for (const auto &o : outcomes)
        imported += o.summary.has_value();
    m_status->setText(tr("%1 of %n file(s) imported.", nullptr, int(outcomes.size())).arg(imported));
    m_wizard->session()->notifyContentChanged();
    emit completeChanged();
    emit importsFinished();
    if (m_wizard->currentPage() == this)
        m_wizard->next();
}

} // namespace lineage::ui
