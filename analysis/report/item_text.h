// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "casefile/sqlite.h"
#include "core/result.h"
#include "report/report_data.h"

#include <QHash>
#include <QString>

#include <optional>

namespace lineage::report {

// Names the items findings, exhibits and comments rest on ("record 12 (acct_5, line 40 of
// logs.jsonl)", "turn 17 (DeepDistill-7B, turn 3)", "page 2 of document 1") and reads their
// text fields for excerpts. Caches transcripts and documents by id. Borrows a connection of
// the calling thread. Errors are returned; an item the case does not hold is named as missing.
class ItemText
{
public:
    explicit ItemText(casefile::Database &db) : m_db(db) { }

    [[nodiscard]] Result<QString> label(const QString &kind, qint64 id);
    // The field's text (UTF-16 offsets as findings store them); nothing when the item or field
    // has no text.
    [[nodiscard]] Result<std::optional<QString>> field(const QString &kind, qint64 id, const QString &field);
    // The span with `context` characters either side, the span marked.
    [[nodiscard]] Result<TextExcerpt> excerpt(const casefile::FindingSpan &span, int context);
    // The item's main text (an answer, a completion, a page), cut at `maxChars`.
    [[nodiscard]] Result<std::optional<TextExcerpt>> wholeText(const QString &kind, qint64 id, int maxChars);

private:
    casefile::Database &m_db;
    QHash<qint64, QString> m_transcriptLabels;
};

// What the statistic of an analysis kind means and what it does not mean, for the
// methodology section (a paragraph; a generic one for kinds it does not know).
QString statisticMeaning(const QString &kind);

} // namespace lineage::report
