// SPDX-License-Identifier: GPL-3.0-or-later
// Stored fingerprints: a second run over the same texts reuses them.
#include "casefile/case_file.h"
#include "casefile/signature_store.h"
#include "similarity/signature_cache.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::similarity;

namespace {

const Investigator kWho { QStringLiteral("R. Analyst"), QStringLiteral("ranalyst") };

CaseInfo caseInfo()
{
    CaseInfo info;
    info.title = QStringLiteral("Signatures");
    return info;
}

QList<TextItem> sampleItems()
{
    QList<TextItem> items;
    for (int i = 0; i < 40; ++i)
        items.append({ QStringLiteral("turn"), i + 1, QStringLiteral("answer"),
                       QStringLiteral("Answer number %1 says the weather is fine and the model is helpful %2.")
                           .arg(i)
                           .arg(i * 7) });
    return items;
}

} // namespace

class TestSignatureCache : public QObject
{
    Q_OBJECT

private slots:
    void secondRunReuses();
    void olderSchemeIsRecomputed();
    void blobRoundTripAndDamage();

private:
    QTemporaryDir m_dir;
};

void TestSignatureCache::secondRunReuses()
{
    auto file = CaseFile::create(m_dir.filePath(QStringLiteral("sig.lineage")), caseInfo(), kWho);
    QVERIFY(file);
    Database &db = (*file)->db();
    QList<TextItem> items = sampleItems();
    FingerprintOptions o;

    CacheStats first;
    auto a = cachedFingerprints(db, items, o, nullFeedback(), &first);
    QVERIFY(a);
    QCOMPARE(first.computed, 40);
    QCOMPARE(first.reused, 0);
    QCOMPARE(*SignatureStore(db).count(), 40);

    CacheStats second;
    auto b = cachedFingerprints(db, items, o, nullFeedback(), &second);
    QVERIFY(b);
    QCOMPARE(second.computed, 0);
    QCOMPARE(second.reused, 40);
    QCOMPARE(b->shingles, a->shingles);
    QCOMPARE(b->offsets, a->offsets);
    QCOMPARE(b->signatures, a->signatures);
    // What is reused equals a fresh computation.
    QStringList texts;
    for (const TextItem &item : items)
        texts << item.text;
    auto fresh = computeFingerprints(texts, o);
    QVERIFY(fresh);
    QCOMPARE(b->signatures, fresh->signatures);

    // A changed text is recomputed; the others are reused.
    items[3].text += QStringLiteral(" Edited.");
    CacheStats third;
    auto c = cachedFingerprints(db, items, o, nullFeedback(), &third);
    QVERIFY(c);
    QCOMPARE(third.computed, 1);
    QVERIFY(c->shinglesOf(3).size() != a->shinglesOf(3).size());

    // Other tokenization or parameters never reuse.
    o.shingle = 4;
    CacheStats fourth;
    QVERIFY(cachedFingerprints(db, items, o, nullFeedback(), &fourth));
    QCOMPARE(fourth.computed, 40);
    o.shingle = 3;
    o.tokenizer.normalize.removePunctuation = true;
    CacheStats fifth;
    QVERIFY(cachedFingerprints(db, items, o, nullFeedback(), &fifth));
    QCOMPARE(fifth.computed, 40);
}

// Issue 15: cases written before one-permutation hashing hold signatures of 128 independent
// permutations (128 little-endian uint64, parameters "k=3;perm=128;seed=1"). They are never
// read as the new scheme's: the texts are fingerprinted again on demand and stored under
// parameters that name the scheme, and a second run reuses those.
void TestSignatureCache::olderSchemeIsRecomputed()
{
    auto file = CaseFile::create(m_dir.filePath(QStringLiteral("older.lineage")), caseInfo(), kWho);
    QVERIFY(file);
    Database &db = (*file)->db();
    const QList<TextItem> items = sampleItems();
    FingerprintOptions o;
    SignatureStore store(db);
    {
        casefile::Transaction tx(db);
        QVERIFY(tx.begin());
        for (const TextItem &item : items) {
            const QString sha
                = QString::fromLatin1(QCryptographicHash::hash(item.text.toUtf8(), QCryptographicHash::Sha256).toHex());
            const SignatureKey key {
                item.kind, item.id, item.field, sha, o.tokenizer.versionTag(), QStringLiteral("k=3;perm=128;seed=1")
            };
            // 1,024 bytes of signature, as 128 uint64 values were; all bits set so that no
            // value could pass for a new one.
            QVERIFY(store.put(key, { { 1, 2, 3 }, std::vector<quint32>(256, 0xffffffffu) }));
        }
        QVERIFY(tx.commit());
    }
    QCOMPARE(*store.count(), 40);

    CacheStats first;
    auto a = cachedFingerprints(db, items, o, nullFeedback(), &first);
    QVERIFY(a);
    QCOMPARE(first.computed, 40);
    QCOMPARE(first.reused, 0);
    QCOMPARE(*store.count(), 80); // the older rows stay; the new ones sit next to them
    QVERIFY(o.signatureParameters().contains(QStringLiteral("minhash=oph-od/1")));
    QCOMPARE(a->parameters, o.parametersTag());
    QStringList texts;
    for (const TextItem &item : items)
        texts << item.text;
    auto fresh = computeFingerprints(texts, o);
    QVERIFY(fresh);
    QCOMPARE(a->shingles, fresh->shingles);
    QCOMPARE(a->signatures, fresh->signatures);

    CacheStats second;
    auto b = cachedFingerprints(db, items, o, nullFeedback(), &second);
    QVERIFY(b);
    QCOMPARE(second.reused, 40);
    QCOMPARE(b->signatures, fresh->signatures);
}

void TestSignatureCache::blobRoundTripAndDamage()
{
    const std::vector<quint64> values { 0, 1, 0xFFFFFFFFFFFFFFFFULL, 0x0102030405060708ULL };
    const QByteArray blob = SignatureStore::toBlob(values);
    QCOMPARE(blob.size(), 32);
    QCOMPARE(blob.mid(24, 8), QByteArray("\x08\x07\x06\x05\x04\x03\x02\x01", 8)); // little-endian
    QCOMPARE(SignatureStore::fromBlob<quint64>(blob).value(), values);
    QVERIFY(!SignatureStore::fromBlob<quint64>(blob.left(31)));

    auto file = CaseFile::create(m_dir.filePath(QStringLiteral("damaged.lineage")), caseInfo(), kWho);
    QVERIFY(file);
    Database &db = (*file)->db();
    SignatureStore store(db);
    const SignatureKey key { QStringLiteral("record"),     7,
                             QStringLiteral("completion"), QStringLiteral("ab"),
                             QStringLiteral("tok"),        QStringLiteral("k=3") };
    QVERIFY(store.put(key, { { 1, 2, 3 }, { 9, 9 } }));
    auto found = store.find(key);
    QVERIFY(found && found->has_value());
    QCOMPARE(found->value().shingles, (std::vector<quint32> { 1, 2, 3 }));
    QVERIFY(db.exec("UPDATE text_signatures SET shingles = x'0102'"));
    auto damaged = store.find(key);
    QVERIFY(!damaged);
    QCOMPARE(damaged.error().code, ErrorCode::Corrupt);
    SignatureKey other = key;
    other.textSha256 = QStringLiteral("cd");
    auto none = store.find(other);
    QVERIFY(none && !none->has_value());
}

QTEST_GUILESS_MAIN(TestSignatureCache)
#include "tst_signature_cache.moc"
