// SPDX-License-Identifier: GPL-3.0-or-later
#include "account_plots.h"

#include "evidence_plots.h"

#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace lineage::ui {

using forensics::AccountEntry;
using forensics::AccountsSeries;

namespace {

constexpr int kClusterColours = 8;
constexpr double kHitPixels = 7;

QColor clusterColour(int index)
{
    // Tableau-like, told apart in print and by most colour-blind readers.
    static const QColor colours[kClusterColours] = {
        QColor(0xd6, 0x27, 0x28), QColor(0x1f, 0x77, 0xb4), QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
        QColor(0xff, 0x7f, 0x0e), QColor(0x17, 0xbe, 0xcf), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
    };
    return colours[index % kClusterColours];
}

QString number(double v)
{
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'g', 4);
}

void styleAxis(QCPAxis *axis, const QString &feature, bool log)
{
    axis->setLabel(featureTitle(feature) + (log ? QObject::tr(" (log scale)") : QString()));
    if (log) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
        ticker->setLogBase(10);
        axis->setTicker(ticker);
    } else {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
}

// A range around the values with a margin (a multiplicative one on a log axis).
QCPRange paddedRange(double lo, double hi, bool log)
{
    if (log) {
        const double a = std::log10(lo), b = std::log10(hi);
        const double pad = std::max(0.1, (b - a) * 0.06);
        return QCPRange(std::pow(10.0, a - pad), std::pow(10.0, b + pad));
    }
    const double pad = hi > lo ? (hi - lo) * 0.06 : std::max(0.5, std::abs(hi) * 0.1);
    return QCPRange(lo - pad, hi + pad);
}

} // namespace

QString featureTitle(const QString &feature)
{
    QString t = feature;
    t.replace(QLatin1Char('_'), QLatin1Char(' '));
    return t;
}

AccountScatter::AccountScatter(QWidget *parent) : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("accountScatter"));
    setMouseTracking(true);
    setNoAntialiasingOnDrag(true);
    legend->setVisible(true);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    legend->setFont(small);
    legend->setBrush(QColor(255, 255, 255, 220));
    // The legend beside the axes, not over them: the ring's points sit in the top right.
    axisRect()->insetLayout()->take(legend);
    auto *side = new QCPLayoutGrid;
    plotLayout()->addElement(0, 1, side);
    side->addElement(0, 0, legend);
    side->addElement(1, 0, new QCPLayoutElement(this));
    side->setRowStretchFactor(0, 0.001);
    side->setMargins(QMargins(0, 0, 8, 0));
    plotLayout()->setColumnStretchFactor(1, 0.001);
}

void AccountScatter::clear()
{
    clearGraphs();
    clearItems();
    m_points.clear();
    m_clusterGraphs.clear();
    m_selected = nullptr;
    m_omitted = 0;
    m_caption.clear();
    replot(rpQueuedReplot);
}

