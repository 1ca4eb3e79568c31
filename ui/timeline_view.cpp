// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_view.h"

#include "annotation_controller.h"
#include "case_session.h"
#include "job_runner.h"
#include "timeline_event_dialog.h"
#include "timeline_export.h"
#include "timeline_plot.h"
#include "timeline_zone_box.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace lineage::ui {

using namespace lineage::timeline;

namespace {
constexpr auto kDetailJob = "timeline.detail";
constexpr auto kOverviewJob = "timeline.overview";
constexpr int kSettleMs = 120; // a wheel turn or a drag settles before the series is asked for
constexpr int kPixelsPerBucket = 3;
} // namespace

TimelineView::TimelineView(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QWidget(parent), m_session(session), m_annotations(annotations), m_plot(new TimelinePlot(this)),
      m_zoneBox(new TimelineZoneBox), m_bar(new QToolBar(this)), m_info(new QLabel(this)), m_timing(new QLabel(this)),
      m_showRecords(new QPushButton(tr("Show Records"), this)), m_lanes(new QSpinBox(this)), m_settle(new QTimer(this))
{
    setObjectName(QStringLiteral("timelineView"));
    m_info->setObjectName(QStringLiteral("timelineInfo"));
    m_info->setTextFormat(Qt::PlainText);
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setText(tr("Wheel zooms, drag pans, Shift+drag brushes a range for the record table; click a bar or an "
                       "event to see what is behind it."));
    m_timing->setObjectName(QStringLiteral("timelineTiming"));
    m_showRecords->setObjectName(QStringLiteral("timelineShowRecords"));
    m_showRecords->setEnabled(false);
    m_settle->setSingleShot(true);
    m_settle->setInterval(kSettleMs);

    auto make = [this](const QString &name, const QString &text, QKeySequence key, auto slot) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!key.isEmpty())
            action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_back = make(QStringLiteral("timelineBack"), tr("Back"), QKeySequence(Qt::ALT | Qt::Key_Left), [this] {
        if (m_history.canGoBack())
            go(m_history.back());
    });
    m_forward = make(QStringLiteral("timelineForward"), tr("Forward"), QKeySequence(Qt::ALT | Qt::Key_Right), [this] {
        if (m_history.canGoForward())
            go(m_history.forward());
    });
    m_whole = make(QStringLiteral("timelineWhole"), tr("Whole Case"), QKeySequence(Qt::CTRL | Qt::Key_0),
                   [this] { m_plot->showWholeCase(); });
    m_zoomIn
        = make(QStringLiteral("timelineZoomIn"), tr("Zoom In"), QKeySequence::ZoomIn, [this] { m_plot->zoomBy(0.5); });
    m_zoomOut = make(QStringLiteral("timelineZoomOut"), tr("Zoom Out"), QKeySequence::ZoomOut,
                     [this] { m_plot->zoomBy(2.0); });
    m_log = make(QStringLiteral("timelineLog"), tr("Log Scale"), {}, [this](bool on) { m_plot->setLogScale(on); });
    m_log->setCheckable(true);
    m_addEvent = make(QStringLiteral("timelineAddEvent"), tr("Add Event..."), QKeySequence(Qt::CTRL | Qt::Key_B),
                      &TimelineView::chooseEvent);
    m_addEvent->setStatusTip(tr("Add a note, a model release or a date at the clicked time or the brushed range"));
    m_removeEvent = make(QStringLiteral("timelineRemoveEvent"), tr("Remove Event"), {}, [this] {
        if (m_chosenEvent)
            removeEvent(*m_chosenEvent);
    });
    m_removeEvent->setStatusTip(tr("Remove the event last clicked (a note, a release or a date added to the case)"));
    m_removeEvent->setEnabled(false);
    m_export = make(QStringLiteral("timelineExport"), tr("Export View..."), {}, &TimelineView::chooseExport);
    m_export->setStatusTip(tr("Save the timeline as PNG, SVG or PDF"));

    m_bar->addAction(m_back);
    m_bar->addAction(m_forward);
    m_bar->addAction(m_whole);
    m_bar->addAction(m_zoomIn);
    m_bar->addAction(m_zoomOut);
    m_bar->addSeparator();
    m_bar->addAction(m_log);
    m_bar->addWidget(new QLabel(tr(" Account lanes: "), this));
    m_lanes->setObjectName(QStringLiteral("timelineLanes"));
    m_lanes->setRange(0, 20);
    m_lanes->setValue(5);
    m_lanes->setToolTip(tr("How many of the busiest accounts get a lane of their own"));
    m_bar->addWidget(m_lanes);
    m_bar->addSeparator();
    m_bar->addAction(m_addEvent);
    m_bar->addAction(m_removeEvent);
    m_bar->addAction(m_export);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_info, 1);
    bottom->addWidget(m_showRecords);
    bottom->addWidget(m_timing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_bar);
    layout->addWidget(m_plot, 1);
    layout->addLayout(bottom);

    connect(m_plot, &TimelinePlot::viewRangeChanged, this, &TimelineView::viewChanged);
    connect(m_settle, &QTimer::timeout, this, &TimelineView::settled);
    connect(m_plot, &TimelinePlot::bucketClicked, this, &TimelineView::showBucket);
    connect(m_plot, &TimelinePlot::eventClicked, this, &TimelineView::showEvent);
    connect(m_plot, &TimelinePlot::timeClicked, this, [this](qint64 at) { m_clicked = at; });
    connect(m_plot, &TimelinePlot::rangeBrushed, this, &TimelineView::brushed);
    connect(m_plot, &TimelinePlot::brushCleared, this, [this] {
        m_info->setText(tr("Brush cleared."));
        m_pending.reset();
        m_showRecords->setEnabled(false);
    });
    connect(m_showRecords, &QPushButton::clicked, this, [this] {
        if (m_pending)
            emit recordsRequested(m_pending->fromUtc, m_pending->toUtc, m_pending->account, true);
    });
    connect(m_lanes, &QSpinBox::valueChanged, this, [this] { requestDetail(); });
    connect(m_zoneBox, &TimelineZoneBox::zoneChosen, this, &TimelineView::setZone);
    connect(m_session, &CaseSession::caseOpened, this, &TimelineView::caseOpened);
    connect(m_session, &CaseSession::caseClosing, this, &TimelineView::caseClosing);
    connect(m_session, &CaseSession::contentChanged, this, &TimelineView::reload);
    if (m_annotations)
        connect(m_annotations, &AnnotationController::changed, this, &TimelineView::reload);
    updateNavigation();
    if (m_session->isOpen())
        caseOpened();
}

