// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/fingerprints.h"

#include "similarity/hashing.h"
#include "similarity/minhash.h"
#include "similarity/parallel.h"

#include <algorithm>

namespace lineage::similarity {

namespace {

constexpr qint64 kChunk = 256;

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("Fingerprinting was canceled."));
}

} // namespace

QString FingerprintOptions::signatureParameters() const
{
    return QStringLiteral("k=%1;perm=%2;seed=%3;minhash=%4")
        .arg(shingle)
        .arg(numPerm)
        .arg(seed)
        .arg(QLatin1String(MinHasher::kScheme));
}

QString FingerprintOptions::parametersTag() const
{
    return tokenizer.versionTag() + QLatin1Char(';') + signatureParameters();
}

void Fingerprints::append(std::span<const ShingleHash> shingleSet, std::span<const SignatureValue> signature)
{
    shingles.insert(shingles.end(), shingleSet.begin(), shingleSet.end());
    offsets.push_back(qint64(shingles.size()));
    signatures.insert(signatures.end(), signature.begin(), signature.end());
}

void Fingerprints::reserve(qint64 texts, qint64 shingleCount)
{
    shingles.reserve(size_t(shingleCount));
    offsets.reserve(size_t(texts) + 1);
    signatures.reserve(size_t(texts) * size_t(std::max(0, numPerm)));
}

namespace {

// Room for `extra` more elements, growing by a quarter rather than doubling: appending
// batch after batch to a large arena then peaks at 2.25 times its size, not 3 times.
template<typename T> void makeRoom(std::vector<T> &v, size_t extra)
{
    const size_t needed = v.size() + extra;
    if (needed > v.capacity())
        v.reserve(std::max(needed, v.capacity() + v.capacity() / 4));
}

} // namespace

void Fingerprints::append(const Fingerprints &other)
{
    makeRoom(shingles, other.shingles.size());
    makeRoom(offsets, other.offsets.size());
    makeRoom(signatures, other.signatures.size());
    if (size() == 0)
        numPerm = other.numPerm;
    if (parameters.isEmpty())
        parameters = other.parameters;
    const qint64 base = qint64(shingles.size());
    shingles.insert(shingles.end(), other.shingles.begin(), other.shingles.end());
    for (size_t i = 1; i < other.offsets.size(); ++i)
        offsets.push_back(base + other.offsets[i]);
    signatures.insert(signatures.end(), other.signatures.begin(), other.signatures.end());
}

std::vector<ShingleHash> shingleSet(const text::TokenizedText &tokens, int k)
{
    const size_t n = tokens.tokens.size();
    std::vector<ShingleHash> out;
    if (n == 0)
        return out;
    thread_local std::vector<quint64> th;
    th.resize(n);
    for (size_t i = 0; i < n; ++i)
        th[i] = hashText(tokens.tokenText(i));
    const size_t kk = size_t(std::max(1, k));
    if (kk == 1) {
        out.reserve(n);
        for (const quint64 h : th)
            out.push_back(ShingleHash(h));
    } else if (n < kk) {
        out.push_back(ShingleHash(hashSequence(th.data(), n)));
    } else {
        out.reserve(n - kk + 1);
        for (size_t i = 0; i + kk <= n; ++i)
            out.push_back(ShingleHash(hashSequence(th.data() + i, kk)));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<Fingerprints> computeFingerprints(const QStringList &texts, const FingerprintOptions &options,
                                         Feedback &feedback)
{
    const text::Tokenizer tokenizer(options.tokenizer);
    const MinHasher hasher(options.numPerm, options.seed);
    const qint64 n = texts.size();
    std::vector<Fingerprints> parts(size_t((n + kChunk - 1) / kChunk));
    feedback.setPhase(QStringLiteral("Fingerprinting texts"), n, QStringLiteral("texts"));
    const bool done = parallelChunks(n, kChunk, options.threads, feedback, [&](qint64 chunk, qint64 begin, qint64 end) {
        Fingerprints &part = parts[size_t(chunk)];
        part.numPerm = hasher.numPerm();
        part.reserve(end - begin, (end - begin) * 256);
        std::vector<SignatureValue> signature(size_t(hasher.numPerm()));
        for (qint64 i = begin; i < end; ++i) {
            const std::vector<ShingleHash> set = shingleSet(tokenizer.tokenize(texts[i]), options.shingle);
            hasher.sign(set, signature.data());
            part.append(set, signature);
        }
    });
    if (!done)
        return canceled();
    Fingerprints all;
    all.numPerm = hasher.numPerm();
    all.parameters = options.parametersTag();
    size_t shingles = 0;
    for (const Fingerprints &part : parts)
        shingles += part.shingles.size();
    all.reserve(n, qint64(shingles));
    for (Fingerprints &part : parts) {
        all.append(part);
        part = Fingerprints(); // release as we go: the peak is one copy plus one chunk
    }
    return all;
}

Status computeSignatures(Fingerprints &fingerprints, const FingerprintOptions &options, Feedback &feedback)
{
    const MinHasher hasher(options.numPerm, options.seed);
    const qint64 n = fingerprints.size();
    fingerprints.numPerm = hasher.numPerm();
    fingerprints.parameters = options.parametersTag();
    fingerprints.signatures.assign(size_t(n) * size_t(hasher.numPerm()), 0);
    feedback.setPhase(QStringLiteral("Computing signatures"), n, QStringLiteral("texts"));
    const bool done = parallelChunks(n, kChunk, options.threads, feedback, [&](qint64, qint64 begin, qint64 end) {
        for (qint64 i = begin; i < end; ++i)
            hasher.sign(fingerprints.shinglesOf(i),
                        fingerprints.signatures.data() + size_t(i) * size_t(hasher.numPerm()));
    });
    if (!done)
        return canceled();
    return Status::success();
}

} // namespace lineage::similarity
