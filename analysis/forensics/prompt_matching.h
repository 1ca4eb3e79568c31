// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace lineage::forensics {

// Prompts of two transcripts matched to each other: the same prompt on both sides.
struct PromptMatch
{
    qint32 anchorTurn = 0; // turn of the anchor transcript (the provider)
    qint32 otherTurn = 0; // turn of the other transcript
    bool exact = true; // same normalized text; otherwise a near duplicate
    double similarity = 1.0; // character 3-gram Jaccard of the normalized prompts
};

// Matches the prompts of `other` to those of `anchor`. Only the first turn of each distinct
// normalized prompt takes part on either side (a repeated prompt keeps its first answer).
// First exact matches on the normalized text (NFKC, case folded, white space folded); then
// each remaining anchor prompt, in order, takes the first remaining prompt of `other` whose
// character 3-gram Jaccard with it is at least `nearDuplicate` and highest (0 or above 1
// turns near-duplicate matching off). `anchorNormalized`: the anchor's normalized prompts,
// when the caller has them (empty: computed here). Sorted by anchorTurn. Pure; any thread.
std::vector<PromptMatch> matchPrompts(const QStringList &anchorPrompts, const QStringList &otherPrompts,
                                      double nearDuplicate, const QStringList &anchorNormalized = {});

// Turn indices of the first occurrence of each distinct normalized prompt, in order.
std::vector<qint32> firstDistinctPrompts(const QStringList &normalizedPrompts);

} // namespace lineage::forensics
