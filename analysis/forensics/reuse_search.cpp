// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/reuse_search.h"

#include "similarity/parallel.h"
#include "similarity/set_measures.h"

#include <algorithm>

namespace lineage::forensics {

using namespace lineage::similarity;

namespace {

// Shared shingles, and how many of them are common.
std::pair<qint64, qint64> sharedCounts(std::span<const ShingleHash> a, std::span<const ShingleHash> b,
                                       const ShingleCounts *common)
{
    qint64 n = 0, c = 0;
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++n;
            if (common && common->isCommon(a[i]))
                ++c;
            ++i;
            ++j;
        }
    }
    return { n, c };
}

struct Measures
{
    qint64 shared = 0;
    qint64 sharedSpecific = 0;
    double jaccard = 0;
    double jaccardSpecific = 0;
};

Measures measuresOf(std::span<const ShingleHash> s, std::span<const ShingleHash> b, const ShingleCounts *common,
                    qint64 commonSuspect, qint64 commonSource)
{
    Measures m;
    const auto [shared, sharedCommon] = sharedCounts(s, b, common);
    m.shared = shared;
    m.sharedSpecific = shared - sharedCommon;
    m.jaccard = jaccard(shared, qint64(s.size()), qint64(b.size()));
    m.jaccardSpecific = jaccard(m.sharedSpecific, qint64(s.size()) - commonSuspect, qint64(b.size()) - commonSource);
    return m;
}

bool mayPass(const Measures &m, const ReuseOptions &o)
{
    const qint64 neededForPassage = qMax<qint64>(1, o.minPassageTokens - o.fingerprint.shingle + 1);
    return m.jaccard >= o.rawJaccard || (m.sharedSpecific > 0 && m.jaccardSpecific >= o.minJaccard)
        || m.sharedSpecific >= neededForPassage;
}

bool passesSets(const Measures &m, const ReuseOptions &o)
{
    return m.jaccard >= o.rawJaccard || (m.sharedSpecific > 0 && m.jaccardSpecific >= o.minJaccard);
}

} // namespace

std::optional<ReuseMatch> verifyPair(const QString &suspect, std::span<const ShingleHash> suspectShingles,
                                     const QString &source, std::span<const ShingleHash> sourceShingles,
                                     const ReuseOptions &options, const ShingleCounts *common, qint64 commonSuspect,
                                     qint64 commonSource)
{
    const Measures ms = measuresOf(suspectShingles, sourceShingles, common, commonSuspect, commonSource);
    if (ms.shared == 0 || !mayPass(ms, options))
        return std::nullopt;

    AlignmentOptions align;
    align.tokenizer = options.fingerprint.tokenizer;
    align.minTokens = options.alignMinTokens;
    align.maxGap = options.maxGap;
    Alignment merged = alignTexts(suspect, source, align);
    align.minTokens = std::min(8, options.minPassageTokens);
    align.maxGap = 0;
    const Alignment exact = alignTexts(suspect, source, align);
    qint32 verbatim = 0;
    for (const Passage &p : exact.passages)
        verbatim = std::max(verbatim, p.aTokenCount);
    if (!passesSets(ms, options) && verbatim < options.minPassageTokens)
        return std::nullopt;

    ReuseMatch m;
    m.shared = ms.shared;
    m.sharedSpecific = ms.sharedSpecific;
    m.jaccard = ms.jaccard;
    m.jaccardSpecific = ms.jaccardSpecific;
    m.containmentSuspect = containment(ms.shared, qint64(suspectShingles.size()));
    m.containmentSource = containment(ms.shared, qint64(sourceShingles.size()));
    m.longestPassage = merged.summary.longestPassage;
    m.longestVerbatim = verbatim;
    m.suspectTokens = merged.summary.tokensA;
    m.sourceTokens = merged.summary.tokensB;
    m.passages = std::move(merged.passages);
    return m;
}

Status ReuseSearch::setSuspects(QStringList texts, Fingerprints fingerprints, Feedback &feedback)
{
    if (fingerprints.size() != texts.size() || !fingerprints.hasSignatures())
        return makeError(ErrorCode::Internal, QStringLiteral("Suspect fingerprints do not match their texts."));
    m_texts = std::move(texts);
    m_fingerprints = std::move(fingerprints);
    feedback.setPhase(QStringLiteral("Indexing suspect answers"), m_fingerprints.size(), QStringLiteral("texts"));
    m_index = LshIndex(m_fingerprints, m_options.lsh, m_options.threads, feedback);
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    m_commonPerSuspect.assign(size_t(m_fingerprints.size()), 0);
    if (needsCounting()) {
        std::vector<ShingleHash> keys(m_fingerprints.shingles);
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        m_counts = ShingleCounts(keys);
        m_stats.suspectShingles = m_counts.size();
        m_stats.countsBytes = m_counts.bytes();
    }
    return {};
}

