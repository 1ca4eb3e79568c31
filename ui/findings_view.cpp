// SPDX-License-Identifier: GPL-3.0-or-later
#include "findings_view.h"

#include "case_session.h"
#include "case_table_view.h"
#include "casefile/table_spec.h"
#include "compare_view.h"
#include "error_dialog.h"
#include "forensics/analysis_runner.h"
#include "job_runner.h"
#include "table_model.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMap>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimeZone>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

QString number(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'g', 6) : QStringLiteral("–");
}

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 10);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("null");
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

// An object as a two-column table, keys in order.
QString objectTable(const QString &title, const QJsonObject &object)
{
    QString html = QStringLiteral("<h4>%1</h4><table cellspacing=0 cellpadding=2>").arg(title.toHtmlEscaped());
    if (object.isEmpty())
        html += QStringLiteral("<tr><td>(none)</td></tr>");
    for (auto it = object.begin(); it != object.end(); ++it)
        html += QStringLiteral("<tr><td><b>%1</b></td><td><tt>%2</tt></td></tr>")
                    .arg(it.key().toHtmlEscaped(), valueText(it.value()).toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODate);
}

QString runLabel(const casefile::AnalysisRunRow &run)
{
    return QStringLiteral("Run %1: %2 (%3, %4 findings)").arg(run.id).arg(run.kind, run.status).arg(run.findingCount);
}

} // namespace

