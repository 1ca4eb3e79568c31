// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/case_inputs.h"

#include <algorithm>

namespace lineage::forensics {

using casefile::TranscriptRow;

Result<CaseTranscripts> CaseTranscripts::load(casefile::Database &db)
{
    auto all = casefile::TranscriptStore(db).transcripts();
    if (!all)
        return all.error();
    CaseTranscripts t;
    t.m_all = *all;
    return t;
}

Result<QList<TranscriptRow>> CaseTranscripts::withLabels(const QStringList &labels) const
{
    QList<TranscriptRow> out;
    for (const QString &label : labels) {
        bool found = false;
        for (const TranscriptRow &t : m_all) {
            if (t.modelLabel == label) {
                out.append(t);
                found = true;
            }
        }
        if (!found)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("No transcript of the case is labelled '%1'; the labels are: %2.")
                                 .arg(label, this->labels().join(QStringLiteral(", "))));
    }
    std::sort(out.begin(), out.end(), [](const TranscriptRow &a, const TranscriptRow &b) { return a.id < b.id; });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const TranscriptRow &a, const TranscriptRow &b) { return a.id == b.id; }),
              out.end());
    return out;
}

QList<TranscriptRow> CaseTranscripts::withRole(const QString &role) const
{
    QList<TranscriptRow> out;
    for (const TranscriptRow &t : m_all)
        if (t.role == role)
            out.append(t);
    return out;
}

QStringList CaseTranscripts::labels() const
{
    QStringList out;
    for (const TranscriptRow &t : m_all)
        if (!out.contains(t.modelLabel))
            out << t.modelLabel;
    std::sort(out.begin(), out.end());
    return out;
}

QList<TranscriptRow> CaseTranscripts::withoutRole() const
{
    QList<TranscriptRow> out;
    for (const TranscriptRow &t : m_all)
        if (t.role == casefile::TranscriptStore::unassignedRole()
            || !casefile::TranscriptStore::roles().contains(t.role))
            out.append(t);
    return out;
}

QString CaseTranscripts::withoutRoleList() const
{
    QStringList names;
    for (const TranscriptRow &t : withoutRole())
        names << QStringLiteral("%1 (transcript %2, %3, role '%4')")
                     .arg(t.modelLabel, QString::number(t.id), t.sourceName,
                          t.role.isEmpty() ? QStringLiteral("none") : t.role);
    return names.join(QStringLiteral("; "));
}

QString CaseTranscripts::roleNote() const
{
    const qsizetype missing = withoutRole().size();
    if (missing == 0)
        return {};
    return QStringLiteral("%1 transcript(s) have no role (provider, suspect, control or protected-corpus) and were "
                          "used only where named by label: %2. Set their roles to include them by role.")
        .arg(missing)
        .arg(withoutRoleList());
}

QString CaseTranscripts::missingRoleHint() const
{
    const QString list = withoutRoleList();
    return list.isEmpty() ? QString() : QStringLiteral(" Transcripts without a role: %1.").arg(list);
}

Result<QList<IndexedTurn>> loadTurns(casefile::Database &db, qint64 transcriptId, Feedback &feedback)
{
    casefile::TranscriptStore store(db);
    QList<IndexedTurn> out;
    qint64 after = -1;
    for (;;) {
        auto page = store.turns(transcriptId, after, 2000);
        if (!page)
            return page.error();
        if (page->isEmpty())
            return out;
        for (const casefile::TurnRow &turn : std::as_const(*page))
            out.append(IndexedTurn { turn, qint64(out.size()) });
        after = page->last().seq;
        if (feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    }
}

Result<CaseModelAnswers> loadModelAnswers(casefile::Database &db, const QString &label,
                                          const QList<TranscriptRow> &transcripts, Feedback &feedback)
{
    QList<TranscriptRow> sorted = transcripts;
    std::sort(sorted.begin(), sorted.end(), [](const TranscriptRow &a, const TranscriptRow &b) { return a.id < b.id; });
    CaseModelAnswers out;
    out.answers.label = label;
    for (const TranscriptRow &t : std::as_const(sorted)) {
        if (t.modelLabel != label)
            continue;
        auto turns = loadTurns(db, t.id, feedback);
        if (!turns)
            return turns.error();
        out.transcriptIds.append(t.id);
        for (const IndexedTurn &it : std::as_const(*turns)) {
            out.answers.turns.push_back({ it.turn.prompt, it.turn.answer });
            out.places.push_back({ t.id, it.index, it.turn.id, qint64(it.turn.answer.size()) });
        }
    }
    return out;
}

QString quote(const QString &text, int chars)
{
    QString one = text.simplified();
    if (one.size() > chars)
        one = one.left(chars - 1) + QChar(0x2026);
    return one;
}

} // namespace lineage::forensics
