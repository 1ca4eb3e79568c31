// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <vector>

namespace lineage::forensics {

// The answer-shape features of the kinship analysis: how a model shapes an answer, apart
// from what it says. Counts enter as log(1 + n), stock phrases as 0 or 1.
//   length      words, non-empty lines, paragraphs, sentences
//   layout      numbered items, bullet items, markdown headings, lines ending in a colon,
//               bold markers, code fences, quotation marks, parentheses, digits
//   sentences   words per sentence, characters per word, commas per sentence, question
//               marks, exclamation marks
//   phrases     affirmative opener ("Sure", "Certainly"), "Here is" opener, AI self-reference
//               ("as an AI", "language model"), apology or refusal, summary closer ("In
//               conclusion", "Overall"), offer of more help, caveat ("it's important to")
//   person      first-person and second-person pronouns
constexpr int kShapeFeatureCount = 27;
using ShapeFeatures = std::array<double, kShapeFeatureCount>;

// Stable names of the features, in order ("words", "lines", ...).
const std::array<const char *, kShapeFeatureCount> &shapeFeatureNames();

// The features of one answer: `raw` as imported, `words` its wordTokens() of the normalized
// text. Pure; any thread.
ShapeFeatures shapeFeatures(QStringView raw, const std::vector<QString> &words);

} // namespace lineage::forensics
