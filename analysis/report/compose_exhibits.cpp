// SPDX-License-Identifier: GPL-3.0-or-later
// The report's exhibits and the investigator's comments.
#include "report/report_composer.h"

namespace lineage::report::compose {

using casefile::FindingRow;

void ReportComposer::exhibits()
{
    section(Section::Exhibits);
    if (d.exhibits.isEmpty())
        para(QStringLiteral("No item has been made an exhibit."));
    for (const ExhibitEntry &e : d.exhibits) {
        heading(2,
                QStringLiteral("Exhibit %1: %2")
                    .arg(e.row.number)
                    .arg(e.row.caption.isEmpty() ? e.itemLabel : e.row.caption),
                QStringLiteral("exhibit-%1").arg(e.row.number));
        para(QStringLiteral("Item: %1. Added %2.").arg(e.itemLabel, d.time(e.row.createdUtc)));
        if (!e.row.note.isEmpty())
            para(e.row.note);
        if (e.findingId) {
            if (const FindingEntry *f = findFinding(*e.findingId)) {
                para(f->row.explanation);
                for (const PassagePair &p : f->passages)
                    passage(p);
            }
        }
        if (e.chart)
            exhibitChart(e);
        if (e.text)
            para(marked(*e.text));
    }
}

namespace {

constexpr int kAccountsShown = 25;

QString percent(double v)
{
    return QStringLiteral("%1%").arg(v * 100, 0, 'f', 1);
}

QString interval(const std::array<double, 2> &i, int precision = 3)
{
    return QStringLiteral("[%1, %2]").arg(num(i[0], precision), num(i[1], precision));
}

} // namespace

void ReportComposer::exhibitChart(const ExhibitEntry &e)
{
    using forensics::EvidenceChart;
    const EvidenceChart which = *e.chart;
    if (!e.chartError.isEmpty()) {
        para(QStringLiteral("The chart is not drawn: %1").arg(e.chartError));
        return;
    }
    ChartSpec c;
    c.kind = ChartSpec::Kind::Bars;
    c.title = forensics::chartTitle(which);
    TableSpec t;
    if (which == EvidenceChart::AccountsRisk && e.accounts) {
        const forensics::AccountsSeries &s = *e.accounts;
        c.title = QStringLiteral("Accounts run %1: risk of the %2 highest-ranked of %3 accounts")
                      .arg(s.run.id)
                      .arg(std::min<qsizetype>(kAccountsShown, qsizetype(s.accounts.size())))
                      .arg(s.accounts.size());
        c.valueLabel = QStringLiteral("risk score");
        t.header = { QStringLiteral("Rank"),
                     QStringLiteral("Account"),
                     QStringLiteral("Risk"),
                     QStringLiteral("Flagged"),
                     QStringLiteral("Cluster"),
                     QStringLiteral("Requests"),
                     QStringLiteral("Top template share"),
                     QStringLiteral("Finding") };
        t.widths = { 8, 18, 9, 11, 10, 11, 17, 16 };
        for (const forensics::AccountEntry &a : s.accounts) {
            if (c.values.size() >= kAccountsShown)
                break;
            c.labels << a.name;
            c.values << a.risk;
            t.rows.append({ QString::number(a.rank), a.name, num(a.risk, 3),
                            a.flagged ? QStringLiteral("yes") : QStringLiteral("no"),
                            a.cluster ? QString::number(*a.cluster) : QStringLiteral("-"),
                            a.feature(QStringLiteral("requests")) ? num(*a.feature(QStringLiteral("requests")), 10)
                                                                  : QStringLiteral("-"),
                            a.feature(QStringLiteral("top_template_share"))
                                ? percent(*a.feature(QStringLiteral("top_template_share")))
                                : QStringLiteral("-"),
                            QStringLiteral("#%1").arg(a.findingId) });
        }
        c.caption = QStringLiteral("Risks are the account-risk findings' stored scores; the Accounts tab draws every "
                                   "account over two chosen features.");
    } else if (e.evidence && e.evidence->kinship
               && (which == EvidenceChart::KinshipRanked || which == EvidenceChart::KinshipDistributions)) {
        const forensics::KinshipSeries &k = *e.evidence->kinship;
        if (which == EvidenceChart::KinshipRanked) {
            c.valueLabel = QStringLiteral("kinship score");
            t.header = { QStringLiteral("Model"),        QStringLiteral("Role"),    QStringLiteral("Score"),
                         QStringLiteral("95% interval"), QStringLiteral("Prompts"), QStringLiteral("Flagged") };
            t.widths = { 30, 14, 12, 20, 12, 12 };
            for (const forensics::KinshipDot &m : k.models) {
                c.labels << m.label;
                c.values << m.score;
                t.rows.append({ m.label, m.inPanel ? QStringLiteral("panel") : m.role, num(m.score, 3),
                                interval(m.interval), QString::number(m.prompts),
                                m.flagged ? QStringLiteral("yes") : QStringLiteral("no") });
            }
            c.caption = QStringLiteral("Provider %1; flagged at a score of %2 or more; the panel spans %3 to %4 "
                                       "(median %5).")
                            .arg(k.provider, num(k.flagScore, 3), num(k.panelLow, 3), num(k.panelHigh, 3),
                                 num(k.panelMedian, 3));
        } else {
            c.valueLabel = QStringLiteral("median per-prompt agreement");
            t.header = { QStringLiteral("Model"),  QStringLiteral("Prompts"),        QStringLiteral("Lower quartile"),
                         QStringLiteral("Median"), QStringLiteral("Upper quartile"), QStringLiteral("Outliers") };
            t.widths = { 30, 12, 15, 15, 15, 13 };
            for (const forensics::KinshipDistribution &m : k.distributions) {
                c.labels << m.label;
                c.values << m.lexical.median;
                t.rows.append({ m.label + (m.suspect ? QStringLiteral(" (suspect)") : QString()),
                                QString::number(m.lexical.count), num(m.lexical.lowerQuartile, 3),
                                num(m.lexical.median, 3), num(m.lexical.upperQuartile, 3),
                                QString::number(m.lexical.outliers.size()) });
            }
            c.caption = QStringLiteral("Per-prompt residual cosine with the provider %1, suspects first; the "
                                       "Charts tab draws the boxes.")
                            .arg(k.provider);
        }
    } else if (e.evidence && e.evidence->reuse && which == EvidenceChart::ReuseHistogram) {
        const forensics::ReuseSeries &r = *e.evidence->reuse;
        c.valueLabel = QStringLiteral("reused answers");
        for (size_t i = 0; i < r.bins.size(); ++i) {
            c.labels << num(double(i) * r.binWidth, 2);
            c.values << double(r.bins[i]);
        }
        c.caption = QStringLiteral("Best-match word-shingle Jaccard of the %1 reused answers (of %2 compared), bins "
                                   "of %3 labelled by their lower edge; threshold %4.")
                        .arg(r.reusedAnswers)
                        .arg(r.suspectAnswers)
                        .arg(num(r.binWidth, 2), num(r.threshold, 2));
        t.header = { QStringLiteral("Model"),
                     QStringLiteral("Answer"),
                     QStringLiteral("Jaccard"),
                     QStringLiteral("Containment"),
                     QStringLiteral("Longest verbatim (words)"),
                     QStringLiteral("Finding") };
        t.widths = { 25, 10, 12, 14, 22, 17 };
        for (size_t i = 0; i < r.top.size() && i < 15; ++i) {
            const forensics::ReuseAnswer &a = r.top[i];
            t.rows.append({ a.label, QString::number(a.turnIndex), num(a.jaccard, 3), percent(a.containment),
                            QString::number(a.longestVerbatim), QStringLiteral("#%1").arg(a.findingId) });
        }
    } else if (e.evidence && e.evidence->attribution
               && (which == EvidenceChart::AttributionShares || which == EvidenceChart::AttributionConfusion)) {
        const forensics::AttributionSeries &a = *e.evidence->attribution;
        if (which == EvidenceChart::AttributionShares) {
            c.valueLabel = QStringLiteral("share of the suspect's answers");
            t.header = { QStringLiteral("Candidate teacher"), QStringLiteral("Share"), QStringLiteral("95% interval") };
            t.widths = { 50, 20, 30 };
            for (qsizetype i = 0; i < a.candidates.size() && size_t(i) < a.shares.size(); ++i) {
                c.labels << a.candidates[i];
                c.values << a.shares[size_t(i)];
                t.rows.append({ a.candidates[i], percent(a.shares[size_t(i)]),
                                size_t(i) < a.intervals.size() ? interval(a.intervals[size_t(i)]) : QString() });
            }
            c.caption = QStringLiteral("%1 answers of %2; attributed to %3.")
                            .arg(a.suspectAnswers)
                            .arg(a.suspect, a.attributed);
        } else {
            // A matrix reads as a table: rows the true teacher, columns the predicted one.
            c.values.clear();
            t.header << QStringLiteral("True \\ predicted") << a.candidates;
            for (qsizetype i = 0; i < a.candidates.size() && size_t(i) < a.confusion.size(); ++i) {
                QStringList row { a.candidates[i] };
                for (qint64 n : a.confusion[size_t(i)])
                    row << QString::number(n);
                t.rows.append(row);
            }
            para(QStringLiteral("Cross-validated accuracy %1, balanced accuracy %2.")
                     .arg(percent(a.cvAccuracy), percent(a.balancedAccuracy)));
        }
    } else {
        para(QStringLiteral("The run holds no data for this chart."));
        return;
    }
    if (c.values.size() >= 1)
        chart(c);
    if (!t.rows.isEmpty())
        table(t);
}

void ReportComposer::comments()
{
    section(Section::Comments);
    if (d.comments.isEmpty()) {
        para(QStringLiteral("There are no comments."));
        return;
    }
    TableSpec t;
    t.header = { QStringLiteral("Comment"), QStringLiteral("On"), QStringLiteral("By, when"), QStringLiteral("Text") };
    t.widths = { 10, 25, 25, 40 };
    for (const CommentEntry &c : d.comments)
        t.rows.append({ QString::number(c.row.id), c.itemLabel,
                        c.row.author + QStringLiteral(", ") + d.time(c.row.createdUtc), c.row.body });
    table(t);
}

} // namespace lineage::report::compose
