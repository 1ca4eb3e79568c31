// SPDX-License-Identifier: GPL-3.0-or-later
#include "import_summary_page.h"

#include "case_session.h"
#include "import_run_page.h"
#include "import_wizard.h"
#include "job_runner.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

QTableWidget *makeTable(QWidget *parent, const QStringList &headers)
{
    auto *table = new QTableWidget(parent);
    table->setColumnCount(int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    return table;
}

QString rawText(const QByteArray &raw)
{
    QString text = QString::fromUtf8(raw.left(300));
    text.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    return raw.size() > 300 ? text + QStringLiteral("…") : text;
}

} // namespace

ImportSummaryPage::ImportSummaryPage(ImportWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard),
      m_files(makeTable(this,
                        { tr("File"), tr("Outcome"), tr("Format"), tr("Records"), tr("Diagnostics"), tr("Seconds"),
                          tr("MB/s"), tr("SHA-256") })),
      m_diagnosticsLabel(new QLabel(this)),
      m_diagnostics(
          makeTable(this, { tr("File"), tr("Line"), tr("Column"), tr("Severity"), tr("Reason"), tr("Raw bytes") }))
{
    setTitle(tr("Summary"));
    setFinalPage(true);
    m_files->setObjectName(QStringLiteral("importSummaryFiles"));
    m_diagnostics->setObjectName(QStringLiteral("importDiagnostics"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_files, 1);
    layout->addWidget(m_diagnosticsLabel);
    layout->addWidget(m_diagnostics, 2);
}

void ImportSummaryPage::initializePage()
{
    const QList<ImportOutcome> &outcomes = m_wizard->runPage()->outcomes();
    const QLocale locale;
    m_files->setRowCount(int(outcomes.size()));
    QList<QPair<qint64, QString>> sources; // source id, file name
    for (int row = 0; row < outcomes.size(); ++row) {
        const ImportOutcome &o = outcomes[row];
        const QString name = QFileInfo(o.path).fileName();
        auto set = [&](int column, const QString &text, const QString &tip = {}) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(tip.isEmpty() ? text : tip);
            m_files->setItem(row, column, item);
        };
        set(0, name, o.path);
        if (o.summary) {
            const ingest::ImportSummary &s = *o.summary;
            set(1, tr("imported as source #%1").arg(s.sourceId));
            set(2, s.compression.isEmpty() ? s.format : tr("%1 (%2)").arg(s.format, s.compression));
            set(3, locale.toString(s.records));
            set(4,
                s.warnings > 0 ? tr("%1 (%n warning(s))", nullptr, int(s.warnings)).arg(locale.toString(s.diagnostics))
                               : locale.toString(s.diagnostics));
            set(5, locale.toString(s.seconds, 'f', 2));
            set(6, s.seconds > 0 ? locale.toString(double(s.bytes) / 1e6 / s.seconds, 'f', 1) : QString());
            set(7, s.sha256);
            if (s.diagnostics > 0)
                sources.append({ s.sourceId, name });
        } else {
            const Error &e = *o.error;
            set(1,
                e.code == ErrorCode::Canceled ? tr("canceled: nothing of it is in the case")
                                              : tr("not imported: %1").arg(e.message),
                e.detail.isEmpty() ? e.message : e.message + QStringLiteral("\n") + e.detail);
        }
    }
    m_files->resizeColumnsToContents();
    m_diagnostics->setRowCount(0);
    if (sources.isEmpty()) {
        m_diagnosticsLabel->setText(tr("No diagnostics: every record was read."));
        emit diagnosticsLoaded();
        return;
    }
    m_diagnosticsLabel->setText(tr("Reading the diagnostics..."));
    const QString casePath = m_wizard->session()->path();
    const auto who = m_wizard->session()->investigator();
    using LoadedAll = Result<QList<Loaded>>;
    m_wizard->session()->jobs()->run<LoadedAll>(
        QStringLiteral("import-diagnostics"), tr("Reading diagnostics"),
        [casePath, who, sources](Feedback &) -> LoadedAll {
            auto file = CaseSession::openReader(casePath, who);
            if (!file)
                return file.error();
            QList<Loaded> all;
            for (const auto &[sourceId, name] : sources) {
                auto rows = casefile::DiagnosticStore::fetch((*file)->db(), sourceId, 0, kDiagnosticsShown);
                if (!rows)
                    return rows.error();
                all.append(Loaded { name, *rows });
            }
            return all;
        },
        this,
        [this](LoadedAll loaded) {
            if (!loaded) {
                m_diagnosticsLabel->setText(tr("The diagnostics could not be read: %1").arg(loaded.error().message));
                emit diagnosticsLoaded();
                return;
            }
            int total = 0;
            for (const Loaded &l : *loaded)
                total += int(l.rows.size());
            m_diagnostics->setRowCount(total);
            int row = 0;
            for (const Loaded &l : *loaded) {
                for (const casefile::DiagnosticRow &d : l.rows) {
                    const QStringList cells { l.fileName,
                                              d.line ? QString::number(*d.line) : QString(),
                                              d.column ? QString::number(*d.column) : QString(),
                                              d.severity,
                                              d.reason,
                                              rawText(d.raw) };
                    for (int column = 0; column < cells.size(); ++column) {
                        auto *item = new QTableWidgetItem(cells[column]);
                        item->setToolTip(column == 5 ? QString::fromUtf8(d.raw.left(2000)) : cells[column]);
                        m_diagnostics->setItem(row, column, item);
                    }
                    ++row;
                }
            }
            m_diagnostics->resizeColumnsToContents();
            m_diagnosticsLabel->setText(
                tr("%n diagnostic(s): records that were refused or kept with a problem.", nullptr, total));
            emit diagnosticsLoaded();
        },
        JobRunner::Visibility::Quiet);
}

} // namespace lineage::ui