TimelineView::~TimelineView()
{
    if (m_readers)
        m_readers->close();
    delete m_zoneBox.data(); // in the status bar, not among the children
}

QList<QAction *> TimelineView::viewActions() const
{
    return { m_back, m_forward, m_whole, m_zoomIn, m_zoomOut, m_log, m_addEvent, m_removeEvent, m_export };
}

bool TimelineView::isSettled() const
{
    return !m_settle->isActive() && m_plot->detail() && m_plot->detail()->request.generation == m_generation;
}

void TimelineView::caseOpened()
{
    if (m_readers)
        m_readers->close();
    m_readers = std::make_shared<TimelineReaders>(m_session->path(), m_session->investigator());
    m_history.clear();
    m_plot->clearFrames();
    m_zoneBox->setValue(m_session->zone().setting());
    setZone(m_zoneBox->value());
    m_addEvent->setEnabled(!m_session->isReadOnly() && m_annotations);
}

void TimelineView::caseClosing()
{
    m_session->jobs()->cancelKey(QLatin1String(kDetailJob));
    m_session->jobs()->cancelKey(QLatin1String(kOverviewJob));
    ++m_generation;
    ++m_overviewGeneration;
    if (m_readers)
        m_readers->close();
    m_readers.reset();
    m_history.clear();
    m_plot->clearFrames();
    m_pending.reset();
    m_showRecords->setEnabled(false);
    chooseEventToRemove(std::nullopt);
    m_laneAccounts.clear();
    m_lanes->setEnabled(true);
    updateNavigation();
}

void TimelineView::setLaneAccounts(const QList<qint64> &accountIds)
{
    if (accountIds == m_laneAccounts)
        return;
    m_laneAccounts = accountIds;
    m_lanes->setEnabled(m_laneAccounts.isEmpty());
    m_lanes->setToolTip(m_laneAccounts.isEmpty()
                            ? tr("How many of the busiest accounts get a lane of their own")
                            : tr("The accounts selected in the case explorer have the lanes; clear that "
                                 "selection for the busiest accounts"));
    requestDetail();
}

