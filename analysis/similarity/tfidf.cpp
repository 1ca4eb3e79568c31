// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/tfidf.h"

#include "similarity/hashing.h"
#include "similarity/parallel.h"

#include <algorithm>
#include <cmath>

namespace lineage::similarity {

namespace {

constexpr qint64 kDocChunk = 512;
constexpr qint64 kQueryChunk = 32;

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("The TF-IDF computation was canceled."));
}

// Sorted term ids and counts of one document; unknown terms (id < 0) dropped.
template<typename Lookup>
void countTerms(std::span<const quint64> doc, Lookup lookup, std::vector<quint32> &ids, SparseRows &out)
{
    ids.clear();
    for (const quint64 h : doc) {
        const qint64 id = lookup(h);
        if (id >= 0)
            ids.push_back(quint32(id));
    }
    std::sort(ids.begin(), ids.end());
    for (size_t i = 0; i < ids.size();) {
        size_t j = i + 1;
        while (j < ids.size() && ids[j] == ids[i])
            ++j;
        out.terms.push_back(ids[i]);
        out.weights.push_back(double(j - i));
        i = j;
    }
    out.rowStart.push_back(qint64(out.terms.size()));
}

SparseRows concatRows(std::vector<SparseRows> &parts)
{
    SparseRows all;
    size_t nnz = 0;
    for (const auto &p : parts)
        nnz += p.terms.size();
    all.terms.reserve(nnz);
    all.weights.reserve(nnz);
    for (auto &p : parts) {
        const qint64 base = qint64(all.terms.size());
        all.terms.insert(all.terms.end(), p.terms.begin(), p.terms.end());
        all.weights.insert(all.weights.end(), p.weights.begin(), p.weights.end());
        for (size_t i = 1; i < p.rowStart.size(); ++i)
            all.rowStart.push_back(base + p.rowStart[i]);
        p = SparseRows();
    }
    return all;
}

} // namespace

Result<TermDocuments> termDocuments(const QStringList &texts, const text::TokenizerOptions &tokenizerOptions,
                                    int threads, Feedback &feedback)
{
    const text::Tokenizer tokenizer(tokenizerOptions);
    TermDocuments docs(size_t(texts.size()));
    feedback.setPhase(QStringLiteral("Tokenizing texts"), texts.size(), QStringLiteral("texts"));
    const bool done = parallelChunks(texts.size(), kDocChunk, threads, feedback, [&](qint64, qint64 begin, qint64 end) {
        for (qint64 i = begin; i < end; ++i) {
            const text::TokenizedText t = tokenizer.tokenize(texts[i]);
            auto &doc = docs[size_t(i)];
            doc.reserve(t.tokens.size());
            for (size_t k = 0; k < t.tokens.size(); ++k)
                doc.push_back(hashText(t.tokenText(k)));
        }
    });
    if (!done)
        return canceled();
    return docs;
}

double SparseRows::dot(qint64 r, const SparseRows &other, qint64 s) const
{
    const auto ta = termsOf(r);
    const auto wa = weightsOf(r);
    const auto tb = other.termsOf(s);
    const auto wb = other.weightsOf(s);
    double sum = 0.0;
    size_t i = 0, j = 0;
    while (i < ta.size() && j < tb.size()) {
        if (ta[i] < tb[j]) {
            ++i;
        } else if (tb[j] < ta[i]) {
            ++j;
        } else {
            sum += wa[i++] * wb[j++];
        }
    }
    return sum;
}

qint64 TfidfIndex::termId(quint64 termHash) const
{
    const auto it = m_vocabulary.find(termHash);
    return it == m_vocabulary.end() ? -1 : qint64(it->second);
}

