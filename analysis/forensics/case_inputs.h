// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "casefile/transcript_store.h"
#include "core/feedback.h"
#include "core/result.h"
#include "forensics/model_answers.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

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
    // Transcripts without a claim an analysis can use: "unassigned", or a role that is not
    // one of TranscriptStore::roles() (empty or unknown), and a sentence for the run's
    // message naming them (empty when none).
    QList<casefile::TranscriptRow> withoutRole() const;
    QString roleNote() const;
    // Those transcripts named (label, id, file, role), "; " between; empty when none.
    QString withoutRoleList() const;
    // For an error that found no transcript of a role: " Transcripts without a role: ..."
    // (with its leading space), or empty when every transcript has one.
    QString missingRoleHint() const;

private:
    QList<casefile::TranscriptRow> m_all;
};

// Every turn of `transcriptId` in import order, with its index; polls `feedback`.
[[nodiscard]] Result<QList<IndexedTurn>> loadTurns(casefile::Database &db, qint64 transcriptId,
                                                   Feedback &feedback = nullFeedback());

// Where one answer of a model's ModelAnswers lives in the case.
struct AnswerPlace
{
    qint64 transcriptId = 0;
    qint64 turnIndex = 0; // 0-based in the transcript, import order
    qint64 turnId = 0;
    qint64 answerLength = 0; // UTF-16 code units, for whole-answer spans
};

// One model's answers as the kinship and attribution analyses read them: the turns of every
// transcript carrying its label, transcripts in id order, turns in import order, and where
// each one lives (`places[i]` is `answers.turns[i]`).
struct CaseModelAnswers
{
    ModelAnswers answers;
    std::vector<AnswerPlace> places;
    QList<qint64> transcriptIds;
};

// The answers of the transcripts `transcripts` (all of one label) under `label`; records
// their sources in `sources` (may be null); polls `feedback`.
[[nodiscard]] Result<CaseModelAnswers> loadModelAnswers(casefile::Database &db, const QString &label,
                                                        const QList<casefile::TranscriptRow> &transcripts,
                                                        Feedback &feedback = nullFeedback());

// A plain-language quote of a text: its first `chars` characters, one line.
QString quote(const QString &text, int chars = 120);

} // namespace lineage::forensics
