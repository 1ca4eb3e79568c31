// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/activity_store.h"
#include "casefile/case_file.h"
#include "core/feedback.h"
#include "core/result.h"

namespace lineage::timeline {

// The activity summaries are derived data (rebuildable from query_records at any time).
// checkActivitySummaries recomputes them and reports every table that differs from its
// recomputation, without writing (a read-only connection will do; the case verification
// calls casefile::ActivityStore::compare, which this wraps). rebuildActivitySummaries
// replaces them by the recomputation in one audited transaction ("timeline.rebuild") and
// returns what the check found before. Both run on the caller's thread, poll `feedback`
// and return errors.
[[nodiscard]] Result<casefile::ActivityCheck> checkActivitySummaries(casefile::Database &db,
                                                                     Feedback &feedback = nullFeedback());
[[nodiscard]] Result<casefile::ActivityCheck> rebuildActivitySummaries(casefile::CaseFile &file,
                                                                       Feedback &feedback = nullFeedback());

} // namespace lineage::timeline