void TimelineView::reload()
{
    if (!m_readers)
        return;
    requestOverview();
    requestDetail();
}

void TimelineView::setZone(const QString &setting)
{
    const auto zone = zoneFromSetting(setting);
    m_zoneSetting = zone ? setting : QStringLiteral("UTC");
    m_zone = zone.value_or(QTimeZone::utc());
    m_plot->setZone(m_zone, zoneName(m_zone));
    reload();
}

void TimelineView::requestOverview()
{
    if (!m_readers)
        return;
    TimelineRequest request;
    request.generation = ++m_overviewGeneration;
    request.wholeCase = true;
    request.zone = m_zoneSetting;
    request.accountLanes = 0;
    request.maxBuckets = std::clamp(m_plot->width() / kPixelsPerBucket, 150, 600);
    auto readers = m_readers;
    using Reply = Result<std::shared_ptr<TimelineFrame>>;
    m_session->jobs()->run<Reply>(
        QLatin1String(kOverviewJob), tr("Timeline overview"),
        [readers, request](Feedback &feedback) -> Reply {
            auto file = readers->acquire();
            if (!file)
                return file.error();
            auto frame = buildTimelineFrame((*file)->db(), request, feedback);
            readers->release(std::move(*file));
            return frame;
        },
        this,
        [this](Reply reply) {
            if (!reply) {
                if (reply.error().code != ErrorCode::Canceled)
                    m_info->setText(tr("The timeline could not be read: %1").arg(reply.error().message));
                return;
            }
            if ((*reply)->request.generation != m_overviewGeneration)
                return;
            const bool first = !m_plot->caseRange();
            m_plot->setOverview(*reply);
            if (first && m_plot->caseRange())
                m_plot->showWholeCase();
            emit overviewShown();
        },
        JobRunner::Visibility::Quiet);
}

void TimelineView::requestDetail()
{
    if (!m_readers)
        return;
    auto whole = m_plot->caseRange();
    if (!whole)
        return; // the overview's arrival asks again
    auto [from, to] = m_plot->viewRange();
    from = std::max(from, whole->first);
    to = std::min(to, whole->second);
    if (to <= from)
        return;
    TimelineRequest request;
    request.generation = ++m_generation;
    request.zone = m_zoneSetting;
    request.accountLanes = m_lanes->value();
    request.accountIds = m_laneAccounts;
    const int buckets = std::clamp(m_plot->width() / kPixelsPerBucket, 60, 700);
    request.bucket = BucketSize::forSpan(to - from, buckets);
    request.fromUtc = bucketStart(from, request.bucket, m_zone);
    request.toUtc = bucketEnd(to - 1, request.bucket, m_zone);
    auto readers = m_readers;
    using Reply = Result<std::shared_ptr<TimelineFrame>>;
    m_session->jobs()->run<Reply>(
        QLatin1String(kDetailJob), tr("Timeline"),
        [readers, request](Feedback &feedback) -> Reply {
            auto file = readers->acquire();
            if (!file)
                return file.error();
            auto frame = buildTimelineFrame((*file)->db(), request, feedback);
            readers->release(std::move(*file));
            return frame;
        },
        this,
        [this](Reply reply) {
            if (!reply) {
                if (reply.error().code != ErrorCode::Canceled)
                    m_info->setText(tr("The timeline could not be read: %1").arg(reply.error().message));
                return;
            }
            const std::shared_ptr<TimelineFrame> &frame = *reply;
            if (frame->request.generation != m_generation)
                return; // a newer view was asked for meanwhile
            m_plot->setDetail(frame);
            const QLocale locale;
            m_timing->setText(tr("%1 buckets of %2 · %3 records · %4 ms")
                                  .arg(frame->series.bucketCount())
                                  .arg(frame->request.bucket.name())
                                  .arg(locale.toString(frame->series.total.totalRecords()))
                                  .arg(double(frame->computeNs) / 1e6, 0, 'f', 1));
            emit detailShown();
        },
        JobRunner::Visibility::Quiet);
}

void TimelineView::viewChanged()
{
    m_settle->start();
}

