// SPDX-License-Identifier: GPL-3.0-or-later
// Similarity benchmark: MinHash/LSH near-duplicate search at scale, its accuracy against
// exact search, and TF-IDF top-k. Prints figures (and writes them as JSON with --json).
// See README.md for the corpus and the peers.
#include "similarity/fingerprints.h"
#include "similarity/lsh_index.h"
#include "similarity/near_duplicates.h"
#include "similarity/parallel.h"
#include "similarity/tfidf.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <set>
#include <simdjson.h>

using namespace lineage;
using namespace lineage::similarity;

namespace {

QTextStream out(stdout);

struct Texts
{
    QStringList texts;
    std::vector<qint64> sources; // planted source corpus id, or -1
};

// Reads up to `limit` texts (all when < 0) from a JSON Lines file, starting at `*pos`,
// and remembers where it stopped.
bool readBatch(QFile &f, qint64 limit, Texts &batch)
{
    static simdjson::dom::parser parser;
    batch.texts.clear();
    batch.sources.clear();
    while (!f.atEnd() && (limit < 0 || batch.texts.size() < limit)) {
        const QByteArray line = f.readLine();
        simdjson::dom::element doc;
        if (line.trimmed().isEmpty()
            || parser.parse(line.constData(), size_t(line.size())).get(doc) != simdjson::SUCCESS)
            continue;
        std::string_view text;
        if (doc["text"].get_string().get(text) != simdjson::SUCCESS)
            continue;
        batch.texts << QString::fromUtf8(text.data(), qsizetype(text.size()));
        int64_t source = -1;
        if (doc["source"].get_int64().get(source) != simdjson::SUCCESS)
            source = -1;
        batch.sources.push_back(source);
    }
    return !batch.texts.isEmpty();
}

double peakMemoryMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

// Lines of a file (an upper bound of its texts), to reserve the arena once.
qint64 countLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    qint64 lines = 0;
    QByteArray buf(1 << 20, Qt::Uninitialized);
    for (qint64 got; (got = f.read(buf.data(), buf.size())) > 0;)
        lines += std::count(buf.constData(), buf.constData() + got, '\n');
    return lines;
}

// Fingerprints of a whole file, in batches; the first `keep` texts are kept aside (the
// planted sources of all). With `index`, each batch's signatures go into the index and are
// then dropped (the first `sampleSize` texts keep theirs in `sample`).
Fingerprints fingerprintFile(const QString &path, const FingerprintOptions &fo, qint64 limit, qint64 keep, Texts &kept,
                             double &elapsed, LshIndex *index = nullptr, double *indexSeconds = nullptr,
                             Fingerprints *sample = nullptr, qint64 sampleSize = 0)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out << "cannot read " << path << Qt::endl;
        std::exit(1);
    }
    const qint64 lines = limit < 0 ? countLines(path) : limit;
    Fingerprints all;
    all.numPerm = fo.numPerm;
    if (sample)
        sample->numPerm = fo.numPerm;
    Texts batch;
    elapsed = 0;
    while ((limit < 0 || all.size() < limit)
           && readBatch(f, limit < 0 ? 50000 : qMin<qint64>(50000, limit - all.size()), batch)) {
        for (qsizetype i = 0; i < batch.texts.size(); ++i) {
            if (kept.texts.size() < keep)
                kept.texts << batch.texts[i];
            kept.sources.push_back(batch.sources[size_t(i)]);
        }
        QElapsedTimer t;
        t.start();
        auto fp = computeFingerprints(batch.texts, fo);
        elapsed += seconds(t);
        if (all.size() == 0) // room for every text at this batch's shingles per text, plus 5%
            all.reserve(
                lines,
                qint64(double(fp->shingles.size()) / double(qMax<qint64>(1, fp->size())) * double(lines) * 1.05));
        if (sample)
            for (qint64 i = 0; i < fp->size() && sample->size() < sampleSize; ++i)
                sample->append(fp->shinglesOf(i), fp->signatureOf(i));
        if (index) {
            t.restart();
            index->add(*fp);
            *indexSeconds += seconds(t);
            std::vector<SignatureValue>().swap(fp->signatures);
        }
        all.append(*fp);
    }
    return all;
}

