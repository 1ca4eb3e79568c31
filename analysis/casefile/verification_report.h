// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace lineage::casefile {

// One problem found by verification: the area ("schema", "integrity", "references",
// "audit", "rows", "evidence", "sources", "derived"), the item (entry number, blob hash,
// table and row, schema object) and what is wrong.
struct VerificationProblem
{
    QString area;
    QString item;
    QString message;
};

// A table of derived data (table_classes.h): what it is computed from, whether it was
// found intact, and how it is rebuilt.
struct DerivedDataStatus
{
    QString table;
    QString derivedFrom;
    QString rebuild;
    qint64 rows = 0;
    bool intact = true;
};

struct VerificationReport
{
    QList<VerificationProblem> problems;
    qint64 auditEntries = 0;
    qint64 blobs = 0;
    qint64 evidenceBytes = 0;
    qint64 rowsChecked = 0; // rows recomputed against the audit chain's commitments
    qint64 tablesChecked = 0;
    qint64 sources = 0; // sources checked against their import's audit entry
    QList<DerivedDataStatus> derived;
    double seconds = 0; // the whole verification
    double integritySeconds = 0; // PRAGMA integrity_check alone (run beside the other checks)
    bool ok() const { return problems.isEmpty(); }
};

} // namespace lineage::casefile
