// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_event_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {
const QString kFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");
}

TimelineEventDialog::TimelineEventDialog(const QTimeZone &zone, const QString &zoneName, qint64 startUtc,
                                         std::optional<qint64> endUtc, QWidget *parent)
    : QDialog(parent), m_zone(zone), m_category(new QComboBox(this)), m_title(new QLineEdit(this)),
      m_description(new QPlainTextEdit(this)), m_start(new QLineEdit(this)), m_span(new QCheckBox(tr("Span"), this)),
      m_end(new QLineEdit(this)), m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("timelineEventDialog"));
    setWindowTitle(tr("Add Timeline Event"));
    for (const QString &category : timeline::manualEventCategories())
        m_category->addItem(category, category);
    m_title->setObjectName(QStringLiteral("eventTitle"));
    m_title->setPlaceholderText(tr("What happened, e.g. 'Suspect model announced'"));
    m_description->setTabChangesFocus(true);
    m_description->setMaximumHeight(80);
    m_start->setText(writeTime(startUtc));
    m_end->setText(writeTime(endUtc.value_or(startUtc)));
    m_span->setChecked(endUtc.has_value() && *endUtc > startUtc);
    m_end->setEnabled(m_span->isChecked());
    connect(m_span, &QCheckBox::toggled, m_end, &QWidget::setEnabled);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Category:"), m_category);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Description:"), m_description);
    form->addRow(tr("Start (%1):").arg(zoneName), m_start);
    form->addRow(m_span, m_end);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &TimelineEventDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

QString TimelineEventDialog::writeTime(qint64 utcMs) const
{
    return QDateTime::fromMSecsSinceEpoch(utcMs, m_zone).toString(kFormat);
}

std::optional<qint64> TimelineEventDialog::readTime(const QLineEdit *edit) const
{
    const QString text = edit->text().trimmed();
    QDateTime local = QDateTime::fromString(text, kFormat);
    if (!local.isValid())
        local = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm"));
    if (!local.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (d.isValid())
            local = QDateTime(d, QTime(0, 0));
    }
    if (!local.isValid())
        return std::nullopt;
    return QDateTime(local.date(), local.time(), m_zone).toMSecsSinceEpoch();
}

std::optional<timeline::TimelineEvent> TimelineEventDialog::event() const
{
    const auto start = readTime(m_start);
    if (!start || m_title->text().trimmed().isEmpty())
        return std::nullopt;
    timeline::TimelineEvent e;
    e.category = m_category->currentData().toString();
    e.title = m_title->text().trimmed();
    e.description = m_description->toPlainText().trimmed();
    e.startUtc = *start;
    if (m_span->isChecked()) {
        const auto end = readTime(m_end);
        if (!end || *end < *start)
            return std::nullopt;
        if (*end > *start)
            e.endUtc = *end;
    }
    return e;
}

void TimelineEventDialog::accept()
{
    if (m_title->text().trimmed().isEmpty()) {
        m_problem->setText(tr("Give the event a title."));
        return;
    }
    const auto start = readTime(m_start);
    if (!start) {
        m_problem->setText(tr("'%1' is not a time; write it as 2024-05-01 14:30:00.").arg(m_start->text()));
        return;
    }
    if (m_span->isChecked()) {
        const auto end = readTime(m_end);
        if (!end) {
            m_problem->setText(tr("'%1' is not a time; write it as 2024-05-01 14:30:00.").arg(m_end->text()));
            return;
        }
        if (*end < *start) {
            m_problem->setText(tr("The span ends before it starts."));
            return;
        }
    }
    QDialog::accept();
}

} // namespace lineage::ui
