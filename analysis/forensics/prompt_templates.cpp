// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/prompt_templates.h"

#include "similarity/hashing.h"
#include "similarity/near_duplicates.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lineage::forensics {

namespace {

const quint64 kPlaceholder = similarity::hashText(u"\u2039var\u203a");

bool masks(QStringView token)
{
    for (QChar c : token)
        if (c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char('/') || c == QLatin1Char('@'))
            return true;
    return false;
}

struct UnionFind
{
    std::vector<int> parent;
    explicit UnionFind(int n) : parent(size_t(n)) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x)
    {
        while (parent[size_t(x)] != x)
            x = parent[size_t(x)] = parent[size_t(parent[size_t(x)])];
        return x;
    }
    void join(int a, int b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[size_t(std::max(a, b))] = std::min(a, b);
    }
};

} // namespace

void maskedTokenHashes(const text::TokenizedText &tokens, std::vector<quint64> &raw, std::vector<quint64> &masked,
                       std::vector<bool> &isMasked)
{
    const size_t n = tokens.tokens.size();
    raw.resize(n);
    masked.resize(n);
    isMasked.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const QStringView t = tokens.tokenText(i);
        raw[i] = similarity::hashText(t);
        isMasked[i] = masks(t);
        masked[i] = isMasked[i] ? kPlaceholder : raw[i];
    }
}

