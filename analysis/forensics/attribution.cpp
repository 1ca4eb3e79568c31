// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/attribution.h"

#include "forensics/random_stream.h"
#include "forensics/robust_stats.h"
#include "forensics/text_terms.h"
#include "similarity/parallel.h"
#include "similarity/tfidf.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace lineage::forensics {

namespace {

using similarity::SparseRows;

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("The attribution was canceled."));
}

// The terms of one answer, and its normalized prompt (the fold and leave-out key).
struct AnswerTerms
{
    std::vector<quint64> words;
    std::vector<quint64> chars;
    QString prompt;
    qint64 wordCount = 0;
};

AnswerTerms answerTerms(const PromptAnswer &turn, const AttributionParameters &par)
{
    AnswerTerms t;
    QString text = normalizedText(turn.answer);
    std::vector<qsizetype> ends;
    std::vector<QString> words = wordTokens(text, &ends);
    if (par.maxWords > 0 && words.size() > size_t(par.maxWords)) {
        text.truncate(ends[size_t(par.maxWords) - 1]);
        words.resize(size_t(par.maxWords));
    }
    t.wordCount = qint64(words.size());
    t.words = wordTermHashes(words);
    t.chars = charNGramHashes(text, par.charN);
    t.prompt = normalizedText(turn.prompt);
    return t;
}

// Row r of `a` and row r of `b` (term ids of b shifted by `offset`), concatenated and
// l2-normalized as a whole.
void appendMerged(const SparseRows &a, const SparseRows &b, qint64 r, quint32 offset, SparseRows &out)
{
    const auto ta = a.termsOf(r), tb = b.termsOf(r);
    const auto wa = a.weightsOf(r), wb = b.weightsOf(r);
    double norm = 0.0;
    for (const double w : wa)
        norm += w * w;
    for (const double w : wb)
        norm += w * w;
    norm = norm > 0.0 ? std::sqrt(norm) : 1.0;
    for (size_t i = 0; i < ta.size(); ++i) {
        out.terms.push_back(ta[i]);
        out.weights.push_back(wa[i] / norm);
    }
    for (size_t i = 0; i < tb.size(); ++i) {
        out.terms.push_back(tb[i] + offset);
        out.weights.push_back(wb[i] / norm);
    }
    out.rowStart.push_back(qint64(out.terms.size()));
}

double dotDense(const SparseRows &rows, qint64 r, const std::vector<double> &dense)
{
    const auto t = rows.termsOf(r);
    const auto w = rows.weightsOf(r);
    double s = 0.0;
    for (size_t i = 0; i < t.size(); ++i)
        s += w[i] * dense[t[i]];
    return s;
}

void addRow(const SparseRows &rows, qint64 r, double sign, std::vector<double> &dense)
{
    const auto t = rows.termsOf(r);
    const auto w = rows.weightsOf(r);
    for (size_t i = 0; i < t.size(); ++i)
        dense[t[i]] += sign * w[i];
}

bool emptyRow(const SparseRows &rows, qint64 r)
{
    return rows.rowStart[size_t(r)] == rows.rowStart[size_t(r) + 1];
}

int argmax(const std::vector<double> &v)
{
    int best = 0;
    for (size_t k = 1; k < v.size(); ++k)
        if (v[k] > v[size_t(best)])
            best = int(k);
    return best;
}

} // namespace

