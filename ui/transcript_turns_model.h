// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/transcript_store.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace lineage::ui {

class CaseSession;

// The turns of one transcript as a lazy table: turn number, prompt, answer and their lengths.
// Browsing, row r is turn r + 1 (the import numbers turns without gaps); pages of kPageSize
// turns are read on a worker when a view first asks for one of their rows and arrive as
// dataChanged. A search shows the matching turns only (the first kMaxMatches, read at once).
// Replies carry a generation token: those of an earlier transcript, search or case are dropped.
class TranscriptTurnsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Turn, Prompt, Answer, PromptChars, AnswerChars, ColumnCount };
    static constexpr int kPageSize = 200;
    static constexpr int kMaxMatches = 2000;

    explicit TranscriptTurnsModel(CaseSession *session, QObject *parent = nullptr);

    // Shows the turns of `transcript` (its turnCount rows).
    void setTranscript(const casefile::TranscriptRow &transcript);
    const casefile::TranscriptRow &transcript() const { return m_transcript; }
    // Shows only the turns containing `text`; an empty text shows them all again.
    // searchFinished() follows.
    void search(const QString &text);
    QString searchText() const { return m_search; }
    qint64 matchTotal() const { return m_matchTotal; }

    // The turn behind a row when it is loaded, else nullptr (and its page is asked for).
    const casefile::TurnRow *turn(int row) const;
    bool isRowLoaded(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void pageLoaded(int page);
    void searchFinished();
    void loadFailed(const lineage::Error &error);

private:
    void clear();
    void fetch(int page) const;

    CaseSession *m_session;
    casefile::TranscriptRow m_transcript;
    QString m_search;
    QList<casefile::TurnRow> m_matches; // search mode
    qint64 m_matchTotal = 0;
    bool m_searching = false; // a search is shown (or being read)
    quint64 m_generation = 0;
    // Caches touched from const data(): the model's own bookkeeping, not its visible state.
    mutable QHash<int, QList<casefile::TurnRow>> m_pages;
    mutable QSet<int> m_requested;
};

} // namespace lineage::ui
