// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "qcustomplot_include.h"
#include "timeline_frame.h"

#include <QTimeZone>

#include <memory>
#include <optional>

namespace lineage::ui {

// The timeline's chart: lanes of a detail view (every record, the busiest accounts, the
// events, one per finding kind) over an overview of the whole case. Wheel zooms, drag pans,
// Shift+drag brushes a range; in the overview a drag chooses the detail range and a click
// centres it; keys: + and - zoom, Left and Right pan, Home shows the whole case, Escape clears
// the brush. Frames come from the worker; setting one swaps their data containers in and
// queues a replot. Times on the axes are in the display zone; ranges in UTC milliseconds.
class TimelinePlot : public QCustomPlot
{
    Q_OBJECT
public:
    explicit TimelinePlot(QWidget *parent = nullptr);

    void setZone(const QTimeZone &zone, const QString &name);
    void setOverview(std::shared_ptr<const TimelineFrame> frame);
    void setDetail(std::shared_ptr<const TimelineFrame> frame);
    void setLogScale(bool on);
    bool logScale() const { return m_log; }
    void clearFrames();

    void setViewRange(qint64 fromUtc, qint64 toUtc);
    std::pair<qint64, qint64> viewRange() const;
    // The case's range as the overview shows it; nothing before the overview arrived.
    std::optional<std::pair<qint64, qint64>> caseRange() const;
    void zoomBy(double factor); // < 1 zooms in, about the centre
    void panBy(double fraction); // of the shown span, > 0 to later times
    void showWholeCase();

    void setBrush(qint64 fromUtc, qint64 toUtc);
    void clearBrush();
    std::optional<std::pair<qint64, qint64>> brush() const { return m_brush; }

    // What the plot shows, for the tests and the status line.
    QStringList laneLabels() const;
    QString detailAxisLabel() const;
    std::shared_ptr<const TimelineFrame> detail() const { return m_detail; }
    std::shared_ptr<const TimelineFrame> overview() const { return m_overview; }
    QCPAxisRect *overviewRect() const { return m_overviewRect; }
    // The pixel x of a time on the detail axis, and a point inside lane `lane` at that time.
    QPoint pointAt(int lane, qint64 utcMs) const;

signals:
    // The shown range changed (drag, wheel, keys, the overview or setViewRange).
    void viewRangeChanged(qint64 fromUtc, qint64 toUtc);
    // The analyst finished a brush (Shift+drag) in the detail view.
    void rangeBrushed(qint64 fromUtc, qint64 toUtc);
    void brushCleared();
    // A click on a lane's step: the lane of the detail frame and the bucket.
    void bucketClicked(int lane, int bucket);
    void eventClicked(const lineage::timeline::TimelineEvent &event);
    // A click anywhere in the detail view (where an event would go).
    void timeClicked(qint64 utcMs);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Lane
    {
        QCPAxisRect *rect = nullptr;
        QCPGraph *graph = nullptr; // series lanes
        int frameLane = -1; // index into TimelineFrame::lanes; -1: an event lane
        QString eventLane; // "events" or "finding: KIND"
        QString label;
        QCPItemRect *brush = nullptr;
    };

    void rebuildLanes(const TimelineFrame &frame);
    void fillLanes();
    void drawEvents();
    void drawOverviewEvents();
    void styleTimeAxis(QCPAxis *axis, bool labels);
    void masterRangeChanged(const QCPRange &range);
    void updateTickFormat();
    void updateOverviewWindow();
    void updateAxisLabels();
    void updateBrushItems();
    void applyYRange(const Lane &lane);
    QCPAxis *master() const;
    double keyAt(const QPoint &pos, QCPAxis *axis) const;
    const Lane *laneAt(const QPoint &pos) const;
    void handleClick(const QPoint &pos);

    QTimeZone m_zone { QTimeZone::utc() };
    QString m_zoneName = QStringLiteral("UTC");
    QSharedPointer<QCPAxisTickerDateTime> m_ticker;
    QSharedPointer<QCPAxisTickerDateTime> m_overviewTicker;
    QSharedPointer<QCPAxisTicker> m_linearTicker;
    QSharedPointer<QCPAxisTickerLog> m_logTicker;
    QCPMarginGroup *m_margins;
    QList<Lane> m_lanes;
    QStringList m_structure; // lane labels the layout was built for
    QCPAxisRect *m_overviewRect = nullptr;
    QCPGraph *m_overviewGraph = nullptr;
    QCPItemRect *m_overviewWindow = nullptr;
    QList<QCPAbstractItem *> m_eventItems;
    QList<QCPAbstractItem *> m_overviewItems;
    std::shared_ptr<const TimelineFrame> m_detail;
    std::shared_ptr<const TimelineFrame> m_overview;
    std::optional<std::pair<qint64, qint64>> m_brush;
    bool m_log = false;
    bool m_syncing = false;

    enum class Drag { None, Pan, Brush, Overview };
    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    double m_dragStartKey = 0;
};

} // namespace lineage::ui
