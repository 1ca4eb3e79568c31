// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <cmath>

namespace lineage::forensics {

// How likely a verbatim shared passage of n words is to arise by chance between two texts
// written independently. The model, deliberately generous to the coincidence: each word of
// the suspect text agrees with the source's next word with probability at most
// `wordProbability` (default 1/2, far more predictable than English prose, whose words carry
// several bits each), independently; a run of n agreeing words then has probability
// wordProbability^n at one place, and at most positions * wordProbability^n anywhere in a
// text of `positions` words (a union bound). It says nothing about two models trained on
// the same public text producing the same boilerplate, which the strength rule and the
// analyst must weigh; it is an upper bound under independence, not a p-value of copying.
struct PassageChance
{
    double log10Chance = 0; // log10 of the bound (<= 0)
    double chance = 1; // the bound itself, clamped to [0, 1]; 0 only below double range
};

inline PassageChance passageChance(int words, qint64 positions, double wordProbability = 0.5)
{
    PassageChance c;
    if (words <= 0)
        return c;
    const double l = std::log10(double(std::max<qint64>(positions, 1))) + words * std::log10(wordProbability);
    c.log10Chance = std::min(0.0, l);
    c.chance = std::pow(10.0, c.log10Chance);
    return c;
}

// "1 in 10^9" style wording for a log10 chance.
inline QString chanceWords(double log10Chance)
{
    if (log10Chance > -2)
        return QStringLiteral("about %1").arg(std::pow(10.0, log10Chance), 0, 'g', 2);
    return QStringLiteral("less than 1 in 10^%1").arg(int(std::floor(-log10Chance)));
}

} // namespace lineage::forensics
