// SPDX-License-Identifier: GPL-3.0-or-later
// Shingles, MinHash/LSH and exact verification of near-duplicate pairs.
#include "similarity/fingerprints.h"
#include "similarity/hashing.h"
#include "similarity/lsh_index.h"
#include "similarity/minhash.h"
#include "similarity/near_duplicates.h"
#include "similarity/set_measures.h"

#include <QTest>

#include <random>
#include <set>

using namespace lineage;
using namespace lineage::similarity;

namespace {

// A corpus of random texts with planted near-duplicates: text 2i+1 is text 2i with a
// fraction of its words replaced, for the first `planted` pairs.
QStringList plantedCorpus(int texts, int planted, quint32 seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> word(0, 1999);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    QStringList out;
    for (int i = 0; i < texts; ++i) {
        if (i % 2 == 1 && i / 2 < planted) {
            QStringList words = out.back().split(QLatin1Char(' '));
            const double change = 0.005 + 0.06 * unit(rng); // 0.5..6.5% of the words
            for (QString &w : words)
                if (unit(rng) < change)
                    w = QStringLiteral("x%1").arg(word(rng));
            out << words.join(QLatin1Char(' '));
            continue;
        }
        QStringList words;
        const int n = 60 + word(rng) % 60;
        for (int k = 0; k < n; ++k)
            words << QStringLiteral("w%1").arg(word(rng));
        out << words.join(QLatin1Char(' '));
    }
    return out;
}

std::set<std::pair<qint64, qint64>> pairSet(const std::vector<PairMatch> &pairs)
{
    std::set<std::pair<qint64, qint64>> s;
    for (const PairMatch &p : pairs)
        s.emplace(p.a, p.b);
    return s;
}

} // namespace

class TestNearDuplicates : public QObject
{
    Q_OBJECT

private slots:
    void handComputedMeasures();
    void shinglesOfText();
    void lshParamsMatchDatasketch_data();
    void lshParamsMatchDatasketch();
    void minhashEstimatesJaccard();
    void onePermutationHashingIsUnbiased_data();
    void onePermutationHashingIsUnbiased();
    void signatureSchemeIsStable();
    void lshRecallOnPlantedSet();
    void queriesAgainstCorpus();
    void threadCountIndependence();
    void cancelIsAStatus();
};

void TestNearDuplicates::handComputedMeasures()
{
    const std::vector<ShingleHash> a { 1, 2, 3, 4 };
    const std::vector<ShingleHash> b { 3, 4, 5 };
    const PairMatch m = measurePair(0, 1, a, b);
    QCOMPARE(m.shared, 2);
    QCOMPARE(m.jaccard, 2.0 / 5.0);
    QCOMPARE(m.containmentA, 0.5);
    QCOMPARE(m.containmentB, 2.0 / 3.0);
    QCOMPARE(jaccard(std::vector<ShingleHash> {}, std::vector<ShingleHash> {}), 0.0);
    QCOMPARE(jaccard(a, a), 1.0);

    NearDuplicateOptions o;
    o.threshold = 0.6;
    QVERIFY(!passes(m, o));
    o.measure = PairMeasure::Containment;
    QVERIFY(passes(m, o)); // 2/3 of B is in A
}

void TestNearDuplicates::shinglesOfText()
{
    // "a b c d" and "B c d e" with k = 2: {ab, bc, cd} and {bc, cd, de}: Jaccard 2/4.
    const text::Tokenizer tokenizer;
    const auto a = shingleSet(tokenizer.tokenize(QStringLiteral("a b, c d")), 2);
    const auto b = shingleSet(tokenizer.tokenize(QStringLiteral("B c d e")), 2);
    QCOMPARE(a.size(), size_t(3));
    QCOMPARE(jaccard(a, b), 0.5);
    QCOMPARE(containment(intersectionSize(a, b), qint64(a.size())), 2.0 / 3.0);
    // Order matters within a shingle; repeated shingles count once.
    QCOMPARE(shingleSet(tokenizer.tokenize(QStringLiteral("b a")), 2)
                 == shingleSet(tokenizer.tokenize(QStringLiteral("a b")), 2),
             false);
    QCOMPARE(shingleSet(tokenizer.tokenize(QStringLiteral("a b a b a b")), 2).size(), size_t(2));
    // Shorter than k: one shingle; empty: none.
    QCOMPARE(shingleSet(tokenizer.tokenize(QStringLiteral("only")), 3).size(), size_t(1));
    QVERIFY(shingleSet(tokenizer.tokenize(QStringLiteral(" ... ")), 3).empty());
}

