// SPDX-License-Identifier: GPL-3.0-or-later
#include "evidence_plots.h"

#include "qcustomplot_include.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace lineage::ui {

using forensics::EvidenceChart;
using forensics::EvidenceSeries;

QColor suspectColor()
{
    return QColor(0xc6, 0x28, 0x28);
}
QColor flaggedColor()
{
    return QColor(0xef, 0x8a, 0x00);
}
QColor panelColor()
{
    return QColor(0x60, 0x6c, 0x78);
}

namespace {

QString pct(double v)
{
    return QStringLiteral("%1%").arg(v * 100, 0, 'f', 1);
}

void addTitle(QCustomPlot *plot, const QString &title, const QString &subtitle)
{
    plot->plotLayout()->insertRow(0);
    QFont f = plot->font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    f.setBold(true);
    auto *element = new QCPTextElement(plot, subtitle.isEmpty() ? title : title + QLatin1Char('\n') + subtitle, f);
    element->setObjectName(QStringLiteral("chartTitle"));
    plot->plotLayout()->addElement(0, 0, element);
}

QSharedPointer<QCPAxisTickerText> textTicker(const QStringList &labels, bool reversed = false)
{
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(reversed ? labels.size() - 1 - i : i, labels[i]);
    return ticker;
}

QCPItemText *note(QCustomPlot *plot, const QString &text, double x, double y, Qt::Alignment align)
{
    auto *item = new QCPItemText(plot);
    item->position->setType(QCPItemPosition::ptAxisRectRatio);
    item->position->setCoords(x, y);
    item->setPositionAlignment(align);
    item->setTextAlignment(Qt::AlignLeft);
    item->setText(text);
    item->setPadding(QMargins(4, 2, 4, 2));
    item->setBrush(QColor(255, 255, 255, 220));
    item->setClipToAxisRect(true);
    return item;
}

void verticalLine(QCustomPlot *plot, double x, const QPen &pen, const QString &label, double labelY)
{
    auto *line = new QCPItemStraightLine(plot);
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(pen);
    if (label.isEmpty())
        return;
    auto *text = new QCPItemText(plot);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(x, labelY);
    // Left of the line, so a line near the right edge keeps its label inside the chart.
    text->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    text->setPadding(QMargins(4, 1, 4, 1));
    text->setColor(pen.color());
    text->setText(label);
}

void drawKinshipRanked(QCustomPlot *plot, const forensics::KinshipSeries &k)
{
    const int n = int(k.models.size());
    QStringList labels;
    for (const auto &m : k.models)
        labels << QStringLiteral("%1%2").arg(m.label, m.suspect ? QStringLiteral("  (suspect)") : QString());
    // Highest score at the top: model i sits at key n-1-i.
    auto key = [n](int i) { return double(n - 1 - i); };
    plot->yAxis->setTicker(textTicker(labels, true));
    plot->yAxis->setLabel(QStringLiteral("model, ranked by score"));
    plot->xAxis->setLabel(
        QStringLiteral("calibrated kinship score (robust z against the panel, in panel standard deviations)"));
    plot->yAxis->grid()->setVisible(false);

    double lo = std::min({ 0.0, k.panelLow, k.flagScore }), hi = std::max({ 0.0, k.panelHigh, k.flagScore });
    for (const auto &m : k.models) {
        lo = std::min({ lo, m.interval[0], m.score });
        hi = std::max({ hi, m.interval[1], m.score });
    }
    const double pad = std::max(0.5, (hi - lo) * 0.06);
    plot->xAxis->setRange(lo - pad, hi + pad);
    plot->yAxis->setRange(-0.7, n - 0.3);

    // The panel's spread first, so the dots lie on it.
    auto *band = new QCPItemRect(plot);
    band->topLeft->setAxes(plot->xAxis, plot->yAxis);
    band->bottomRight->setAxes(plot->xAxis, plot->yAxis);
    band->topLeft->setCoords(k.panelLow, n + 1.0);
    band->bottomRight->setCoords(k.panelHigh, -2.0);
    band->setPen(Qt::NoPen);
    QColor bandColor = panelColor();
    bandColor.setAlpha(45);
    band->setBrush(bandColor);
    band->setClipToAxisRect(true);
    QPen medianPen(panelColor(), 1, Qt::DotLine);
    verticalLine(plot, k.panelMedian, medianPen, {}, 0);
    QPen flagPen(suspectColor(), 1.5, Qt::DashLine);
    verticalLine(plot, k.flagScore, flagPen, QStringLiteral("flagged at score ≥ %1").arg(k.flagScore, 0, 'f', 2), 0.01);

    struct Group
    {
        QString name;
        QColor color;
        QCPScatterStyle::ScatterShape shape;
        std::function<bool(const forensics::KinshipDot &)> take;
    };
    const Group groups[] = {
        { QStringLiteral("suspect / outside the panel"), suspectColor(), QCPScatterStyle::ssDisc,
          [](const auto &m) { return m.suspect; } },
        { QStringLiteral("panel member, flagged"), flaggedColor(), QCPScatterStyle::ssDiamond,
          [](const auto &m) { return !m.suspect && m.flagged; } },
        { QStringLiteral("panel member"), panelColor(), QCPScatterStyle::ssCircle,
          [](const auto &m) { return !m.suspect && !m.flagged; } },
    };
    for (const Group &g : groups) {
        QVector<double> keys, values, minus, plus;
        for (int i = n - 1; i >= 0; --i) { // ascending keys
            const auto &m = k.models[size_t(i)];
            if (!g.take(m))
                continue;
            keys << key(i);
            values << m.score;
            minus << std::max(0.0, m.score - m.interval[0]);
            plus << std::max(0.0, m.interval[1] - m.score);
        }
        if (keys.isEmpty())
            continue;
        QCPGraph *graph = plot->addGraph(plot->yAxis, plot->xAxis);
        graph->setName(g.name);
        graph->setAdaptiveSampling(false);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(g.shape, g.color, g.color, 10));
        graph->setData(keys, values, true);
        auto *bars = new QCPErrorBars(plot->yAxis, plot->xAxis);
        bars->removeFromLegend();
        bars->setDataPlottable(graph);
        bars->setErrorType(QCPErrorBars::etValueError);
        bars->setPen(QPen(g.color, 1.5));
        bars->setData(minus, plus);
    }
    plot->legend->setVisible(true);
    auto *legendBand = new QCPItemText(plot);
    legendBand->position->setType(QCPItemPosition::ptAxisRectRatio);
    legendBand->position->setCoords(0.99, 0.99);
    legendBand->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    legendBand->setText(QStringLiteral("shaded: the panel's scores, %1 to %2 (dotted: median %3); bars: %4 bootstrap "
                                       "intervals")
                            .arg(k.panelLow, 0, 'f', 2)
                            .arg(k.panelHigh, 0, 'f', 2)
                            .arg(k.panelMedian, 0, 'f', 2)
                            .arg(QStringLiteral("95%")));
    legendBand->setColor(panelColor());
    // Top left: the highest scores sit at the top right, the lowest at the bottom left.
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignLeft | Qt::AlignTop);
}