void AccountScatter::draw(const AccountsSeries &series, const QString &xFeature, const QString &yFeature, bool logX,
                          bool logY)
{
    clearGraphs();
    clearItems();
    m_points.clear();
    m_clusterGraphs.clear();
    m_omitted = 0;
    styleAxis(xAxis, xFeature, logX);
    styleAxis(yAxis, yFeature, logY);

    // Graph 0: unlinked; 1..8: clusters 1..8; 9: every later cluster.
    int highest = 0;
    for (const AccountEntry &e : series.accounts)
        highest = std::max(highest, e.cluster.value_or(0));
    const int groups = 1 + std::min(highest, kClusterColours) + (highest > kClusterColours ? 1 : 0);
    QList<QVector<QCPGraphData>> data(groups);
    auto groupOf = [](const AccountEntry &e) {
        return e.cluster ? std::min(*e.cluster, kClusterColours + 1) : 0;
    };
    double xLo = qInf(), xHi = -qInf(), yLo = qInf(), yHi = -qInf();
    for (const AccountEntry &e : series.accounts) {
        const auto x = e.feature(xFeature), y = e.feature(yFeature);
        if (!x || !y || !std::isfinite(*x) || !std::isfinite(*y) || (logX && *x <= 0) || (logY && *y <= 0)) {
            ++m_omitted;
            continue;
        }
        data[groupOf(e)].append(QCPGraphData(*x, *y));
        xLo = std::min(xLo, *x);
        xHi = std::max(xHi, *x);
        yLo = std::min(yLo, *y);
        yHi = std::max(yHi, *y);
        const QString tip = tr("<b>%1</b> (rank %2, risk %3, %4)<br>%5: %6<br>%7: %8%9")
                                .arg(e.name.toHtmlEscaped())
                                .arg(e.rank)
                                .arg(e.risk, 0, 'f', 2)
                                .arg(e.cluster ? tr("cluster %1").arg(*e.cluster) : tr("unlinked"))
                                .arg(featureTitle(xFeature), number(*x), featureTitle(yFeature), number(*y))
                                .arg(e.flagged ? tr("<br>flagged") : QString());
        m_points.append({ e.findingId, *x, *y, tip });
    }
    for (int g = 0; g < groups; ++g) {
        QCPGraph *graph = addGraph();
        const QColor colour = g == 0 ? panelColor() : g <= kClusterColours ? clusterColour(g - 1) : QColor(0x55, 0x55, 0x55);
        graph->setName(g == 0 ? tr("unlinked") : g <= kClusterColours ? tr("cluster %1").arg(g) : tr("clusters %1+").arg(g));
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(g == 0 ? QCPScatterStyle::ssCircle : QCPScatterStyle::ssDisc,
                                               colour, g == 0 ? Qt::white : colour, g == 0 ? 6 : 7));
        graph->setAdaptiveSampling(false); // sampling drops scatter points
        // Scatter data is keyed by x: sort it so the container takes it as is.
        std::sort(data[g].begin(), data[g].end(), qcpLessThanSortKey<QCPGraphData>);
        graph->data()->set(data[g], true);
        if (data[g].isEmpty())
            graph->removeFromLegend();
        m_clusterGraphs.append(graph);
    }
    m_selected = addGraph();
    m_selected->setName(tr("selected"));
    m_selected->setLineStyle(QCPGraph::lsNone);
    m_selected->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 14));
    m_selected->setAdaptiveSampling(false);
    m_selected->removeFromLegend();
    if (!m_points.isEmpty()) {
        xAxis->setRange(paddedRange(xLo, xHi, logX));
        yAxis->setRange(paddedRange(yLo, yHi, logY));
    }
    m_caption = tr("Run %1: %2 accounts, %3 against %4%5; colour: linking cluster.")
                    .arg(series.run.id)
                    .arg(m_points.size())
                    .arg(featureTitle(yFeature), featureTitle(xFeature))
                    .arg(m_omitted ? tr(" (%n not shown: no value, or none above 0 on a log axis)", nullptr, m_omitted)
                                   : QString());
    setSelected(m_selectedId);
}

void AccountScatter::setSelected(qint64 findingId)
{
    m_selectedId = findingId;
    if (!m_selected)
        return;
    QVector<QCPGraphData> ring;
    for (const Point &p : std::as_const(m_points))
        if (p.findingId == findingId)
            ring.append(QCPGraphData(p.x, p.y));
    m_selected->data()->set(ring, true);
    replot(rpQueuedReplot);
}

int AccountScatter::pointCount() const
{
    int n = 0;
    for (const QCPGraph *g : m_clusterGraphs)
        n += g->dataCount();
    return n;
}

std::optional<QPointF> AccountScatter::pixelOf(qint64 findingId) const
{
    for (const Point &p : m_points)
        if (p.findingId == findingId)
            return QPointF(xAxis->coordToPixel(p.x), yAxis->coordToPixel(p.y));
    return std::nullopt;
}

qint64 AccountScatter::findingAt(const QPoint &pos) const
{
    qint64 best = 0;
    double bestDistance = kHitPixels * kHitPixels;
    for (const Point &p : m_points) {
        const double dx = xAxis->coordToPixel(p.x) - pos.x(), dy = yAxis->coordToPixel(p.y) - pos.y();
        const double d = dx * dx + dy * dy;
        if (d <= bestDistance) {
            bestDistance = d;
            best = p.findingId;
        }
    }
    return best;
}

