// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_plot.h"

#include <QKeyEvent>
#include <QMouseEvent>

#include <algorithm>
#include <cmath>

namespace lineage::ui {

using timeline::TimelineEvent;

namespace {

constexpr int kClickSlop = 4; // pixels a press may move and still be a click
constexpr int kEventSlop = 6; // pixels from an event that still hit it
constexpr int kMaxEventTitles = 300;
constexpr double kMinSpanSeconds = 60;

QColor laneColor(int lane)
{
    if (lane == 0)
        return QColor(31, 119, 180);
    static const QList<QColor> palette { QColor(44, 160, 44),   QColor(148, 103, 189), QColor(140, 86, 75),
                                         QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34),
                                         QColor(23, 190, 207),  QColor(255, 127, 14) };
    return palette[(lane - 1) % palette.size()];
}

QColor eventColor(const QString &category)
{
    if (category == timeline::kModelReleaseCategory)
        return QColor(214, 39, 40);
    if (category == timeline::kEffectiveDateCategory)
        return QColor(31, 90, 200);
    if (category == timeline::kDocumentDateCategory)
        return QColor(23, 150, 160);
    if (category == timeline::kFindingCategory)
        return QColor(230, 120, 0);
    return QColor(90, 90, 90); // notes
}

// Events drawn across the activity lanes too: what the activity is read against.
bool isLandmark(const TimelineEvent &e)
{
    return e.category == timeline::kModelReleaseCategory || e.category == timeline::kEffectiveDateCategory
        || e.category == timeline::kNoteCategory;
}

void placeX(QCPItemPosition *p, QCPAxisRect *rect, double key, double ratioY)
{
    p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    p->setAxisRect(rect);
    p->setTypeX(QCPItemPosition::ptPlotCoords);
    p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    p->setCoords(key, ratioY);
}

// Titles laid out in rows without overlap: the first row with room at `x` takes a title of
// width `w`; -1 when none has room (the mark is drawn without its title).
class TitleRows
{
public:
    explicit TitleRows(int rows) : m_ends(rows, -1e9) { }
    int place(double x, double w)
    {
        for (int r = 0; r < int(m_ends.size()); ++r) {
            if (m_ends[r] <= x) {
                m_ends[r] = x + w;
                return r;
            }
        }
        return -1;
    }

private:
    std::vector<double> m_ends;
};

double seconds(qint64 ms)
{
    return double(ms) / 1000.0;
}

qint64 millis(double s)
{
    return qint64(std::llround(s * 1000.0));
}

} // namespace

TimelinePlot::TimelinePlot(QWidget *parent)
    : QCustomPlot(parent), m_ticker(new QCPAxisTickerDateTime), m_overviewTicker(new QCPAxisTickerDateTime),
      m_linearTicker(new QCPAxisTicker), m_logTicker(new QCPAxisTickerLog), m_margins(new QCPMarginGroup(this))
{
    setObjectName(QStringLiteral("timelinePlot"));
    setFocusPolicy(Qt::StrongFocus);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setNoAntialiasingOnDrag(true);
    m_linearTicker->setTickCount(3);
    m_logTicker->setLogBase(10);
    m_logTicker->setTickCount(3);
    rebuildLanes(TimelineFrame());
}

QCPAxis *TimelinePlot::master() const
{
    return m_lanes.first().rect->axis(QCPAxis::atBottom);
}

void TimelinePlot::styleTimeAxis(QCPAxis *axis, bool labels)
{
    axis->setTickLabels(labels);
    axis->setTicker(m_ticker);
    axis->grid()->setVisible(true);
    axis->grid()->setPen(QPen(QColor(225, 225, 225), 0));
}

