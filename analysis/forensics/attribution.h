// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "forensics/model_answers.h"

#include <QString>
#include <QStringList>

#include <array>
#include <vector>

namespace lineage::forensics {

// Teacher attribution: which of several candidate teachers a suspect's answers resemble.
// A nearest-centroid classifier on length-normalized n-grams: each answer is the
// l2-normalized concatenation of two l2-normalized sublinear TF-IDF blocks, word unigrams
// and bigrams, and character n-grams of the normalized text (idf of each block from the
// candidates' answers); a class is the sum of its training answers; an answer goes to the
// candidate whose centroid has the highest cosine with it. Because every answer and every
// centroid has unit length, a long answer weighs no more than a short one and a candidate
// with long answers has no larger centroid (bench/forensics/README.md shows the shares
// barely move when every answer is cut to its first 100 words).
//
// Accuracy: k-fold cross-validation over the candidates' answers, folds by prompt (all
// answers to one normalized prompt in the same fold, so no fold is scored on a prompt it was
// trained on). A suspect answer is scored against centroids without the candidates' answers
// to the same prompt (leaveOutSamePrompt). Shares: the fraction of the suspect's answers
// attributed to each candidate, with a percentile bootstrap interval over its answers.

struct AttributionParameters
{
    int folds = 5; // cross-validation folds (by prompt)
    int charN = 4; // code points per character n-gram
    int maxWords = 0; // 0: whole answers; n: every answer cut to its first n words (a length control)
    bool leaveOutSamePrompt = true;
    int bootstrap = 1000; // replicates of the share intervals (0: none)
    double confidence = 0.95;
    quint64 seed = 20240601;
    int threads = 0; // 0 = every core; results never depend on it
};

struct AttributionInput
{
    std::vector<ModelAnswers> candidates; // at least 2, distinct labels
    std::vector<ModelAnswers> suspects; // each attributed separately (may be empty: accuracy only)
};

// One scored answer of a suspect, for charts.
struct AttributedAnswer
{
    qint32 turn = 0;
    int candidate = 0; // index into the candidates
    std::vector<double> cosine; // with each candidate's centroid
};

struct SuspectAttribution
{
    QString label;
    qint64 answers = 0; // answers scored
    qint64 skipped = 0; // answers without a single term (empty)
    double meanWords = 0.0; // of the scored answers (after maxWords)
    std::vector<double> shares; // per candidate; sum to 1
    std::vector<std::array<double, 2>> intervals; // per candidate, bootstrap percentile
    int attributedIndex = -1; // highest share (ties: first candidate)
    QString attributed;
    bool decisive = false; // the attributed share's interval lies above every other's
    std::vector<AttributedAnswer> perAnswer;
};

struct AttributionResult
{
    QStringList candidates;
    std::vector<qint64> trainingAnswers; // per candidate
    std::vector<double> meanWords; // per candidate (after maxWords)
    double cvAccuracy = 0.0; // correctly attributed cross-validated answers / all of them
    double balancedAccuracy = 0.0; // mean over candidates of their recall
    std::vector<std::vector<qint64>> confusion; // [true candidate][predicted candidate]
    std::vector<double> foldAccuracy;
    std::vector<SuspectAttribution> suspects; // input order
    QString method; // "attribution-centroid/1;stylometry/1;char4+word12"
    AttributionParameters parameters;
};

// Trains, cross-validates and attributes. Pure computation across `parameters.threads`;
// canceled -> ErrorCode::Canceled; fewer than 2 candidates, a candidate without answers,
// duplicate labels or fewer answers than folds -> ErrorCode::InvalidInput.
[[nodiscard]] Result<AttributionResult> runAttribution(const AttributionInput &input,
                                                       const AttributionParameters &parameters = {},
                                                       Feedback &feedback = nullFeedback());

} // namespace lineage::forensics