void TimelineView::settled()
{
    if (!m_navigating) {
        const auto [from, to] = m_plot->viewRange();
        m_history.push({ from, to });
    }
    m_navigating = false;
    updateNavigation();
    requestDetail();
}

void TimelineView::go(const TimelineHistory::View &view)
{
    m_navigating = true;
    m_plot->setViewRange(view.fromUtc, view.toUtc);
    updateNavigation();
}

void TimelineView::updateNavigation()
{
    m_back->setEnabled(m_history.canGoBack());
    m_forward->setEnabled(m_history.canGoForward());
}

QString TimelineView::when(qint64 utcMs) const
{
    return QDateTime::fromMSecsSinceEpoch(utcMs, m_zone).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

void TimelineView::showBucket(int lane, int bucket)
{
    const auto frame = m_plot->detail();
    if (!frame || lane >= frame->lanes.size())
        return;
    const TimelineLane &l = frame->lanes[lane];
    const SeriesLane &s = frame->seriesOf(l);
    const qint64 from = frame->series.edges[bucket], to = frame->series.edges[bucket + 1];
    const QLocale locale;
    QString text = tr("%1 · %2 to %3 (%4): %5 records, %6 tokens")
                       .arg(l.label, when(from), when(to), zoneName(m_zone), locale.toString(s.records[bucket]),
                            locale.toString(s.tokens[bucket]));
    if (!s.accounts.isEmpty())
        text += tr(", %n account(s)", nullptr, int(s.accounts[bucket]));
    m_info->setText(text + QLatin1Char('.'));
    chooseEventToRemove(std::nullopt);
    m_pending = Pending { from, to, l.kind == LaneKind::Account ? l.label : QString() };
    m_showRecords->setEnabled(s.records[bucket] > 0);
    if (l.kind == LaneKind::None && s.accounts.isEmpty() && s.records[bucket] > 0)
        countAccounts(from, to, frame->request.bucket, text);
}

void TimelineView::countAccounts(qint64 fromUtc, qint64 toUtc, const BucketSize &bucket, const QString &text)
{
    TimelineRequest request;
    request.fromUtc = fromUtc;
    request.toUtc = toUtc;
    request.bucket = bucket;
    request.zone = m_zoneSetting;
    request.accountLanes = 0;
    request.withEvents = false;
    request.distinctAccounts = true;
    auto readers = m_readers;
    using Reply = Result<std::shared_ptr<TimelineFrame>>;
    m_session->jobs()->run<Reply>(
        QStringLiteral("timeline.bucket"), tr("Timeline bucket"),
        [readers, request](Feedback &feedback) -> Reply {
            auto file = readers->acquire();
            if (!file)
                return file.error();
            auto frame = buildTimelineFrame((*file)->db(), request, feedback);
            readers->release(std::move(*file));
            return frame;
        },
        this,
        [this, fromUtc, toUtc, text](Reply reply) {
            if (!reply || !m_pending || m_pending->fromUtc != fromUtc || m_pending->toUtc != toUtc
                || m_info->text() != text + QLatin1Char('.'))
                return; // another click meanwhile
            const SeriesLane &total = (*reply)->series.total;
            qint64 accounts = 0;
            for (qint64 a : total.accounts)
                accounts = std::max(accounts, a);
            m_info->setText(text + tr(", %n account(s).", nullptr, int(accounts)));
        },
        JobRunner::Visibility::Quiet);
}

void TimelineView::showEvent(const TimelineEvent &event)
{
    QString text = tr("%1: %2 · %3").arg(event.category, event.title, when(event.startUtc));
    if (event.isSpan())
        text += tr(" to %1").arg(when(*event.endUtc));
    if (!event.description.isEmpty())
        text += QStringLiteral(" · ") + event.description;
    if (!event.restsOn().isEmpty())
        text += tr(" · rests on %1").arg(event.restsOn());
    if (event.id > 0 && !m_session->isReadOnly() && m_annotations)
        text += tr(" · Remove Event removes it");
    m_info->setText(text);
    m_clicked = event.startUtc;
    chooseEventToRemove(event.id > 0 ? std::optional<TimelineEvent>(event) : std::nullopt);
}

void TimelineView::chooseEventToRemove(std::optional<TimelineEvent> event)
{
    m_chosenEvent = std::move(event);
    m_removeEvent->setEnabled(m_chosenEvent && !m_session->isReadOnly() && m_annotations);
}

void TimelineView::brushed(qint64 fromUtc, qint64 toUtc)
{
    m_info->setText(tr("Brushed %1 to %2 (%3): the record table and the search show these records.")
                        .arg(when(fromUtc), when(toUtc), zoneName(m_zone)));
    m_pending = Pending { fromUtc, toUtc, QString() };
    chooseEventToRemove(std::nullopt);
    m_showRecords->setEnabled(true);
    emit recordsRequested(fromUtc, toUtc, QString(), false);
}

void TimelineView::chooseEvent()
{
    if (auto brush = m_plot->brush()) {
        addEventAt(brush->first, brush->second);
        return;
    }
    const auto [from, to] = m_plot->viewRange();
    addEventAt(m_clicked.value_or(from + (to - from) / 2), std::nullopt);
}

void TimelineView::addEventAt(qint64 startUtc, std::optional<qint64> endUtc)
{
    auto *dialog = new TimelineEventDialog(m_zone, zoneName(m_zone), startUtc, endUtc, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (auto e = dialog->event())
            addEvent(*e);
    });
    dialog->open();
}