std::vector<similarity::ShingleHash> shinglesOf(const std::vector<quint64> &th, int k)
{
    using similarity::ShingleHash;
    const size_t n = th.size();
    std::vector<ShingleHash> out;
    if (n == 0)
        return out;
    const size_t kk = size_t(std::max(1, k));
    if (kk == 1) {
        out.reserve(n);
        for (const quint64 h : th)
            out.push_back(ShingleHash(h));
    } else if (n < kk) {
        out.push_back(ShingleHash(similarity::hashSequence(th.data(), n)));
    } else {
        out.reserve(n - kk + 1);
        for (size_t i = 0; i + kk <= n; ++i)
            out.push_back(ShingleHash(similarity::hashSequence(th.data() + i, kk)));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

TemplateAnalysis findTemplates(const std::vector<PromptShingles> &prompts, const TemplateOptions &options)
{
    TemplateAnalysis out;
    const int n = int(prompts.size());
    if (n == 0)
        return out;
    const int minDf = std::max(options.minPrompts, int(std::ceil(options.minShare * n - 1e-9)));

    // Document frequency of every masked shingle.
    QHash<similarity::ShingleHash, int> df;
    for (const PromptShingles &p : prompts)
        for (const similarity::ShingleHash s : p.masked)
            ++df[s];
    std::vector<std::pair<int, similarity::ShingleHash>> frequent; // (df, shingle)
    for (auto it = df.constBegin(); it != df.constEnd(); ++it)
        if (it.value() >= minDf)
            frequent.emplace_back(it.value(), it.key());
    if (frequent.empty())
        return out;
    std::sort(frequent.begin(), frequent.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (int(frequent.size()) > options.maxFrameShingles)
        frequent.resize(size_t(options.maxFrameShingles));
    std::sort(frequent.begin(), frequent.end(), [](const auto &a, const auto &b) { return a.second < b.second; });
    const int f = int(frequent.size());
    QHash<similarity::ShingleHash, int> index;
    for (int i = 0; i < f; ++i)
        index.insert(frequent[size_t(i)].second, i);

    // Posting sets: which prompts hold each frame shingle (prompt numbers, ascending).
    auto postings = std::vector<std::vector<similarity::ShingleHash>>(size_t(f));
    for (int p = 0; p < n; ++p)
        for (const similarity::ShingleHash s : prompts[size_t(p)].masked)
            if (const auto it = index.constFind(s); it != index.constEnd())
                postings[size_t(*it)].push_back(similarity::ShingleHash(p));

    // Shingles that occur in the same prompts belong to one template.
    UnionFind groups(f);
    for (int a = 0; a < f; ++a)
        for (int b = a + 1; b < f; ++b) {
            const auto &pa = postings[size_t(a)];
            const auto &pb = postings[size_t(b)];
            // Jaccard >= j needs the smaller set to be at least j of the larger.
            const double smaller = double(std::min(pa.size(), pb.size()));
            const double larger = double(std::max(pa.size(), pb.size()));
            if (smaller < options.joinJaccard * larger)
                continue;
            if (similarity::measurePair(a, b, pa, pb).jaccard >= options.joinJaccard)
                groups.join(a, b);
        }
    QHash<int, std::vector<similarity::ShingleHash>> frames;
    for (int i = 0; i < f; ++i)
        frames[groups.find(i)].push_back(frequent[size_t(i)].second);

    std::vector<bool> covered(size_t(n), false);
    for (auto it = frames.begin(); it != frames.end(); ++it) {
        std::vector<similarity::ShingleHash> &frame = it.value();
        if (int(frame.size()) < options.minShingles)
            continue;
        std::sort(frame.begin(), frame.end());
        PromptTemplate t;
        t.frame = frame;
        const double need = options.memberShare * double(frame.size());
        for (int p = 0; p < n; ++p) {
            const auto &set = prompts[size_t(p)].masked;
            qint64 shared = 0;
            auto x = set.begin();
            auto y = frame.begin();
            while (x != set.end() && y != frame.end()) {
                if (*x < *y)
                    ++x;
                else if (*y < *x)
                    ++y;
                else {
                    ++shared;
                    ++x;
                    ++y;
                }
            }
            if (double(shared) >= need)
                t.members.push_back(p);
        }
        if (int(t.members.size()) < options.minPrompts)
            continue;
        t.coverage = double(t.members.size()) / double(n);
        for (int p : t.members)
            covered[size_t(p)] = true;
        out.templates.push_back(std::move(t));
    }
    std::sort(out.templates.begin(), out.templates.end(), [](const PromptTemplate &a, const PromptTemplate &b) {
        if (a.members.size() != b.members.size())
            return a.members.size() > b.members.size();
        if (a.frame.size() != b.frame.size())
            return a.frame.size() > b.frame.size();
        return a.frame < b.frame;
    });
    if (!out.templates.empty())
        out.topShare = out.templates.front().coverage;
    out.anyShare = double(std::count(covered.begin(), covered.end(), true)) / double(n);
    return out;
}

QString templateText(const QString &original, const text::TokenizedText &tokens,
                     const std::vector<quint64> &maskedHashes, const std::vector<similarity::ShingleHash> &frame,
                     int shingle, int maxChars)
{
    const size_t n = tokens.tokens.size();
    if (n == 0 || maskedHashes.size() != n)
        return {};
    const size_t k = size_t(std::max(1, shingle));
    std::vector<bool> fixed(n, false);
    auto inFrame
        = [&](quint64 h) { return std::binary_search(frame.begin(), frame.end(), similarity::ShingleHash(h)); };
    if (n < k) {
        if (inFrame(similarity::hashSequence(maskedHashes.data(), n)))
            std::fill(fixed.begin(), fixed.end(), true);
    } else {
        for (size_t i = 0; i + k <= n; ++i)
            if (inFrame(similarity::hashSequence(maskedHashes.data() + i, k)))
                for (size_t j = i; j < i + k; ++j)
                    fixed[j] = true;
    }
    QString out;
    bool gap = false;
    for (size_t i = 0; i < n; ++i) {
        const text::Token &t = tokens.tokens[i];
        if (!fixed[i]) {
            if (!gap) {
                if (!out.isEmpty() && !out.endsWith(QLatin1Char(' ')))
                    out += QLatin1Char(' ');
                out += QChar(0x2026);
                gap = true;
            }
            continue;
        }
        if (!out.isEmpty()) {
            // The text between this word and the previous one when both are fixed (its
            // punctuation), a space after a slot.
            if (!gap && i > 0)
                out += original.mid(tokens.tokens[i - 1].end, t.start - tokens.tokens[i - 1].end);
            else
                out += QLatin1Char(' ');
        }
        out += original.mid(t.start, t.end - t.start);
        gap = false;
        if (out.size() > maxChars)
            return out.left(maxChars - 1) + QChar(0x2026);
    }
    // Punctuation closing the last fixed word.
    if (!gap && fixed[n - 1])
        out += original.mid(tokens.tokens[n - 1].end).trimmed();
    return out.simplified();
}

} // namespace lineage::forensics
