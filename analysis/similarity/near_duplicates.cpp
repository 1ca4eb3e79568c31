// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/near_duplicates.h"

#include "similarity/parallel.h"
#include "similarity/set_measures.h"

#include <algorithm>

namespace lineage::similarity {

namespace {

constexpr qint64 kQueryChunk = 64;

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("The near-duplicate search was canceled."));
}

Error noSignatures()
{
    return makeError(ErrorCode::InvalidInput, QStringLiteral("The texts have no MinHash signatures."));
}

std::vector<PairMatch> concat(std::vector<std::vector<PairMatch>> &parts)
{
    size_t total = 0;
    for (const auto &p : parts)
        total += p.size();
    std::vector<PairMatch> out;
    out.reserve(total);
    for (auto &p : parts) {
        out.insert(out.end(), p.begin(), p.end());
        std::vector<PairMatch>().swap(p);
    }
    return out;
}

// The corpus's shingles as (hash, text) pairs sorted by hash then text.
std::vector<std::pair<ShingleHash, quint32>> invertedIndex(const Fingerprints &corpus)
{
    std::vector<std::pair<ShingleHash, quint32>> postings;
    postings.reserve(corpus.shingles.size());
    for (qint64 i = 0; i < corpus.size(); ++i)
        for (const ShingleHash h : corpus.shinglesOf(i))
            postings.emplace_back(h, quint32(i));
    std::sort(postings.begin(), postings.end());
    return postings;
}

// Exact search for queries [begin, end) against the inverted index; within = only b > a.
void exactChunk(const Fingerprints &queries, const Fingerprints &corpus,
                const std::vector<std::pair<ShingleHash, quint32>> &postings, bool within, qint64 begin, qint64 end,
                const NearDuplicateOptions &options, std::vector<PairMatch> &out, qint64 &measured)
{
    std::vector<quint32> counts(size_t(corpus.size()), 0);
    std::vector<quint32> touched;
    for (qint64 a = begin; a < end; ++a) {
        const auto setA = queries.shinglesOf(a);
        for (const ShingleHash h : setA) {
            auto lo
                = std::lower_bound(postings.begin(), postings.end(), std::make_pair(h, within ? quint32(a + 1) : 0u));
            for (auto it = lo; it != postings.end() && it->first == h; ++it) {
                if (counts[it->second]++ == 0)
                    touched.push_back(it->second);
            }
        }
        std::sort(touched.begin(), touched.end());
        measured += qint64(touched.size());
        const qint64 sizeA = qint64(setA.size());
        for (const quint32 b : touched) {
            const qint64 shared = counts[b];
            counts[b] = 0;
            const qint64 sizeB = qint64(corpus.shinglesOf(b).size());
            const PairMatch m {
                a, b, shared, jaccard(shared, sizeA, sizeB), containment(shared, sizeA), containment(shared, sizeB)
            };
            if (passes(m, options))
                out.push_back(m);
        }
        touched.clear();
    }
}

} // namespace

LshParams NearDuplicateOptions::lshParams(int numPerm) const
{
    if (lsh.bands > 0 && lsh.rows > 0 && lsh.bands * lsh.rows <= numPerm)
        return lsh;
    return LshParams::optimal(threshold, numPerm, fpWeight, fnWeight);
}

PairMatch measurePair(qint64 a, qint64 b, std::span<const ShingleHash> setA, std::span<const ShingleHash> setB)
{
    const qint64 shared = intersectionSize(setA, setB);
    return { a,
             b,
             shared,
             jaccard(shared, qint64(setA.size()), qint64(setB.size())),
             containment(shared, qint64(setA.size())),
             containment(shared, qint64(setB.size())) };
}

bool passes(const PairMatch &pair, const NearDuplicateOptions &options)
{
    if (pair.shared == 0)
        return false;
    if (options.measure == PairMeasure::Containment)
        return std::max(pair.containmentA, pair.containmentB) >= options.threshold;
    return pair.jaccard >= options.threshold;
}

