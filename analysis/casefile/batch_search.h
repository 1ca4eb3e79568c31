// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/search_index.h"
#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace lineage::casefile {

// The hits of one string of a batch: how many index entries match it (all of them) and the
// first `limit` hits, best first.
struct BatchSearchResult
{
    QString term;
    qint64 count = 0;
    QList<SearchHit> hits;
    QString error; // the string has nothing to search for, or cannot be run
};

// Searches a list of strings (prompts, keys, IPs, phrases) in the full-text index, each as
// one phrase (its words in order), and reports the hits per string. Stateless; runs on the
// connection it is given, on a worker; polls `feedback` between strings, and a running
// query stops at Database::interrupt(). Blank lines and lines starting with '#' are skipped
// by terms().
class BatchSearch
{
public:
    static QStringList terms(const QString &listText);
    static QString phrase(const QString &term);
    [[nodiscard]] static Result<QList<BatchSearchResult>> run(Database &db, const QStringList &terms, int limit,
                                                              Feedback &feedback = nullFeedback());
    // CSV (RFC 4180): term, count, kind, id, field, source, line, page, snippet; one row per
    // hit, and one row with an empty kind for a string without hits.
    static QByteArray csv(const QList<BatchSearchResult> &results, bool byteOrderMark = false);
};

} // namespace lineage::casefile