SparseRows TfidfIndex::weigh(const TermDocuments &docs, qint64 begin, qint64 end, bool fitting) const
{
    const qint64 n = end - begin;
    std::vector<SparseRows> parts(size_t((n + kDocChunk - 1) / kDocChunk));
    parallelChunks(n, kDocChunk, m_options.threads, nullFeedback(), [&](qint64 chunk, qint64 b, qint64 e) {
        SparseRows &part = parts[size_t(chunk)];
        std::vector<quint32> ids;
        for (qint64 i = b; i < e; ++i) {
            const auto &doc = docs[size_t(begin + i)];
            if (fitting)
                countTerms(
                    doc, [&](quint64 h) { return qint64(m_vocabulary.at(h)); }, ids, part);
            else
                countTerms(
                    doc, [&](quint64 h) { return termId(h); }, ids, part);
        }
    });
    SparseRows rows = concatRows(parts);
    if (!fitting) {
        // Apply the fitted weighting right away.
        for (qint64 r = 0; r < rows.rows(); ++r) {
            double norm = 0.0;
            for (qint64 k = rows.rowStart[size_t(r)]; k < rows.rowStart[size_t(r) + 1]; ++k) {
                double &w = rows.weights[size_t(k)];
                const double tf = m_options.sublinearTf ? 1.0 + std::log(w) : w;
                w = tf * m_idf[rows.terms[size_t(k)]];
                norm += w * w;
            }
            if (m_options.l2Normalize && norm > 0.0) {
                norm = std::sqrt(norm);
                for (qint64 k = rows.rowStart[size_t(r)]; k < rows.rowStart[size_t(r) + 1]; ++k)
                    rows.weights[size_t(k)] /= norm;
            }
        }
    }
    return rows;
}

Result<TfidfIndex> TfidfIndex::build(const TermDocuments &corpus, const TfidfOptions &options, Feedback &feedback)
{
    TfidfIndex index;
    index.m_options = options;
    feedback.setPhase(QStringLiteral("Building the vocabulary"), qint64(corpus.size()), QStringLiteral("texts"));
    for (size_t i = 0; i < corpus.size(); ++i) {
        for (const quint64 h : corpus[i])
            index.m_vocabulary.try_emplace(h, quint32(index.m_vocabulary.size()));
        if (i % 4096 == 0) {
            if (feedback.isCanceled())
                return canceled();
            feedback.setProgress(qint64(i), qint64(i));
        }
    }
    feedback.setPhase(QStringLiteral("Weighting terms"), qint64(corpus.size()), QStringLiteral("texts"));
    index.m_rows = index.weigh(corpus, 0, qint64(corpus.size()), true);
    if (feedback.isCanceled())
        return canceled();

    // Document frequencies and idf.
    const size_t vocab = index.m_vocabulary.size();
    std::vector<qint64> df(vocab, 0);
    for (const quint32 t : index.m_rows.terms)
        ++df[t];
    const double n = double(corpus.size());
    index.m_idf.resize(vocab);
    for (size_t t = 0; t < vocab; ++t) {
        index.m_idf[t]
            = options.smoothIdf ? std::log((1.0 + n) / (1.0 + double(df[t]))) + 1.0 : std::log(n / double(df[t])) + 1.0;
    }
    // tf * idf, l2 normalization: the same code path as transform().
    SparseRows &rows = index.m_rows;
    const qint64 count = rows.rows();
    parallelChunks(count, kDocChunk, options.threads, nullFeedback(), [&](qint64, qint64 b, qint64 e) {
        for (qint64 r = b; r < e; ++r) {
            double norm = 0.0;
            for (qint64 k = rows.rowStart[size_t(r)]; k < rows.rowStart[size_t(r) + 1]; ++k) {
                double &w = rows.weights[size_t(k)];
                const double tf = options.sublinearTf ? 1.0 + std::log(w) : w;
                w = tf * index.m_idf[rows.terms[size_t(k)]];
                norm += w * w;
            }
            if (options.l2Normalize && norm > 0.0) {
                norm = std::sqrt(norm);
                for (qint64 k = rows.rowStart[size_t(r)]; k < rows.rowStart[size_t(r) + 1]; ++k)
                    rows.weights[size_t(k)] /= norm;
            }
        }
    });

    // Inverted index: postings by term, documents ascending.
    index.m_postStart.assign(vocab + 1, 0);
    for (const quint32 t : rows.terms)
        ++index.m_postStart[t + 1];
    for (size_t t = 0; t < vocab; ++t)
        index.m_postStart[t + 1] += index.m_postStart[t];
    index.m_postDoc.resize(rows.terms.size());
    index.m_postWeight.resize(rows.terms.size());
    std::vector<qint64> fill(index.m_postStart.begin(), index.m_postStart.end() - 1);
    for (qint64 r = 0; r < count; ++r) {
        for (qint64 k = rows.rowStart[size_t(r)]; k < rows.rowStart[size_t(r) + 1]; ++k) {
            const qint64 at = fill[rows.terms[size_t(k)]]++;
            index.m_postDoc[size_t(at)] = quint32(r);
            index.m_postWeight[size_t(at)] = rows.weights[size_t(k)];
        }
    }
    return index;
}

