// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"
#include "similarity/fingerprints.h"

#include <QList>
#include <QString>

namespace lineage::similarity {

// One text of the case to fingerprint: which item and field it is, and the text itself.
struct TextItem
{
    QString kind; // "record", "turn", "page", ...
    qint64 id = 0;
    QString field; // "completion", "answer", ...
    QString text;
};

struct CacheStats
{
    qint64 reused = 0; // fingerprints read from the case
    qint64 computed = 0; // fingerprints computed (and stored) by this call
};

// Fingerprints of `items` (in their order), reusing those stored in the case for the same
// text, tokenizer version and parameters, and storing the new ones in one transaction on
// `db` (a connection of the calling thread). Returns the error of a failed read or write;
// on a failed write nothing is stored. Canceled -> ErrorCode::Canceled.
[[nodiscard]] Result<Fingerprints> cachedFingerprints(casefile::Database &db, const QList<TextItem> &items,
                                                      const FingerprintOptions &options,
                                                      Feedback &feedback = nullFeedback(), CacheStats *stats = nullptr);

} // namespace lineage::similarity
