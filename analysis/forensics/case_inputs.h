// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "casefile/transcript_store.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace lineage::forensics {

// A turn with its place in the transcript: `index` counts the transcript's turns from 0 in
// import order (the order of seq).
struct IndexedTurn
{
    casefile::TurnRow turn;
    qint64 index = 0;
};

// The transcripts of the case as the analyses see them (read through the transcript
// store): which carry labels asked for, and which have no role an analysis can use.
class CaseTranscripts
{
public:
    [[nodiscard]] static Result<CaseTranscripts> load(casefile::Database &db);

    const QList<casefile::TranscriptRow> &all() const { return m_all; }
    // Transcripts whose model label is one of `labels`; an error names a label no
    // transcript carries, and the labels there are.
    [[nodiscard]] Result<QList<casefile::TranscriptRow>> withLabels(const QStringList &labels) const;
    QList<casefile::TranscriptRow> withRole(const QString &role) const;
    QStringList labels() const; // distinct, sorted
    // Transcripts whose role is not one of TranscriptStore::roles() ("unassigned", empty
    // or unknown), and a sentence for the run's message naming them (empty when none).
    QList<casefile::TranscriptRow> withoutRole() const;
    QString roleNote() const;

private:
    QList<casefile::TranscriptRow> m_all;
};

// Every turn of `transcriptId` in import order, with its index; polls `feedback`.
[[nodiscard]] Result<QList<IndexedTurn>> loadTurns(casefile::Database &db, qint64 transcriptId,
                                                   Feedback &feedback = nullFeedback());

// A plain-language quote of a text: its first `chars` characters, one line.
QString quote(const QString &text, int chars = 120);

} // namespace lineage::forensics
