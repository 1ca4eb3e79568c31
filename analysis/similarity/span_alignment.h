// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "text/tokenizer.h"

#include <QString>

#include <vector>

namespace lineage::similarity {

struct AlignmentOptions
{
    text::TokenizerOptions tokenizer; // words by default
    int minTokens = 8; // shortest exact shared run reported, in tokens
    int maxGap = 3; // runs at most this many tokens apart (on both sides) merge
};

// One shared passage: [aStart, aEnd) in text A and [bStart, bEnd) in text B, in UTF-16 code
// units of the original texts, and the same in tokens. A passage is one maximal exact run
// of shared tokens, or several such runs merged across small gaps (edits); matchedTokens
// counts the tokens of A in its exact runs.
struct Passage
{
    qint32 aStart = 0;
    qint32 aEnd = 0;
    qint32 bStart = 0;
    qint32 bEnd = 0;
    qint32 aFirstToken = 0;
    qint32 aTokenCount = 0;
    qint32 bFirstToken = 0;
    qint32 bTokenCount = 0;
    qint32 matchedTokens = 0;

    bool operator==(const Passage &) const = default;
};

// Per-pair summary. sharedTokens counts the tokens of A inside exact shared runs (each
// once); coverage is the fraction of each side's tokens inside exact shared runs;
// longestPassage is the longest merged passage, in tokens of A.
struct AlignmentSummary
{
    qint64 tokensA = 0;
    qint64 tokensB = 0;
    qint64 sharedTokens = 0;
    double coverageA = 0.0;
    double coverageB = 0.0;
    qint32 longestPassage = 0;
};

struct Alignment
{
    std::vector<Passage> passages; // sorted by position in A, then in B
    AlignmentSummary summary;
    QString tokenizerVersion; // TokenizerOptions::versionTag() of the tokens used
};

// The maximal shared passages of two texts. Pure and thread-safe; cost grows with the
// texts' lengths plus the number of shared runs (highly repetitive texts cost more).
Alignment alignTexts(const QString &a, const QString &b, const AlignmentOptions &options = {});
Alignment alignTokens(const text::TokenizedText &a, const text::TokenizedText &b, const AlignmentOptions &options = {});

} // namespace lineage::similarity
