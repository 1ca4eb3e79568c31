// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/transcript_store.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextEdit;

namespace lineage::ui {

class CaseSession;
class TranscriptTurnsModel;

// One transcript, to read: what it is (model label, role, source file, turns), its turns as a
// lazy table (turn, prompt, answer, lengths), the current turn in full below (system message,
// prompt, answer, where it is in the source), and a search within the transcript that shows
// only the turns containing the text and marks it in the turn shown. Reads on workers; closes
// its data with the case.
class TranscriptView : public QWidget
{
    Q_OBJECT
public:
    TranscriptView(CaseSession *session, qint64 transcriptId, QWidget *parent = nullptr);

    qint64 transcriptId() const { return m_id; }
    TranscriptTurnsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QTextEdit *details() const { return m_details; }
    QLineEdit *searchEdit() const { return m_search; }
    QString headerText() const;
    QString statusText() const;

    // Shows the turn of `row` in the details (when its page is loaded; else once it is).
    void showTurn(int row);
    void find(const QString &text);

signals:
    // The transcript's row was read (or could not be) and the table shows its turns.
    void loaded();
    // The analyst asked for the transcript's properties (model label, role).
    void propertiesRequested(qint64 transcriptId);

private:
    void load();
    void present(const casefile::TranscriptRow &row);
    void updateStatus();

    CaseSession *m_session;
    qint64 m_id;
    TranscriptTurnsModel *m_model;
    QLabel *m_header;
    QPushButton *m_properties;
    QLineEdit *m_search;
    QLabel *m_status;
    QTableView *m_table;
    QTextEdit *m_details;
    int m_shownRow = -1;
};

} // namespace lineage::ui