void drawKinshipDistributions(QCustomPlot *plot, const forensics::KinshipSeries &k)
{
    QStringList labels;
    auto *suspects = new QCPStatisticalBox(plot->xAxis, plot->yAxis);
    auto *panel = new QCPStatisticalBox(plot->xAxis, plot->yAxis);
    suspects->setName(QStringLiteral("suspect / outside the panel"));
    panel->setName(QStringLiteral("panel member"));
    double lo = 0, hi = 0;
    for (size_t i = 0; i < k.distributions.size(); ++i) {
        const auto &d = k.distributions[i];
        const auto &b = d.lexical;
        labels << QStringLiteral("%1\n(%2 prompts)").arg(d.label).arg(b.count);
        QVector<double> outliers(b.outliers.begin(), b.outliers.end());
        (d.suspect ? suspects : panel)
            ->addData(double(i), b.lowerWhisker, b.lowerQuartile, b.median, b.upperQuartile, b.upperWhisker, outliers);
        lo = std::min({ lo, b.lowerWhisker, b.outliers.empty() ? 0.0 : b.outliers.front() });
        hi = std::max({ hi, b.upperWhisker, b.outliers.empty() ? 0.0 : b.outliers.back() });
    }
    for (auto [box, color] : { std::pair { suspects, suspectColor() }, std::pair { panel, panelColor() } }) {
        QColor fill = color;
        fill.setAlpha(70);
        box->setBrush(fill);
        box->setPen(QPen(color, 1.2));
        box->setMedianPen(QPen(color.darker(130), 2.5));
        box->setWhiskerPen(QPen(color, 1.2, Qt::SolidLine));
        box->setOutlierStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, 4));
        box->setWidth(0.55);
        if (box->dataCount() == 0)
            box->removeFromLegend();
    }
    plot->xAxis->setTicker(textTicker(labels));
    plot->xAxis->setTickLabelRotation(labels.size() > 6 ? 30 : 0);
    plot->xAxis->grid()->setVisible(false);
    plot->xAxis->setLabel(QStringLiteral("model (suspects first, then the panel by score)"));
    plot->yAxis->setLabel(QStringLiteral("agreement with the provider per prompt (residual TF-IDF cosine, -1 to 1)"));
    plot->xAxis->setRange(-0.6, double(k.distributions.size()) - 0.4);
    const double pad = std::max(0.02, (hi - lo) * 0.06);
    plot->yAxis->setRange(lo - pad, hi + pad);
    auto *zero = new QCPItemStraightLine(plot);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(1, 0);
    zero->setPen(QPen(Qt::black, 1, Qt::DotLine));
    plot->legend->setVisible(true);
}

