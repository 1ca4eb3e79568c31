// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forensics/account_linking.h"
#include "forensics/account_profile.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace lineage::forensics {

// One feature of the risk score: its weight and in which direction harvesting moves it.
// `share` features are shrunk toward the population's median by `shrinkage` pseudo-records
// (a few requests say little: 1 of 3 at night is not a night owl); log features are scored
// as log10 (log2 for lifts); `floor` is the smallest scale a robust z divides by.
struct RiskFeature
{
    const char *name;
    double weight;
    int direction; // +1: higher looks more like harvesting, -1: lower does
    enum class Scale { Plain, Log10, Log2, Log2Plus1 } scale;
    bool share;
    double floor;
    bool harvestSpecific; // what tells harvesting apart from heavy benign use
};
const std::vector<RiskFeature> &riskFeatures();

struct RiskOptions
{
    double threshold = 1.0; // risk at or above which an account is flagged
    // Of the threshold, the share that must come from signs specific to harvesting
    // (RiskFeature::harvestSpecific): volume, rhythm and one template alone mark automation
    // (a batch job, an evaluation harness), not the collection of training answers.
    double harvestShare = 0.25;
    double zCap = 5.0; // no single feature counts for more than this z
    double shrinkage = 10.0;
    int topFeatures = 5;
};

struct FeatureContribution
{
    QString feature;
    double value = 0; // as measured
    double z = 0; // robust z against the population (after shrinkage and scale)
    double contribution = 0; // weight x z clipped to [0, zCap], over the total weight
    QString text; // plain words
};

struct AccountScore
{
    int profile = 0;
    int rank = 0; // 1 = highest risk
    double risk = 0;
    double harvestRisk = 0; // the part of `risk` from harvest-specific features
    bool flagged = false;
    QString strength; // strong / moderate / weak
    std::vector<FeatureContribution> contributions; // positive ones, largest first
    QStringList topFeatures;
    QStringList mitigations; // why a heavy user ranks low
    QString explanation;
    QJsonObject standardized; // feature -> z
};

struct RiskResult
{
    std::vector<AccountScore> ranked; // highest risk first
    QJsonObject reference; // feature -> {median, scale, accounts}: the population it was measured against
};

// Standardizes every feature against the population with the median and the MAD (1.4826
// MAD; when the MAD is 0, 1.2533 times the mean absolute deviation; never below the
// feature's floor), adds up the weighted positive z's (each capped at zCap) over the total
// weight, ranks, and explains each account in a sentence from its largest contributions,
// saying for heavy but unflagged accounts what keeps them low. Deterministic.
RiskResult scoreAccounts(const std::vector<AccountProfile> &profiles, const AccountLinking &linking,
                         const RiskOptions &options);

// Robust location and scale as scoreAccounts uses them (for tests and the report).
double robustMedian(std::vector<double> values);
double robustScale(const std::vector<double> &values, double median, double floor);

} // namespace lineage::forensics
