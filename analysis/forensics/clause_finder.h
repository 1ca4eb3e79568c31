// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <vector>

namespace lineage::forensics {

// One topic of the clause analysis (resources/forensics/clause_topics.json): what a clause
// on it says, the patterns that find it and the finding kinds of other analyses it bears on.
struct ClauseTopic
{
    QString name; // "automated-extraction"
    QString title; // "automated or programmatic extraction"
    std::vector<QRegularExpression> patterns; // English, case-blind
    QStringList substrings; // Chinese
    QStringList bearsOn; // finding kinds: "reuse", "account-risk", "account-cluster"
};

// The editable topic list. Immutable once loaded; any thread.
class ClauseTopics
{
public:
    static QByteArray builtInJson();
    [[nodiscard]] static Result<ClauseTopics> fromJson(const QByteArray &json);

    const std::vector<ClauseTopic> &topics() const { return m_topics; }
    // The topics (indices) whose patterns match `text`, in list order, with the first
    // matching text of each.
    QList<std::pair<int, QString>> match(const QString &text) const;

private:
    std::vector<ClauseTopic> m_topics;
};

// A clause of a page: a numbered paragraph ("2.3 You may not ..." to the next number or
// blank line), an unnumbered paragraph, or a sentence of Chinese text (to "。"), with its
// place in the page text (UTF-16 code units) and its text with line breaks joined.
struct PageClause
{
    qint32 charStart = 0;
    qint32 length = 0;
    QString number; // "2.3", empty when unnumbered
    QString text;
};

// The clauses of one page's text, in reading order. Pure.
QList<PageClause> splitClauses(const QString &pageText);

} // namespace lineage::forensics