void TestNearDuplicates::lshParamsMatchDatasketch_data()
{
    // Expected values from datasketch's _optimal_param (scipy.integrate.quad).
    QTest::addColumn<double>("threshold");
    QTest::addColumn<int>("numPerm");
    QTest::addColumn<double>("fpWeight");
    QTest::addColumn<int>("bands");
    QTest::addColumn<int>("rows");
    QTest::newRow("0.3") << 0.3 << 128 << 0.5 << 37 << 3;
    QTest::newRow("0.5") << 0.5 << 128 << 0.5 << 25 << 5;
    QTest::newRow("0.8") << 0.8 << 128 << 0.5 << 9 << 13;
    QTest::newRow("0.9/256") << 0.9 << 256 << 0.5 << 9 << 28;
    QTest::newRow("0.5 recall-weighted") << 0.5 << 128 << 0.1 << 32 << 4;
    QTest::newRow("0.3 recall-weighted") << 0.3 << 128 << 0.1 << 32 << 2;
    QTest::newRow("0.8 recall-weighted") << 0.8 << 128 << 0.1 << 14 << 9;
    QTest::newRow("0.7/64") << 0.7 << 64 << 0.5 << 8 << 8;
}

void TestNearDuplicates::lshParamsMatchDatasketch()
{
    QFETCH(double, threshold);
    QFETCH(int, numPerm);
    QFETCH(double, fpWeight);
    QFETCH(int, bands);
    QFETCH(int, rows);
    const LshParams p = LshParams::optimal(threshold, numPerm, fpWeight, 1.0 - fpWeight);
    QCOMPARE(p.bands, bands);
    QCOMPARE(p.rows, rows);
}

void TestNearDuplicates::minhashEstimatesJaccard()
{
    std::vector<ShingleHash> a, b;
    for (quint64 i = 0; i < 300; ++i)
        a.push_back(fmix64(i));
    for (quint64 i = 100; i < 400; ++i)
        b.push_back(fmix64(i));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const double exact = jaccard(a, b); // 200 / 400
    QCOMPARE(exact, 0.5);
    const MinHasher hasher(512, 7);
    std::vector<SignatureValue> sa(512), sb(512);
    hasher.sign(a, sa.data());
    hasher.sign(b, sb.data());
    QVERIFY2(qAbs(MinHasher::estimate(sa, sb) - exact) < 0.08,
             qPrintable(QString::number(MinHasher::estimate(sa, sb))));
    std::vector<SignatureValue> sc(512);
    hasher.sign(a, sc.data());
    QCOMPARE(sa, sc);
    QCOMPARE(MinHasher::estimate(sa, sc), 1.0);
    // Different seeds are different permutations.
    std::vector<SignatureValue> sd(512);
    MinHasher(512, 8).sign(a, sd.data());
    QVERIFY(sd != sa);
}

// Issue 15: one-permutation hashing with densification must agree on a bin with probability
// J, for sets much larger than the bins and for sets with most bins empty (densified).
void TestNearDuplicates::onePermutationHashingIsUnbiased_data()
{
    QTest::addColumn<int>("shared");
    QTest::addColumn<int>("own"); // elements of each set that the other lacks
    QTest::newRow("400 elements, J=0.5") << 400 << 200;
    QTest::newRow("150 elements, J=0.2") << 60 << 120;
    QTest::newRow("30 elements, J=0.5, mostly densified") << 20 << 10;
    QTest::newRow("9 elements, J=0.8, mostly densified") << 8 << 1;
}

