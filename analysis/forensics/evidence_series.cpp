// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/evidence_series.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace lineage::forensics {

namespace {

using casefile::AnalysisRunRow;
using casefile::FindingRow;

constexpr EvidenceChart kCharts[] = { EvidenceChart::KinshipRanked, EvidenceChart::KinshipDistributions,
                                      EvidenceChart::ReuseHistogram, EvidenceChart::AttributionConfusion,
                                      EvidenceChart::AttributionShares, EvidenceChart::AccountsRisk };

Error missing(const AnalysisRunRow &run, const QString &what)
{
    return makeError(ErrorCode::InvalidInput,
                     QStringLiteral("Run %1 (%2) stores no %3; re-run it with this version to chart it.")
                         .arg(run.id)
                         .arg(run.kind, what));
}

double quantile(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double pos = q * double(sorted.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

Result<KinshipSeries> kinshipOf(const AnalysisRunRow &run, const QList<FindingRow> &findings, Feedback &fb)
{
    const QJsonArray models = run.summary.value(QStringLiteral("models")).toArray();
    if (models.isEmpty())
        return missing(run, QStringLiteral("models in its summary"));
    KinshipSeries out;
    out.provider = run.summary.value(QStringLiteral("provider")).toString();
    out.flagScore = run.summary.value(QStringLiteral("flag_score")).toDouble();
    QHash<QString, const FindingRow *> byLabel;
    for (const FindingRow &f : findings)
        if (f.kind == QLatin1String("kinship"))
            byLabel.insert(f.subject, &f);
    for (const QJsonValue &v : models) {
        const QJsonObject m = v.toObject();
        if (!m.value(QStringLiteral("scored")).toBool())
            continue;
        KinshipDot d;
        d.label = m.value(QStringLiteral("label")).toString();
        d.role = m.value(QStringLiteral("role")).toString();
        d.inPanel = m.value(QStringLiteral("in_panel")).toBool();
        d.flagged = m.value(QStringLiteral("flagged")).toBool();
        d.suspect = !d.inPanel || d.role.split(QLatin1Char(',')).contains(QStringLiteral("suspect"));
        d.score = m.value(QStringLiteral("score")).toDouble();
        const QJsonArray interval = m.value(QStringLiteral("interval")).toArray();
        d.interval = { interval.at(0).toDouble(d.score), interval.at(1).toDouble(d.score) };
        d.prompts = m.value(QStringLiteral("prompts")).toInt();
        if (const FindingRow *f = byLabel.value(d.label))
            d.findingId = f->id;
        out.models.push_back(d);
    }
    std::stable_sort(out.models.begin(), out.models.end(),
                     [](const KinshipDot &a, const KinshipDot &b) { return a.score > b.score; });
    std::vector<double> panel;
    for (const KinshipDot &d : out.models)
        if (d.inPanel)
            panel.push_back(d.score);
    std::sort(panel.begin(), panel.end());
    if (!panel.empty()) {
        out.panelLow = panel.front();
        out.panelHigh = panel.back();
        out.panelMedian = quantile(panel, 0.5);
    }

    // Per-prompt distributions: the suspects first, then the panel, each by score.
    std::vector<const KinshipDot *> order;
    for (const KinshipDot &d : out.models)
        if (d.suspect)
            order.push_back(&d);
    for (const KinshipDot &d : out.models)
        if (!d.suspect)
            order.push_back(&d);
    for (const KinshipDot *d : order) {
        if (fb.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
        const FindingRow *f = byLabel.value(d->label);
        if (!f)
            continue;
        const QJsonArray perPrompt = f->payload.value(QStringLiteral("per_prompt")).toArray();
        std::vector<double> shape, lexical;
        shape.reserve(size_t(perPrompt.size()));
        lexical.reserve(size_t(perPrompt.size()));
        for (const QJsonValue &p : perPrompt) {
            const QJsonArray row = p.toArray(); // provider turn, model turn, shape, lexical
            if (row.size() < 4)
                continue;
            shape.push_back(row.at(2).toDouble());
            lexical.push_back(row.at(3).toDouble());
        }
        if (lexical.empty())
            continue;
        out.distributions.push_back(
            { d->label, d->suspect, d->inPanel, boxSummary(std::move(lexical)), boxSummary(std::move(shape)) });
    }
    return out;
}

Result<ReuseSeries> reuseOf(const AnalysisRunRow &run, const QList<FindingRow> &findings)
{
    if (!run.summary.contains(QStringLiteral("suspect_answers")))
        return missing(run, QStringLiteral("count of suspect answers in its summary"));
    ReuseSeries out;
    out.threshold = run.parameters.value(QStringLiteral("min_jaccard")).toDouble();
    out.suspectAnswers = run.summary.value(QStringLiteral("suspect_answers")).toInteger();
    const int binCount = int(std::lround(1.0 / out.binWidth));
    out.bins.assign(size_t(binCount), 0);
    for (const FindingRow &f : findings) {
        if (f.kind != QLatin1String("reuse"))
            continue;
        const QJsonObject best = f.payload.value(QStringLiteral("matches")).toArray().at(0).toObject();
        ReuseAnswer a;
        a.findingId = f.id;
        a.label = f.subject;
        a.turnIndex = f.payload.value(QStringLiteral("turn_index")).toInteger();
        a.jaccard = f.score.value_or(best.value(QStringLiteral("jaccard")).toDouble());
        a.containment = best.value(QStringLiteral("containment_suspect")).toDouble();
        a.longestVerbatim = qint64(f.statistic.value_or(0));
        a.prompt = f.payload.value(QStringLiteral("prompt")).toString();
        a.strength = f.strength;
        for (const QJsonValue &acc : f.payload.value(QStringLiteral("accounts")).toArray())
            a.accounts << acc.toString();
        const int bin = std::clamp(int(std::floor(a.jaccard / out.binWidth)), 0, binCount - 1);
        ++out.bins[size_t(bin)];
        out.top.push_back(a);
        ++out.reusedAnswers;
    }
    std::stable_sort(out.top.begin(), out.top.end(), [](const ReuseAnswer &a, const ReuseAnswer &b) {
        if (a.jaccard != b.jaccard)
            return a.jaccard > b.jaccard;
        return a.longestVerbatim > b.longestVerbatim;
    });
    return out;
}

Result<AttributionSeries> attributionOf(const AnalysisRunRow &run, const QList<FindingRow> &findings)
{
    const QJsonObject &s = run.summary;
    const QJsonArray confusion = s.value(QStringLiteral("confusion")).toArray();
    if (confusion.isEmpty())
        return missing(run, QStringLiteral("confusion matrix in its summary"));
    AttributionSeries out;
    for (const QJsonValue &c : s.value(QStringLiteral("candidates")).toArray())
        out.candidates << c.toString();
    if (confusion.size() != out.candidates.size())
        return missing(run, QStringLiteral("confusion matrix matching its candidates"));
    out.cvAccuracy = s.value(QStringLiteral("cv_accuracy")).toDouble();
    out.balancedAccuracy = s.value(QStringLiteral("balanced_accuracy")).toDouble();
    for (const QJsonValue &row : confusion) {
        std::vector<qint64> r;
        for (const QJsonValue &v : row.toArray())
            r.push_back(v.toInteger());
        if (r.size() != size_t(out.candidates.size()))
            return missing(run, QStringLiteral("square confusion matrix"));
        out.confusion.push_back(std::move(r));
    }
    out.suspect = s.value(QStringLiteral("suspect")).toString();
    out.attributed = s.value(QStringLiteral("attributed")).toString();
    const QJsonObject shares = s.value(QStringLiteral("shares")).toObject();
    const QJsonObject intervals = s.value(QStringLiteral("intervals")).toObject();
    for (const QString &c : std::as_const(out.candidates)) {
        const double share = shares.value(c).toDouble();
        const QJsonArray i = intervals.value(c).toArray();
        out.shares.push_back(share);
        out.intervals.push_back({ i.at(0).toDouble(share), i.at(1).toDouble(share) });
    }
    for (const QJsonValue &v : s.value(QStringLiteral("suspects")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("label")).toString() == out.suspect)
            out.suspectAnswers = o.value(QStringLiteral("answers")).toInteger();
    }
    for (const FindingRow &f : findings)
        if (f.kind == QLatin1String("attribution") && f.subject == out.suspect) {
            out.findingId = f.id;
            break;
        }
    return out;
}

} // namespace

BoxSummary boxSummary(std::vector<double> values)
{
    BoxSummary b;
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
                 values.end());
    std::sort(values.begin(), values.end());
    b.count = int(values.size());
    if (values.empty())
        return b;
    b.lowerQuartile = quantile(values, 0.25);
    b.median = quantile(values, 0.5);
    b.upperQuartile = quantile(values, 0.75);
    const double reach = 1.5 * (b.upperQuartile - b.lowerQuartile);
    b.lowerWhisker = b.upperWhisker = b.median;
    bool low = false;
    for (const double v : values) {
        if (v < b.lowerQuartile - reach || v > b.upperQuartile + reach) {
            b.outliers.push_back(v);
            continue;
        }
        if (!low) {
            b.lowerWhisker = v;
            low = true;
        }
        b.upperWhisker = v;
    }
    return b;
}

std::vector<EvidenceChart> EvidenceSeries::charts() const
{
    std::vector<EvidenceChart> out;
    if (kinship) {
        out.push_back(EvidenceChart::KinshipRanked);
        out.push_back(EvidenceChart::KinshipDistributions);
    }
    if (reuse)
        out.push_back(EvidenceChart::ReuseHistogram);
    if (attribution) {
        out.push_back(EvidenceChart::AttributionConfusion);
        out.push_back(EvidenceChart::AttributionShares);
    }
    return out;
}

bool hasCharts(const QString &kind)
{
    return kind == QLatin1String("kinship") || kind == QLatin1String("reuse") || kind == QLatin1String("attribution");
}

QString chartName(EvidenceChart chart)
{
    switch (chart) {
    case EvidenceChart::KinshipRanked:
        return QStringLiteral("kinship-ranked");
    case EvidenceChart::KinshipDistributions:
        return QStringLiteral("kinship-per-prompt");
    case EvidenceChart::ReuseHistogram:
        return QStringLiteral("reuse-histogram");
    case EvidenceChart::AttributionConfusion:
        return QStringLiteral("attribution-confusion");
    case EvidenceChart::AttributionShares:
        return QStringLiteral("attribution-shares");
    case EvidenceChart::AccountsRisk:
        return QStringLiteral("accounts-risk");
    }
    return {};
}

QString chartTitle(EvidenceChart chart)
{
    switch (chart) {
    case EvidenceChart::KinshipRanked:
        return QStringLiteral("Kinship: every model's closeness to the provider");
    case EvidenceChart::KinshipDistributions:
        return QStringLiteral("Kinship: per-prompt agreement, suspect and panel");
    case EvidenceChart::ReuseHistogram:
        return QStringLiteral("Reuse: best-match similarity of reused answers");
    case EvidenceChart::AttributionConfusion:
        return QStringLiteral("Attribution: cross-validated confusion matrix");
    case EvidenceChart::AttributionShares:
        return QStringLiteral("Attribution: the suspect's answers by candidate teacher");
    case EvidenceChart::AccountsRisk:
        return QStringLiteral("Accounts: every account's features, coloured by linking cluster");
    }
    return {};
}

qint64 chartItemId(qint64 runId, EvidenceChart chart)
{
    return runId * 100 + qint64(chart) + 1;
}

std::optional<std::pair<qint64, EvidenceChart>> chartOfItemId(qint64 itemId)
{
    const qint64 run = itemId / 100;
    const qint64 chart = itemId % 100 - 1;
    if (run <= 0 || chart < 0 || chart >= qint64(std::size(kCharts)))
        return std::nullopt;
    return std::pair { run, kCharts[chart] };
}

Result<EvidenceSeries> evidenceSeries(casefile::Database &db, qint64 runId, Feedback &feedback)
{
    casefile::AnalysisStore store(db);
    auto run = store.run(runId);
    if (!run)
        return run.error();
    if (!hasCharts(run->kind))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Run %1 is a %2 run; only kinship, reuse and attribution runs have charts.")
                             .arg(runId)
                             .arg(run->kind));
    if (run->status != QLatin1String("complete"))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Run %1 did not complete (%2); it has nothing to chart.").arg(runId).arg(run->status));
    feedback.setPhase(QStringLiteral("Reading the findings of run %1").arg(runId));
    auto findings = store.findings(runId);
    if (!findings)
        return findings.error();
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    EvidenceSeries out;
    out.run = *run;
    if (run->kind == QLatin1String("kinship")) {
        auto k = kinshipOf(*run, *findings, feedback);
        if (!k)
            return k.error();
        out.kinship = std::move(*k);
    } else if (run->kind == QLatin1String("reuse")) {
        auto r = reuseOf(*run, *findings);
        if (!r)
            return r.error();
        out.reuse = std::move(*r);
    } else {
        auto a = attributionOf(*run, *findings);
        if (!a)
            return a.error();
        out.attribution = std::move(*a);
    }
    return out;
}

} // namespace lineage::forensics