void TimelinePlot::rebuildLanes(const TimelineFrame &frame)
{
    QStringList structure;
    for (const TimelineLane &l : frame.lanes)
        structure << l.label;
    if (structure.isEmpty())
        structure << tr("All records");
    structure << QStringLiteral("events");
    structure += frame.findingLanes;
    if (structure == m_structure && !m_lanes.isEmpty())
        return;
    m_structure = structure;
    const std::optional<QCPRange> keep = m_lanes.isEmpty() ? std::nullopt : std::optional<QCPRange>(master()->range());

    clearPlottables();
    clearItems();
    m_eventItems.clear();
    m_overviewItems.clear();
    m_overviewGraph = nullptr;
    m_overviewWindow = nullptr;
    plotLayout()->clear();
    m_lanes.clear();

    int row = 0;
    auto addRect = [this, &row](double stretch) {
        auto *rect = new QCPAxisRect(this);
        plotLayout()->addElement(row, 0, rect);
        plotLayout()->setRowStretchFactor(row, stretch);
        ++row;
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, m_margins);
        rect->setAutoMargins(QCP::msLeft | QCP::msRight);
        rect->setMargins(QMargins(0, 3, 0, 3));
        rect->axis(QCPAxis::atLeft)->setTickLabelFont(QFont(font().family(), 7));
        rect->axis(QCPAxis::atLeft)->setPadding(2);
        return rect;
    };
    auto addLabel = [this](QCPAxisRect *rect, const QString &text, const QColor &color) {
        auto *label = new QCPItemText(this);
        label->setClipAxisRect(rect);
        label->position->setType(QCPItemPosition::ptAxisRectRatio);
        label->position->setAxisRect(rect);
        label->position->setCoords(0.004, 0.04);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setText(text);
        QFont f = font();
        f.setBold(true);
        f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.9));
        label->setFont(f);
        label->setColor(color.darker(130));
        label->setBrush(QBrush(QColor(255, 255, 255, 210)));
        label->setPadding(QMargins(3, 1, 3, 1));
    };
    auto addBrush = [this](QCPAxisRect *rect) {
        auto *b = new QCPItemRect(this);
        b->setClipAxisRect(rect);
        placeX(b->topLeft, rect, 0, 0);
        placeX(b->bottomRight, rect, 0, 1);
        b->setPen(QPen(QColor(255, 160, 0), 1));
        b->setBrush(QColor(255, 200, 0, 60));
        b->setVisible(false);
        b->setSelectable(false);
        return b;
    };

    const int seriesLanes = frame.lanes.isEmpty() ? 1 : int(frame.lanes.size());
    for (int i = 0; i < seriesLanes; ++i) {
        QCPAxisRect *rect = addRect(i == 0 ? 3.0 : 1.0);
        Lane lane;
        lane.rect = rect;
        lane.frameLane = i;
        lane.label = structure[i];
        lane.graph = addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        lane.graph->setLineStyle(QCPGraph::lsStepLeft);
        const QColor color = laneColor(i);
        lane.graph->setPen(QPen(color, 1.2));
        QColor fill = color;
        fill.setAlpha(i == 0 ? 110 : 90);
        lane.graph->setBrush(fill);
        lane.graph->setName(lane.label);
        addLabel(rect, lane.label, color);
        m_lanes.append(lane);
    }
    auto addEventLane = [&](const QString &name, const QString &label) {
        QCPAxisRect *rect = addRect(name == QLatin1String("events") ? 1.6 : 0.6);
        rect->axis(QCPAxis::atLeft)->setTicks(false);
        rect->axis(QCPAxis::atLeft)->setTickLabels(false);
        rect->axis(QCPAxis::atLeft)->setRange(0, 1);
        Lane lane;
        lane.rect = rect;
        lane.eventLane = name;
        lane.label = label;
        addLabel(rect, label, QColor(60, 60, 60));
        m_lanes.append(lane);
    };
    addEventLane(QStringLiteral("events"), tr("Events"));
    for (const QString &name : frame.findingLanes)
        addEventLane(name, name.startsWith(QLatin1String("finding: ")) ? tr("Findings: %1").arg(name.mid(9)) : name);

    for (int i = 0; i < m_lanes.size(); ++i) {
        Lane &lane = m_lanes[i];
        const bool last = i + 1 == m_lanes.size();
        styleTimeAxis(lane.rect->axis(QCPAxis::atBottom), last);
        if (last)
            lane.rect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
        lane.rect->setRangeDrag(Qt::Horizontal);
        lane.rect->setRangeZoom(Qt::Horizontal);
        lane.brush = addBrush(lane.rect);
    }
    for (int i = 0; i < m_lanes.size(); ++i) {
        m_lanes[i].rect->setRangeDragAxes(master(), nullptr);
        m_lanes[i].rect->setRangeZoomAxes(master(), nullptr);
    }
    m_lanes.first().rect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msTop);

    // The overview: the whole case, fixed height, its own axis; drags and clicks are ours.
    m_overviewRect = addRect(0.01);
    m_overviewRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    m_overviewRect->setMargins(QMargins(0, 30, 0, 0));
    m_overviewRect->setMinimumSize(QSize(0, 120));
    m_overviewRect->setMaximumSize(QSize(QWIDGETSIZE_MAX, 120));
    m_overviewRect->setRangeDrag(Qt::Orientations());
    m_overviewRect->setRangeZoom(Qt::Orientations());
    m_overviewRect->axis(QCPAxis::atBottom)->setTicker(m_overviewTicker);
    m_overviewRect->axis(QCPAxis::atLeft)->setTicker(m_linearTicker);
    m_overviewRect->setBackground(QColor(246, 246, 246));
    m_overviewGraph = addGraph(m_overviewRect->axis(QCPAxis::atBottom), m_overviewRect->axis(QCPAxis::atLeft));
    m_overviewGraph->setLineStyle(QCPGraph::lsStepLeft);
    m_overviewGraph->setPen(QPen(QColor(80, 80, 80), 1));
    m_overviewGraph->setBrush(QColor(120, 120, 120, 120));
    m_overviewWindow = addBrush(m_overviewRect);
    m_overviewWindow->setPen(QPen(QColor(31, 119, 180), 1.5));
    m_overviewWindow->setBrush(QColor(31, 119, 180, 45));

    connect(master(), qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &TimelinePlot::masterRangeChanged);
    if (m_overview)
        setOverview(m_overview);
    if (keep) {
        master()->setRange(*keep);
    } else if (frame.series.bucketCount() > 0) {
        master()->setRange(seconds(frame.request.fromUtc), seconds(frame.request.toUtc));
    }
    updateAxisLabels();
    updateBrushItems();
}