void drawReuseHistogram(QCustomPlot *plot, const forensics::ReuseSeries &r)
{
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(QStringLiteral("reused answers"));
    QVector<double> keys, values;
    double top = 1;
    for (size_t i = 0; i < r.bins.size(); ++i) {
        keys << (double(i) + 0.5) * r.binWidth;
        values << double(r.bins[i]);
        top = std::max(top, double(r.bins[i]));
    }
    bars->setData(keys, values, true);
    bars->setWidth(r.binWidth * 0.92);
    bars->setPen(QPen(suspectColor().darker(120)));
    QColor fill = suspectColor();
    fill.setAlpha(150);
    bars->setBrush(fill);
    plot->xAxis->setRange(0, 1);
    plot->yAxis->setRange(0, top * 1.18);
    plot->xAxis->setLabel(QStringLiteral("best-match word-shingle Jaccard of the answer (0 to 1, bins of %1)")
                              .arg(r.binWidth, 0, 'f', 2));
    plot->yAxis->setLabel(QStringLiteral("reused suspect answers (count)"));
    QSharedPointer<QCPAxisTickerFixed> step(new QCPAxisTickerFixed);
    step->setTickStep(0.1);
    plot->xAxis->setTicker(step);
    verticalLine(plot, r.threshold, QPen(Qt::black, 1.5, Qt::DashLine),
                 QStringLiteral("threshold: Jaccard ≥ %1").arg(r.threshold, 0, 'f', 2), 0.01);
    note(plot,
         QStringLiteral("%1 of %2 suspect answers are reused (drawn); the other %3 have no match kept.\n"
                        "Answers left of the threshold are kept by a verbatim passage or the raw Jaccard.")
             .arg(r.reusedAnswers)
             .arg(r.suspectAnswers)
             .arg(r.suspectAnswers - r.reusedAnswers),
         0.01, 0.12, Qt::AlignLeft | Qt::AlignTop);
}