SparseRows TfidfIndex::transform(const TermDocuments &docs) const
{
    return weigh(docs, 0, qint64(docs.size()), false);
}

Result<std::vector<std::vector<Neighbour>>> TfidfIndex::topK(const SparseRows &queries, int k, bool excludeSelf,
                                                             Feedback &feedback) const
{
    const qint64 nq = queries.rows();
    const qint64 n = size();
    std::vector<std::vector<Neighbour>> result(static_cast<size_t>(nq));
    k = std::max(0, k);
    feedback.setPhase(QStringLiteral("Finding nearest neighbours"), nq, QStringLiteral("texts"));
    const bool done
        = parallelChunks(nq, kQueryChunk, m_options.threads, feedback, [&](qint64, qint64 begin, qint64 end) {
              std::vector<double> acc(size_t(n), 0.0);
              std::vector<quint32> touched;
              std::vector<Neighbour> found;
              const auto better = [](const Neighbour &x, const Neighbour &y) {
                  return x.score > y.score || (x.score == y.score && x.index < y.index);
              };
              const quint32 *docs = m_postDoc.data();
              const double *dw = m_postWeight.data();
              auto consider = [&](qint64 q, quint32 d, double score) {
                  if (k == 0 || (excludeSelf && qint64(d) == q))
                      return;
                  const Neighbour candidate { qint64(d), score };
                  if (found.size() < size_t(k)) {
                      found.push_back(candidate);
                      std::push_heap(found.begin(), found.end(), better);
                  } else if (better(candidate, found.front())) {
                      std::pop_heap(found.begin(), found.end(), better);
                      found.back() = candidate;
                      std::push_heap(found.begin(), found.end(), better);
                  }
              };
              for (qint64 q = begin; q < end; ++q) {
                  const auto terms = queries.termsOf(q);
                  const auto weights = queries.weightsOf(q);
                  // Term at a time, in term order, so each score sums in the same order however the
                  // scored texts are collected. When the postings cover a good part of the corpus,
                  // accumulate without bookkeeping and scan every text afterwards.
                  qint64 work = 0;
                  for (const quint32 t : terms)
                      work += m_postStart[t + 1] - m_postStart[t];
                  const bool dense = work * 4 >= n;
                  for (size_t i = 0; i < terms.size(); ++i) {
                      const quint32 t = terms[i];
                      const double qw = weights[i];
                      const qint64 from = m_postStart[t];
                      const qint64 to = m_postStart[t + 1];
                      if (dense) {
                          for (qint64 p = from; p < to; ++p)
                              acc[docs[p]] += qw * dw[p];
                      } else {
                          for (qint64 p = from; p < to; ++p) {
                              double &a = acc[docs[p]];
                              if (a == 0.0)
                                  touched.push_back(docs[p]);
                              a += qw * dw[p];
                          }
                      }
                  }
                  // Keep the k best in a heap whose top is the worst kept (better() orders best
                  // first). Weights are positive: a scored text has a score above 0.
                  found.clear();
                  if (dense) {
                      for (qint64 d = 0; d < n; ++d) {
                          if (acc[size_t(d)] != 0.0) {
                              consider(q, quint32(d), acc[size_t(d)]);
                              acc[size_t(d)] = 0.0;
                          }
                      }
                  } else {
                      for (const quint32 d : touched) {
                          consider(q, d, acc[d]);
                          acc[d] = 0.0;
                      }
                  }
                  touched.clear();
                  std::sort(found.begin(), found.end(), better);
                  result[size_t(q)] = found;
              }
          });
    if (!done)
        return canceled();
    return result;
}

} // namespace lineage::similarity