void TimelinePlot::setOverview(std::shared_ptr<const TimelineFrame> frame)
{
    m_overview = std::move(frame);
    for (QCPAbstractItem *item : std::as_const(m_overviewItems))
        removeItem(item);
    m_overviewItems.clear();
    if (!m_overview || m_overview->isEmpty()) {
        m_overviewGraph->data()->clear();
        replot(rpQueuedReplot);
        return;
    }
    const TimelineLane &total = m_overview->lanes.first();
    m_overviewGraph->setData(total.linear);
    m_overviewRect->axis(QCPAxis::atBottom)
        ->setRange(seconds(m_overview->request.fromUtc), seconds(m_overview->request.toUtc));
    m_overviewRect->axis(QCPAxis::atLeft)->setRange(0, std::max(1.0, total.maxValue * 1.1));
    const double span = seconds(m_overview->request.toUtc - m_overview->request.fromUtc);
    m_overviewTicker->setDateTimeFormat(span > 400 * 86400.0 ? QStringLiteral("MMM yyyy")
                                                             : QStringLiteral("yyyy-MM-dd"));
    drawOverviewEvents();
    updateOverviewWindow();
    updateAxisLabels();
    replot(rpQueuedReplot);
}

void TimelinePlot::drawOverviewEvents()
{
    updateLayout(); // the pixels of the overview's axis, for laying out the titles
    const QFont small(font().family(), 7);
    const QFontMetrics metrics(small);
    QCPAxis *axis = m_overviewRect->axis(QCPAxis::atBottom);
    TitleRows rows(2);
    for (const TimelineEvent &e : m_overview->events) {
        if (!isLandmark(e))
            continue;
        const QColor color = eventColor(e.category);
        auto *line = new QCPItemLine(this);
        line->setClipAxisRect(m_overviewRect);
        placeX(line->start, m_overviewRect, seconds(e.startUtc), 0);
        placeX(line->end, m_overviewRect, seconds(e.startUtc), 1);
        line->setPen(QPen(color, 1.5, Qt::DashLine));
        line->setSelectable(false);
        m_overviewItems.append(line);
        const int row = rows.place(axis->coordToPixel(seconds(e.startUtc)), metrics.horizontalAdvance(e.title) + 8);
        if (row < 0)
            continue;
        auto *text = new QCPItemText(this);
        text->setClipToAxisRect(false);
        placeX(text->position, m_overviewRect, seconds(e.startUtc), row == 0 ? 0.0 : -0.11);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        text->setText(e.title);
        text->setFont(small);
        text->setColor(color.darker(120));
        text->setSelectable(false);
        m_overviewItems.append(text);
    }
}

