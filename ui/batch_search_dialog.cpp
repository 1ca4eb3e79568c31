// SPDX-License-Identifier: GPL-3.0-or-later
#include "batch_search_dialog.h"

#include "batch_search_model.h"
#include "case_session.h"
#include "casefile/batch_search.h"
#include "error_dialog.h"
#include "header_fit.h"
#include "job_runner.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace lineage::ui {

BatchSearchDialog::BatchSearchDialog(CaseSession *session, QWidget *parent)
    : QDialog(parent), m_session(session), m_list(new QPlainTextEdit(this)), m_model(new BatchSearchModel(this)),
      m_table(new QTableView(this)), m_status(new QLabel(this)), m_run(new QPushButton(tr("Search"), this)),
      m_stop(new QPushButton(tr("Stop"), this)), m_save(new QPushButton(tr("Save CSV…"), this))
{
    setObjectName(QStringLiteral("batchSearchDialog"));
    setWindowTitle(tr("Batch Search"));
    m_list->setObjectName(QStringLiteral("batchList"));
    m_list->setPlaceholderText(tr("One string a line: prompts, keys, IP addresses, phrases. Lines starting with # "
                                  "are skipped. Each line is searched as a phrase."));
    m_table->setObjectName(QStringLiteral("batchResults"));
    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(BatchSearchModel::Term, 220);
    m_table->setColumnWidth(BatchSearchModel::Count, 70);
    m_table->setColumnWidth(BatchSearchModel::FirstHit, 220);
    keepHeadersReadable(m_table);
    m_status->setObjectName(QStringLiteral("batchStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_run->setObjectName(QStringLiteral("batchRun"));
    m_stop->setObjectName(QStringLiteral("batchStop"));
    m_save->setObjectName(QStringLiteral("batchSave"));
    m_stop->setEnabled(false);
    m_save->setEnabled(false);
    auto *load = new QPushButton(tr("Load List…"), this);

    connect(load, &QPushButton::clicked, this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Load List"), {}, tr("Text files (*.txt);;All files (*)"));
        if (path.isEmpty())
            return;
        if (auto s = loadList(path); !s)
            showError(this, tr("The list could not be read"), s.error());
    });
    connect(m_run, &QPushButton::clicked, this, &BatchSearchDialog::run);
    connect(m_stop, &QPushButton::clicked, this, &BatchSearchDialog::stop);
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString path
            = QFileDialog::getSaveFileName(this, tr("Save Hits"), QStringLiteral("hits.csv"), tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        if (auto s = saveCsv(path); !s)
            showError(this, tr("The hits could not be saved"), s.error());
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(load);
    buttons->addStretch(1);
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_save);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_list);
    split->addWidget(m_table);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(close);
    m_status->setText(tr("Type or load the strings to look for, then Search."));
    resize(820, 560);
}

QString BatchSearchDialog::statusText() const
{
    return m_status->text();
}

Status BatchSearchDialog::loadList(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read %1: %2").arg(path, file.errorString()));
    m_list->setPlainText(QString::fromUtf8(file.readAll()));
    return {};
}

void BatchSearchDialog::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running);
    m_stop->setEnabled(running);
    m_save->setEnabled(!running && m_model->rowCount() > 0);
}

void BatchSearchDialog::run()
{
    const QStringList terms = casefile::BatchSearch::terms(m_list->toPlainText());
    if (terms.isEmpty()) {
        m_status->setText(tr("There is no string to search for: one a line, lines with # are skipped."));
        return;
    }
    if (!m_session->isOpen())
        return;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const quint64 serial = ++m_serial;
    m_model->clear();
    setRunning(true);
    m_status->setText(terms.size() == 1 ? tr("Searching 1 string…")
                                        : tr("Searching %1 strings…").arg(QLocale().toString(terms.size())));
    using Reply = Result<QList<casefile::BatchSearchResult>>;
    m_session->jobs()->run<Reply>(
        QLatin1String(kJobKey), tr("Batch search"),
        [path, who, terms](Feedback &feedback) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return casefile::BatchSearch::run((*file)->db(), terms, kHitsPerString, feedback);
        },
        this,
        [this, serial](Reply reply) {
            if (serial != m_serial)
                return;
            if (!reply) {
                setRunning(false);
                m_status->setText(tr("The batch search could not be run: %1").arg(reply.error().message));
                emit finished();
                return;
            }
            qint64 found = 0;
            for (const auto &r : *reply)
                found += r.count > 0 ? 1 : 0;
            const qsizetype total = reply->size();
            m_model->setResults(std::move(*reply));
            setRunning(false);
            m_status->setText(tr("%1 of %2 strings found.").arg(QLocale().toString(found), QLocale().toString(total)));
            emit finished();
        },
        JobRunner::Visibility::Shown);
}

void BatchSearchDialog::stop()
{
    if (!m_running)
        return;
    ++m_serial;
    m_session->jobs()->cancelKey(QLatin1String(kJobKey));
    setRunning(false);
    m_status->setText(tr("The batch search was stopped."));
}

Status BatchSearchDialog::saveCsv(const QString &path, bool byteOrderMark) const
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(casefile::BatchSearch::csv(m_model->results(), byteOrderMark)) < 0
        || !out.commit())
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, out.errorString()));
    return {};
}

} // namespace lineage::ui