Result<NearDuplicateResult> nearDuplicatesWithin(const Fingerprints &corpus, const NearDuplicateOptions &options,
                                                 Feedback &feedback)
{
    if (!corpus.hasSignatures())
        return noSignatures();
    NearDuplicateResult result;
    result.fingerprint = corpus.parameters;
    result.lsh = options.lshParams(corpus.numPerm);
    const LshIndex index(corpus, result.lsh, options.threads, feedback);
    if (feedback.isCanceled())
        return canceled();
    const std::vector<quint64> pairs = index.candidatePairs();
    result.candidates = qint64(pairs.size());
    constexpr qint64 kPairChunk = 4096;
    std::vector<std::vector<PairMatch>> parts(size_t((qint64(pairs.size()) + kPairChunk - 1) / kPairChunk));
    feedback.setPhase(QStringLiteral("Verifying candidates"), qint64(pairs.size()), QStringLiteral("pairs"));
    const bool done = parallelChunks(
        qint64(pairs.size()), kPairChunk, options.threads, feedback, [&](qint64 chunk, qint64 begin, qint64 end) {
            for (qint64 k = begin; k < end; ++k) {
                const qint64 a = qint64(pairs[size_t(k)] >> 32);
                const qint64 b = qint64(pairs[size_t(k)] & 0xffffffffu);
                const PairMatch m = measurePair(a, b, corpus.shinglesOf(a), corpus.shinglesOf(b));
                if (passes(m, options))
                    parts[size_t(chunk)].push_back(m);
            }
        });
    if (!done)
        return canceled();
    result.pairs = concat(parts);
    return result;
}

Result<NearDuplicateResult> nearDuplicatesAgainst(const Fingerprints &queries, const Fingerprints &corpus,
                                                  const LshIndex &index, const NearDuplicateOptions &options,
                                                  Feedback &feedback)
{
    if (!queries.hasSignatures() || queries.numPerm != corpus.numPerm)
        return noSignatures();
    NearDuplicateResult result;
    result.fingerprint = corpus.parameters;
    result.lsh = index.params();
    const qint64 n = queries.size();
    const size_t chunks = size_t((n + kQueryChunk - 1) / kQueryChunk);
    std::vector<std::vector<PairMatch>> parts(chunks);
    std::vector<qint64> candidates(chunks, 0);
    feedback.setPhase(QStringLiteral("Querying the index"), n, QStringLiteral("texts"));
    const bool done
        = parallelChunks(n, kQueryChunk, options.threads, feedback, [&](qint64 chunk, qint64 begin, qint64 end) {
              std::vector<quint32> found;
              for (qint64 a = begin; a < end; ++a) {
                  if (queries.shinglesOf(a).empty())
                      continue;
                  index.candidates(queries.signatureOf(a), found);
                  candidates[size_t(chunk)] += qint64(found.size());
                  for (const quint32 b : found) {
                      const PairMatch m = measurePair(a, b, queries.shinglesOf(a), corpus.shinglesOf(b));
                      if (passes(m, options))
                          parts[size_t(chunk)].push_back(m);
                  }
              }
          });
    if (!done)
        return canceled();
    for (const qint64 c : candidates)
        result.candidates += c;
    result.pairs = concat(parts);
    return result;
}

Result<NearDuplicateResult> nearDuplicatesAgainst(const Fingerprints &queries, const Fingerprints &corpus,
                                                  const NearDuplicateOptions &options, Feedback &feedback)
{
    if (!corpus.hasSignatures())
        return noSignatures();
    const LshIndex index(corpus, options.lshParams(corpus.numPerm), options.threads, feedback);
    if (feedback.isCanceled())
        return canceled();
    return nearDuplicatesAgainst(queries, corpus, index, options, feedback);
}

static Result<NearDuplicateResult> exactSearch(const Fingerprints &queries, const Fingerprints &corpus, bool within,
                                               const NearDuplicateOptions &options, Feedback &feedback)
{
    feedback.setPhase(QStringLiteral("Indexing shingles"));
    const auto postings = invertedIndex(corpus);
    const qint64 n = queries.size();
    const size_t chunks = size_t((n + kQueryChunk - 1) / kQueryChunk);
    std::vector<std::vector<PairMatch>> parts(chunks);
    std::vector<qint64> measured(chunks, 0);
    feedback.setPhase(QStringLiteral("Comparing every pair"), n, QStringLiteral("texts"));
    const bool done
        = parallelChunks(n, kQueryChunk, options.threads, feedback, [&](qint64 chunk, qint64 begin, qint64 end) {
              exactChunk(queries, corpus, postings, within, begin, end, options, parts[size_t(chunk)],
                         measured[size_t(chunk)]);
          });
    if (!done)
        return canceled();
    NearDuplicateResult result;
    result.fingerprint = corpus.parameters;
    for (const qint64 m : measured)
        result.candidates += m;
    result.pairs = concat(parts);
    return result;
}

Result<NearDuplicateResult> exactNearDuplicatesWithin(const Fingerprints &corpus, const NearDuplicateOptions &options,
                                                      Feedback &feedback)
{
    return exactSearch(corpus, corpus, true, options, feedback);
}

Result<NearDuplicateResult> exactNearDuplicatesAgainst(const Fingerprints &queries, const Fingerprints &corpus,
                                                       const NearDuplicateOptions &options, Feedback &feedback)
{
    return exactSearch(queries, corpus, false, options, feedback);
}

} // namespace lineage::similarity