void drawConfusion(QCustomPlot *plot, const forensics::AttributionSeries &a)
{
    const int n = int(a.candidates.size());
    auto *map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->data()->setSize(n, n);
    map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    for (int t = 0; t < n; ++t) {
        qint64 rowTotal = 0;
        for (const qint64 v : a.confusion[size_t(t)])
            rowTotal += v;
        for (int p = 0; p < n; ++p) {
            const qint64 count = a.confusion[size_t(t)][size_t(p)];
            const double share = rowTotal > 0 ? 100.0 * double(count) / double(rowTotal) : 0.0;
            map->data()->setCell(p, t, share);
            auto *text = new QCPItemText(plot);
            text->position->setCoords(p, t);
            text->setText(QStringLiteral("%1\n%2%").arg(count).arg(share, 0, 'f', 0));
            text->setColor(share > 55 ? Qt::black : Qt::white); // the thermal gradient is light at the top
        }
    }
    auto *scale = new QCPColorScale(plot);
    plot->plotLayout()->addElement(0, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->axis()->setLabel(QStringLiteral("share of the true candidate's answers (%)"));
    map->setColorScale(scale);
    map->setGradient(QCPColorGradient::gpThermal);
    map->setInterpolate(false);
    map->setDataRange(QCPRange(0, 100));
    auto *margins = new QCPMarginGroup(plot);
    plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);

    plot->xAxis->setTicker(textTicker(a.candidates));
    plot->yAxis->setTicker(textTicker(a.candidates));
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
    plot->xAxis->setLabel(QStringLiteral("predicted candidate (cross-validated answers, count and row %)"));
    plot->yAxis->setLabel(QStringLiteral("true candidate"));
    plot->xAxis->setRange(-0.5, n - 0.5);
    plot->yAxis->setRange(-0.5, n - 0.5);
    plot->yAxis->setRangeReversed(true);
}

void drawShares(QCustomPlot *plot, const forensics::AttributionSeries &a)
{
    const int n = int(a.candidates.size());
    QVector<double> keys, values, minus, plus, otherKeys, otherValues, otherMinus, otherPlus;
    for (int c = 0; c < n; ++c) {
        const double v = a.shares[size_t(c)] * 100;
        const bool attributed = a.candidates[c] == a.attributed;
        (attributed ? keys : otherKeys) << double(c);
        (attributed ? values : otherValues) << v;
        (attributed ? minus : otherMinus) << std::max(0.0, v - a.intervals[size_t(c)][0] * 100);
        (attributed ? plus : otherPlus) << std::max(0.0, a.intervals[size_t(c)][1] * 100 - v);
    }
    auto add = [&](const QString &name, const QColor &color, const QVector<double> &k, const QVector<double> &v,
                   const QVector<double> &lo, const QVector<double> &hi) {
        if (k.isEmpty())
            return;
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(name);
        bars->setData(k, v, true);
        bars->setWidth(0.6);
        QColor fill = color;
        fill.setAlpha(160);
        bars->setBrush(fill);
        bars->setPen(QPen(color.darker(120)));
        auto *err = new QCPErrorBars(plot->xAxis, plot->yAxis);
        err->removeFromLegend();
        err->setDataPlottable(bars);
        err->setData(lo, hi);
        err->setPen(QPen(Qt::black, 1.4));
    };
    add(QStringLiteral("attributed teacher"), suspectColor(), keys, values, minus, plus);
    add(QStringLiteral("other candidates"), panelColor(), otherKeys, otherValues, otherMinus, otherPlus);
    plot->xAxis->setTicker(textTicker(a.candidates));
    plot->xAxis->grid()->setVisible(false);
    plot->xAxis->setRange(-0.6, n - 0.4);
    plot->yAxis->setRange(0, 105);
    plot->xAxis->setLabel(QStringLiteral("candidate teacher"));
    plot->yAxis->setLabel(QStringLiteral("share of %1's %2 answers (%, with 95% bootstrap interval)")
                              .arg(a.suspect)
                              .arg(a.suspectAnswers));
    plot->legend->setVisible(true);
}

} // namespace

