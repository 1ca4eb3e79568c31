// SPDX-License-Identifier: GPL-3.0-or-later
// TF-IDF weights, cosine similarities and top-k neighbours against scikit-learn.
#include "similarity/hashing.h"
#include "similarity/tfidf.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unordered_map>

using namespace lineage;
using namespace lineage::similarity;

namespace {

constexpr double kTolerance = 1e-9;

QString dataPath(const QString &name)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/similarity/tfidf/") + name;
}

QJsonDocument readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll());
}

struct Corpus
{
    TermDocuments docs;
    std::unordered_map<quint64, QString> termText;
};

// The word documents, tokens exactly as given to scikit-learn.
Corpus wordCorpus()
{
    Corpus c;
    for (const QJsonValue &doc : readJson(dataPath(QStringLiteral("word_docs.json"))).array()) {
        std::vector<quint64> terms;
        for (const QJsonValue &tok : doc.toArray()) {
            const quint64 h = hashText(tok.toString());
            c.termText[h] = tok.toString();
            terms.push_back(h);
        }
        c.docs.push_back(terms);
    }
    return c;
}

// The raw texts, tokenized into character 4-grams by Lineage's own tokenizer.
Corpus charCorpus()
{
    QStringList texts;
    for (const QJsonValue &t : readJson(dataPath(QStringLiteral("char_texts.json"))).array())
        texts << t.toString();
    text::TokenizerOptions o;
    o.kind = text::TokenKind::CharNGrams;
    o.ngram = 4;
    Corpus c;
    const text::Tokenizer tokenizer(o);
    for (const QString &t : texts) {
        const auto tokens = tokenizer.tokenize(t);
        for (size_t i = 0; i < tokens.tokens.size(); ++i)
            c.termText[hashText(tokens.tokenText(i))] = tokens.tokenText(i).toString();
    }
    c.docs = termDocuments(texts, o).value();
    return c;
}

TfidfOptions optionsFor(const QString &name)
{
    TfidfOptions o;
    o.sublinearTf = name.endsWith(QLatin1String("-sublinear"));
    o.smoothIdf = !name.endsWith(QLatin1String("-nosmooth"));
    return o;
}

// Compares one configuration with scikit-learn's expected values.
void compareWithOracle(const QJsonObject &expected)
{
    const QString name = expected.value(QStringLiteral("name")).toString();
    const Corpus c = name.startsWith(QLatin1String("char")) ? charCorpus() : wordCorpus();
    auto index = TfidfIndex::build(c.docs, optionsFor(name));
    QVERIFY(index);
    const SparseRows &rows = index->rows();
    const QJsonArray weights = expected.value(QStringLiteral("weights")).toArray();
    QCOMPARE(rows.rows(), qint64(weights.size()));
    QVERIFY(rows.rows() >= 16);

    // Every nonzero weight, by term.
    std::unordered_map<qint64, QString> idText;
    for (const auto &[h, text] : c.termText)
        idText[index->termId(h)] = text;
    for (qint64 r = 0; r < rows.rows(); ++r) {
        const QJsonObject want = weights[r].toObject();
        QCOMPARE(qint64(rows.termsOf(r).size()), qint64(want.size()));
        for (size_t k = 0; k < rows.termsOf(r).size(); ++k) {
            const QString term = idText.at(rows.termsOf(r)[k]);
            QVERIFY2(want.contains(term),
                     qPrintable(QStringLiteral("%1 doc %2: unexpected term '%3'").arg(name).arg(r).arg(term)));
            const double diff = qAbs(rows.weightsOf(r)[k] - want.value(term).toDouble());
            QVERIFY2(diff < kTolerance,
                     qPrintable(QStringLiteral("%1 doc %2 '%3': off by %4").arg(name).arg(r).arg(term).arg(diff)));
        }
    }
    // The full cosine matrix.
    const QJsonArray cosine = expected.value(QStringLiteral("cosine")).toArray();
    for (qint64 i = 0; i < rows.rows(); ++i) {
        const QJsonArray row = cosine[i].toArray();
        for (qint64 j = 0; j < rows.rows(); ++j) {
            const double diff = qAbs(rows.dot(i, rows, j) - row[j].toDouble());
            QVERIFY2(diff < kTolerance,
                     qPrintable(QStringLiteral("%1 cos(%2,%3) off by %4").arg(name).arg(i).arg(j).arg(diff)));
        }
    }
    // Top-k within the corpus, each document's own row excluded.
    const int k = 3;
    auto top = index->topK(rows, k, true);
    QVERIFY(top);
    const QJsonArray wantTop = expected.value(QStringLiteral("topk")).toArray();
    for (qint64 q = 0; q < rows.rows(); ++q) {
        const QJsonArray want = wantTop[q].toArray();
        const auto &got = (*top)[size_t(q)];
        QCOMPARE(qint64(got.size()), qint64(want.size()));
        for (size_t i = 0; i < got.size(); ++i) {
            const QJsonArray w = want[qsizetype(i)].toArray();
            QVERIFY(qAbs(got[i].score - w[1].toDouble()) < kTolerance);
            // Indices must agree unless two scores are equal within the tolerance.
            const bool nearTie = (i > 0 && qAbs(got[i].score - got[i - 1].score) < kTolerance)
                || (i + 1 < got.size() && qAbs(got[i].score - got[i + 1].score) < kTolerance);
            if (!nearTie)
                QCOMPARE(got[i].index, qint64(w[0].toInt()));
        }
    }
}

} // namespace

