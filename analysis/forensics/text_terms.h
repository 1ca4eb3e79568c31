// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <vector>

namespace lineage::forensics {

// Terms of the stylometric analyses, defined so that a plain Python script can compute the
// same ones (bench/forensics/style_features.py is that script).

// The version of these definitions (terms, answer-shape features). Any change that alters
// a term or a feature value bumps it; analyses record it with their results.
constexpr int kStylometryVersion = 1;

// The core's default normalization (NFKC with case folding, white space folded, trimmed).
QString normalizedText(QStringView text);

// Word tokens of a normalized text: maximal runs of letters, digits and combining marks,
// with an apostrophe (U+0027 or U+2019) between two of them kept inside ("don't"); every
// ideograph or kana is a word of its own (Chinese and Japanese have no spaces).
// `ends`, when given, receives the UTF-16 offset just past each word.
std::vector<QString> wordTokens(QStringView normalized, std::vector<qsizetype> *ends = nullptr);

// Hashes (similarity::hashText) of the word unigrams and bigrams ("w1 w2") of a normalized
// text, unigrams first: the terms of the kinship lexical view and of attribution.
std::vector<quint64> wordTermHashes(const std::vector<QString> &words);

// Hashes of every run of `n` consecutive code points of a normalized text, spaces
// included (scikit-learn's analyzer='char'); none when the text is shorter than n.
std::vector<quint64> charNGramHashes(QStringView normalized, int n);

} // namespace lineage::forensics
