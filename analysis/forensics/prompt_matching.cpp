// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/prompt_matching.h"

#include "forensics/text_terms.h"
#include "similarity/hashing.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <unordered_map>

namespace lineage::forensics {

namespace {

std::vector<quint64> gramSet(const QString &normalized)
{
    std::vector<quint64> g = charNGramHashes(normalized, 3);
    if (g.empty()) // shorter than three code points: the whole text is its one gram
        g.push_back(similarity::hashText(normalized));
    std::sort(g.begin(), g.end());
    g.erase(std::unique(g.begin(), g.end()), g.end());
    return g;
}

QStringList normalizeAll(const QStringList &texts)
{
    QStringList out;
    out.reserve(texts.size());
    for (const QString &t : texts)
        out.push_back(normalizedText(t));
    return out;
}

} // namespace

std::vector<qint32> firstDistinctPrompts(const QStringList &normalizedPrompts)
{
    std::vector<qint32> out;
    QSet<QString> seen;
    for (qsizetype i = 0; i < normalizedPrompts.size(); ++i) {
        if (seen.contains(normalizedPrompts[i]))
            continue;
        seen.insert(normalizedPrompts[i]);
        out.push_back(qint32(i));
    }
    return out;
}

std::vector<PromptMatch> matchPrompts(const QStringList &anchorPrompts, const QStringList &otherPrompts,
                                      double nearDuplicate, const QStringList &anchorNormalized)
{
    const QStringList anchor = anchorNormalized.isEmpty() ? normalizeAll(anchorPrompts) : anchorNormalized;
    const QStringList other = normalizeAll(otherPrompts);
    const std::vector<qint32> anchorFirst = firstDistinctPrompts(anchor);
    QHash<QString, qint32> otherFirst;
    for (qsizetype j = 0; j < other.size(); ++j)
        if (!otherFirst.contains(other[j]))
            otherFirst.insert(other[j], qint32(j));
    QSet<QString> anchorTexts;
    for (const qint32 i : anchorFirst)
        anchorTexts.insert(anchor[i]);

    std::vector<PromptMatch> out;
    std::vector<qint32> restAnchor;
    std::vector<bool> used(size_t(other.size()), false);
    for (const qint32 i : anchorFirst) {
        const auto it = otherFirst.constFind(anchor[i]);
        if (it != otherFirst.constEnd()) {
            out.push_back({ i, *it, true, 1.0 });
            used[size_t(*it)] = true;
        } else {
            restAnchor.push_back(i);
        }
    }
    if (restAnchor.empty() || !(nearDuplicate > 0.0 && nearDuplicate <= 1.0)) {
        std::sort(out.begin(), out.end(),
                  [](const PromptMatch &a, const PromptMatch &b) { return a.anchorTurn < b.anchorTurn; });
        return out;
    }

    // The remaining distinct prompts of `other`, in order, with an inverted index of grams.
    std::vector<qint32> restOther;
    std::vector<std::vector<quint64>> restGrams;
    std::unordered_map<quint64, std::vector<qint32>> postings; // gram -> positions in restOther
    QSet<QString> seen;
    for (qsizetype j = 0; j < other.size(); ++j) {
        if (used[size_t(j)] || seen.contains(other[j]) || anchorTexts.contains(other[j]))
            continue;
        seen.insert(other[j]);
        const qint32 pos = qint32(restOther.size());
        restOther.push_back(qint32(j));
        restGrams.push_back(gramSet(other[j]));
        for (const quint64 g : restGrams.back())
            postings[g].push_back(pos);
    }
    std::vector<bool> taken(restOther.size(), false);
    std::vector<qint32> shared(restOther.size(), 0);
    std::vector<qint32> touched;
    for (const qint32 i : restAnchor) {
        const std::vector<quint64> g = gramSet(anchor[i]);
        touched.clear();
        for (const quint64 h : g) {
            const auto it = postings.find(h);
            if (it == postings.end())
                continue;
            for (const qint32 pos : it->second) {
                if (taken[size_t(pos)])
                    continue;
                if (shared[size_t(pos)]++ == 0)
                    touched.push_back(pos);
            }
        }
        std::sort(touched.begin(), touched.end());
        double best = nearDuplicate;
        qint32 bestPos = -1;
        for (const qint32 pos : touched) {
            const double inter = shared[size_t(pos)];
            const double jac = inter / (double(g.size()) + double(restGrams[size_t(pos)].size()) - inter);
            if (jac >= best && (bestPos < 0 || jac > best)) {
                best = jac;
                bestPos = pos;
            }
            shared[size_t(pos)] = 0;
        }
        if (bestPos >= 0) {
            taken[size_t(bestPos)] = true;
            out.push_back({ i, restOther[size_t(bestPos)], false, best });
        }
    }
    std::sort(out.begin(), out.end(),
              [](const PromptMatch &a, const PromptMatch &b) { return a.anchorTurn < b.anchorTurn; });
    return out;
}

} // namespace lineage::forensics
