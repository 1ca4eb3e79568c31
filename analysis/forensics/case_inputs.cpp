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
        if (!casefile::TranscriptStore::roles().contains(t.role))
            out.append(t);
    return out;
}

QString CaseTranscripts::roleNote() const
{
    const QList<TranscriptRow> missing = withoutRole();
    if (missing.isEmpty())
        return {};
    QStringList names;
    for (const TranscriptRow &t : missing)
        names << QStringLiteral("%1 (transcript %2, %3, role '%4')")
                     .arg(t.modelLabel, QString::number(t.id), t.sourceName,
                          t.role.isEmpty() ? QStringLiteral("none") : t.role);
    return QStringLiteral("%1 transcript(s) have no role (provider, suspect, control or protected-corpus) and were "
                          "used only where named by label: %2. Set their roles to include them by role.")
        .arg(missing.size())
        .arg(names.join(QStringLiteral("; ")));
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

QString quote(const QString &text, int chars)
{
    QString one = text.simplified();
    if (one.size() > chars)
        one = one.left(chars - 1) + QChar(0x2026);
    return one;
}

} // namespace lineage::forensics