FindingsView::FindingsView(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QWidget(parent), m_session(session), m_summary(new QLabel(this)), m_run(new QComboBox(this)),
      m_kind(new QComboBox(this)), m_strength(new QComboBox(this)),
      m_table(new CaseTableView(casefile::TableSpec::findings(), session, annotations, this)),
      m_pages(new QTabWidget(this)), m_finding(new QTextBrowser(this)), m_restsOn(new QListWidget(this)),
      m_runText(new QTextBrowser(this)), m_rerun(new QPushButton(tr("Re-run"), this)),
      m_compare(new CompareView(session, this))
{
    setObjectName(QStringLiteral("findingsView"));
    m_summary->setObjectName(QStringLiteral("findingsSummary"));
    m_summary->setWordWrap(true);
    m_run->setObjectName(QStringLiteral("findingsRunFilter"));
    m_kind->setObjectName(QStringLiteral("findingsKindFilter"));
    m_strength->setObjectName(QStringLiteral("findingsStrengthFilter"));
    m_restsOn->setObjectName(QStringLiteral("findingRestsOn"));
    m_rerun->setObjectName(QStringLiteral("findingsRerun"));
    m_strength->addItem(tr("Any strength"), QString());
    for (const QString &s : casefile::AnalysisStore::strengths())
        m_strength->addItem(s, s);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Run"), this));
    filters->addWidget(m_run, 2);
    filters->addWidget(new QLabel(tr("Kind"), this));
    filters->addWidget(m_kind, 1);
    filters->addWidget(new QLabel(tr("Strength"), this));
    filters->addWidget(m_strength, 1);

    auto *findingPage = new QWidget(this);
    auto *findingLayout = new QVBoxLayout(findingPage);
    findingLayout->setContentsMargins(0, 0, 0, 0);
    findingLayout->addWidget(m_finding, 3);
    findingLayout->addWidget(new QLabel(tr("Rests on (double-click opens the item)"), findingPage));
    findingLayout->addWidget(m_restsOn, 1);
    auto *runPage = new QWidget(this);
    auto *runLayout = new QVBoxLayout(runPage);
    runLayout->setContentsMargins(0, 0, 0, 0);
    runLayout->addWidget(m_runText, 1);
    auto *runButtons = new QHBoxLayout;
    runButtons->addStretch(1);
    runButtons->addWidget(m_rerun);
    runLayout->addLayout(runButtons);
    m_pages->addTab(findingPage, tr("Finding"));
    m_pages->addTab(runPage, tr("Run"));
    m_pages->addTab(m_compare, tr("Compare"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_pages);
    splitter->setSizes({ 300, 500 });
    m_table->filterEdit()->setPlaceholderText(tr("Filter: kind=reuse strength=strong score>=0.5 subject~Distill"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    m_rerun->setEnabled(false);

    for (QComboBox *box : { m_run, m_kind, m_strength })
        connect(box, &QComboBox::activated, this, &FindingsView::applyFilters);
    connect(m_table, &CaseTableView::currentItemChanged, this, [this](const casefile::ItemRef &item) {
        if (item.kind == QLatin1String("finding") && item.id != m_current.id)
            showFinding(item.id);
    });
    connect(m_restsOn, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openRestingItem(m_restsOn->row(item)); });
    connect(m_rerun, &QPushButton::clicked, this, &FindingsView::rerun);
    connect(session, &CaseSession::caseOpened, this, &FindingsView::loadRuns);
    connect(session, &CaseSession::contentChanged, this, &FindingsView::loadRuns);
    connect(session, &CaseSession::caseClosed, this, [this] {
        m_runs.clear();
        m_current = {};
        m_currentRun.reset();
        m_run->clear();
        m_kind->clear();
        m_summary->clear();
        m_finding->clear();
        m_runText->clear();
        m_restsOn->clear();
        m_rerun->setEnabled(false);
    });
    if (session->isOpen())
        loadRuns();
}

void FindingsView::loadRuns()
{
    struct Loaded
    {
        QList<casefile::AnalysisRunRow> runs;
        QList<casefile::FindingCount> counts;
    };
    using Reply = Result<Loaded>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Reply>(
        QStringLiteral("findings-runs"), tr("Reading the analysis runs"),
        [path, who](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            casefile::AnalysisStore store((*file)->db());
            auto runs = store.runs();
            if (!runs)
                return runs.error();
            auto counts = store.findingCounts();
            if (!counts)
                return counts.error();
            return Loaded { *runs, *counts };
        },
        this,
        [this](Reply reply) {
            if (!reply) {
                m_summary->setText(tr("Cannot read the analysis runs: %1").arg(reply.error().message));
                return;
            }
            m_runs = reply->runs;
            const qint64 run = m_run->currentData().toLongLong();
            const QString kind = m_kind->currentData().toString();
            m_run->clear();
            m_kind->clear();
            m_run->addItem(tr("All runs"), qint64(0));
            m_kind->addItem(tr("Any kind"), QString());
            int complete = 0;
            for (const auto &r : std::as_const(m_runs)) {
                m_run->addItem(runLabel(r), r.id);
                complete += r.status == QLatin1String("complete");
            }
            // Kinds of findings (a run of one kind may write several: reuse and reuse-summary).
            QMap<QString, QMap<QString, qint64>> byKind;
            qint64 findings = 0;
            for (const casefile::FindingCount &c : std::as_const(reply->counts)) {
                byKind[c.kind][c.strength] += c.count;
                findings += c.count;
            }
            QStringList perKind;
            for (auto it = byKind.begin(); it != byKind.end(); ++it) {
                m_kind->addItem(it.key(), it.key());
                QStringList strengths;
                for (const QString &s : casefile::AnalysisStore::strengths())
                    if (it->value(s) > 0)
                        strengths << QStringLiteral("%1 %2").arg(it->value(s)).arg(s);
                perKind << QStringLiteral("%1 (%2)").arg(it.key(), strengths.join(QStringLiteral(", ")));
            }
            m_run->setCurrentIndex(std::max(0, m_run->findData(run)));
            m_kind->setCurrentIndex(std::max(0, m_kind->findData(kind)));
            m_summary->setText(m_runs.isEmpty() ? tr("No analysis has been run on this case.")
                                                : tr("%1 analysis runs (%2 complete), %3 findings: %4.")
                                                      .arg(m_runs.size())
                                                      .arg(complete)
                                                      .arg(findings)
                                                      .arg(perKind.join(QStringLiteral("; "))));
            emit runsLoaded();
        },
        JobRunner::Visibility::Quiet);
}

void FindingsView::applyFilters()
{
    QStringList terms;
    if (const qint64 run = m_run->currentData().toLongLong(); run > 0)
        terms << QStringLiteral("run=%1").arg(run);
    if (const QString kind = m_kind->currentData().toString(); !kind.isEmpty())
        terms << QStringLiteral("kind=%1").arg(kind);
    if (const QString strength = m_strength->currentData().toString(); !strength.isEmpty())
        terms << QStringLiteral("strength=%1").arg(strength);
    m_table->filterEdit()->setText(terms.join(QLatin1Char(' ')));
    m_table->applyFilter();
}

void FindingsView::showFinding(qint64 id)
{
    struct Loaded
    {
        casefile::FindingRow finding;
        casefile::AnalysisRunRow run;
    };
    using Reply = Result<Loaded>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_current.id = id;
    m_session->jobs()->run<Reply>(
        QStringLiteral("findings-details"), tr("Reading the finding"),
        [path, who, id](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            casefile::AnalysisStore store((*file)->db());
            auto f = store.finding(id);
            if (!f)
                return f.error();
            auto r = store.run(f->runId);
            if (!r)
                return r.error();
            return Loaded { *f, *r };
        },
        this,
        [this, id](Reply reply) {
            if (id != m_current.id)
                return;
            if (!reply) {
                m_finding->setPlainText(reply.error().message);
                return;
            }
            m_current = reply->finding;
            m_currentRun = reply->run;
            renderFinding();
            if (!m_current.spans.isEmpty())
                m_compare->showFinding(id);
            emit findingLoaded(id);
        },
        JobRunner::Visibility::Quiet);
}

void FindingsView::renderFinding()
{
    const casefile::FindingRow &f = m_current;
    m_finding->setHtml(QStringLiteral("<h3>Finding %1: %2, %3</h3><p><b>Subject</b> %4</p><p>%5</p>"
                                      "<p><b>Score</b> %6 &nbsp; <b>Statistic</b> %7 &nbsp; <b>p / chance</b> %8</p>")
                           .arg(f.id)
                           .arg(f.kind.toHtmlEscaped(), f.strength, f.subject.toHtmlEscaped(),
                                f.explanation.toHtmlEscaped(), number(f.score), number(f.statistic), number(f.pValue))
                       + objectTable(tr("Details"), f.payload));
    m_restsOn->clear();
    for (const casefile::FindingRef &r : f.refs)
        m_restsOn->addItem(tr("%1 %2 — %3").arg(r.itemKind).arg(r.itemId).arg(r.relation));
    for (const casefile::FindingSpan &s : f.spans)
        m_restsOn->addItem(tr("%1 %2 %3 [%4, +%5) — %6%7")
                               .arg(s.itemKind)
                               .arg(s.itemId)
                               .arg(s.field)
                               .arg(s.start)
                               .arg(s.length)
                               .arg(s.relation)
                               .arg(s.passage ? tr(", passage %1").arg(*s.passage) : QString()));
    const casefile::AnalysisRunRow &run = *m_currentRun;
    QString html = QStringLiteral("<h3>%1</h3><p>Started %2, finished %3. %4</p>")
                       .arg(runLabel(run).toHtmlEscaped(), timeText(run.startedUtc),
                            run.finishedUtc ? timeText(*run.finishedUtc) : tr("never"), run.message.toHtmlEscaped());
    html += objectTable(tr("Parameters"), run.parameters);
    html += objectTable(tr("Input hashes (SHA-256)"), run.inputHashes);
    QJsonObject versions = run.versions;
    versions.insert(QStringLiteral("engine"), run.engineVersion);
    html += objectTable(tr("Versions"), versions);
    html += objectTable(tr("Summary"), run.summary);
    if (m_rerunOf == run.id && !m_lastDiff.isEmpty())
        html += QStringLiteral("<h4>Re-run</h4><pre>%1</pre>").arg(m_lastDiff.join(QLatin1Char('\n')).toHtmlEscaped());
    m_runText->setHtml(html);
    m_rerun->setEnabled(!m_session->isReadOnly());
}

void FindingsView::rerun()
{
    if (!m_currentRun)
        return;
    const qint64 runId = m_currentRun->id;
    using Reply = Result<forensics::RerunOutcome>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_rerun->setEnabled(false);
    m_session->jobs()->run<Reply>(
        QStringLiteral("analysis"), tr("Re-running analysis run %1").arg(runId),
        [path, who, runId](Feedback &feedback) -> Reply {
            auto file = CaseSession::openWriter(path, who);
            if (!file)
                return file.error();
            return forensics::rerunAnalysis(**file, runId, 0, feedback);
        },
        this,
        [this, runId](Reply reply) {
            m_rerun->setEnabled(!m_session->isReadOnly());
            if (!reply) {
                showError(this, tr("Analysis run %1 was not re-run.").arg(runId), reply.error());
                return;
            }
            m_lastRerun = reply->rerun.run.id;
            m_rerunOf = runId;
            m_lastDiff = QStringList {};
            m_lastDiff << (reply->differences.isEmpty()
                               ? tr("Run %1 gives the same inputs, versions and findings as run %2 (%3 findings).")
                                     .arg(m_lastRerun)
                                     .arg(runId)
                                     .arg(reply->rerun.findings.size())
                               : tr("Run %1 differs from run %2:").arg(m_lastRerun).arg(runId));
            m_lastDiff << reply->differences;
            if (m_currentRun && m_currentRun->id == runId)
                renderFinding();
            m_session->notifyContentChanged();
            emit rerunFinished(m_lastRerun, reply->differences);
        });
}

void FindingsView::openRestingItem(int row)
{
    const int refs = int(m_current.refs.size());
    casefile::ItemRef item;
    QString relation;
    if (row >= 0 && row < refs) {
        item = { m_current.refs[row].itemKind, m_current.refs[row].itemId };
        relation = m_current.refs[row].relation;
    } else if (row >= refs && row < refs + m_current.spans.size()) {
        const auto &s = m_current.spans[row - refs];
        item = { s.itemKind, s.itemId };
        relation = s.relation;
    } else {
        return;
    }
    emit openItem(item, { { tr("Finding"), QString::number(m_current.id) }, { tr("Part"), relation } });
}

QString FindingsView::summaryText() const
{
    return m_summary->text();
}

} // namespace lineage::ui
