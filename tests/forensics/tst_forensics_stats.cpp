// SPDX-License-Identifier: GPL-3.0-or-later
// Robust statistics of the forensics analyses against scipy/numpy: stored values (always)
// and a live /usr/bin/python3 run of bench/forensics/reference_check.py (skipped when absent).
#include "forensics/random_stream.h"
#include "forensics/robust_stats.h"
#include "python_reference.h"

#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace lineage;
using namespace lineage::forensics;

class TestForensicsStats : public QObject
{
    Q_OBJECT

private slots:
    void normalQuantileMatchesScipy_data();
    void normalQuantileMatchesScipy();
    void normalTailMatchesScipy();
    void robustZMatchesNumpy();
    void madOfZeroFallsBack();
    void empiricalPNeverBelowOneOverNPlusOne();
    void nullCalibrationIsSymmetricAndMonotone();
    void flagThresholdHoldsOnePercentUnderTheNormalNull();
    void bootstrapCountsAreDeterministic();
    void matchesLivePython();
};

void TestForensicsStats::normalQuantileMatchesScipy_data()
{
    QTest::addColumn<double>("p");
    QTest::addColumn<double>("expected"); // scipy.stats.norm.ppf(p)
    QTest::newRow("0.5") << 0.5 << 0.0;
    QTest::newRow("0.3") << 0.3 << -0.5244005127080409;
    QTest::newRow("0.05") << 0.05 << -1.6448536269514729;
    QTest::newRow("0.01") << 0.01 << -2.3263478740408408;
    QTest::newRow("1e-6") << 1e-6 << -4.753424308822899;
    QTest::newRow("1e-12") << 1e-12 << -7.034483825301131;
    QTest::newRow("1e-300") << 1e-300 << -37.0470962993612;
    QTest::newRow("0.975") << 0.975 << 1.959963984540054;
    QTest::newRow("0.999999") << 0.999999 << 4.753424308817087;
}

void TestForensicsStats::normalQuantileMatchesScipy()
{
    QFETCH(double, p);
    QFETCH(double, expected);
    QVERIFY2(std::abs(normalQuantile(p) - expected) <= 1e-12 * qMax(1.0, std::abs(expected)),
             qPrintable(QString::number(normalQuantile(p), 'g', 17)));
}

void TestForensicsStats::normalTailMatchesScipy()
{
    // scipy.stats.norm.sf
    QVERIFY(std::abs(normalUpperTail(3.0) - 0.0013498980316300933) < 1e-17);
    QVERIFY(std::abs(normalUpperTail(-1.5) - 0.9331927987311419) < 1e-15);
    QVERIFY(std::abs(normalUpperTail(10.0) / 7.61985302416047e-24 - 1.0) < 1e-12);
}

void TestForensicsStats::robustZMatchesNumpy()
{
    const std::vector<double> refs { 0.12, 0.31, 0.05, 0.22, 0.18, 0.4, 0.27, 0.09, 0.15, 0.33, 0.2 };
    // numpy: median 0.2, MAD x 1.4826 = 0.118608, z(0.5) = 2.5293403480372314,
    // np.quantile(refs, [0.025, 0.5, 0.975]) = [0.06, 0.2, 0.3825]
    const RobustScale s = robustScale(refs);
    QCOMPARE(s.centre, 0.2);
    QVERIFY(std::abs(s.scale - 0.118608) < 1e-15);
    QVERIFY(std::abs(robustZ(0.5, refs) - 2.5293403480372314) < 1e-13);
    std::vector<double> sorted = refs;
    std::sort(sorted.begin(), sorted.end());
    QVERIFY(std::abs(quantileSorted(sorted, 0.025) - 0.06) < 1e-15);
    QVERIFY(std::abs(quantileSorted(sorted, 0.5) - 0.2) < 1e-15);
    QVERIFY(std::abs(quantileSorted(sorted, 0.975) - 0.3825) < 1e-15);
    QCOMPARE(median(std::vector<double> { 4.0, 1.0, 3.0, 2.0 }), 2.5);
}

void TestForensicsStats::madOfZeroFallsBack()
{
    // More than half the references equal: the MAD is 0, the mean absolute deviation stands in.
    const std::vector<double> refs { 1.0, 1.0, 1.0, 1.0, 2.0, 5.0 };
    const RobustScale s = robustScale(refs);
    QCOMPARE(s.centre, 1.0);
    QVERIFY(std::abs(s.scale - (5.0 / 6.0) * 1.2533) < 1e-15);
    QVERIFY(std::isinf(robustZ(2.0, std::vector<double>(5, 3.0))));
    QCOMPARE(robustZ(3.0, std::vector<double>(5, 3.0)), 0.0);
}

void TestForensicsStats::empiricalPNeverBelowOneOverNPlusOne()
{
    const std::vector<double> refs { 0.1, 0.2, 0.3, 0.4 };
    QCOMPARE(empiricalP(1e9, refs), 1.0 / 5.0);
    QCOMPARE(empiricalP(0.3, refs), 3.0 / 5.0); // ties count as at least as close
    QCOMPARE(empiricalP(-1.0, refs), 1.0);
}

void TestForensicsStats::nullCalibrationIsSymmetricAndMonotone()
{
    const RobustZNull null(11, 5000, 7);
    QVERIFY(std::abs(null.tail(0.0) - 0.5) < 1e-12);
    double last = -1e9;
    for (double z = -6.0; z <= 12.0; z += 0.25) {
        const double s = null.score(z);
        QVERIFY2(s > last, qPrintable(QString::number(z)));
        QVERIFY(std::abs(s + null.score(-z)) < 1e-9);
        last = s;
    }
    // With few references the robust z has heavy tails: the calibrated score is smaller.
    QVERIFY(null.score(3.0) < 3.0);
    const RobustZNull wide(200, 2000, 7);
    QVERIFY(std::abs(wide.score(2.0) - 2.0) < 0.1);
}