void TestNearDuplicates::onePermutationHashingIsUnbiased()
{
    QFETCH(int, shared);
    QFETCH(int, own);
    const double truth = double(shared) / double(shared + 2 * own);
    const MinHasher hasher(128, 3);
    std::vector<SignatureValue> sa(128), sb(128);
    double sum = 0;
    constexpr int kPairs = 400;
    quint64 next = 1;
    for (int pair = 0; pair < kPairs; ++pair) {
        std::vector<ShingleHash> a, b;
        for (int i = 0; i < shared; ++i) {
            const ShingleHash h = fmix64(next++);
            a.push_back(h);
            b.push_back(h);
        }
        for (int i = 0; i < own; ++i) {
            a.push_back(fmix64(next++));
            b.push_back(fmix64(next++));
        }
        hasher.sign(a, sa.data());
        hasher.sign(b, sb.data());
        sum += MinHasher::estimate(sa, sb);
    }
    // The mean of 400 estimates has a standard deviation below 0.0023 when the bins are
    // independent; allow for the correlation densification brings.
    const double mean = sum / kPairs;
    QVERIFY2(qAbs(mean - truth) < 0.015, qPrintable(QStringLiteral("mean %1, Jaccard %2").arg(mean).arg(truth)));
}

// The values of a fixed set under the default parameters: stored signatures depend on
// them, so a change here must come with a new MinHasher::kScheme.
void TestNearDuplicates::signatureSchemeIsStable()
{
    std::vector<ShingleHash> set;
    for (quint64 i = 0; i < 200; ++i)
        set.push_back(fmix64(i + 1));
    std::vector<SignatureValue> sig(128);
    MinHasher(128, 1).sign(set, sig.data());
    quint64 digest = 0;
    for (const SignatureValue v : sig)
        digest = fmix64(digest ^ v);
    QCOMPARE(QLatin1String(MinHasher::kScheme), QLatin1String("oph-od/1"));
    QCOMPARE(digest, Q_UINT64_C(7712860719474323586));
    // Order and duplicates of the input do not matter.
    std::vector<ShingleHash> shuffled(set.rbegin(), set.rend());
    shuffled.push_back(set[5]);
    std::vector<SignatureValue> again(128);
    MinHasher(128, 1).sign(shuffled, again.data());
    QCOMPARE(again, sig);
    // The empty set is all kEmpty.
    MinHasher(128, 1).sign({}, again.data());
    QCOMPARE(again, std::vector<SignatureValue>(128, MinHasher::kEmpty));
}

void TestNearDuplicates::lshRecallOnPlantedSet()
{
    const QStringList texts = plantedCorpus(600, 150, 42);
    FingerprintOptions fo;
    auto fp = computeFingerprints(texts, fo);
    QVERIFY(fp);
    QCOMPARE(fp->size(), 600);
    for (const double threshold : { 0.3, 0.5, 0.8 }) {
        NearDuplicateOptions o;
        o.threshold = threshold;
        auto exact = exactNearDuplicatesWithin(*fp, o);
        auto lsh = nearDuplicatesWithin(*fp, o);
        QVERIFY(exact && lsh);
        QVERIFY(exact->pairs.size() >= 40);
        // Results say which tokenization and parameters they rest on.
        QCOMPARE(lsh->fingerprint, fo.parametersTag());
        QVERIFY(lsh->fingerprint.startsWith(QStringLiteral("lineage-text/%1;").arg(text::kTokenizerVersion)));
        QCOMPARE(exact->fingerprint, lsh->fingerprint);
        // Precision 1: every reported pair is a true pair with the same exact measures.
        const auto truth = pairSet(exact->pairs);
        for (const PairMatch &p : lsh->pairs) {
            QVERIFY(truth.count({ p.a, p.b }));
            QVERIFY(p.jaccard >= threshold);
            QCOMPARE(p, measurePair(p.a, p.b, fp->shinglesOf(p.a), fp->shinglesOf(p.b)));
        }
        const double recall = double(lsh->pairs.size()) / double(exact->pairs.size());
        QVERIFY2(
            recall >= 0.9,
            qPrintable(QStringLiteral("t=%1 recall %2 of %3").arg(threshold).arg(recall).arg(exact->pairs.size())));
        // The planted pairs are what is found (random texts share no 3-word shingles).
        for (const PairMatch &p : exact->pairs)
            QVERIFY(p.a % 2 == 0 && p.b == p.a + 1);
        QVERIFY(lsh->candidates < 600 * 599 / 20); // LSH looked at far fewer pairs than all
    }
}

