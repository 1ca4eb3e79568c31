// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeline_frame.h"
#include "timeline_history.h"

#include <QPointer>
#include <QTimeZone>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolBar;

namespace lineage::ui {

class AnnotationController;
class CaseSession;
class TimelinePlot;
class TimelineZoneBox;

// The Timeline tab: the plot (lanes over an overview of the whole case), its toolbar (back,
// forward, whole case, zoom, log scale, how many account lanes, add event, export) and a
// line saying what was clicked or brushed. Series are computed on workers (JobRunner, a
// generation token per request; a newer request drops the older reply) from read connections
// of the view's own; this thread only swaps the frames' containers into the plot. Manual
// events go through the AnnotationController (audited, undoable). The zone box belongs in the
// status bar.
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    TimelineView(CaseSession *session, AnnotationController *annotations, QWidget *parent = nullptr);
    ~TimelineView() override;

    TimelinePlot *plot() const { return m_plot; }
    TimelineZoneBox *zoneBox() const { return m_zoneBox.data(); }
    QLabel *infoLabel() const { return m_info; }
    QList<QAction *> viewActions() const;
    QAction *backAction() const { return m_back; }
    QAction *forwardAction() const { return m_forward; }
    QAction *logAction() const { return m_log; }
    QAction *addEventAction() const { return m_addEvent; }
    QAction *exportAction() const { return m_export; }
    QSpinBox *laneCount() const { return m_lanes; }
    QString zone() const { return m_zoneSetting; }
    // The detail shown answers the latest view: no view change waits to be asked for, no
    // reply is outstanding.
    bool isSettled() const;

    // Asks for an event at `startUtc` (a range when `endUtc` is given); the dialog's answer is
    // added through the AnnotationController.
    void addEventAt(qint64 startUtc, std::optional<qint64> endUtc);
    // Adds `event` (audited, undoable); eventAdded follows.
    void addEvent(const timeline::TimelineEvent &event);
    [[nodiscard]] Status exportTo(const QString &path);
    // Reads everything again (the case changed).
    void reload();

signals:
    // A detail frame is shown (tests wait for it).
    void detailShown();
    void overviewShown();
    // The analyst brushed a range (or asked for a bucket's records): the record table follows.
    // `account` names the lane's account, empty for every record; `show`: bring the table up.
    void recordsRequested(qint64 fromUtc, qint64 toUtc, const QString &account, bool show);
    void eventAdded(qint64 id);

private:
    void caseOpened();
    void caseClosing();
    void setZone(const QString &setting);
    void requestOverview();
    void requestDetail();
    void viewChanged();
    void settled();
    void go(const TimelineHistory::View &view);
    void updateNavigation();
    void showBucket(int lane, int bucket);
    void countAccounts(qint64 fromUtc, qint64 toUtc, const timeline::BucketSize &bucket, const QString &text);
    void showEvent(const timeline::TimelineEvent &event);
    void brushed(qint64 fromUtc, qint64 toUtc);
    void chooseExport();
    void chooseEvent();
    QString when(qint64 utcMs) const;

    CaseSession *m_session;
    AnnotationController *m_annotations;
    TimelinePlot *m_plot;
    QPointer<TimelineZoneBox> m_zoneBox; // lives in the status bar once the window adds it
    QToolBar *m_bar;
    QLabel *m_info;
    QLabel *m_timing;
    QPushButton *m_showRecords;
    QSpinBox *m_lanes;
    QAction *m_back, *m_forward, *m_whole, *m_zoomIn, *m_zoomOut, *m_log, *m_addEvent, *m_export;
    QTimer *m_settle;
    std::shared_ptr<TimelineReaders> m_readers;
    QString m_zoneSetting = QStringLiteral("UTC");
    QTimeZone m_zone { QTimeZone::utc() };
    quint64 m_generation = 0;
    quint64 m_overviewGeneration = 0;
    TimelineHistory m_history;
    bool m_navigating = false;
    std::optional<qint64> m_clicked;
    struct Pending
    {
        qint64 fromUtc = 0;
        qint64 toUtc = 0;
        QString account;
    };
    std::optional<Pending> m_pending; // what "Show records" shows
};

} // namespace lineage::ui
