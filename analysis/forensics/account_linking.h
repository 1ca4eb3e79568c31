// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "forensics/account_profile.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace lineage::forensics {

// A value is evidence that accounts belong together only when few accounts share it: an IP,
// key or organization shared by more than `maxAccounts` accounts is a proxy, a NAT or a big
// customer; a user agent, system prompt or prompt template is also too common when more
// than `maxShare` of the accounts (at least two) use it. Such values are listed, not linked.
struct LinkOptions
{
    int maxAccounts = 25;
    double maxShare = 0.05;
    double templateJaccard = 0.5; // frames of two templates this similar are one template
    int threads = 0;
};

// Two accounts that share values of one kind: why, and how many of their records carry them.
// One link per pair and kind, however many values of that kind they share.
struct AccountLink
{
    int a = 0; // profile indices, a < b
    int b = 0;
    QString kind; // "ip", "subnet", "org", "key", "user-agent", "system-prompt", "template"
    QString value;
    QString reason; // "shared ip 203.0.113.7", "shared ip 203.0.113.7 and 4 more ips"
    qint64 records = 0; // of the two accounts, carrying the shared value(s)
    int values = 1; // values of this kind the two accounts share (value is the one with most records)
};

struct AccountLinking
{
    std::vector<AccountLink> links; // by (a, b, kind, value)
    std::vector<std::vector<int>> clusters; // connected accounts (two or more), profile indices ascending
    std::vector<int> clusterOf; // per profile, index into clusters or -1
    QStringList common; // values too widely shared to link, for the notes
};

// Links the profiles by every shared value and groups them into clusters (connected
// components). Deterministic. Canceled -> ErrorCode::Canceled.
[[nodiscard]] Result<AccountLinking> linkAccounts(const std::vector<AccountProfile> &profiles,
                                                  const LinkOptions &options, Feedback &feedback = nullFeedback());

} // namespace lineage::forensics
