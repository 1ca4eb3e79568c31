// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"
#include "forensics/account_signals.h"
#include "forensics/prompt_templates.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <map>
#include <optional>
#include <vector>

namespace lineage::forensics {

struct AccountProfileOptions
{
    int sample = 128; // prompts per account read for templates, topics and query distances
    int maxPromptChars = 2000; // of each sampled prompt
    TemplateOptions templates;
    qint64 sessionGapSeconds = 1800; // a longer pause ends a session
    int releaseWindowDays = 60; // "before a release": this many days before it
    quint64 seed = 1; // of the sample
    bool byActor = false; // the accounts of one actor as one unit
    int threads = 0;
};

// A model release on the timeline, for lining activity up with it.
struct ReleaseEvent
{
    qint64 utc = 0;
    QString title;
};

// One account (or one actor's accounts) as the logs show it: the measured features and the
// values that can link it to other accounts. `values` holds the numeric features by name
// (absent: not measurable, e.g. no timing for a single request); `features` the same and
// the descriptive ones (zones, the largest template) for the report.
struct AccountProfile
{
    QString name; // the account, or the actor when grouped by actor
    bool isActor = false;
    QStringList accounts; // member accounts (one when not grouped)
    QList<qint64> accountIds;
    QString actor; // the actor of the account(s), empty when none
    qint64 requests = 0;
    std::optional<qint64> firstUtc, lastUtc;
    std::map<QString, double> values;
    QJsonObject features;
    // Linking values and how many of the account's records carry each.
    QHash<QString, qint64> ips, subnets, orgs, keys, userAgents;
    QHash<quint64, qint64> systemPrompts;
    QHash<quint64, QString> systemPromptText;
    std::vector<PromptTemplate> templates; // from the sample; members are sample indices
    int sampled = 0;
    QList<qint64> sampleRecords; // record ids of the sampled prompts, in time order
};

struct AccountPopulation
{
    std::vector<AccountProfile> profiles; // by account (or actor) name
    qint64 records = 0; // with an account
    qint64 recordsWithoutAccount = 0;
    qint64 recordsWithoutTime = 0;
    std::optional<qint64> firstUtc, lastUtc;
    QList<qint64> sources; // query-log sources read
};

// Reads every query record once (storage order) and measures each account: volume, active
// days, requests per active day and hour, burstiness and the regularity of the pauses within
// sessions, the apparent time zone (the offset that best fits a typical daily rhythm) with
// the shares at night and on weekends there, chain-of-thought elicitation, logprobs and
// n > 1, system-prompt reuse, output-to-input tokens, answers cut at max_tokens, distinct
// prompts; and on a uniform sample of up to `sample` prompts per account (chosen by a hash
// of the record id, so the same for every run and thread count) the prompt templates, the
// spread of topics and the distribution test of query distances (PRADA: each prompt's
// distance to the nearest earlier one, tested for normality by Shapiro-Wilk). Memory: about
// 16 bytes per record (times and prompt hashes) plus the sampled prompts' text.
// Canceled -> ErrorCode::Canceled.
[[nodiscard]] Result<AccountPopulation> profileAccounts(casefile::Database &db, const AccountProfileOptions &options,
                                                        const AccountSignals &lexicon,
                                                        const QList<ReleaseEvent> &releases,
                                                        Feedback &feedback = nullFeedback());

// The offset from UTC (whole hours, -12..14) whose local hours best fit a typical daily
// rhythm for activity counted by UTC hour, and the fit in bits per request over a flat day.
struct ZoneFit
{
    int offsetHours = 0;
    double bitsPerRequest = 0;
};
ZoneFit inferZone(const std::array<qint64, 24> &utcHours, std::optional<int> statedHours);
// The typical share of activity in each local hour (sums to 1).
const std::array<double, 24> &dailyRhythm();

} // namespace lineage::forensics