void TestNearDuplicates::queriesAgainstCorpus()
{
    const QStringList texts = plantedCorpus(400, 100, 7);
    QStringList corpus, queries;
    for (int i = 0; i < texts.size(); ++i)
        (i % 2 ? queries : corpus) << texts[i];
    auto c = computeFingerprints(corpus, {});
    auto q = computeFingerprints(queries, {});
    QVERIFY(c && q);
    NearDuplicateOptions o;
    o.threshold = 0.5;
    auto exact = exactNearDuplicatesAgainst(*q, *c, o);
    auto lsh = nearDuplicatesAgainst(*q, *c, o);
    QVERIFY(exact && lsh);
    QVERIFY(exact->pairs.size() >= 60);
    for (const PairMatch &p : exact->pairs)
        QCOMPARE(p.a, p.b); // query i is the edited copy of corpus text i
    QVERIFY(lsh->pairs.size() * 10 >= exact->pairs.size() * 9);
    for (const PairMatch &p : lsh->pairs)
        QVERIFY(pairSet(exact->pairs).count({ p.a, p.b }));
}

void TestNearDuplicates::threadCountIndependence()
{
    const QStringList texts = plantedCorpus(1500, 400, 99);
    std::vector<PairMatch> reference;
    std::vector<PairMatch> referenceExact;
    Fingerprints referenceFp;
    for (const int threads : { 1, 2, 3, 8 }) {
        FingerprintOptions fo;
        fo.threads = threads;
        auto fp = computeFingerprints(texts, fo);
        QVERIFY(fp);
        NearDuplicateOptions o;
        o.threshold = 0.4;
        o.threads = threads;
        auto lsh = nearDuplicatesWithin(*fp, o);
        auto exact = exactNearDuplicatesWithin(*fp, o);
        QVERIFY(lsh && exact);
        if (threads == 1) {
            reference = lsh->pairs;
            referenceExact = exact->pairs;
            referenceFp = *fp;
            QVERIFY(reference.size() > 100);
            continue;
        }
        QCOMPARE(fp->shingles, referenceFp.shingles);
        QCOMPARE(fp->signatures, referenceFp.signatures);
        QVERIFY(lsh->pairs == reference);
        QVERIFY(exact->pairs == referenceExact);
    }
}

void TestNearDuplicates::cancelIsAStatus()
{
    const QStringList texts = plantedCorpus(2000, 10, 1);
    Feedback feedback;
    feedback.cancel();
    auto fp = computeFingerprints(texts, {}, feedback);
    QVERIFY(!fp);
    QCOMPARE(fp.error().code, ErrorCode::Canceled);

    auto ready = computeFingerprints(texts.mid(0, 300), {});
    QVERIFY(ready);
    for (auto *search : { &nearDuplicatesWithin, &exactNearDuplicatesWithin }) {
        auto r = search(*ready, NearDuplicateOptions(), feedback);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Canceled);
    }
    auto against = nearDuplicatesAgainst(*ready, *ready, NearDuplicateOptions(), feedback);
    QVERIFY(!against);
    QCOMPARE(against.error().code, ErrorCode::Canceled);
}

QTEST_GUILESS_MAIN(TestNearDuplicates)
#include "tst_near_duplicates.moc"