// End to end on the first `count` corpus texts, as the datasketch peer does it: tokenize,
// shingle, sign, index, every pair at the threshold, exact verification. Recall against
// exact search on the same shingle sets.
void endToEnd(const QString &path, qint64 count, const FingerprintOptions &fo, double threshold, int threads,
              QJsonObject &figures)
{
    QFile f(path);
    Texts texts;
    if (!f.open(QIODevice::ReadOnly) || !readBatch(f, count, texts)) {
        out << "cannot read " << path << Qt::endl;
        std::exit(1);
    }
    NearDuplicateOptions o;
    o.threshold = threshold;
    o.threads = threads;
    QElapsedTimer t;
    t.start();
    auto fp = computeFingerprints(texts.texts, fo);
    const double signSeconds = seconds(t);
    t.restart();
    auto found = nearDuplicatesWithin(*fp, o);
    const double searchSeconds = seconds(t);
    t.restart();
    auto exact = exactNearDuplicatesWithin(*fp, o);
    const double exactSeconds = seconds(t);
    std::set<std::pair<qint64, qint64>> truth;
    for (const PairMatch &m : exact->pairs)
        truth.emplace(m.a, m.b);
    qint64 correct = 0;
    for (const PairMatch &m : found->pairs)
        correct += truth.count({ m.a, m.b });
    const double recall = truth.empty() ? 1.0 : double(correct) / double(truth.size());
    out << "end to end on " << fp->size() << " texts at Jaccard >= " << threshold << " (" << found->lsh.bands << "x"
        << found->lsh.rows << "): fingerprints " << signSeconds << " s + LSH and verification " << searchSeconds
        << " s = " << signSeconds + searchSeconds << " s; " << found->candidates << " candidates, "
        << found->pairs.size() << " pairs; exact search " << exactSeconds << " s, " << truth.size() << " pairs; recall "
        << recall << Qt::endl;
    figures[QStringLiteral("end_to_end")]
        = QJsonObject { { QStringLiteral("texts"), fp->size() },
                        { QStringLiteral("threshold"), threshold },
                        { QStringLiteral("fingerprint_seconds"), signSeconds },
                        { QStringLiteral("search_seconds"), searchSeconds },
                        { QStringLiteral("total_seconds"), signSeconds + searchSeconds },
                        { QStringLiteral("candidates"), found->candidates },
                        { QStringLiteral("pairs"), qint64(found->pairs.size()) },
                        { QStringLiteral("exact_pairs"), qint64(truth.size()) },
                        { QStringLiteral("recall"), recall } };
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    auto opt = [&](const char *name, const char *help, const char *def) {
        p.addOption(
            { QString::fromLatin1(name), QString::fromLatin1(help), QStringLiteral("V"), QString::fromLatin1(def) });
    };
    opt("corpus", "Corpus JSON Lines (bench_similarity_corpus).", "corpus.jsonl");
    opt("queries", "Query JSON Lines.", "queries.jsonl");
    opt("texts", "Corpus texts to use (-1: all).", "-1");
    opt("query-count", "Queries to use (-1: all).", "-1");
    opt("threshold", "Jaccard threshold of the large query run.", "0.5");
    opt("sample", "Texts of the accuracy sample (corpus prefix).", "20000");
    opt("accuracy-thresholds", "Thresholds of the accuracy check.", "0.3,0.5,0.8");
    opt("num-perm", "MinHash permutations.", "128");
    opt("shingle", "Words per shingle.", "3");
    opt("threads", "Worker threads (0: every core).", "0");
    opt("tfidf-texts", "TF-IDF corpus size (corpus prefix; 0: skip).", "100000");
    opt("tfidf-queries", "TF-IDF queries (from the query file).", "10000");
    opt("k", "TF-IDF neighbours.", "10");
    opt("json", "Write the figures to this JSON file.", "");
    opt("e2e-texts", "Texts of the end-to-end near-duplicate step (corpus prefix; 0: skip).", "21000");
    p.addOption({ QStringLiteral("e2e-only"), QStringLiteral("Run only the end-to-end near-duplicate step.") });
    p.process(app);
    const int threads = p.value(QStringLiteral("threads")).toInt();
    FingerprintOptions fo;
    fo.numPerm = p.value(QStringLiteral("num-perm")).toInt();
    fo.shingle = p.value(QStringLiteral("shingle")).toInt();
    fo.threads = threads;
    QJsonObject figures;
    figures[QStringLiteral("threads")] = workerThreads(threads);
    figures[QStringLiteral("fingerprint")] = fo.parametersTag();

    // 0. End to end on a corpus prefix (the datasketch peer's task).
    const qint64 e2eTexts = p.value(QStringLiteral("e2e-texts")).toLongLong();
    if (e2eTexts > 0)
        endToEnd(p.value(QStringLiteral("corpus")), e2eTexts, fo, p.value(QStringLiteral("threshold")).toDouble(),
                 threads, figures);
    if (p.isSet(QStringLiteral("e2e-only"))) {
        if (!p.value(QStringLiteral("json")).isEmpty()) {
            QFile f(p.value(QStringLiteral("json")));
            if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                f.write(QJsonDocument(figures).toJson());
        }
        return 0;
    }

    // 1. Corpus signatures, 2. the index, batch by batch: the corpus keeps its shingle sets
    // (for verification) and the index its band keys; the signatures are dropped.
    NearDuplicateOptions o;
    o.threshold = p.value(QStringLiteral("threshold")).toDouble();
    o.threads = threads;
    const LshParams lsh = o.lshParams(fo.numPerm);
    const qint64 sampleSize = p.value(QStringLiteral("sample")).toLongLong();
    Texts prefix;
    const qint64 tfidfTexts = p.value(QStringLiteral("tfidf-texts")).toLongLong();
    double sigSeconds = 0;
    double indexSeconds = 0;
    LshIndex index(lsh);
    Fingerprints sample;
    QElapsedTimer wall;
    wall.start();
    Fingerprints corpus
        = fingerprintFile(p.value(QStringLiteral("corpus")), fo, p.value(QStringLiteral("texts")).toLongLong(),
                          tfidfTexts, prefix, sigSeconds, &index, &indexSeconds, &sample, sampleSize);
    out << "corpus: " << corpus.size() << " texts, " << corpus.shingles.size() << " shingles; signatures in "
        << sigSeconds << " s = " << qint64(double(corpus.size()) / sigSeconds)
        << " texts/s (tokenize + shingle + MinHash, " << workerThreads(threads) << " threads); read+parse+sign+index "
        << seconds(wall) << " s" << Qt::endl;
    figures[QStringLiteral("corpus_texts")] = corpus.size();
    figures[QStringLiteral("signature_seconds")] = sigSeconds;
    figures[QStringLiteral("signatures_per_second")] = double(corpus.size()) / sigSeconds;
    QElapsedTimer t;
    t.start();
    index.finish(threads);
    indexSeconds += seconds(t);
    out << "index: " << lsh.bands << " bands x " << lsh.rows << " rows at threshold " << o.threshold << ", built in "
        << indexSeconds << " s; " << index.bytes() / (1 << 20) << " MiB of band keys, "
        << qint64(corpus.shingles.capacity() * sizeof(ShingleHash)) / (1 << 20) << " MiB of shingle hashes" << Qt::endl;
    figures[QStringLiteral("index_seconds")] = indexSeconds;
    figures[QStringLiteral("index_mib")] = double(index.bytes()) / double(1 << 20);
    figures[QStringLiteral("shingle_mib")] = double(corpus.shingles.capacity() * sizeof(ShingleHash)) / double(1 << 20);
    figures[QStringLiteral("bands")] = lsh.bands;
    figures[QStringLiteral("rows")] = lsh.rows;

    // 3. Queries against the corpus, verification included.
    Texts queryTexts;
    double querySigSeconds = 0;
    const qint64 tfidfQueries = p.value(QStringLiteral("tfidf-queries")).toLongLong();
    const Fingerprints queries
        = fingerprintFile(p.value(QStringLiteral("queries")), fo, p.value(QStringLiteral("query-count")).toLongLong(),
                          tfidfTexts > 0 ? tfidfQueries : 0, queryTexts, querySigSeconds);
    t.restart();
    auto found = nearDuplicatesAgainst(queries, corpus, index, o);
    const double querySeconds = seconds(t);
    out << "queries: " << queries.size() << " texts, signatures in " << querySigSeconds
        << " s; LSH query + exact verification in " << querySeconds
        << " s = " << querySeconds / double(queries.size()) * 1e6 << " us/query; total "
        << querySigSeconds + querySeconds << " s; " << found->candidates << " candidates, " << found->pairs.size()
        << " pairs >= " << o.threshold << Qt::endl;
    figures[QStringLiteral("queries")] = queries.size();
    figures[QStringLiteral("query_signature_seconds")] = querySigSeconds;
    figures[QStringLiteral("query_seconds")] = querySeconds;
    figures[QStringLiteral("query_total_seconds")] = querySigSeconds + querySeconds;
    figures[QStringLiteral("query_us_per_text")] = querySeconds / double(queries.size()) * 1e6;
    figures[QStringLiteral("candidates")] = found->candidates;
    figures[QStringLiteral("pairs")] = qint64(found->pairs.size());
    // Planted pairs at the scale of the full corpus: found when their exact Jaccard passes.
    {
        std::set<std::pair<qint64, qint64>> reported;
        for (const PairMatch &m : found->pairs)
            reported.emplace(m.a, m.b);
        qint64 eligible = 0, hit = 0;
        for (qint64 q = 0; q < queries.size(); ++q) {
            const qint64 s = queryTexts.sources[size_t(q)];
            if (s < 0 || s >= corpus.size())
                continue;
            if (measurePair(q, s, queries.shinglesOf(q), corpus.shinglesOf(s)).jaccard < o.threshold)
                continue;
            ++eligible;
            hit += reported.count({ q, s });
        }
        out << "planted query pairs with Jaccard >= " << o.threshold << ": " << hit << " of " << eligible
            << " found (recall " << double(hit) / double(qMax<qint64>(1, eligible)) << ")" << Qt::endl;
        figures[QStringLiteral("planted_recall")] = double(hit) / double(qMax<qint64>(1, eligible));
    }
    figures[QStringLiteral("peak_memory_mib_after_queries")] = peakMemoryMiB();
    out << "peak memory so far: " << peakMemoryMiB() << " MiB" << Qt::endl;

    // 4. Accuracy on the sample against exact search.
    QJsonArray accuracy;
    for (const QString &ts : p.value(QStringLiteral("accuracy-thresholds")).split(QLatin1Char(','))) {
        NearDuplicateOptions ao;
        ao.threshold = ts.toDouble();
        ao.threads = threads;
        t.restart();
        auto exact = exactNearDuplicatesWithin(sample, ao);
        const double exactSeconds = seconds(t);
        t.restart();
        auto approx = nearDuplicatesWithin(sample, ao);
        const double lshSeconds = seconds(t);
        std::set<std::pair<qint64, qint64>> truth;
        for (const PairMatch &m : exact->pairs)
            truth.emplace(m.a, m.b);
        qint64 correct = 0;
        for (const PairMatch &m : approx->pairs)
            correct += truth.count({ m.a, m.b });
        const double recall = truth.empty() ? 1.0 : double(correct) / double(truth.size());
        const double precision = approx->pairs.empty() ? 1.0 : double(correct) / double(approx->pairs.size());
        out << "accuracy on " << sample.size() << " texts at Jaccard >= " << ao.threshold << ": exact " << truth.size()
            << " pairs in " << exactSeconds << " s; LSH (" << approx->lsh.bands << "x" << approx->lsh.rows << ") "
            << approx->pairs.size() << " pairs from " << approx->candidates << " candidates in " << lshSeconds
            << " s; recall " << recall << ", precision " << precision << Qt::endl;
        accuracy.append(QJsonObject { { QStringLiteral("threshold"), ao.threshold },
                                      { QStringLiteral("exact_pairs"), qint64(truth.size()) },
                                      { QStringLiteral("exact_seconds"), exactSeconds },
                                      { QStringLiteral("lsh_pairs"), qint64(approx->pairs.size()) },
                                      { QStringLiteral("lsh_candidates"), approx->candidates },
                                      { QStringLiteral("lsh_seconds"), lshSeconds },
                                      { QStringLiteral("recall"), recall },
                                      { QStringLiteral("precision"), precision } });
    }
    figures[QStringLiteral("accuracy")] = accuracy;

    // 5. TF-IDF top-k on the corpus prefix.
    if (tfidfTexts > 0 && !prefix.texts.isEmpty()) {
        const int k = p.value(QStringLiteral("k")).toInt();
        TfidfOptions to;
        to.threads = threads;
        t.restart();
        const TermDocuments docs = termDocuments(prefix.texts, {}, threads).value();
        const double tokenSeconds = seconds(t);
        t.restart();
        auto tfidf = TfidfIndex::build(docs, to);
        const double fitSeconds = seconds(t);
        const QStringList qtexts = queryTexts.texts.mid(0, tfidfQueries);
        t.restart();
        const SparseRows qrows = tfidf->transform(termDocuments(qtexts, {}, threads).value());
        const double transformSeconds = seconds(t);
        t.restart();
        auto top = tfidf->topK(qrows, k, false);
        const double topSeconds = seconds(t);
        const double total = tokenSeconds + fitSeconds + transformSeconds + topSeconds;
        out << "tfidf: " << prefix.texts.size() << " texts, " << tfidf->vocabularySize() << " terms; tokenize "
            << tokenSeconds << " s, fit " << fitSeconds << " s; " << qtexts.size() << " queries: transform "
            << transformSeconds << " s, top-" << k << " " << topSeconds << " s; total " << total << " s" << Qt::endl;
        figures[QStringLiteral("tfidf")]
            = QJsonObject { { QStringLiteral("texts"), qint64(prefix.texts.size()) },
                            { QStringLiteral("queries"), qint64(qtexts.size()) },
                            { QStringLiteral("k"), k },
                            { QStringLiteral("vocabulary"), tfidf->vocabularySize() },
                            { QStringLiteral("tokenize_seconds"), tokenSeconds },
                            { QStringLiteral("fit_seconds"), fitSeconds },
                            { QStringLiteral("transform_seconds"), transformSeconds },
                            { QStringLiteral("topk_seconds"), topSeconds },
                            { QStringLiteral("total_seconds"), total },
                            { QStringLiteral("first_query_top"),
                              top->empty() || (*top)[0].empty() ? QJsonValue() : QJsonValue((*top)[0][0].index) } };
    }
    figures[QStringLiteral("peak_memory_mib")] = peakMemoryMiB();
    out << "peak memory: " << peakMemoryMiB() << " MiB" << Qt::endl;
    if (!p.value(QStringLiteral("json")).isEmpty()) {
        QFile f(p.value(QStringLiteral("json")));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(QJsonDocument(figures).toJson());
    }
    return 0;
}