Result<AttributionResult> runAttribution(const AttributionInput &input, const AttributionParameters &par,
                                         Feedback &feedback)
{
    const int C = int(input.candidates.size());
    if (C < 2)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Attribution needs at least two candidate teachers; %1 given.").arg(C));
    QSet<QString> labels;
    for (const ModelAnswers &c : input.candidates) {
        if (labels.contains(c.label))
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("The candidate '%1' is given twice.").arg(c.label));
        labels.insert(c.label);
        if (c.turns.empty())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("The candidate '%1' has no answers.").arg(c.label));
    }
    if (par.folds < 2 || par.charN < 1 || !(par.confidence > 0.0 && par.confidence < 1.0))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Attribution needs at least 2 folds, n-grams of at least 1 character and a "
                                        "confidence between 0 and 1."));

    // ---- terms of every answer: candidates first, then each suspect
    std::vector<std::pair<int, qint32>> where; // (model: candidate c or C + suspect s, turn)
    for (int c = 0; c < C; ++c)
        for (size_t t = 0; t < input.candidates[size_t(c)].turns.size(); ++t)
            where.push_back({ c, qint32(t) });
    const qint64 candidateAnswers = qint64(where.size());
    for (size_t s = 0; s < input.suspects.size(); ++s)
        for (size_t t = 0; t < input.suspects[s].turns.size(); ++t)
            where.push_back({ C + int(s), qint32(t) });
    std::vector<AnswerTerms> terms(where.size());
    feedback.setPhase(QStringLiteral("Reading answers"), qint64(where.size()), QStringLiteral("answers"));
    if (!similarity::parallelChunks(qint64(where.size()), 64, par.threads, feedback, [&](qint64, qint64 b, qint64 e) {
            for (qint64 i = b; i < e; ++i) {
                const auto [m, t] = where[size_t(i)];
                const ModelAnswers &model = m < C ? input.candidates[size_t(m)] : input.suspects[size_t(m - C)];
                terms[size_t(i)] = answerTerms(model.turns[size_t(t)], par);
            }
        }))
        return canceled();

    // ---- TF-IDF blocks, idf from the candidates' answers
    similarity::TermDocuments wordDocs(static_cast<size_t>(candidateAnswers)),
        charDocs(static_cast<size_t>(candidateAnswers));
    for (qint64 i = 0; i < candidateAnswers; ++i) {
        wordDocs[size_t(i)] = terms[size_t(i)].words;
        charDocs[size_t(i)] = terms[size_t(i)].chars;
    }
    similarity::TfidfOptions options;
    options.sublinearTf = true;
    options.threads = par.threads;
    auto wordIndex = similarity::TfidfIndex::build(wordDocs, options, feedback);
    if (!wordIndex)
        return wordIndex.error();
    auto charIndex = similarity::TfidfIndex::build(charDocs, options, feedback);
    if (!charIndex)
        return charIndex.error();
    const quint32 offset = quint32(wordIndex->vocabularySize());
    const size_t V = size_t(wordIndex->vocabularySize() + charIndex->vocabularySize());
    SparseRows train;
    for (qint64 i = 0; i < candidateAnswers; ++i)
        appendMerged(wordIndex->rows(), charIndex->rows(), i, offset, train);

    // classes, prompt groups and folds of the training answers
    std::vector<int> cls(static_cast<size_t>(candidateAnswers));
    std::vector<int> group(static_cast<size_t>(candidateAnswers));
    QHash<QString, int> groupOf;
    for (qint64 i = 0; i < candidateAnswers; ++i) {
        cls[size_t(i)] = where[size_t(i)].first;
        const QString &p = terms[size_t(i)].prompt;
        auto it = groupOf.constFind(p);
        if (it == groupOf.constEnd())
            it = groupOf.insert(p, int(groupOf.size()));
        group[size_t(i)] = *it;
    }
    std::vector<std::vector<qint64>> groupRows(size_t(groupOf.size()));
    for (qint64 i = 0; i < candidateAnswers; ++i)
        if (!emptyRow(train, i))
            groupRows[size_t(group[size_t(i)])].push_back(i);

    AttributionResult result;
    result.parameters = par;
    result.method = QStringLiteral("attribution-centroid/1;stylometry/%1;char%2+word12%3")
                        .arg(kStylometryVersion)
                        .arg(par.charN)
                        .arg(par.maxWords > 0 ? QStringLiteral(";max-words=%1").arg(par.maxWords) : QString());
    result.trainingAnswers.assign(size_t(C), 0);
    result.meanWords.assign(size_t(C), 0.0);
    for (int c = 0; c < C; ++c)
        result.candidates.push_back(input.candidates[size_t(c)].label);
    std::vector<std::vector<double>> total(static_cast<size_t>(C), std::vector<double>(V, 0.0));
    for (qint64 i = 0; i < candidateAnswers; ++i) {
        if (emptyRow(train, i))
            continue;
        addRow(train, i, 1.0, total[size_t(cls[size_t(i)])]);
        ++result.trainingAnswers[size_t(cls[size_t(i)])];
        result.meanWords[size_t(cls[size_t(i)])] += double(terms[size_t(i)].wordCount);
    }
    for (int c = 0; c < C; ++c) {
        if (result.trainingAnswers[size_t(c)] == 0)
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("The candidate '%1' has no answer with any text.").arg(result.candidates[c]));
        result.meanWords[size_t(c)] /= double(result.trainingAnswers[size_t(c)]);
    }

    // ---- cross-validation, folds by prompt group
    result.confusion.assign(size_t(C), std::vector<qint64>(size_t(C), 0));
    result.foldAccuracy.assign(size_t(par.folds), 0.0);
    feedback.setPhase(QStringLiteral("Cross-validating"), par.folds, QStringLiteral("folds"));
    std::vector<std::vector<double>> centroid(static_cast<size_t>(C), std::vector<double>(V));
    for (int f = 0; f < par.folds; ++f) {
        if (feedback.isCanceled())
            return canceled();
        std::vector<qint64> test;
        for (int c = 0; c < C; ++c)
            centroid[size_t(c)] = total[size_t(c)];
        for (qint64 i = 0; i < candidateAnswers; ++i) {
            if (emptyRow(train, i) || group[size_t(i)] % par.folds != f)
                continue;
            test.push_back(i);
            addRow(train, i, -1.0, centroid[size_t(cls[size_t(i)])]);
        }
        std::vector<double> norm(static_cast<size_t>(C), 0.0);
        for (int c = 0; c < C; ++c) {
            for (const double v : centroid[size_t(c)])
                norm[size_t(c)] += v * v;
            norm[size_t(c)] = std::sqrt(norm[size_t(c)]);
        }
        std::vector<int> predicted(test.size());
        if (!similarity::parallelChunks(
                qint64(test.size()), 256, par.threads, nullFeedback(), [&](qint64, qint64 b, qint64 e) {
                    std::vector<double> cos(static_cast<size_t>(C));
                    for (qint64 j = b; j < e; ++j) {
                        for (int c = 0; c < C; ++c)
                            cos[size_t(c)] = norm[size_t(c)] > 0.0
                                ? dotDense(train, test[size_t(j)], centroid[size_t(c)]) / norm[size_t(c)]
                                : 0.0;
                        predicted[size_t(j)] = argmax(cos);
                    }
                }))
            return canceled();
        qint64 right = 0;
        for (size_t j = 0; j < test.size(); ++j) {
            const int truth = cls[size_t(test[j])];
            ++result.confusion[size_t(truth)][size_t(predicted[j])];
            right += predicted[j] == truth ? 1 : 0;
        }
        result.foldAccuracy[size_t(f)] = test.empty() ? 0.0 : double(right) / double(test.size());
        feedback.setProgress(f + 1);
    }
    qint64 right = 0, all = 0;
    for (int c = 0; c < C; ++c) {
        qint64 row = 0;
        for (int k = 0; k < C; ++k)
            row += result.confusion[size_t(c)][size_t(k)];
        right += result.confusion[size_t(c)][size_t(c)];
        all += row;
        result.balancedAccuracy += row ? double(result.confusion[size_t(c)][size_t(c)]) / double(row) : 0.0;
    }
    result.cvAccuracy = all ? double(right) / double(all) : 0.0;
    result.balancedAccuracy /= double(C);

    // ---- suspects: centroids of all training answers, less those to the same prompt
    std::vector<double> totalNorm2(static_cast<size_t>(C), 0.0);
    for (int c = 0; c < C; ++c)
        for (const double v : total[size_t(c)])
            totalNorm2[size_t(c)] += v * v;
    std::vector<double> rowDotTotal(static_cast<size_t>(candidateAnswers), 0.0); // row . total of its class
    for (qint64 i = 0; i < candidateAnswers; ++i)
        if (!emptyRow(train, i))
            rowDotTotal[size_t(i)] = dotDense(train, i, total[size_t(cls[size_t(i)])]);

    feedback.setPhase(QStringLiteral("Attributing suspects"), qint64(input.suspects.size()),
                      QStringLiteral("transcripts"));
    qint64 base = candidateAnswers;
    for (size_t s = 0; s < input.suspects.size(); ++s) {
        const ModelAnswers &suspect = input.suspects[s];
        const qint64 n = qint64(suspect.turns.size());
        similarity::TermDocuments sw(static_cast<size_t>(n)), sc(static_cast<size_t>(n));
        for (qint64 i = 0; i < n; ++i) {
            sw[size_t(i)] = terms[size_t(base + i)].words;
            sc[size_t(i)] = terms[size_t(base + i)].chars;
        }
        const SparseRows w = wordIndex->transform(sw), ch = charIndex->transform(sc);
        SparseRows rows;
        for (qint64 i = 0; i < n; ++i)
            appendMerged(w, ch, i, offset, rows);
        std::vector<AttributedAnswer> scored(static_cast<size_t>(n));
        std::vector<char> ok(static_cast<size_t>(n), 0);
        if (!similarity::parallelChunks(n, 128, par.threads, feedback, [&](qint64, qint64 b, qint64 e) {
                for (qint64 i = b; i < e; ++i) {
                    if (emptyRow(rows, i))
                        continue;
                    AttributedAnswer &a = scored[size_t(i)];
                    a.turn = qint32(i);
                    a.cosine.assign(size_t(C), 0.0);
                    const std::vector<qint64> *same = nullptr;
                    if (par.leaveOutSamePrompt) {
                        const auto g = groupOf.constFind(terms[size_t(base + i)].prompt);
                        if (g != groupOf.constEnd())
                            same = &groupRows[size_t(*g)];
                    }
                    for (int c = 0; c < C; ++c) {
                        double xs = dotDense(rows, i, total[size_t(c)]);
                        double n2 = totalNorm2[size_t(c)];
                        if (same) {
                            std::vector<qint64> mine;
                            for (const qint64 r : *same)
                                if (cls[size_t(r)] == c)
                                    mine.push_back(r);
                            for (const qint64 r : mine) {
                                xs -= rows.dot(i, train, r);
                                n2 -= 2.0 * rowDotTotal[size_t(r)];
                                for (const qint64 r2 : mine)
                                    n2 += train.dot(r, train, r2);
                            }
                        }
                        a.cosine[size_t(c)] = n2 > 1e-18 ? xs / std::sqrt(n2) : 0.0;
                    }
                    a.candidate = argmax(a.cosine);
                    ok[size_t(i)] = 1;
                }
            }))
            return canceled();
        SuspectAttribution sa;
        sa.label = suspect.label;
        std::vector<int> pred;
        for (qint64 i = 0; i < n; ++i) {
            if (!ok[size_t(i)]) {
                ++sa.skipped;
                continue;
            }
            pred.push_back(scored[size_t(i)].candidate);
            sa.meanWords += double(terms[size_t(base + i)].wordCount);
            sa.perAnswer.push_back(std::move(scored[size_t(i)]));
        }
        sa.answers = qint64(pred.size());
        sa.meanWords = sa.answers ? sa.meanWords / double(sa.answers) : 0.0;
        sa.shares.assign(size_t(C), 0.0);
        sa.intervals.assign(size_t(C), { 0.0, 0.0 });
        if (sa.answers > 0) {
            for (const int p : pred)
                sa.shares[size_t(p)] += 1.0;
            for (double &v : sa.shares)
                v /= double(sa.answers);
            sa.attributedIndex = argmax(sa.shares);
            sa.attributed = result.candidates[sa.attributedIndex];
            if (par.bootstrap > 0) {
                std::vector<std::vector<double>> boot(static_cast<size_t>(C),
                                                      std::vector<double>(size_t(par.bootstrap)));
                std::vector<qint32> counts;
                for (int r = 0; r < par.bootstrap; ++r) {
                    if (feedback.isCanceled())
                        return canceled();
                    bootstrapCounts(par.seed, r, sa.answers, counts);
                    std::vector<double> share(static_cast<size_t>(C), 0.0);
                    for (size_t i = 0; i < pred.size(); ++i)
                        share[size_t(pred[i])] += counts[i];
                    for (int c = 0; c < C; ++c)
                        boot[size_t(c)][size_t(r)] = share[size_t(c)] / double(sa.answers);
                }
                const double alpha = (1.0 - par.confidence) / 2.0;
                for (int c = 0; c < C; ++c) {
                    std::sort(boot[size_t(c)].begin(), boot[size_t(c)].end());
                    sa.intervals[size_t(c)]
                        = { quantileSorted(boot[size_t(c)], alpha), quantileSorted(boot[size_t(c)], 1.0 - alpha) };
                }
                sa.decisive = true;
                for (int c = 0; c < C; ++c)
                    if (c != sa.attributedIndex
                        && sa.intervals[size_t(c)][1] >= sa.intervals[size_t(sa.attributedIndex)][0])
                        sa.decisive = false;
            }
        }
        result.suspects.push_back(std::move(sa));
        base += n;
        feedback.setProgress(qint64(s) + 1);
    }
    return result;
}

} // namespace lineage::forensics
