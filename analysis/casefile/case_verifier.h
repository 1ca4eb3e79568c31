// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/verification_report.h"
#include "core/feedback.h"
#include "core/result.h"

namespace lineage::casefile {

class CaseFile;

// Verifies a case as an opposing expert would (CaseFile::verify): its schema against the
// one of its version; PRAGMA integrity_check and foreign_key_check (on a connection and a
// thread of their own, beside the rest); the audit chain; every row against the chain's
// commitments (row_verifier.h); every source's hash against its import's audit entry;
// every original against its SHA-256; and the derived data (FTS5's integrity check of
// the full-text index, the form of the stored fingerprints), reported with how to rebuild
// them. Everything but integrity_check reads one snapshot (one read transaction). Reads
// only. Progress and cancel through `feedback`.
[[nodiscard]] Result<VerificationReport> verifyCase(CaseFile &file, Feedback &feedback);

} // namespace lineage::casefile