void TimelinePlot::setDetail(std::shared_ptr<const TimelineFrame> frame)
{
    m_detail = std::move(frame);
    if (!m_detail)
        return;
    rebuildLanes(*m_detail);
    fillLanes();
    drawEvents();
    updateAxisLabels();
    replot(rpQueuedReplot);
}

void TimelinePlot::clearFrames()
{
    m_detail.reset();
    m_overview.reset();
    m_structure.clear();
    m_brush.reset();
    m_lanes.clear();
    rebuildLanes(TimelineFrame());
    replot(rpQueuedReplot);
}

void TimelinePlot::fillLanes()
{
    for (const Lane &lane : std::as_const(m_lanes)) {
        if (!lane.graph)
            continue;
        if (!m_detail || lane.frameLane >= m_detail->lanes.size()) {
            lane.graph->data()->clear();
            continue;
        }
        const TimelineLane &data = m_detail->lanes[lane.frameLane];
        lane.graph->setData(m_log ? data.log : data.linear);
        applyYRange(lane);
    }
}

void TimelinePlot::applyYRange(const Lane &lane)
{
    QCPAxis *y = lane.rect->axis(QCPAxis::atLeft);
    const double max
        = m_detail && lane.frameLane < m_detail->lanes.size() ? m_detail->lanes[lane.frameLane].maxValue : 0.0;
    if (m_log) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(m_logTicker);
        y->setRange(0.8, std::max(10.0, max * 2.0));
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(m_linearTicker);
        y->setRange(0, std::max(1.0, max * 1.15));
    }
}

void TimelinePlot::setLogScale(bool on)
{
    if (m_log == on)
        return;
    m_log = on;
    fillLanes();
    replot(rpQueuedReplot);
}

