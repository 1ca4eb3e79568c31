// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "similarity/hashing.h"
#include "text/tokenizer.h"

#include <QString>

#include <vector>

namespace lineage::forensics {

// Prompt templates of one account: the fixed text its prompts share around the parts that
// vary. Two steps mask the variable parts. First every word holding a digit (numbers,
// dates, ids) or a '.', '/' or '@' inside it (addresses, file names) becomes one placeholder.
// Then the data decide: a word shingle (k words in a row) found in at least `minShare` of
// the account's prompts (and in `minPrompts` or more) is part of a fixed frame, any other
// text is a slot. Frame shingles that occur in the same prompts (posting sets with a
// Jaccard of `joinJaccard` or more, measured by the similarity engine's exact measure)
// form one template; a template needs `minShingles` shingles (about k + 2 fixed words). A
// prompt follows a template when it holds `memberShare` of its shingles.
struct TemplateOptions
{
    int shingle = 3;
    double minShare = 0.25;
    int minPrompts = 5;
    int minShingles = 3;
    double joinJaccard = 0.7;
    double memberShare = 0.6;
    int maxFrameShingles = 400; // the most frequent ones, when more pass minShare
};

// One prompt as the template search sees it: its token hashes with masked tokens replaced.
struct PromptShingles
{
    std::vector<similarity::ShingleHash> masked; // sorted, unique shingle hashes of the masked tokens
    std::vector<similarity::ShingleHash> raw; // sorted, unique shingle hashes of the tokens as written
};

struct PromptTemplate
{
    std::vector<similarity::ShingleHash> frame; // sorted shingle hashes of the fixed text
    std::vector<int> members; // the prompts (indices) that follow it, ascending
    double coverage = 0; // members / prompts
    QString text; // the fixed words with "…" for each slot, from one member (see templateText)
};

struct TemplateAnalysis
{
    std::vector<PromptTemplate> templates; // by coverage, largest first
    double topShare = 0; // coverage of the largest template
    double anyShare = 0; // prompts that follow some template / prompts
};

// Token hashes of `tokens` (similarity::hashText of each token), with masked tokens (see
// TemplateOptions) replaced by one placeholder hash; `masked` tells which were.
void maskedTokenHashes(const text::TokenizedText &tokens, std::vector<quint64> &raw, std::vector<quint64> &masked,
                       std::vector<bool> &isMasked);
// The sorted, unique k-shingles of a token hash sequence (as similarity::shingleSet: the
// low 32 bits of each shingle's 64-bit hash).
std::vector<similarity::ShingleHash> shinglesOf(const std::vector<quint64> &tokenHashes, int k);

// The templates of one account's prompts. Pure; deterministic.
TemplateAnalysis findTemplates(const std::vector<PromptShingles> &prompts, const TemplateOptions &options);

// The template as text: the words of `original` (a member prompt; `tokens` are its tokens)
// inside a frame shingle as written, "…" for every run of other words, at most `maxChars`
// characters.
QString templateText(const QString &original, const text::TokenizedText &tokens,
                     const std::vector<quint64> &maskedHashes, const std::vector<similarity::ShingleHash> &frame,
                     int shingle, int maxChars = 160);

} // namespace lineage::forensics
