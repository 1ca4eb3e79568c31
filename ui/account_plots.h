// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forensics/account_series.h"
#include "qcustomplot_include.h"
#include "timeline/activity_series.h"

#include <QList>

namespace lineage::ui {

// The risk scatter of the Accounts tab: one point per account of a run, any two of its
// numeric features on the axes (either axis optionally logarithmic), coloured by linking
// cluster (clusters past the eighth share one colour; unlinked accounts are grey). Hovering
// a point shows its account in a tooltip, clicking it reports its finding; the selected
// account is ringed. Adaptive sampling is off on every graph: QCustomPlot's sampling would
// drop points. A run has one point per account (thousands at most), so the graphs are filled
// here on the UI thread in well under a millisecond; the series itself is read on a worker.
class AccountScatter : public QCustomPlot
{
    Q_OBJECT
public:
    explicit AccountScatter(QWidget *parent = nullptr);

    // Draws `series` with `xFeature` against `yFeature`. Accounts without a value of either
    // feature, or without a positive one on a log axis, are left out and counted.
    void draw(const forensics::AccountsSeries &series, const QString &xFeature, const QString &yFeature, bool logX,
              bool logY);
    void clear();
    // Rings the account of `findingId` (0: none).
    void setSelected(qint64 findingId);

    // Points drawn (over the cluster graphs; the selection ring not counted).
    int pointCount() const;
    // Accounts of the series left out of the drawing.
    int omittedCount() const { return m_omitted; }
    // The finding of the point within a few pixels of `pos`, 0 when none.
    qint64 findingAt(const QPoint &pos) const;
    // Where the point of `findingId` is drawn, in widget pixels (tests click there).
    std::optional<QPointF> pixelOf(qint64 findingId) const;
    QString caption() const { return m_caption; }

signals:
    void accountClicked(qint64 findingId);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    struct Point
    {
        qint64 findingId = 0;
        double x = 0, y = 0;
        QString tip;
    };
    QList<Point> m_points;
    QList<QCPGraph *> m_clusterGraphs;
    QCPGraph *m_selected = nullptr;
    qint64 m_selectedId = 0;
    int m_omitted = 0;
    QString m_caption;
    QPoint m_pressPos;
};

// A feature's name as axes and combo boxes show it: "top_template_share" -> "top template share".
QString featureTitle(const QString &feature);

// Draws an account's contributions to its risk as horizontal bars, the largest on top, each
// labelled with its feature; the bars' values are the stored contributions.
void drawContributions(QCustomPlot *plot, const forensics::AccountEntry &entry);

// Draws an account's records per bucket over the whole case as a small step chart (the
// sparkline of the details pane); an empty series clears it.
void drawActivity(QCustomPlot *plot, const timeline::Series &series, const QString &title);

} // namespace lineage::ui
