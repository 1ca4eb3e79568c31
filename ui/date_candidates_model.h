// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ingest/document_dates.h"

#include <QAbstractTableModel>
#include <QList>

namespace lineage::ui {

// A date found in a document's text, and the timeline event already made from it (0: none).
struct DateCandidateItem
{
    ingest::DateCandidate candidate;
    qint64 eventId = 0;
};

// The dates found in a document, as a table the analyst ticks: date, page, the text as
// written, its surroundings, an editable event title, and whether it is already on the
// timeline (such rows cannot be ticked again). Holds a copy of the candidates; no case access.
class DateCandidatesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Date, Page, Written, Context, Title, Timeline, ColumnCount };

    explicit DateCandidatesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows; titles start as "<documentName>: <date as written>". Ticks are cleared.
    void setCandidates(const QList<DateCandidateItem> &items, const QString &documentName);
    const DateCandidateItem &item(int row) const { return m_rows.at(row).item; }
    QString title(int row) const { return m_rows.at(row).title; }
    bool isChecked(int row) const { return m_rows.at(row).checked; }
    void setChecked(int row, bool checked);
    QList<int> checkedRows() const;

signals:
    void checkedChanged();

private:
    struct Row
    {
        DateCandidateItem item;
        QString title;
        bool checked = false;
    };
    QList<Row> m_rows;
};

} // namespace lineage::ui
