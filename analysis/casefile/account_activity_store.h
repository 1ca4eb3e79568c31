// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace lineage::casefile {

// An account as the logs name it, with its actor and how many query records it has.
struct AccountSummaryRow
{
    qint64 id = 0;
    QString name;
    std::optional<qint64> actorId;
    QString actor; // the actor's name, empty when none
    qint64 records = 0;
};

// What the account analysis reads of one query record. The byte views point into SQLite's
// memory and are valid only during the visit; null fields are empty views and -1 (or NaN).
struct ActivityRow
{
    qint64 id = 0;
    qint64 accountId = 0; // 0: no account
    qint64 sourceId = 0;
    std::optional<qint64> timeUtc; // ms since the epoch
    std::optional<qint64> timeOffset; // seconds east of UTC, as the log wrote the time
    QByteArrayView apiKey, org, ip, userAgent, systemPrompt, prompt, finishReason;
    qint64 n = -1;
    qint64 maxTokens = -1;
    qint64 logprobs = -1;
    qint64 topLogprobs = -1;
    qint64 promptTokens = -1;
    qint64 completionTokens = -1;
    double temperature = qQNaN();
};

// Bulk reads of the query records for the account analysis: the accounts with their
// record counts, and one pass over every record in storage order (sequential reads, the
// fastest order on a large case). Borrows a connection, used on its thread only. Errors
// are returned; a canceled scan returns ErrorCode::Canceled.
class AccountActivityStore
{
public:
    explicit AccountActivityStore(Database &db) : m_db(db) { }

    // Accounts that have query records, by id, with their actor.
    [[nodiscard]] Result<QList<AccountSummaryRow>> accounts();
    [[nodiscard]] Result<qint64> recordsWithoutAccount();
    // Calls `visit` for every query record in id order; polls `feedback` every few
    // thousand records and reports progress (records read of `total`).
    [[nodiscard]] Status scan(Feedback &feedback, const std::function<void(const ActivityRow &)> &visit);

private:
    Database &m_db;
};

} // namespace lineage::casefile
