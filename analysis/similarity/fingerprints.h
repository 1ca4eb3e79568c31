// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"
#include "core/result.h"
#include "similarity/minhash.h"
#include "text/tokenizer.h"

#include <QString>
#include <QStringList>

#include <span>
#include <vector>

namespace lineage::similarity {

// How texts become shingle sets and MinHash signatures.
struct FingerprintOptions
{
    text::TokenizerOptions tokenizer; // words by default; CharNGrams for character n-grams
    int shingle = 3; // tokens per shingle (k); 1 for character n-grams
    int numPerm = 128;
    quint64 seed = 1;
    int threads = 0; // 0 = every core; results never depend on it

    // Stable description of everything that changes a fingerprint (tokenizer version tag,
    // k, permutations, seed, signature scheme), recorded with results and used as the key
    // of stored signatures.
    QString parametersTag() const;
    // The part of parametersTag() after the tokenizer: "k=3;perm=128;seed=1;minhash=oph-od/1".
    QString signatureParameters() const;
};

// Shingle sets and signatures of a list of texts, in input order. Shingle sets are sorted,
// duplicate-free shingle hashes stored back to back (CSR layout, `offsets` has size()+1
// entries); signatures hold numPerm values per text (MinHasher). A plain value: no
// threads, no I/O.
struct Fingerprints
{
    QString parameters; // FingerprintOptions::parametersTag() they were made with
    int numPerm = 0;
    std::vector<ShingleHash> shingles;
    std::vector<qint64> offsets { 0 };
    std::vector<SignatureValue> signatures;

    qint64 size() const { return qint64(offsets.size()) - 1; }
    std::span<const ShingleHash> shinglesOf(qint64 i) const
    {
        return { shingles.data() + offsets[size_t(i)], size_t(offsets[size_t(i) + 1] - offsets[size_t(i)]) };
    }
    std::span<const SignatureValue> signatureOf(qint64 i) const
    {
        return { signatures.data() + size_t(i) * size_t(numPerm), size_t(numPerm) };
    }
    bool hasSignatures() const { return signatures.size() == size_t(size()) * size_t(numPerm); }

    // Appends one text's shingle set (sorted, unique) and signature (numPerm values, or
    // empty when signatures are not kept).
    void append(std::span<const ShingleHash> shingleSet, std::span<const SignatureValue> signature);
    void append(const Fingerprints &other);
    // Room for this many texts and shingles in all (numPerm must be set first).
    void reserve(qint64 texts, qint64 shingleCount);
};

// The sorted, duplicate-free k-shingle hashes of a tokenized text. A text with fewer than
// k tokens (but at least one) gives one shingle of all its tokens; no tokens, no shingles.
std::vector<ShingleHash> shingleSet(const text::TokenizedText &tokens, int k);

// Tokenizes, shingles and signs `texts` across threads. Canceled -> ErrorCode::Canceled.
[[nodiscard]] Result<Fingerprints> computeFingerprints(const QStringList &texts, const FingerprintOptions &options,
                                                       Feedback &feedback = nullFeedback());

// Signatures for shingle sets that have none yet (for example loaded without them).
[[nodiscard]] Status computeSignatures(Fingerprints &fingerprints, const FingerprintOptions &options,
                                       Feedback &feedback = nullFeedback());

} // namespace lineage::similarity
