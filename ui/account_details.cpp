// SPDX-License-Identifier: GPL-3.0-or-later
#include "account_details.h"

#include "account_plots.h"
#include "qcustomplot_include.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lineage::ui {

using forensics::AccountEntry;

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 4);
}

} // namespace

AccountDetails::AccountDetails(QWidget *parent)
    : QWidget(parent), m_head(new QLabel(this)), m_charts(new QWidget(this)), m_contributions(new QCustomPlot(this)),
      m_activity(new QCustomPlot(this)), m_activityNote(new QLabel(this)), m_text(new QTextBrowser(this)),
      m_export(new QPushButton(tr("Export…"), this)), m_exhibit(new QPushButton(tr("Send to Report"), this))
{
    setObjectName(QStringLiteral("accountDetails"));
    m_head->setObjectName(QStringLiteral("accountHeadline"));
    m_head->setWordWrap(true);
    m_head->setTextFormat(Qt::RichText);
    m_contributions->setObjectName(QStringLiteral("accountContributions"));
    m_contributions->setMinimumHeight(180);
    m_activity->setObjectName(QStringLiteral("accountActivity"));
    m_activity->setFixedHeight(110);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (QCustomPlot *p : { m_contributions, m_activity }) {
        p->xAxis->setTickLabelFont(small);
        p->yAxis->setTickLabelFont(small);
        p->xAxis->setLabelFont(small);
        p->yAxis->setLabelFont(small);
    }
    m_activityNote->setObjectName(QStringLiteral("accountActivityNote"));
    m_activityNote->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("accountText"));
    m_text->setOpenLinks(false);
    m_export->setObjectName(QStringLiteral("exportContributions"));
    m_export->setToolTip(tr("Save the contributions chart as a PNG image, an SVG drawing or a PDF document."));
    m_exhibit->setObjectName(QStringLiteral("contributionsExhibit"));
    m_exhibit->setToolTip(tr("Make this account's risk finding, with its contributions, an exhibit of the report."));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("What its risk is made of:"), this), 1);
    buttons->addWidget(m_export);
    buttons->addWidget(m_exhibit);
    auto *charts = m_charts;
    auto *chartLayout = new QVBoxLayout(charts);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addLayout(buttons);
    chartLayout->addWidget(m_contributions, 1);
    chartLayout->addWidget(m_activityNote);
    chartLayout->addWidget(m_activity);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(m_text);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_head);
    layout->addWidget(split, 1);

    connect(m_export, &QPushButton::clicked, this, [this] {
        emit exportRequested(m_contributions, QStringLiteral("contributions-%1").arg(m_name),
                             tr("Risk contributions of %1 (run %2)").arg(m_name).arg(m_runId));
    });
    connect(m_exhibit, &QPushButton::clicked, this, [this] {
        if (m_findingId)
            emit contributionsExhibitRequested(m_findingId,
                                               tr("Risk contributions of %1 (run %2)").arg(m_name).arg(m_runId));
    });
    showEntry({}, nullptr, {});
}

void AccountDetails::setWritable(bool writable)
{
    m_exhibit->setEnabled(writable && m_findingId);
}

QString AccountDetails::headline() const
{
    return m_head->text();
}