void TimelineView::addEvent(const TimelineEvent &event)
{
    if (!m_annotations)
        return;
    QPointer<TimelineView> self(this);
    auto id = std::make_shared<qint64>(0);
    m_annotations->change(tr("Add event '%1'").arg(event.title),
                          [event, id, self](casefile::CaseFile &file) -> Result<CaseStep> {
                              auto added = timeline::addEvent(file, event);
                              if (!added)
                                  return added.error();
                              *id = *added;
                              CaseStep step;
                              step.text = QObject::tr("Add event '%1'").arg(event.title);
                              step.undo = [id](casefile::CaseFile &f) { return timeline::removeEvent(f, *id); };
                              step.redo = [id, event](casefile::CaseFile &f) -> Status {
                                  auto again = timeline::addEvent(f, event);
                                  if (!again)
                                      return again.error();
                                  *id = *again;
                                  return {};
                              };
                              QMetaObject::invokeMethod(
                                  qApp,
                                  [self, added = *added] {
                                      if (self)
                                          emit self->eventAdded(added);
                                  },
                                  Qt::QueuedConnection);
                              return step;
                          });
}

void TimelineView::removeEvent(const TimelineEvent &event)
{
    if (!m_annotations || event.id <= 0)
        return;
    chooseEventToRemove(std::nullopt);
    QPointer<TimelineView> self(this);
    auto id = std::make_shared<qint64>(event.id);
    m_annotations->change(tr("Remove event '%1'").arg(event.title),
                          [event, id, self](casefile::CaseFile &file) -> Result<CaseStep> {
                              if (auto s = timeline::removeEvent(file, *id); !s)
                                  return s.error();
                              CaseStep step;
                              step.text = QObject::tr("Remove event '%1'").arg(event.title);
                              // Undo stores it again (with a new id); redo removes that one.
                              step.undo = [id, event](casefile::CaseFile &f) -> Status {
                                  auto again = timeline::addEvent(f, event);
                                  if (!again)
                                      return again.error();
                                  *id = *again;
                                  return {};
                              };
                              step.redo = [id](casefile::CaseFile &f) { return timeline::removeEvent(f, *id); };
                              QMetaObject::invokeMethod(
                                  qApp,
                                  [self, removed = event.id] {
                                      if (self)
                                          emit self->eventRemoved(removed);
                                  },
                                  Qt::QueuedConnection);
                              return step;
                          });
}

Status TimelineView::exportTo(const QString &path)
{
    const auto format = plotFormatFor(path);
    if (!format)
        return makeError(ErrorCode::InvalidInput, tr("Give the file a .png, .svg or .pdf name."));
    return exportPlot(m_plot, path, *format, tr("Timeline of %1").arg(m_session->info().title));
}

void TimelineView::chooseExport()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export Timeline"), QStringLiteral("timeline.png"),
                                                tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (auto s = exportTo(path); !s)
        m_info->setText(s.error().message);
    else
        m_info->setText(tr("Saved %1.").arg(path));
}

} // namespace lineage::ui
