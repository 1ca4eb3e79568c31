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

// Kinship against a panel of models: how close each model's answers are to the provider's,
// judged per model against reference models known not to be trained on the provider's
// outputs. The method, its rationale and its figures on real data: bench/forensics/README.md.
//
// On every prompt the provider and the panel answered, the panel's consensus (the mean of
// the panel members' answers, the scored model left out) stands for what the prompt itself
// calls for; what an answer does beyond it is its residual. A model whose residuals agree
// with the provider's answers like the provider beyond what the prompt explains. Two views:
//   shape    27 answer-shape features (style_features.h); agreement = mean over the
//            features of the Pearson correlation, across prompts, of the two residuals;
//   lexical  sublinear TF-IDF of word unigrams and bigrams, idf from the provider's and the
//            panel's answers; agreement = mean over prompts of the cosine of the residuals.
// Each view is put on the reference members' scale (median, MAD), the two are averaged into
// `closeness`; `z` is its robust z against the reference members, `p` the empirical p,
// `score` the panel-size-calibrated z (RobustZNull), `flagged` = score >= flagScore. Every
// panel member is scored leave-one-out (its references are the other members); the
// interval comes from a bootstrap over prompts (all models and references resampled
// together).

enum class KinshipViews {
    Both, // the documented measure
    Shape, // the shape view alone (for method studies)
    Lexical, // the lexical view alone (for method studies)
};

struct KinshipParameters
{
    int bootstrap = 1000; // bootstrap replicates over prompts (0: no interval)
    double confidence = 0.95; // of the bootstrap interval (percentile)
    double flagScore = 2.326; // score at or above which a model is flagged: a 1% one-sided
                              // false-positive rate under the normal null, any panel size
    int minPrompts = 30; // a model sharing fewer prompts with the provider and panel is not scored
    double nearDuplicatePrompt = 0.8; // character 3-gram Jaccard for near-duplicate prompts
                                      // (after exact matches; 0 = exact matches only)
    quint64 seed = 20240601; // of the bootstrap and of the null calibration
    int nullDraws = 20000; // simulated reference sets of the null calibration
    KinshipViews views = KinshipViews::Both;
    int threads = 0; // 0 = every core; results never depend on it
};

// Everything the analysis compares: the transcripts (one per model label, the provider's
// among them), which label is the provider and which labels form the reference panel.
struct KinshipInput
{
    std::vector<ModelAnswers> transcripts;
    QString provider;
    QStringList panel; // at least 4 labels (3 references for each member left out)
};

// One prompt of one model's comparison, for charts: where it is, and the model's agreement
// with the provider on it in each view (their means over the prompts are the view values).
struct KinshipPrompt
{
    qint32 providerTurn = 0;
    qint32 modelTurn = 0;
    double shape = 0.0; // mean over features of the product of the standardized residuals
    double lexical = 0.0; // cosine of the residual TF-IDF vectors
};

struct KinshipModel
{
    QString label;
    bool inPanel = false; // scored leave-one-out against the other members
    bool scored = false; // false: too few shared prompts (see note)
    int prompts = 0; // prompts shared with the provider and the panel
    int references = 0; // reference members it was scored against
    double score = 0.0; // calibrated z: comparable across providers and panel sizes
    std::array<double, 2> interval {}; // bootstrap interval of score
    double z = 0.0; // robust z of closeness against the references
    std::array<double, 2> zInterval {};
    double p = 1.0; // (1 + references at least as close) / (1 + references)
    double pGaussian = 1.0; // 1 - Phi(score): the tail of z under the normal null
    bool flagged = false; // score >= flagScore
    double closeness = 0.0; // the raw measure: the mean of the two views on the panel's scale
    double shape = 0.0; // shape-view agreement (mean residual correlation)
    double lexical = 0.0; // lexical-view agreement (mean residual cosine)
    QString note; // why a model is not scored, or other caveats
    std::vector<KinshipPrompt> perPrompt;
};

struct KinshipResult
{
    QString provider;
    QStringList panel;
    int panelSize = 0;
    int sharedPrompts = 0; // prompts the provider and every panel member answered
    int nearDuplicateMatches = 0; // of all models' prompt matches, those not exact
    QString method; // "kinship-residual/1;stylometry/1;views=both"
    KinshipParameters parameters;
    std::vector<KinshipModel> models; // every transcript label but the provider, input order
};

// Runs the analysis. Pure computation across `parameters.threads`; polls `feedback`
// (canceled -> ErrorCode::Canceled). Bad input (no provider transcript, a panel label
// without a transcript, the provider in the panel, fewer than 4 panel members, fewer than
// minPrompts shared prompts) -> ErrorCode::InvalidInput with a message naming the problem.
[[nodiscard]] Result<KinshipResult> runKinship(const KinshipInput &input, const KinshipParameters &parameters = {},
                                               Feedback &feedback = nullFeedback());

} // namespace lineage::forensics
