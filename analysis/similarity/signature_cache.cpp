// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/signature_cache.h"

#include "casefile/signature_store.h"

#include <QCryptographicHash>

namespace lineage::similarity {

Result<Fingerprints> cachedFingerprints(casefile::Database &db, const QList<TextItem> &items,
                                        const FingerprintOptions &options, Feedback &feedback, CacheStats *stats)
{
    casefile::SignatureStore store(db);
    const QString tokenizer = options.tokenizer.versionTag();
    // The scheme is part of the key: signatures stored by an older scheme (128 independent
    // permutations, "k=3;perm=128;seed=1") are never read as this one's; they are
    // recomputed on demand and stored with the new parameters next to the old rows.
    const QString parameters = options.signatureParameters();
    std::vector<casefile::SignatureKey> keys;
    std::vector<std::optional<casefile::StoredSignature>> stored;
    keys.reserve(size_t(items.size()));
    stored.reserve(size_t(items.size()));
    QStringList missing;
    std::vector<qsizetype> missingAt;
    feedback.setPhase(QStringLiteral("Reading stored fingerprints"), items.size(), QStringLiteral("texts"));
    for (qsizetype i = 0; i < items.size(); ++i) {
        const TextItem &item = items[i];
        const QString sha
            = QString::fromLatin1(QCryptographicHash::hash(item.text.toUtf8(), QCryptographicHash::Sha256).toHex());
        keys.push_back({ item.kind, item.id, item.field, sha, tokenizer, parameters });
        auto found = store.find(keys.back());
        if (!found)
            return found.error();
        if (*found && qsizetype(found->value().signature.size()) != qsizetype(options.numPerm))
            found->reset(); // not this many permutations: recompute
        if (!*found) {
            missing << item.text;
            missingAt.push_back(i);
        }
        stored.push_back(std::move(*found));
        if (i % 1024 == 0) {
            if (feedback.isCanceled())
                return makeError(ErrorCode::Canceled, QStringLiteral("Fingerprinting was canceled."));
            feedback.setProgress(i, i);
        }
    }
    auto fresh = computeFingerprints(missing, options, feedback);
    if (!fresh)
        return fresh.error();

    if (!missing.isEmpty()) {
        feedback.setPhase(QStringLiteral("Storing fingerprints"), missing.size(), QStringLiteral("texts"));
        casefile::Transaction tx(db);
        if (auto s = tx.begin(); !s)
            return s.error();
        for (size_t m = 0; m < missingAt.size(); ++m) {
            const auto sh = fresh->shinglesOf(qint64(m));
            const auto sig = fresh->signatureOf(qint64(m));
            casefile::StoredSignature value { { sh.begin(), sh.end() }, { sig.begin(), sig.end() } };
            if (auto s = store.put(keys[size_t(missingAt[m])], value); !s)
                return s.error();
            stored[size_t(missingAt[m])] = std::move(value);
        }
        if (auto s = tx.commit(); !s)
            return s.error();
    }
    Fingerprints all;
    all.numPerm = options.numPerm;
    all.parameters = options.parametersTag();
    for (const auto &s : stored)
        all.append(s->shingles, s->signature);
    if (stats) {
        stats->computed = qint64(missing.size());
        stats->reused = qint64(items.size()) - stats->computed;
    }
    return all;
}

} // namespace lineage::similarity