void AccountScatter::mouseMoveEvent(QMouseEvent *event)
{
    QCustomPlot::mouseMoveEvent(event);
    const qint64 id = findingAt(event->pos());
    // Accounts on the same spot are listed together.
    QStringList tips;
    for (const Point &p : std::as_const(m_points)) {
        if (!id)
            break;
        const double dx = xAxis->coordToPixel(p.x) - event->pos().x(), dy = yAxis->coordToPixel(p.y) - event->pos().y();
        if (dx * dx + dy * dy <= kHitPixels * kHitPixels && tips.size() < 6)
            tips << p.tip;
    }
    if (tips.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tips.join(QStringLiteral("<hr>")), this);
}

void AccountScatter::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->pos();
    QCustomPlot::mousePressEvent(event);
}

void AccountScatter::mouseReleaseEvent(QMouseEvent *event)
{
    QCustomPlot::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || (event->pos() - m_pressPos).manhattanLength() > 4)
        return;
    if (const qint64 id = findingAt(event->pos()))
        emit accountClicked(id);
}

void drawContributions(QCustomPlot *plot, const AccountEntry &entry)
{
    plot->clearPlottables();
    plot->clearItems();
    const int n = int(entry.contributions.size());
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    QVector<double> keys, values;
    // The largest contribution on top: contribution i sits at key n-1-i.
    for (int i = 0; i < n; ++i) {
        const forensics::AccountContribution &c = entry.contributions[i];
        ticker->addTick(n - 1 - i, featureTitle(c.feature));
        keys.prepend(n - 1 - i);
        values.prepend(c.contribution);
    }
    auto *bars = new QCPBars(plot->yAxis, plot->xAxis);
    bars->setName(QObject::tr("contribution to risk"));
    bars->setWidth(0.7);
    bars->setPen(Qt::NoPen);
    bars->setBrush(entry.flagged ? suspectColor() : panelColor());
    bars->setData(keys, values, true);
    plot->yAxis->setTicker(ticker);
    plot->yAxis->setRange(-0.7, std::max(n, 1) - 0.3);
    plot->yAxis->grid()->setVisible(false);
    plot->yAxis->setLabel(QString());
    double hi = 0;
    for (double v : std::as_const(values))
        hi = std::max(hi, v);
    plot->xAxis->setRange(0, hi > 0 ? hi * 1.08 : 1);
    plot->xAxis->setLabel(QObject::tr("contribution to risk (weighted robust z)"));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void drawActivity(QCustomPlot *plot, const timeline::Series &series, const QString &title)
{
    plot->clearGraphs();
    plot->clearItems();
    if (!plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>()) {
        QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
        ticker->setDateTimeFormat(QStringLiteral("yyyy-MM-dd"));
        ticker->setTickCount(4);
        plot->xAxis->setTicker(ticker);
    }
    auto ticker = plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (const auto zone = timeline::zoneFromSetting(series.request.zone))
        ticker->setTimeZone(*zone);
    const int n = series.bucketCount();
    if (n <= 0) {
        plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    auto *graph = plot->addGraph();
    graph->setName(title);
    graph->setLineStyle(QCPGraph::lsStepLeft);
    graph->setPen(QPen(suspectColor().darker(110), 1));
    QColor fill = suspectColor();
    fill.setAlpha(60);
    graph->setBrush(fill);
    graph->setAdaptiveSampling(false);
    QVector<QCPGraphData> data;
    data.reserve(n + 1);
    qint64 peak = 0;
    for (int i = 0; i < n; ++i) {
        const qint64 v = series.total.records.value(i);
        data.append(QCPGraphData(double(series.edges[i]) / 1000.0, double(v)));
        peak = std::max(peak, v);
    }
    // The last step ends at the last edge.
    data.append(QCPGraphData(double(series.edges[n]) / 1000.0, double(series.total.records.value(n - 1))));
    graph->data()->set(data, true);
    plot->xAxis->setRange(double(series.edges.first()) / 1000.0, double(series.edges.last()) / 1000.0);
    plot->yAxis->setRange(0, std::max<qint64>(peak, 1) * 1.1);
    plot->yAxis->setLabel(QObject::tr("records / %1").arg(series.request.bucket.name()));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace lineage::ui
