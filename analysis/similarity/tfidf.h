// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "text/tokenizer.h"

#include <QStringList>

#include <span>
#include <unordered_map>
#include <vector>

namespace lineage::similarity {

// TF-IDF weighting as scikit-learn's TfidfVectorizer computes it: tf is the raw count (or
// 1 + ln(count) when sublinear), idf = ln((1 + n) / (1 + df)) + 1 when smooth (ln(n / df) + 1
// otherwise), rows l2-normalized when asked. With the same tokens the weights and cosine
// similarities equal scikit-learn's to 1e-9 (tests/similarity/tst_tfidf checks it).
struct TfidfOptions
{
    bool sublinearTf = false;
    bool smoothIdf = true;
    bool l2Normalize = true;
    int threads = 0; // 0 = every core; results never depend on it
};

// Documents as lists of term hashes (one per token occurrence), the input of TfidfIndex.
// Terms are identified by a 64-bit hash of their text (hashText); distinct terms of one
// corpus colliding is astronomically unlikely (about n^2 / 2^65 for n distinct terms).
using TermDocuments = std::vector<std::vector<quint64>>;

// Tokenizes `texts` with `tokenizer` (words or character n-grams) into term hashes, across
// `threads`. Canceled -> ErrorCode::Canceled.
[[nodiscard]] Result<TermDocuments> termDocuments(const QStringList &texts, const text::TokenizerOptions &tokenizer,
                                                  int threads = 0, Feedback &feedback = nullFeedback());

// A sparse matrix in compressed rows: row r has terms[rowStart[r] .. rowStart[r+1]) sorted
// ascending, with their weights.
struct SparseRows
{
    std::vector<qint64> rowStart { 0 };
    std::vector<quint32> terms;
    std::vector<double> weights;

    qint64 rows() const { return qint64(rowStart.size()) - 1; }
    std::span<const quint32> termsOf(qint64 r) const
    {
        return { terms.data() + rowStart[size_t(r)], size_t(rowStart[size_t(r) + 1] - rowStart[size_t(r)]) };
    }
    std::span<const double> weightsOf(qint64 r) const
    {
        return { weights.data() + rowStart[size_t(r)], size_t(rowStart[size_t(r) + 1] - rowStart[size_t(r)]) };
    }
    // Dot product of row r with row s of `other` (the cosine when both are l2-normalized).
    double dot(qint64 r, const SparseRows &other, qint64 s) const;
};

struct Neighbour
{
    qint64 index = 0;
    double score = 0.0;

    bool operator==(const Neighbour &) const = default;
};

// A fitted TF-IDF model over a corpus with an inverted index for top-k cosine search.
// Built once, then read-only: transform() and topK() may run from any thread.
class TfidfIndex
{
public:
    // Fits the vocabulary and idf on `corpus` and indexes its rows.
    [[nodiscard]] static Result<TfidfIndex> build(const TermDocuments &corpus, const TfidfOptions &options,
                                                  Feedback &feedback = nullFeedback());

    qint64 size() const { return m_rows.rows(); }
    qint64 vocabularySize() const { return qint64(m_idf.size()); }
    const SparseRows &rows() const { return m_rows; }
    // Term id of a term hash, or -1 when the term is not in the vocabulary.
    qint64 termId(quint64 termHash) const;
    double idf(qint64 termId) const { return m_idf[size_t(termId)]; }

    // Weights of new documents with the fitted vocabulary and idf; unknown terms are dropped
    // (as scikit-learn's transform does).
    SparseRows transform(const TermDocuments &docs) const;

    // The k most similar corpus rows of each query row by cosine, best first, ties by lower
    // index; rows with score 0 are not neighbours. `excludeSelf`: query i is corpus row i
    // (neighbours within the corpus) and is not its own neighbour.
    [[nodiscard]] Result<std::vector<std::vector<Neighbour>>> topK(const SparseRows &queries, int k, bool excludeSelf,
                                                                   Feedback &feedback = nullFeedback()) const;

private:
    SparseRows weigh(const TermDocuments &docs, qint64 begin, qint64 end, bool fitting) const;

    TfidfOptions m_options;
    std::unordered_map<quint64, quint32> m_vocabulary;
    std::vector<double> m_idf;
    SparseRows m_rows;
    // Inverted index (the corpus matrix by columns): postings of term t at
    // [m_postStart[t], m_postStart[t+1]).
    std::vector<qint64> m_postStart;
    std::vector<quint32> m_postDoc;
    std::vector<double> m_postWeight;
};

} // namespace lineage::similarity