QString evidenceChartCaption(const EvidenceSeries &s, EvidenceChart chart)
{
    const QString run = QStringLiteral("Analysis run %1 (%2)").arg(s.run.id).arg(s.run.kind);
    switch (chart) {
    case EvidenceChart::KinshipRanked:
        return QStringLiteral("%1: calibrated kinship score of every scored model against provider %2, with its "
                              "bootstrap interval; the panel's spread shaded; models at or above %3 are flagged.")
            .arg(run, s.kinship->provider)
            .arg(s.kinship->flagScore, 0, 'f', 2);
    case EvidenceChart::KinshipDistributions:
        return QStringLiteral("%1: distribution over the shared prompts of each model's lexical agreement with "
                              "provider %2 (residual TF-IDF cosine); boxes are quartiles, whiskers 1.5 IQR.")
            .arg(run, s.kinship->provider);
    case EvidenceChart::ReuseHistogram:
        return QStringLiteral("%1: best-match word-shingle Jaccard of the %2 reused answers of %3 compared; "
                              "threshold min_jaccard = %4.")
            .arg(run)
            .arg(s.reuse->reusedAnswers)
            .arg(s.reuse->suspectAnswers)
            .arg(s.reuse->threshold, 0, 'f', 2);
    case EvidenceChart::AttributionConfusion:
        return QStringLiteral("%1: cross-validated confusion matrix of the teacher classifier; accuracy %2, "
                              "balanced accuracy %3.")
            .arg(run, pct(s.attribution->cvAccuracy), pct(s.attribution->balancedAccuracy));
    case EvidenceChart::AttributionShares:
        return QStringLiteral("%1: share of %2's answers attributed to each candidate, with bootstrap intervals; "
                              "attributed: %3.")
            .arg(run, s.attribution->suspect, s.attribution->attributed);
    case EvidenceChart::AccountsRisk: // the Accounts tab draws and captions it
        break;
    }
    return run;
}

void drawEvidenceChart(QCustomPlot *plot, const EvidenceSeries &series, EvidenceChart chart)
{
    plot->setNoAntialiasingOnDrag(true);
    switch (chart) {
    case EvidenceChart::KinshipRanked:
        drawKinshipRanked(plot, *series.kinship);
        addTitle(plot, forensics::chartTitle(chart),
                 QStringLiteral("provider %1, run %2").arg(series.kinship->provider).arg(series.run.id));
        break;
    case EvidenceChart::KinshipDistributions:
        drawKinshipDistributions(plot, *series.kinship);
        addTitle(plot, forensics::chartTitle(chart),
                 QStringLiteral("provider %1, run %2").arg(series.kinship->provider).arg(series.run.id));
        break;
    case EvidenceChart::ReuseHistogram:
        drawReuseHistogram(plot, *series.reuse);
        addTitle(plot, forensics::chartTitle(chart), QStringLiteral("run %1").arg(series.run.id));
        break;
    case EvidenceChart::AttributionConfusion:
        drawConfusion(plot, *series.attribution);
        addTitle(plot, forensics::chartTitle(chart),
                 QStringLiteral("cross-validated accuracy %1 (balanced %2), run %3")
                     .arg(pct(series.attribution->cvAccuracy), pct(series.attribution->balancedAccuracy))
                     .arg(series.run.id));
        plot->plotLayout()->setColumnStretchFactor(1, 0.02);
        break;
    case EvidenceChart::AttributionShares:
        drawShares(plot, *series.attribution);
        addTitle(plot, forensics::chartTitle(chart),
                 QStringLiteral("%1, attributed to %2, run %3")
                     .arg(series.attribution->suspect, series.attribution->attributed)
                     .arg(series.run.id));
        break;
    case EvidenceChart::AccountsRisk: // no evidence series: see account_plots.h
        break;
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace lineage::ui
