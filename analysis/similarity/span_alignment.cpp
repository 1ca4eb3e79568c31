// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/span_alignment.h"

#include "similarity/hashing.h"

#include <algorithm>

namespace lineage::similarity {

namespace {

struct Run
{
    qint32 a = 0;
    qint32 b = 0;
    qint32 length = 0;
};

std::vector<quint64> tokenHashes(const text::TokenizedText &t)
{
    std::vector<quint64> h(t.tokens.size());
    for (size_t i = 0; i < h.size(); ++i)
        h[i] = hashText(t.tokenText(i));
    return h;
}

bool sameTokens(const text::TokenizedText &ta, qint32 i, const text::TokenizedText &tb, qint32 j, qint32 count)
{
    for (qint32 k = 0; k < count; ++k)
        if (ta.tokenText(size_t(i + k)) != tb.tokenText(size_t(j + k)))
            return false;
    return true;
}

// Maximal exact runs of at least m equal tokens (token texts compared, not only hashes).
std::vector<Run> exactRuns(const text::TokenizedText &ta, const text::TokenizedText &tb, qint32 m)
{
    const std::vector<quint64> ha = tokenHashes(ta);
    const std::vector<quint64> hb = tokenHashes(tb);
    const qint32 na = qint32(ha.size());
    const qint32 nb = qint32(hb.size());
    std::vector<Run> runs;
    if (na < m || nb < m)
        return runs;
    std::vector<std::pair<quint64, qint32>> seeds; // m-gram hash of B -> start
    seeds.reserve(size_t(nb - m + 1));
    for (qint32 j = 0; j + m <= nb; ++j)
        seeds.emplace_back(hashSequence(hb.data() + j, size_t(m)), j);
    std::sort(seeds.begin(), seeds.end());
    for (qint32 i = 0; i + m <= na; ++i) {
        const quint64 key = hashSequence(ha.data() + i, size_t(m));
        auto it = std::lower_bound(seeds.begin(), seeds.end(), std::make_pair(key, qint32(0)));
        for (; it != seeds.end() && it->first == key; ++it) {
            const qint32 j = it->second;
            // Not a run start when the previous tokens agree too: the run was found at i-1.
            if (i > 0 && j > 0 && ha[size_t(i - 1)] == hb[size_t(j - 1)]
                && ta.tokenText(size_t(i - 1)) == tb.tokenText(size_t(j - 1)))
                continue;
            if (!sameTokens(ta, i, tb, j, m))
                continue;
            qint32 len = m;
            while (i + len < na && j + len < nb && ha[size_t(i + len)] == hb[size_t(j + len)]
                   && ta.tokenText(size_t(i + len)) == tb.tokenText(size_t(j + len)))
                ++len;
            runs.push_back({ i, j, len });
        }
    }
    std::sort(runs.begin(), runs.end(),
              [](const Run &x, const Run &y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
    return runs;
}

qint64 unionLength(std::vector<std::pair<qint32, qint32>> intervals)
{
    std::sort(intervals.begin(), intervals.end());
    qint64 total = 0;
    qint32 end = -1;
    for (const auto &[s, e] : intervals) {
        const qint32 from = std::max(s, end);
        if (e > from)
            total += e - from;
        end = std::max(end, e);
    }
    return total;
}

} // namespace

Alignment alignTokens(const text::TokenizedText &ta, const text::TokenizedText &tb, const AlignmentOptions &options)
{
    Alignment result;
    result.tokenizerVersion = options.tokenizer.versionTag();
    const qint32 m = std::max(1, options.minTokens);
    const qint32 gap = std::max(0, options.maxGap);
    const std::vector<Run> runs = exactRuns(ta, tb, m);

    // Merge runs that follow each other on both sides within the gap, greedily in A order.
    struct Open
    {
        Passage p;
        qint32 aEndToken;
        qint32 bEndToken;
    };
    std::vector<Open> merged;
    for (const Run &r : runs) {
        Open *target = nullptr;
        for (auto it = merged.rbegin(); it != merged.rend(); ++it) {
            if (r.a >= it->aEndToken && r.a - it->aEndToken <= gap && r.b >= it->bEndToken
                && r.b - it->bEndToken <= gap) {
                target = &*it;
                break;
            }
        }
        if (target) {
            target->aEndToken = r.a + r.length;
            target->bEndToken = r.b + r.length;
            target->p.matchedTokens += r.length;
        } else {
            Passage p;
            p.aFirstToken = r.a;
            p.bFirstToken = r.b;
            p.matchedTokens = r.length;
            merged.push_back({ p, r.a + r.length, r.b + r.length });
        }
    }
    for (Open &o : merged) {
        Passage &p = o.p;
        p.aTokenCount = o.aEndToken - p.aFirstToken;
        p.bTokenCount = o.bEndToken - p.bFirstToken;
        p.aStart = ta.tokens[size_t(p.aFirstToken)].start;
        p.aEnd = ta.tokens[size_t(o.aEndToken - 1)].end;
        p.bStart = tb.tokens[size_t(p.bFirstToken)].start;
        p.bEnd = tb.tokens[size_t(o.bEndToken - 1)].end;
        result.passages.push_back(p);
        result.summary.longestPassage = std::max(result.summary.longestPassage, p.aTokenCount);
    }
    std::sort(result.passages.begin(), result.passages.end(), [](const Passage &x, const Passage &y) {
        return std::tie(x.aFirstToken, x.bFirstToken) < std::tie(y.aFirstToken, y.bFirstToken);
    });

    std::vector<std::pair<qint32, qint32>> inA, inB;
    for (const Run &r : runs) {
        inA.emplace_back(r.a, r.a + r.length);
        inB.emplace_back(r.b, r.b + r.length);
    }
    AlignmentSummary &s = result.summary;
    s.tokensA = qint64(ta.tokens.size());
    s.tokensB = qint64(tb.tokens.size());
    s.sharedTokens = unionLength(inA);
    s.coverageA = s.tokensA ? double(s.sharedTokens) / double(s.tokensA) : 0.0;
    s.coverageB = s.tokensB ? double(unionLength(inB)) / double(s.tokensB) : 0.0;
    return result;
}

Alignment alignTexts(const QString &a, const QString &b, const AlignmentOptions &options)
{
    const text::Tokenizer tokenizer(options.tokenizer);
    return alignTokens(tokenizer.tokenize(a), tokenizer.tokenize(b), options);
}

} // namespace lineage::similarity