void AccountDetails::showEntry(const forensics::AccountsSeries &series, const AccountEntry *entry,
                               const QString &actor)
{
    m_findingId = entry ? entry->findingId : 0;
    m_name = entry ? entry->name : QString();
    m_runId = series.run.id;
    m_export->setEnabled(entry);
    m_exhibit->setEnabled(entry);
    m_activity->clearGraphs();
    m_activity->replot(QCustomPlot::rpQueuedReplot);
    m_charts->setVisible(entry);
    if (!entry) {
        m_head->setText(tr("<i>Select an account in the table or the scatter.</i>"));
        m_contributions->clearPlottables();
        m_contributions->replot(QCustomPlot::rpQueuedReplot);
        m_activityNote->clear();
        m_text->clear();
        return;
    }
    const QString who = entry->unit == QLatin1String("actor")
        ? tr("actor %1 (%2)").arg(entry->name.toHtmlEscaped(), entry->accounts.join(QStringLiteral(", ")).toHtmlEscaped())
        : entry->name.toHtmlEscaped();
    m_head->setText(tr("<b>%1</b> · rank %2 of %3 · risk %4 · %5%6 · %7 · actor: %8")
                        .arg(who)
                        .arg(entry->rank)
                        .arg(series.accounts.size())
                        .arg(entry->risk, 0, 'f', 2)
                        .arg(entry->strength, entry->flagged ? tr(", flagged") : QString())
                        .arg(entry->cluster ? tr("cluster %1").arg(*entry->cluster) : tr("not linked"))
                        .arg(actor.isEmpty() ? tr("none") : actor.toHtmlEscaped()));
    drawContributions(m_contributions, *entry);
    m_activityNote->setText(tr("Activity over the whole case (reading…)"));

    QString html = QStringLiteral("<h4>%1</h4><p>%2</p>").arg(tr("Explanation"), entry->explanation.toHtmlEscaped());
    html += QStringLiteral("<h4>%1</h4><table cellspacing=0 cellpadding=2>").arg(tr("Contributions"));
    html += tr("<tr><th align=left>feature</th><th align=right>value</th><th align=right>z</th>"
               "<th align=right>contribution</th><th align=left>what it means</th></tr>");
    for (const forensics::AccountContribution &c : entry->contributions)
        html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td "
                               "align=right>%4</td><td>%5</td></tr>")
                    .arg(featureTitle(c.feature).toHtmlEscaped(), number(c.value), number(c.z), number(c.contribution),
                         c.text.toHtmlEscaped());
    html += QStringLiteral("</table>");
    html += QStringLiteral("<h4>%1</h4>").arg(tr("Mitigations"));
    if (entry->mitigations.isEmpty())
        html += tr("<p>None suggested.</p>");
    else {
        html += QStringLiteral("<ul>");
        for (const QString &m : entry->mitigations)
            html += QStringLiteral("<li>%1</li>").arg(m.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    const forensics::AccountCluster *cluster = entry->cluster ? series.cluster(*entry->cluster) : nullptr;
    if (!cluster) {
        html += tr("<h4>Cluster</h4><p>Not linked to another account by a shared IP, network, org, key, user agent, "
                   "system prompt or template.</p>");
    } else {
        html += QStringLiteral("<h4>%1</h4><p>%2</p>")
                    .arg(tr("Cluster %1 (%2)").arg(cluster->id).arg(cluster->strength),
                         cluster->explanation.toHtmlEscaped());
        const QList<forensics::AccountLinkEntry> links = series.linksOf(*entry);
        html += QStringLiteral("<h4>%1</h4><table cellspacing=0 cellpadding=2>")
                    .arg(tr("Its links (%1)").arg(links.size()));
        html += tr("<tr><th align=left>with</th><th align=left>kind</th><th align=right>records</th>"
                   "<th align=left>reason</th></tr>");
        const QStringList self = QStringList(entry->accounts) << entry->name;
        for (const forensics::AccountLinkEntry &l : links)
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td align=right>%3</td><td>%4</td></tr>")
                        .arg((self.contains(l.a) ? l.b : l.a).toHtmlEscaped(), l.kind.toHtmlEscaped())
                        .arg(l.records)
                        .arg(l.reason.toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    m_text->setHtml(html);
}

void AccountDetails::setActivity(const timeline::Series &series)
{
    qint64 total = 0;
    for (qint64 v : series.total.records)
        total += v;
    m_activityNote->setText(tr("Activity over the whole case: %n record(s), per %1 (%2)", nullptr, int(total))
                                .arg(series.request.bucket.name(), series.zoneName));
    drawActivity(m_activity, series, m_name);
}

void AccountDetails::setActivityMessage(const QString &message)
{
    m_activityNote->setText(message);
}

} // namespace lineage::ui
