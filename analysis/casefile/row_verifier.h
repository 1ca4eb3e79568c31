// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/audit_log.h"
#include "casefile/sqlite.h"
#include "casefile/verification_report.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>

namespace lineage::casefile {

struct RowCheck
{
    QList<VerificationProblem> problems;
    qint64 rows = 0;
    qint64 tables = 0;
};

// Verifies the rows of a case against the row ledger (row_ledger.h), in one pass over
// each table: every row's leaf is recomputed and compared with row_digests, which names
// the row that was changed, added or deleted; and the chunk digests are checked against
// the commitments of the audit entries, newest first, so that row digests rewritten to
// hide a change, a chunk altered between two entries, or rows no entry accounts for are
// found too. Reads only; run it inside one read transaction. Polls `feedback` for cancel.
class RowVerifier
{
public:
    [[nodiscard]] static Result<RowCheck> verify(Database &db, const QList<AuditEntry> &entries, Feedback &feedback);
};

} // namespace lineage::casefile