void TestForensicsStats::flagThresholdHoldsOnePercentUnderTheNormalNull()
{
    // An independent simulation (another seed): a new N(0,1) draw against 11 references is
    // flagged (score >= 2.326) about 1% of the time.
    const RobustZNull null(11, 20000, 20240601);
    // score() is increasing, so "score >= 2.326" is "z >= z*": z* found once by bisection.
    double lo = 0.0, hi = 20.0;
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        (null.score(mid) >= 2.326 ? hi : lo) = mid;
    }
    const int trials = 100000;
    const std::vector<double> y = standardNormals(99, qint64(trials) * 12);
    int flagged = 0;
    for (int t = 0; t < trials; ++t) {
        const std::span<const double> refs(y.data() + qint64(t) * 12, 11);
        flagged += robustZ(y[size_t(t) * 12 + 11], refs) >= hi ? 1 : 0;
    }
    const double rate = double(flagged) / trials;
    QVERIFY2(rate > 0.008 && rate < 0.012, qPrintable(QString::number(rate)));
}

void TestForensicsStats::bootstrapCountsAreDeterministic()
{
    std::vector<qint32> a, b;
    bootstrapCounts(5, 3, 100, a);
    bootstrapCounts(5, 3, 100, b);
    QCOMPARE(a, b);
    QCOMPARE(std::accumulate(a.begin(), a.end(), 0), 100);
    bootstrapCounts(5, 4, 100, b);
    QVERIFY(a != b);
}

void TestForensicsStats::matchesLivePython()
{
    const QString missing = testing::pythonMissing();
    if (!missing.isEmpty())
        QSKIP(qPrintable(missing));
    QJsonArray samples;
    RandomStream rng(1, 1);
    std::vector<std::vector<double>> raw;
    for (int s = 0; s < 20; ++s) {
        std::vector<double> v;
        const int n = 4 + s % 13;
        for (int i = 0; i <= n; ++i)
            v.push_back(std::round((rng.uniform() * 4.0 - 1.0) * 1000.0) / 1000.0);
        QJsonArray a;
        for (const double x : v)
            a.append(x);
        samples.append(a);
        raw.push_back(v);
    }
    const QJsonArray quantiles { 0.025, 0.1, 0.5, 0.9, 0.975 };
    const QJsonArray normal { 0.4, 0.01, 1e-8, 1e-40 };
    const QJsonArray zs { -3.0, 0.0, 0.7, 2.0, 3.99, 6.5 };
    const QJsonObject input { { QStringLiteral("stats"),
                                QJsonObject { { QStringLiteral("samples"), samples },
                                              { QStringLiteral("quantiles"), quantiles },
                                              { QStringLiteral("normal"), normal },
                                              { QStringLiteral("null"), QJsonArray { 11, 3000, 42, zs } } } } };
    QString error;
    const QJsonObject ref = testing::runReference(input, &error).value(QStringLiteral("stats")).toObject();
    QVERIFY2(!ref.isEmpty(), qPrintable(error));
    auto close = [](double a, double b, double tol) { return std::abs(a - b) <= tol * qMax(1.0, std::abs(b)); };
    for (size_t s = 0; s < raw.size(); ++s) {
        const double x = raw[s][0];
        const std::span<const double> refs(raw[s].data() + 1, raw[s].size() - 1);
        std::vector<double> sorted(refs.begin(), refs.end());
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(close(median(refs), ref[QStringLiteral("median")][int(s)].toDouble(), 1e-14));
        QVERIFY(close(robustScale(refs).scale, ref[QStringLiteral("scale")][int(s)].toDouble(), 1e-13));
        QVERIFY(close(robustZ(x, refs), ref[QStringLiteral("z")][int(s)].toDouble(), 1e-12));
        QCOMPARE(empiricalP(x, refs), ref[QStringLiteral("p")][int(s)].toDouble());
        for (int q = 0; q < quantiles.size(); ++q)
            QVERIFY(close(quantileSorted(sorted, quantiles[q].toDouble()),
                          ref[QStringLiteral("quantiles")][int(s)][q].toDouble(), 1e-13));
    }
    for (int i = 0; i < normal.size(); ++i)
        QVERIFY(close(-normalQuantile(normal[i].toDouble()), ref[QStringLiteral("normal_isf")][i].toDouble(), 1e-12));
    const RobustZNull null(11, 3000, 42);
    for (int i = 0; i < zs.size(); ++i) {
        QVERIFY2(close(null.tail(zs[i].toDouble()), ref[QStringLiteral("null_tail")][i].toDouble(), 1e-10),
                 qPrintable(QString::number(zs[i].toDouble())));
        QVERIFY(close(null.score(zs[i].toDouble()), ref[QStringLiteral("null_score")][i].toDouble(), 1e-9));
    }
    // Bootstrap draws: the same indices as the Python streams.
    for (int r = 0; r < 3; ++r) {
        std::vector<qint32> counts, expected(17, 0);
        bootstrapCounts(42, r, 17, counts);
        for (const QJsonValue v : ref[QStringLiteral("bootstrap")][r].toArray())
            ++expected[size_t(v.toInt())];
        QCOMPARE(counts, expected);
    }
}

QTEST_GUILESS_MAIN(TestForensicsStats)
#include "tst_forensics_stats.moc"
