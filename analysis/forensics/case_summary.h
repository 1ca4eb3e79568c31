// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lineage::forensics {

// One line of evidence of the case summary: what it shows, how strong it is by the rule of
// its kind, and what it rests on (the run and the findings, to be traced and recomputed).
struct EvidenceLine
{
    QString evidence; // "reuse", "accounts", "kinship", "attribution", "identity", "clauses"
    QString strength; // strong / moderate / weak; empty when the line shows nothing
    QString statement; // plain words
    std::optional<qint64> run;
    QList<qint64> findings; // the findings it rests on (the strongest few)
    QJsonObject figures; // the numbers behind the statement
};

struct CaseSummary
{
    QList<EvidenceLine> lines; // strongest first; a kind without a complete run is in notShown
    QStringList notShown; // what the evidence does NOT show, and what was not analysed
};

// The case summary: the latest complete run of each analysis kind, weighed. Output reuse is
// strong when a long verbatim passage is shared (with its chance estimate); account behavior
// moderate to strong (flagged accounts; strong when they are linked to one another); kinship
// never stronger than its empirical p allows (moderate at most, weak when p > 0.05);
// teacher attribution moderate at most; identity claims weak; clauses carry the strength of
// the findings they bear on. Reads only; deterministic.
[[nodiscard]] Result<CaseSummary> summarizeCase(casefile::Database &db);

QJsonObject summaryJson(const CaseSummary &summary);
QString summaryText(const CaseSummary &summary);

} // namespace lineage::forensics