void TimelinePlot::drawEvents()
{
    for (QCPAbstractItem *item : std::as_const(m_eventItems))
        removeItem(item);
    m_eventItems.clear();
    if (!m_detail)
        return;
    updateLayout(); // the pixels of the time axis, for laying out the titles
    QCPAxisRect *activity = m_lanes.first().rect;
    const QFont titleFont(font().family(), 8);
    const QFontMetrics metrics(titleFont);
    for (const Lane &lane : std::as_const(m_lanes)) {
        if (lane.eventLane.isEmpty())
            continue;
        const bool events = lane.eventLane == QLatin1String("events");
        const QList<TimelineEvent> &list = events ? m_detail->events : m_detail->findings;
        const int rowCount = std::clamp(lane.rect->height() / 14, 1, 4);
        // Titles of releases, effective dates and notes first: what the activity is read against.
        TitleRows rows(rowCount);
        QHash<int, int> rowOf;
        for (int pass = 0; pass < 2; ++pass) {
            for (int i = 0; i < list.size() && rowOf.size() < kMaxEventTitles; ++i) {
                const TimelineEvent &e = list[i];
                if (e.lane != lane.eventLane || isLandmark(e) != (pass == 0))
                    continue;
                const int row
                    = rows.place(master()->coordToPixel(seconds(e.startUtc)), metrics.horizontalAdvance(e.title) + 10);
                if (row >= 0)
                    rowOf.insert(i, row);
            }
        }
        int shown = 0;
        for (int i = 0; i < list.size(); ++i) {
            const TimelineEvent &e = list[i];
            if (e.lane != lane.eventLane)
                continue;
            const QColor color = eventColor(e.category);
            const double start = seconds(e.startUtc);
            const int row = rowOf.value(i, -1);
            const double rowY = (row < 0 ? 0.5 : row + 0.5) / rowCount;
            if (e.isSpan()) {
                auto *span = new QCPItemRect(this);
                span->setClipAxisRect(lane.rect);
                const double half = 0.4 / rowCount;
                placeX(span->topLeft, lane.rect, start, rowY - half);
                placeX(span->bottomRight, lane.rect, seconds(*e.endUtc), rowY + half);
                QColor fill = color;
                fill.setAlpha(110);
                span->setPen(QPen(color, 1));
                span->setBrush(fill);
                span->setSelectable(false);
                m_eventItems.append(span);
            } else {
                auto *mark = new QCPItemLine(this);
                mark->setClipAxisRect(lane.rect);
                placeX(mark->start, lane.rect, start, 0.02);
                placeX(mark->end, lane.rect, start, 0.98);
                mark->setPen(QPen(color, 2));
                mark->setSelectable(false);
                m_eventItems.append(mark);
            }
            if (events && isLandmark(e)) {
                auto *across = new QCPItemLine(this);
                across->setClipAxisRect(activity);
                placeX(across->start, activity, start, 0);
                placeX(across->end, activity, start, 1);
                across->setPen(QPen(color, 1.5, Qt::DashLine));
                across->setSelectable(false);
                m_eventItems.append(across);
            }
            if (row >= 0) {
                auto *text = new QCPItemText(this);
                text->setClipAxisRect(lane.rect);
                placeX(text->position, lane.rect, start, rowY);
                text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
                text->setPadding(QMargins(4, 0, 0, 0));
                text->setText(e.title);
                text->setFont(titleFont);
                text->setColor(color.darker(130));
                text->setSelectable(false);
                m_eventItems.append(text);
            }
            ++shown;
        }
    }
}

void TimelinePlot::setZone(const QTimeZone &zone, const QString &name)
{
    m_zone = zone;
    m_zoneName = name;
    m_ticker->setTimeZone(zone);
    m_overviewTicker->setTimeZone(zone);
    updateAxisLabels();
    replot(rpQueuedReplot);
}

QString TimelinePlot::detailAxisLabel() const
{
    const QString bucket = m_detail && !m_detail->isEmpty() ? m_detail->request.bucket.name() : QString();
    return bucket.isEmpty() ? tr("Time (%1)").arg(m_zoneName) : tr("Time (%1), bars per %2").arg(m_zoneName, bucket);
}

void TimelinePlot::updateAxisLabels()
{
    if (m_lanes.isEmpty())
        return;
    m_lanes.last().rect->axis(QCPAxis::atBottom)->setLabel(detailAxisLabel());
    QString overview = tr("Whole case (%1)").arg(m_zoneName);
    if (m_overview && !m_overview->isEmpty())
        overview = tr("Whole case (%1), bars per %2; drag here to choose the range above")
                       .arg(m_zoneName, m_overview->request.bucket.name());
    m_overviewRect->axis(QCPAxis::atBottom)->setLabel(overview);
}

QStringList TimelinePlot::laneLabels() const
{
    QStringList labels;
    for (const Lane &lane : m_lanes)
        labels << lane.label;
    return labels;
}

std::optional<std::pair<qint64, qint64>> TimelinePlot::caseRange() const
{
    if (!m_overview || m_overview->isEmpty())
        return std::nullopt;
    return std::make_pair(m_overview->request.fromUtc, m_overview->request.toUtc);
}

