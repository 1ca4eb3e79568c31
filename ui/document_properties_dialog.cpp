// SPDX-License-Identifier: GPL-3.0-or-later
#include "document_properties_dialog.h"

#include "annotation_controller.h"
#include "case_session.h"
#include "casefile/event_store.h"
#include "error_dialog.h"
#include "item_properties.h"
#include "job_runner.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <optional>

namespace lineage::ui {

using casefile::CaseFile;
using casefile::DocumentStore;

namespace {

// QDateEdit cannot be empty: its minimum stands for "no effective date" and shows as such.
const QDate kNoDate(1752, 9, 14);

Result<DocumentProperties> readProperties(casefile::Database &db, qint64 id)
{
    auto document = DocumentStore(db).document(id);
    if (!document)
        return document.error();
    auto candidates = ingest::documentDateCandidates(db, id);
    if (!candidates)
        return candidates.error();
    DocumentProperties properties { *document, {} };
    casefile::EventStore events(db);
    QHash<qint64, QList<casefile::EventRow>> onPage;
    for (const ingest::DateCandidate &c : std::as_const(*candidates)) {
        DateCandidateItem item { c, 0 };
        if (c.pageId && !onPage.contains(c.pageId)) {
            auto list = events.eventsForItem(QStringLiteral("page"), c.pageId);
            if (!list)
                return list.error();
            onPage.insert(c.pageId, *list);
        }
        // A date already accepted from the same span of the same page is on the timeline.
        for (const casefile::EventRow &e : onPage.value(c.pageId))
            if (e.kind == QLatin1String("document-date") && e.itemStart == c.charStart && e.itemLength == c.length)
                item.eventId = e.id;
        properties.candidates.append(item);
    }
    return properties;
}

struct Applied
{
    QList<qint64> events;
    std::optional<Error> error;
    bool fieldsSaved = false;
};

struct Ticked
{
    ingest::DateCandidate candidate;
    QString title;
};

} // namespace

DocumentPropertiesDialog::DocumentPropertiesDialog(CaseSession *session, qint64 documentId, QWidget *parent)
    : QDialog(parent), m_session(session), m_id(documentId), m_summary(new QLabel(this)), m_type(new QComboBox(this)),
      m_parties(new QLineEdit(this)), m_date(new QDateEdit(this)), m_clearDate(new QPushButton(tr("C&lear"), this)),
      m_useDate(new QPushButton(tr("&Use Selected Date"), this)), m_model(new DateCandidatesModel(this)),
      m_view(new QTableView(this)), m_candidatesNote(new QLabel(this)),
      m_addEvents(new QPushButton(tr("&Add Ticked Dates to Timeline"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("documentPropertiesDialog"));
    setWindowTitle(tr("Document Properties"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Reading document %1...").arg(m_id));
    m_type->setObjectName(QStringLiteral("typeBox"));
    for (const QString &type : DocumentStore::types())
        m_type->addItem(typeName(type), type);
    m_parties->setObjectName(QStringLiteral("partiesEdit"));
    m_parties->setPlaceholderText(tr("e.g. Example AI Inc.; its users"));
    m_date->setObjectName(QStringLiteral("effectiveDateEdit"));
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setMinimumDate(kNoDate);
    m_date->setSpecialValueText(tr("none"));
    m_date->setCalendarPopup(true);
    m_date->setDate(kNoDate);
    m_date->calendarWidget()->installEventFilter(this);
    m_clearDate->setObjectName(QStringLiteral("clearDateButton"));
    m_clearDate->setToolTip(tr("The document has no effective date"));
    m_useDate->setObjectName(QStringLiteral("useDateButton"));
    m_useDate->setToolTip(tr("Take the effective date from the date selected below"));
    connect(m_clearDate, &QPushButton::clicked, this, [this] { m_date->setDate(kNoDate); });

    auto *dateRow = new QHBoxLayout;
    dateRow->addWidget(m_date, 1);
    dateRow->addWidget(m_clearDate);
    dateRow->addWidget(m_useDate);
    auto *form = new QFormLayout;
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&Parties:"), m_parties);
    // A row holding a layout gets no buddy: the label is made here so that its mnemonic works.
    auto *dateLabel = new QLabel(tr("&Effective date:"), this);
    dateLabel->setBuddy(m_date);
    form->addRow(dateLabel, dateRow);

    m_view->setObjectName(QStringLiteral("dateCandidatesView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::SelectedClicked);
    m_view->verticalHeader()->setVisible(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(DateCandidatesModel::Context, QHeaderView::Stretch);
    m_view->setColumnWidth(DateCandidatesModel::Date, 110);
    m_view->setColumnWidth(DateCandidatesModel::Page, 50);
    m_view->setColumnWidth(DateCandidatesModel::Written, 120);
    m_view->setColumnWidth(DateCandidatesModel::Title, 210);
    m_view->setColumnWidth(DateCandidatesModel::Timeline, 70);
    m_candidatesNote->setWordWrap(true);
    m_addEvents->setObjectName(QStringLiteral("addEventsButton"));
    auto *group = new QGroupBox(tr("Dates found in the text"), this);
    auto *groupLayout = new QVBoxLayout(group);
    groupLayout->addWidget(m_candidatesNote);
    groupLayout->addWidget(m_view, 1);
    auto *addRow = new QHBoxLayout;
    addRow->addStretch(1);
    addRow->addWidget(m_addEvents);
    groupLayout->addLayout(addRow);

    connect(m_model, &DateCandidatesModel::checkedChanged, this, &DocumentPropertiesDialog::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DocumentPropertiesDialog::updateButtons);
    connect(m_useDate, &QPushButton::clicked, this, [this] {
        const int row = m_view->currentIndex().row();
        if (row >= 0)
            m_date->setDate(m_model->item(row).candidate.date);
    });
    connect(m_addEvents, &QPushButton::clicked, this, [this] { apply(false, false); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DocumentPropertiesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(form);
    layout->addWidget(group, 1);
    layout->addWidget(m_buttons);
    resize(1040, 540);
    updateButtons();
    load();
}

QString DocumentPropertiesDialog::typeName(const QString &type)
{
    if (type == QLatin1String("terms-of-service"))
        return tr("Terms of service");
    if (type == QLatin1String("contract"))
        return tr("Contract");
    if (type == QLatin1String("complaint"))
        return tr("Complaint");
    if (type == QLatin1String("letter"))
        return tr("Letter");
    if (type == QLatin1String("other"))
        return tr("Other");
    return type;
}

QString DocumentPropertiesDialog::effectiveDate() const
{
    return m_date->date() == kNoDate ? QString() : m_date->date().toString(Qt::ISODate);
}

void DocumentPropertiesDialog::setEffectiveDate(const QString &isoDate)
{
    const QDate date = QDate::fromString(isoDate, Qt::ISODate);
    m_date->setDate(date.isValid() ? date : kNoDate);
}

bool DocumentPropertiesDialog::eventFilter(QObject *watched, QEvent *event)
{
    // With no date set, the calendar opens on this month rather than on September 1752.
    if (watched == m_date->calendarWidget() && event->type() == QEvent::Show && m_date->date() == kNoDate)
        m_date->calendarWidget()->setCurrentPage(QDate::currentDate().year(), QDate::currentDate().month());
    return QDialog::eventFilter(watched, event);
}

void DocumentPropertiesDialog::load()
{
    if (!m_session->isOpen())
        return;
    readItem<DocumentProperties>(
        m_session, this, QStringLiteral("document-properties-load"), tr("Reading document %1").arg(m_id), m_id,
        readProperties, [this](Result<DocumentProperties> properties) {
            if (!properties) {
                m_summary->setText(properties.error().message);
                showError(this, tr("Document %1 could not be read.").arg(m_id), properties.error());
                emit loadFailed(properties.error());
                return;
            }
            fill(*properties);
            emit loaded();
        });
}

void DocumentPropertiesDialog::fill(const DocumentProperties &properties)
{
    const bool first = !m_loaded;
    m_row = properties.document;
    m_loaded = true;
    const QString name = m_row.title.isEmpty() ? m_row.sourceName : m_row.title;
    const QString pages = m_row.pageCount == 1 ? tr("1 page") : tr("%1 pages").arg(QLocale().toString(m_row.pageCount));
    m_summary->setText(tr("Document %1 · “%2” · %3 · from %4").arg(m_row.id).arg(name, pages, m_row.sourceName));
    if (first) {
        // A reload after adding events keeps what the analyst typed in the fields.
        m_type->setCurrentIndex(qMax(0, m_type->findData(m_row.type)));
        m_parties->setText(m_row.parties);
        setEffectiveDate(m_row.effectiveDate);
    }
    m_model->setCandidates(properties.candidates, name);
    qsizetype onTimeline = 0;
    for (const DateCandidateItem &item : properties.candidates)
        onTimeline += item.eventId ? 1 : 0;
    if (properties.candidates.isEmpty())
        m_candidatesNote->setText(tr("No dates were found in this document's text."));
    else
        m_candidatesNote->setText(
            tr("%1 date(s) found, %2 already on the timeline. Tick the dates to add as timeline events; "
               "double-click a title to change it.")
                .arg(properties.candidates.size())
                .arg(onTimeline));
    updateButtons();
}

void DocumentPropertiesDialog::updateButtons()
{
    const bool editable = m_loaded && !m_busy && !m_session->isReadOnly();
    for (QWidget *w : std::initializer_list<QWidget *> { m_type, m_parties, m_date, m_clearDate, m_view })
        w->setEnabled(editable);
    m_useDate->setEnabled(editable && m_view->currentIndex().isValid());
    m_addEvents->setEnabled(editable && !m_model->checkedRows().isEmpty());
    m_buttons->setEnabled(!m_busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(editable);
}

void DocumentPropertiesDialog::accept()
{
    if (m_loaded && !m_busy)
        apply(true, true);
}

void DocumentPropertiesDialog::apply(bool withFields, bool close)
{
    const QString type = m_type->currentData().toString();
    const QString parties = m_parties->text().trimmed();
    const QString date = effectiveDate();
    const bool fieldsChanged
        = withFields && (type != m_row.type || parties != m_row.parties || date != m_row.effectiveDate);
    QList<Ticked> ticked;
    for (int row : m_model->checkedRows())
        ticked.append({ m_model->item(row).candidate, m_model->title(row) });
    if (!fieldsChanged && ticked.isEmpty()) {
        if (close)
            QDialog::accept();
        return;
    }
    m_busy = true;
    updateButtons();
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const qint64 id = m_id;
    const casefile::DocumentRow old = m_row;
    m_session->jobs()->run<Applied>(
        QStringLiteral("document-properties-save"), tr("Saving document %1").arg(id),
        [path, who, id, fieldsChanged, type, parties, date, ticked](Feedback &) -> Applied {
            Applied applied;
            auto file = CaseSession::openWriter(path, who);
            if (!file) {
                applied.error = file.error();
                return applied;
            }
            if (fieldsChanged) {
                if (auto s = DocumentStore::updateFields(**file, id, type, parties, date); !s) {
                    applied.error = s.error();
                    return applied;
                }
                applied.fieldsSaved = true;
            }
            // Each event is its own audited change; a failure stops at that date.
            for (const Ticked &t : ticked) {
                auto event = ingest::acceptDateCandidate(**file, id, t.candidate, t.title);
                if (!event) {
                    applied.error = event.error();
                    return applied;
                }
                applied.events.append(*event);
            }
            return applied;
        },
        this,
        [this, close, fieldsChanged, id, type, parties, date, old](Applied applied) {
            m_busy = false;
            // The fields' edit is undoable; dates added to the timeline are events of their own.
            if (AnnotationController *undo = AnnotationController::of(this); undo && applied.fieldsSaved) {
                const QString text = tr("Edit document %1 properties").arg(id);
                undo->pushDone(CaseStep {
                    text, [=](CaseFile &f) { return DocumentStore::updateFields(f, id, type, parties, date); },
                    [=](CaseFile &f) {
                        return DocumentStore::updateFields(f, id, old.type, old.parties, old.effectiveDate);
                    },
                    true });
            }
            if (fieldsChanged || !applied.events.isEmpty())
                m_session->notifyContentChanged();
            if (applied.error) {
                showError(this, tr("The document's changes were not all saved."), *applied.error);
                emit saveFailed(*applied.error);
                load(); // show what is stored now
                return;
            }
            emit saved(int(applied.events.size()));
            if (close) {
                QDialog::accept();
                return;
            }
            load();
        });
}

} // namespace lineage::ui