Status ReuseSearch::count(const Fingerprints &fingerprints, Feedback &feedback)
{
    const bool done
        = parallelChunks(fingerprints.size(), 1024, m_options.threads, feedback, [&](qint64, qint64 begin, qint64 end) {
              for (qint64 c = begin; c < end; ++c)
                  m_counts.countText(fingerprints.shinglesOf(c));
          });
    if (!done)
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    m_stats.countedTexts += fingerprints.size();
    return {};
}

bool ReuseSearch::verifies(const QString &suspectText, qint64 suspect, const QString &source,
                           std::span<const ShingleHash> sourceShingles) const
{
    const ShingleCounts *common = m_counted ? &m_counts : nullptr;
    return verifyPair(suspectText, m_fingerprints.shinglesOf(suspect), source, sourceShingles, m_options, common,
                      m_commonPerSuspect[size_t(suspect)], common ? common->commonIn(sourceShingles) : 0)
        .has_value();
}

void ReuseSearch::finishCounting()
{
    if (!needsCounting())
        return;
    m_stats.commonShingles = m_counts.markCommon(quint32(m_options.commonTexts));
    for (qint64 s = 0; s < m_fingerprints.size(); ++s)
        m_commonPerSuspect[size_t(s)] = m_counts.commonIn(m_fingerprints.shinglesOf(s));
    m_counted = true;
}

Result<std::vector<ReuseMatch>> ReuseSearch::probe(const QStringList &texts, const Fingerprints &fingerprints,
                                                   qint64 firstIndex, Feedback &feedback)
{
    if (fingerprints.size() != texts.size() || !fingerprints.hasSignatures())
        return makeError(ErrorCode::Internal, QStringLiteral("Corpus fingerprints do not match their texts."));
    constexpr qint64 kChunk = 256;
    const qint64 n = fingerprints.size();
    const qint64 chunks = (n + kChunk - 1) / kChunk;
    struct Slot
    {
        std::vector<ReuseMatch> matches;
        qint64 candidates = 0;
        qint64 aligned = 0;
    };
    std::vector<Slot> chunkResults(size_t(std::max<qint64>(chunks, 1)));
    const bool done
        = parallelChunks(n, kChunk, m_options.threads, feedback, [&](qint64 chunk, qint64 begin, qint64 end) {
              Slot &slot = chunkResults[size_t(chunk)];
              std::vector<quint32> candidates;
              const ShingleCounts *common = m_counted ? &m_counts : nullptr;
              for (qint64 c = begin; c < end; ++c) {
                  const auto source = fingerprints.shinglesOf(c);
                  if (source.empty())
                      continue;
                  m_index.candidates(fingerprints.signatureOf(c), candidates);
                  const qint64 commonSource = common ? common->commonIn(source) : 0;
                  for (quint32 s : candidates) {
                      ++slot.candidates;
                      const auto suspect = m_fingerprints.shinglesOf(s);
                      // Cheap exact measures first; alignment only for pairs that may pass.
                      const Measures ms = measuresOf(suspect, source, common, m_commonPerSuspect[s], commonSource);
                      if (ms.shared == 0 || !mayPass(ms, m_options))
                          continue;
                      ++slot.aligned;
                      auto match = verifyPair(m_texts[s], suspect, texts[c], source, m_options, common,
                                              m_commonPerSuspect[s], commonSource);
                      if (!match)
                          continue;
                      match->suspect = s;
                      match->corpus = firstIndex + c;
                      slot.matches.push_back(std::move(*match));
                  }
              }
          });
    if (!done)
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    std::vector<ReuseMatch> out;
    for (Slot &slot : chunkResults) {
        m_stats.candidates += slot.candidates;
        m_stats.aligned += slot.aligned;
        for (ReuseMatch &m : slot.matches)
            out.push_back(std::move(m));
    }
    m_stats.corpusTexts += n;
    m_stats.matches += qint64(out.size());
    return out;
}

} // namespace lineage::forensics