void TimelinePlot::masterRangeChanged(const QCPRange &asked)
{
    if (m_syncing)
        return;
    QCPRange range = asked;
    if (auto whole = caseRange()) {
        const double from = seconds(whole->first), to = seconds(whole->second);
        const double margin = (to - from) * 0.05;
        const double lo = from - margin, hi = to + margin;
        double span = std::clamp(range.size(), kMinSpanSeconds, hi - lo);
        double start = std::clamp(range.lower, lo, hi - span);
        range = QCPRange(start, start + span);
    } else if (range.size() < kMinSpanSeconds) {
        range = QCPRange(range.center() - kMinSpanSeconds / 2, range.center() + kMinSpanSeconds / 2);
    }
    m_syncing = true;
    if (range != asked)
        master()->setRange(range);
    for (int i = 1; i < m_lanes.size(); ++i)
        m_lanes[i].rect->axis(QCPAxis::atBottom)->setRange(range);
    m_syncing = false;
    updateTickFormat();
    updateOverviewWindow();
    replot(rpQueuedReplot);
    emit viewRangeChanged(millis(range.lower), millis(range.upper));
}

void TimelinePlot::updateTickFormat()
{
    const double span = master()->range().size();
    QString format = QStringLiteral("hh:mm:ss");
    if (span > 400 * 86400.0)
        format = QStringLiteral("MMM yyyy");
    else if (span > 4 * 86400.0)
        format = QStringLiteral("yyyy-MM-dd");
    else if (span > 2 * 3600.0)
        format = QStringLiteral("MM-dd hh:mm");
    m_ticker->setDateTimeFormat(format);
}

void TimelinePlot::updateOverviewWindow()
{
    if (!m_overviewWindow)
        return;
    const QCPRange r = master()->range();
    m_overviewWindow->topLeft->setCoords(r.lower, 0);
    m_overviewWindow->bottomRight->setCoords(r.upper, 1);
    m_overviewWindow->setVisible(caseRange().has_value());
}

void TimelinePlot::updateBrushItems()
{
    for (const Lane &lane : std::as_const(m_lanes)) {
        lane.brush->setVisible(m_brush.has_value());
        if (m_brush) {
            lane.brush->topLeft->setCoords(seconds(m_brush->first), 0);
            lane.brush->bottomRight->setCoords(seconds(m_brush->second), 1);
        }
    }
}

void TimelinePlot::setViewRange(qint64 fromUtc, qint64 toUtc)
{
    if (toUtc <= fromUtc)
        return;
    master()->setRange(seconds(fromUtc), seconds(toUtc));
}

std::pair<qint64, qint64> TimelinePlot::viewRange() const
{
    const QCPRange r = master()->range();
    return { millis(r.lower), millis(r.upper) };
}

void TimelinePlot::zoomBy(double factor)
{
    const QCPRange r = master()->range();
    const double half = r.size() * factor / 2;
    master()->setRange(r.center() - half, r.center() + half);
}

void TimelinePlot::panBy(double fraction)
{
    const QCPRange r = master()->range();
    master()->setRange(r.lower + r.size() * fraction, r.upper + r.size() * fraction);
}

void TimelinePlot::showWholeCase()
{
    if (auto whole = caseRange())
        setViewRange(whole->first, whole->second);
}

void TimelinePlot::setBrush(qint64 fromUtc, qint64 toUtc)
{
    m_brush = std::make_pair(std::min(fromUtc, toUtc), std::max(fromUtc, toUtc));
    updateBrushItems();
    replot(rpQueuedReplot);
}

void TimelinePlot::clearBrush()
{
    m_brush.reset();
    updateBrushItems();
    replot(rpQueuedReplot);
}

QPoint TimelinePlot::pointAt(int lane, qint64 utcMs) const
{
    const QRect r = m_lanes.at(lane).rect->rect();
    return QPoint(int(std::lround(master()->coordToPixel(seconds(utcMs)))), r.center().y());
}

const TimelinePlot::Lane *TimelinePlot::laneAt(const QPoint &pos) const
{
    for (const Lane &lane : m_lanes)
        if (lane.rect->rect().contains(pos))
            return &lane;
    return nullptr;
}

double TimelinePlot::keyAt(const QPoint &pos, QCPAxis *axis) const
{
    return axis->pixelToCoord(pos.x());
}