class TestTfidf : public QObject
{
    Q_OBJECT

private slots:
    void storedOracle_data();
    void storedOracle();
    void liveScikitLearn();
    void transformMatchesFit();
    void topKThreadIndependence();
    void cancelIsAStatus();
};

void TestTfidf::storedOracle_data()
{
    QTest::addColumn<QJsonObject>("expected");
    const QJsonObject all = readJson(dataPath(QStringLiteral("expected.json"))).object();
    const QJsonArray results = all.value(QStringLiteral("results")).toArray();
    QVERIFY(results.size() == 5);
    for (const QJsonValue &r : results)
        QTest::newRow(qPrintable(r.toObject().value(QStringLiteral("name")).toString())) << r.toObject();
}

void TestTfidf::storedOracle()
{
    QFETCH(QJsonObject, expected);
    compareWithOracle(expected);
}

void TestTfidf::liveScikitLearn()
{
    const QString python = QStringLiteral("/usr/bin/python3");
    QProcess probe;
    probe.start(python, { QStringLiteral("-c"), QStringLiteral("import sklearn, scipy, numpy") });
    if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        QSKIP("Debian's python3-sklearn is not installed; the stored oracle values were checked instead.");
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("live.json"));
    QProcess run;
    run.start(python, { dataPath(QStringLiteral("make_tfidf_oracle.py")), out });
    QVERIFY(run.waitForFinished(120000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    const QJsonArray results = readJson(out).object().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 5);
    for (const QJsonValue &r : results)
        compareWithOracle(r.toObject());
}

void TestTfidf::transformMatchesFit()
{
    const Corpus c = wordCorpus();
    auto index = TfidfIndex::build(c.docs, {});
    QVERIFY(index);
    const SparseRows again = index->transform(c.docs);
    QCOMPARE(again.terms, index->rows().terms);
    for (size_t i = 0; i < again.weights.size(); ++i)
        QVERIFY(qAbs(again.weights[i] - index->rows().weights[i]) < 1e-15);
    // Unknown terms are dropped; a query of only unknown terms has no neighbours.
    TermDocuments queries { { hashText(u"never-seen"), hashText(u"model"), hashText(u"model") },
                            { hashText(u"unknown") } };
    const SparseRows q = index->transform(queries);
    QCOMPARE(q.termsOf(0).size(), size_t(1));
    QCOMPARE(q.weightsOf(0)[0], 1.0); // l2-normalized single term
    QCOMPARE(q.termsOf(1).size(), size_t(0));
    auto top = index->topK(q, 5, false);
    QVERIFY(top);
    QCOMPARE((*top)[0].size(), size_t(5));
    QVERIFY((*top)[1].empty());
    for (size_t i = 1; i < (*top)[0].size(); ++i)
        QVERIFY((*top)[0][i - 1].score >= (*top)[0][i].score);
}

void TestTfidf::topKThreadIndependence()
{
    // A larger corpus: every word document combined with every other.
    const Corpus base = wordCorpus();
    TermDocuments docs;
    for (size_t i = 0; i < base.docs.size(); ++i)
        for (size_t j = 0; j < base.docs.size(); ++j) {
            std::vector<quint64> d = base.docs[i];
            d.insert(d.end(), base.docs[j].begin(), base.docs[j].end());
            docs.push_back(d);
        }
    std::vector<std::vector<Neighbour>> reference;
    for (const int threads : { 1, 2, 5 }) {
        TfidfOptions o;
        o.threads = threads;
        auto index = TfidfIndex::build(docs, o);
        QVERIFY(index);
        auto top = index->topK(index->rows(), 7, true);
        QVERIFY(top);
        if (threads == 1) {
            reference = *top;
            QCOMPARE(reference.size(), docs.size());
            QCOMPARE(reference[0].size(), size_t(7));
        } else {
            QVERIFY(*top == reference);
        }
    }
}

void TestTfidf::cancelIsAStatus()
{
    Feedback feedback;
    feedback.cancel();
    auto docs = termDocuments({ QStringLiteral("a b c"), QStringLiteral("b c d") }, {}, 0, feedback);
    QVERIFY(!docs);
    QCOMPARE(docs.error().code, ErrorCode::Canceled);
    auto index = TfidfIndex::build(wordCorpus().docs, {});
    QVERIFY(index);
    auto top = index->topK(index->rows(), 3, true, feedback);
    QVERIFY(!top);
    QCOMPARE(top.error().code, ErrorCode::Canceled);
}

QTEST_GUILESS_MAIN(TestTfidf)
#include "tst_tfidf.moc"
