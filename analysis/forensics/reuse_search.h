// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "forensics/shingle_counts.h"
#include "similarity/fingerprints.h"
#include "similarity/lsh_index.h"
#include "similarity/span_alignment.h"

#include <QStringList>

#include <vector>

namespace lineage::forensics {

// Thresholds of the reuse search. The defaults find lightly edited copies (one word in five
// replaced or dropped leaves a word-5-shingle Jaccard of about 0.12 and short verbatim runs:
// found by min_jaccard 0.10) and a copied passage inside new text (a low Jaccard but a long
// verbatim run: found by min_passage_tokens 20).
struct ReuseOptions
{
    similarity::FingerprintOptions fingerprint = defaultFingerprint();
    // One row per band: a pair becomes a candidate when any of the 128 MinHash values
    // agree, with probability 1 - (1 - J)^128 (0.9999 at J = 0.07, 0.98 at J = 0.03). Every
    // candidate is verified exactly, so this costs time, never precision.
    similarity::LshParams lsh { 128, 1 };
    // Common phrasing is not evidence: a shingle of the suspect side that 50 or more corpus
    // texts contain (a template, a stock sentence, a textbook code snippet) is left out of
    // the specific measures below. 0 keeps every shingle (one pass over the corpus
    // instead of two).
    int commonTexts = 50;
    double minJaccard = 0.10; // exact Jaccard over the shingles that are not common
    double rawJaccard = 0.5; // or exact Jaccard over all shingles (a near-verbatim copy of a
                             // text made of common phrasing)
    int minPassageTokens = 20; // or a verbatim shared run of this many words, with as
                               // many shared shingles that are not common
    int alignMinTokens = 4; // shortest exact run an aligned passage is built from, in words
    int maxGap = 3; // words between exact runs merged into one passage
    int threads = 0;

    static similarity::FingerprintOptions defaultFingerprint()
    {
        similarity::FingerprintOptions o;
        o.shingle = 5;
        o.numPerm = 128;
        o.seed = 1;
        return o;
    }
};

// One verified reuse: suspect text `suspect` against corpus text `corpus` (numbers of the
// caller's lists), the exact set measures and the shared passages of both texts.
struct ReuseMatch
{
    qint64 suspect = 0;
    qint64 corpus = 0;
    qint64 shared = 0; // shared shingles
    double jaccard = 0;
    qint64 sharedSpecific = 0; // shared shingles that are not common
    double jaccardSpecific = 0; // Jaccard over the shingles that are not common
    double containmentSuspect = 0; // |S ∩ C| / |S|: how much of the suspect text the source holds
    double containmentSource = 0; // |S ∩ C| / |C|
    qint32 longestPassage = 0; // merged passage, words of the suspect text
    qint32 longestVerbatim = 0; // exact run, words
    qint64 suspectTokens = 0;
    qint64 sourceTokens = 0;
    std::vector<similarity::Passage> passages; // a = suspect, b = source

    double containment() const { return std::max(containmentSuspect, containmentSource); }
};

struct ReuseSearchStats
{
    qint64 corpusTexts = 0;
    qint64 countedTexts = 0; // texts of the counting pass
    qint64 suspectShingles = 0;
    qint64 commonShingles = 0;
    qint64 countsBytes = 0;
    qint64 candidates = 0; // pairs verified exactly
    qint64 aligned = 0; // pairs whose passages were aligned
    qint64 matches = 0;
};

// The reuse search: the suspect texts are indexed once (MinHash LSH over their
// signatures); the corpus streams past in chunks, each text probing the index, each
// candidate verified exactly and, when it may pass, aligned. Memory is the suspects'
// texts, fingerprints and index plus one chunk, whatever the corpus size. Pure: no I/O,
// thread-safe to probe from one thread at a time; results do not depend on the threads.
class ReuseSearch
{
public:
    explicit ReuseSearch(ReuseOptions options) : m_options(std::move(options)) { }

    // Takes the suspect texts and their fingerprints (made with options.fingerprint).
    [[nodiscard]] Status setSuspects(QStringList texts, similarity::Fingerprints fingerprints,
                                     Feedback &feedback = nullFeedback());
    // Two passes when options.commonTexts > 0: count() every chunk of the corpus, then
    // finishCounting(), then probe() every chunk again.
    bool needsCounting() const { return m_options.commonTexts > 0; }
    [[nodiscard]] Status count(const similarity::Fingerprints &fingerprints, Feedback &feedback = nullFeedback());
    void finishCounting();

    // Probes one chunk of the corpus; corpus numbers are firstIndex + position in the
    // chunk. Matches are sorted by (corpus, suspect). Canceled -> ErrorCode::Canceled.
    [[nodiscard]] Result<std::vector<ReuseMatch>> probe(const QStringList &texts,
                                                        const similarity::Fingerprints &fingerprints, qint64 firstIndex,
                                                        Feedback &feedback = nullFeedback());

    // Whether suspect `suspect` and a corpus text pass, by exact verification alone (no LSH):
    // the exhaustive baseline the candidate search is measured against.
    bool verifies(const QString &suspectText, qint64 suspect, const QString &source,
                  std::span<const similarity::ShingleHash> sourceShingles) const;

    const ReuseOptions &options() const { return m_options; }
    const ReuseSearchStats &stats() const { return m_stats; }
    qint64 suspectCount() const { return m_fingerprints.size(); }

private:
    ReuseOptions m_options;
    QStringList m_texts;
    similarity::Fingerprints m_fingerprints;
    similarity::LshIndex m_index;
    ShingleCounts m_counts;
    std::vector<qint64> m_commonPerSuspect;
    bool m_counted = false;
    ReuseSearchStats m_stats;
};

// The exact measures and passages of one pair of texts, or nothing when it is not reuse
// under `options` (used by probe() and by checks against exhaustive search).
// `common` (may be null) names the common shingles; commonSuspect and commonSource count
// them in each set.
std::optional<ReuseMatch> verifyPair(const QString &suspect, std::span<const similarity::ShingleHash> suspectShingles,
                                     const QString &source, std::span<const similarity::ShingleHash> sourceShingles,
                                     const ReuseOptions &options, const ShingleCounts *common = nullptr,
                                     qint64 commonSuspect = 0, qint64 commonSource = 0);

} // namespace lineage::forensics