void TimelinePlot::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    m_pressPos = pos;
    m_drag = Drag::None;
    if (event->button() == Qt::LeftButton) {
        if (m_overviewRect->rect().contains(pos) && caseRange()) {
            m_drag = Drag::Overview;
            m_dragStartKey = keyAt(pos, m_overviewRect->axis(QCPAxis::atBottom));
            event->accept();
            return;
        }
        if ((event->modifiers() & Qt::ShiftModifier) && laneAt(pos)) {
            m_drag = Drag::Brush;
            m_dragStartKey = keyAt(pos, master());
            event->accept();
            return;
        }
        m_drag = Drag::Pan;
    }
    QCustomPlot::mousePressEvent(event);
}

void TimelinePlot::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Overview) {
        const double key = keyAt(pos, m_overviewRect->axis(QCPAxis::atBottom));
        m_overviewWindow->topLeft->setCoords(std::min(key, m_dragStartKey), 0);
        m_overviewWindow->bottomRight->setCoords(std::max(key, m_dragStartKey), 1);
        replot(rpQueuedReplot);
        return;
    }
    if (m_drag == Drag::Brush) {
        const double key = keyAt(pos, master());
        m_brush = std::make_pair(millis(std::min(key, m_dragStartKey)), millis(std::max(key, m_dragStartKey)));
        updateBrushItems();
        replot(rpQueuedReplot);
        return;
    }
    QCustomPlot::mouseMoveEvent(event);
}

void TimelinePlot::mouseReleaseEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const bool click = (pos - m_pressPos).manhattanLength() < kClickSlop;
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (drag == Drag::Overview) {
        const double key = keyAt(pos, m_overviewRect->axis(QCPAxis::atBottom));
        if (click) {
            const double half = master()->range().size() / 2;
            master()->setRange(key - half, key + half);
        } else {
            master()->setRange(std::min(key, m_dragStartKey), std::max(key, m_dragStartKey));
        }
        return;
    }
    if (drag == Drag::Brush) {
        if (click || !m_brush) {
            clearBrush();
            emit brushCleared();
        } else {
            emit rangeBrushed(m_brush->first, m_brush->second);
        }
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
    if (drag == Drag::Pan && click)
        handleClick(pos);
}

void TimelinePlot::handleClick(const QPoint &pos)
{
    const Lane *lane = laneAt(pos);
    if (!lane)
        return;
    const qint64 at = millis(keyAt(pos, master()));
    emit timeClicked(at);
    if (!m_detail)
        return;
    if (lane->graph) {
        const int bucket = m_detail->bucketAt(at);
        if (bucket >= 0 && lane->frameLane < m_detail->lanes.size())
            emit bucketClicked(lane->frameLane, bucket);
        return;
    }
    const bool events = lane->eventLane == QLatin1String("events");
    const QList<TimelineEvent> &list = events ? m_detail->events : m_detail->findings;
    const TimelineEvent *best = nullptr;
    double bestDistance = kEventSlop + 1;
    for (const TimelineEvent &e : list) {
        if (e.lane != lane->eventLane)
            continue;
        const double x0 = master()->coordToPixel(seconds(e.startUtc));
        const double x1 = e.isSpan() ? master()->coordToPixel(seconds(*e.endUtc)) : x0;
        const double d = pos.x() < x0 ? x0 - pos.x() : (pos.x() > x1 ? pos.x() - x1 : 0.0);
        if (d < bestDistance) {
            bestDistance = d;
            best = &e;
        }
    }
    if (best)
        emit eventClicked(*best);
}

void TimelinePlot::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() & (Qt::AltModifier | Qt::ControlModifier)) {
        QCustomPlot::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(0.5);
        break;
    case Qt::Key_Minus:
        zoomBy(2.0);
        break;
    case Qt::Key_Left:
        panBy(-0.2);
        break;
    case Qt::Key_Right:
        panBy(0.2);
        break;
    case Qt::Key_Home:
        showWholeCase();
        break;
    case Qt::Key_Escape:
        if (m_brush) {
            clearBrush();
            emit brushCleared();
        }
        break;
    default:
        QCustomPlot::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace lineage::ui
