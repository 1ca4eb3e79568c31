// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeline/timeline_events.h"

#include <QDialog>
#include <QTimeZone>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace lineage::ui {

// Asks for a manual timeline event at a point or over a range: category, title, description,
// start and (for a span) end, written and read in the display zone. event() is what the core
// stores (UTC); the dialog refuses to accept a time it cannot read or a span that ends before
// it starts.
class TimelineEventDialog : public QDialog
{
    Q_OBJECT
public:
    TimelineEventDialog(const QTimeZone &zone, const QString &zoneName, qint64 startUtc, std::optional<qint64> endUtc,
                        QWidget *parent = nullptr);

    QLineEdit *titleEdit() const { return m_title; }
    QComboBox *categoryBox() const { return m_category; }
    std::optional<timeline::TimelineEvent> event() const;
    void accept() override;

private:
    std::optional<qint64> readTime(const QLineEdit *edit) const;
    QString writeTime(qint64 utcMs) const;

    QTimeZone m_zone;
    QComboBox *m_category;
    QLineEdit *m_title;
    QPlainTextEdit *m_description;
    QLineEdit *m_start;
    QCheckBox *m_span;
    QLineEdit *m_end;
    QLabel *m_problem;
};

} // namespace lineage::ui
