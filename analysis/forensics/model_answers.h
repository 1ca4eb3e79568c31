// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <vector>

namespace lineage::forensics {

// One turn of a transcript: the prompt a model was given and its answer, as imported.
struct PromptAnswer
{
    QString prompt;
    QString answer;
};

// The turns of one model (its label as the case names it), in import order. The input of
// the kinship and attribution analyses; the caller reads it from the case (or a file) and
// owns it. Turn indices reported by the analyses are positions in `turns`.
struct ModelAnswers
{
    QString label;
    std::vector<PromptAnswer> turns;
};

} // namespace lineage::forensics
