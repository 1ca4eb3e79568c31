// SPDX-License-Identifier: GPL-3.0-or-later
// The reuse search at scale: suspect answers against logged completions, the same search
// the `reuse` analysis runs (fingerprints, common-phrasing count, LSH candidates, exact
// verification, span alignment), on synthetic texts held in memory, streamed in chunks.
//
//   bench_reuse --suspects 100000 --corpus 1000000 [--threads 2] [--sample 300]
//               [--write DIR] [--seed 7]
//
// Corpus texts: 80-250 pseudo-words from a Zipf distribution, a third with one of 40 stock
// sentences. Suspects: 3% verbatim copies, 3% with one word in five replaced or dropped,
// 3% with a 30-word passage of a corpus text inside 150 new words; the rest new. Prints the
// time of each phase, peak memory, the planted copies found with their source, and the
// recall against exhaustive exact search (every pair sharing a shingle verified) for a
// sample of suspects. --write DIR writes suspects.jsonl, corpus.jsonl and truth.jsonl for
// the datasketch peer (peer_datasketch.py).
#include "forensics/reuse_search.h"
#include "similarity/fingerprints.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>

using namespace lineage;
using namespace lineage::forensics;

namespace {

const char *const kSyllables[] = { "ka", "to", "ri", "men", "sa",  "lo", "ne", "vi",  "dor", "pa", "qu", "el",
                                   "an", "ti", "mo", "ru",  "bel", "ca", "fi", "gon", "ha",  "is", "ju", "ler" };

QString wordOf(int rank)
{
    QString w;
    int r = rank;
    do {
        w += QLatin1String(kSyllables[r % 24]);
        r /= 24;
    } while (r > 0);
    return w;
}

struct Planted
{
    qint64 suspect;
    qint64 source;
    QString kind;
};

// The vocabulary and its Zipf cumulative weights, built once.
struct Vocabulary
{
    std::vector<QString> words;
    std::vector<double> cumulative;
    QStringList stock;
    static const Vocabulary &get()
    {
        static const Vocabulary v = [] {
            Vocabulary built;
            double sum = 0;
            for (int r = 0; r < 50000; ++r) {
                built.words.push_back(wordOf(r));
                sum += 1.0 / std::pow(double(r + 1), 1.05);
                built.cumulative.push_back(sum);
            }
            for (double &c : built.cumulative)
                c /= sum;
            return built;
        }();
        return v;
    }
};

class Generator
{
public:
    explicit Generator(quint64 seed) : m_rng(seed), m_v(Vocabulary::get())
    {
        std::mt19937_64 stockRng(12345);
        for (int s = 0; s < 40; ++s)
            m_stock << wordsWith(stockRng, 12);
    }
    QString words(int n) { return wordsWith(m_rng, n); }
    QString corpusText()
    {
        const int n = 80 + int(m_rng() % 171);
        QString t = words(n);
        if (m_rng() % 3 == 0)
            t = m_stock[int(m_rng() % 40)] + QStringLiteral(". ") + t;
        return t;
    }
    QString edited(const QString &source)
    {
        QStringList out;
        for (const QString &w : source.split(QLatin1Char(' '))) {
            const int roll = int(m_rng() % 10);
            if (roll == 0)
                continue; // dropped
            out << (roll == 1 ? word(m_rng) : w);
        }
        return out.join(QLatin1Char(' '));
    }
    QString passageIn(const QString &source)
    {
        const QStringList w = source.split(QLatin1Char(' '));
        const int start = int(m_rng() % quint64(std::max<qsizetype>(1, w.size() - 30)));
        return words(75) + QLatin1Char(' ') + w.mid(start, 30).join(QLatin1Char(' ')) + QLatin1Char(' ') + words(75);
    }
    std::mt19937_64 &rng() { return m_rng; }

private:
    const QString &word(std::mt19937_64 &rng) const
    {
        const double u = double(rng() >> 11) * (1.0 / 9007199254740992.0);
        const auto it = std::lower_bound(m_v.cumulative.begin(), m_v.cumulative.end(), u);
        return m_v.words[size_t(std::min<qsizetype>(it - m_v.cumulative.begin(), qsizetype(m_v.words.size()) - 1))];
    }
    QString wordsWith(std::mt19937_64 &rng, int n) const
    {
        QString t;
        for (int i = 0; i < n; ++i) {
            if (i)
                t += QLatin1Char(' ');
            t += word(rng);
        }
        return t;
    }

    std::mt19937_64 m_rng;
    const Vocabulary &m_v;
    QStringList m_stock;
};

qint64 peakRssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() / 1024;
    return -1;
}

void writeJsonl(const QString &path, const QStringList &texts)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return;
    for (qsizetype i = 0; i < texts.size(); ++i)
        f.write(QJsonDocument(QJsonObject { { QStringLiteral("id"), i }, { QStringLiteral("text"), texts[i] } })
                    .toJson(QJsonDocument::Compact)
                + '\n');
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({ QStringLiteral("suspects"), QStringLiteral("Suspect answers."), QStringLiteral("N"),
                  QStringLiteral("100000") });
    p.addOption({ QStringLiteral("corpus"), QStringLiteral("Logged completions."), QStringLiteral("M"),
                  QStringLiteral("1000000") });
    p.addOption({ QStringLiteral("threads"), QStringLiteral("Threads."), QStringLiteral("T"), QStringLiteral("0") });
    p.addOption({ QStringLiteral("chunk"), QStringLiteral("Corpus texts per chunk."), QStringLiteral("C"),
                  QStringLiteral("20000") });
    p.addOption({ QStringLiteral("sample"), QStringLiteral("Suspects checked by exhaustive search."),
                  QStringLiteral("S"), QStringLiteral("300") });
    p.addOption({ QStringLiteral("seed"), QStringLiteral("Seed."), QStringLiteral("SEED"), QStringLiteral("7") });
    p.addOption({ QStringLiteral("write"), QStringLiteral("Write the texts for the peer."), QStringLiteral("DIR") });
    p.process(app);
    const qint64 nSuspects = p.value(QStringLiteral("suspects")).toLongLong();
    const qint64 nCorpus = p.value(QStringLiteral("corpus")).toLongLong();
    const qint64 chunk = p.value(QStringLiteral("chunk")).toLongLong();
    const int threads = p.value(QStringLiteral("threads")).toInt();
    const qint64 sample = std::min<qint64>(p.value(QStringLiteral("sample")).toLongLong(), nSuspects);
    std::printf("reuse bench: %lld suspects, %lld corpus texts, %d threads\n", nSuspects, nCorpus, threads);

    // Corpus texts are made again for each pass from the same seed: the corpus is never
    // held in memory whole, as when it streams from the case.
    const quint64 seed = p.value(QStringLiteral("seed")).toULongLong();
    double corpusGenSeconds = 0;
    auto corpusChunk = [&](qint64 begin, qint64 end) {
        QElapsedTimer g;
        g.start();
        QStringList texts;
        for (qint64 i = begin; i < end; ++i) {
            Generator g(seed * 1000003ULL + quint64(i));
            texts << g.corpusText();
        }
        corpusGenSeconds += g.elapsed() / 1000.0;
        return texts;
    };
    QElapsedTimer total;
    total.start();
    QElapsedTimer phase;
    phase.start();
    Generator gen(seed);
    QStringList suspects;
    QList<Planted> planted;
    for (qint64 s = 0; s < nSuspects; ++s) {
        const int roll = int(gen.rng()() % 100);
        if (roll < 9) {
            const qint64 source = qint64(gen.rng()() % quint64(nCorpus));
            const QString text = corpusChunk(source, source + 1).first();
            const QString kind = roll < 3 ? QStringLiteral("verbatim")
                : roll < 6                ? QStringLiteral("edited")
                                          : QStringLiteral("passage");
            suspects << (roll < 3 ? text : roll < 6 ? gen.edited(text) : gen.passageIn(text));
            planted.append({ s, source, kind });
        } else {
            suspects << gen.words(80 + int(gen.rng()() % 171));
        }
    }
    const double genSeconds = phase.elapsed() / 1000.0;
    if (p.isSet(QStringLiteral("write"))) {
        const QDir dir(p.value(QStringLiteral("write")));
        dir.mkpath(QStringLiteral("."));
        writeJsonl(dir.filePath(QStringLiteral("suspects.jsonl")), suspects);
        QFile f(dir.filePath(QStringLiteral("corpus.jsonl")));
        if (f.open(QIODevice::WriteOnly))
            for (qint64 b = 0; b < nCorpus; b += chunk) {
                const QStringList texts = corpusChunk(b, std::min(nCorpus, b + chunk));
                for (qsizetype i = 0; i < texts.size(); ++i)
                    f.write(QJsonDocument(
                                QJsonObject { { QStringLiteral("id"), b + i }, { QStringLiteral("text"), texts[i] } })
                                .toJson(QJsonDocument::Compact)
                            + '\n');
            }
        QFile t(dir.filePath(QStringLiteral("truth.jsonl")));
        if (t.open(QIODevice::WriteOnly))
            for (const Planted &pl : std::as_const(planted))
                t.write(QJsonDocument(QJsonObject { { QStringLiteral("suspect"), pl.suspect },
                                                    { QStringLiteral("source"), pl.source },
                                                    { QStringLiteral("kind"), pl.kind } })
                            .toJson(QJsonDocument::Compact)
                        + '\n');
        std::printf("wrote the texts to %s\n", qPrintable(dir.absolutePath()));
    }
    // Generating texts is not part of the search: the clock restarts here.
    total.restart();
    corpusGenSeconds = 0;

    ReuseOptions options;
    options.threads = threads;
    options.fingerprint.threads = threads;
    phase.restart();
    auto suspectPrints = similarity::computeFingerprints(suspects, options.fingerprint);
    if (!suspectPrints)
        return 1;
    ReuseSearch search(options);
    QStringList sampleTexts = suspects.mid(0, sample);
    similarity::Fingerprints samplePrints;
    samplePrints.numPerm = suspectPrints->numPerm;
    for (qint64 s = 0; s < sample; ++s)
        samplePrints.append(suspectPrints->shinglesOf(s), suspectPrints->signatureOf(s));
    if (!search.setSuspects(suspects, std::move(*suspectPrints)))
        return 1;
    const double indexSeconds = phase.elapsed() / 1000.0;

    // Pass 1: common phrasing.
    phase.restart();
    double fingerprintSeconds = 0;
    for (qint64 b = 0; b < nCorpus; b += chunk) {
        const QStringList texts = corpusChunk(b, std::min(nCorpus, b + chunk));
        QElapsedTimer fp;
        fp.start();
        auto prints = similarity::computeFingerprints(texts, options.fingerprint);
        fingerprintSeconds += fp.elapsed() / 1000.0;
        if (!prints || !search.count(*prints))
            return 1;
    }
    search.finishCounting();
    const double countGen = corpusGenSeconds;
    const double countSeconds = phase.elapsed() / 1000.0 - countGen;

    // Pass 2: candidates, verification, alignment; and the exhaustive search for the sample.
    phase.restart();
    std::vector<ReuseMatch> matches;
    std::vector<std::pair<qint64, qint64>> exhaustive;
    double exhaustiveSeconds = 0;
    // The sample's shingles -> sample suspects, for the exhaustive search.
    std::unordered_map<quint64, std::vector<qint32>> inverted;
    for (qint64 s = 0; s < sample; ++s)
        for (const similarity::ShingleHash h : samplePrints.shinglesOf(s))
            inverted[h].push_back(qint32(s));
    ShingleCounts noCounts;
    for (qint64 b = 0; b < nCorpus; b += chunk) {
        const QStringList texts = corpusChunk(b, std::min(nCorpus, b + chunk));
        QElapsedTimer fp;
        fp.start();
        auto prints = similarity::computeFingerprints(texts, options.fingerprint);
        fingerprintSeconds += fp.elapsed() / 1000.0;
        if (!prints)
            return 1;
        auto found = search.probe(texts, *prints, b);
        if (!found)
            return 1;
        for (ReuseMatch &m : *found)
            matches.push_back(std::move(m));
        QElapsedTimer ex;
        ex.start();
        for (qint64 c = 0; c < prints->size(); ++c) {
            std::vector<qint32> hits;
            for (const similarity::ShingleHash h : prints->shinglesOf(c))
                if (auto it = inverted.find(h); it != inverted.end())
                    hits.insert(hits.end(), it->second.begin(), it->second.end());
            std::sort(hits.begin(), hits.end());
            hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
            for (qint32 s : hits)
                if (search.verifies(sampleTexts[s], s, texts[c], prints->shinglesOf(c)))
                    exhaustive.push_back({ s, b + c });
        }
        exhaustiveSeconds += ex.elapsed() / 1000.0;
    }
    // Making the corpus texts stands for reading them from the case: not counted.
    const double probeSeconds = phase.elapsed() / 1000.0 - exhaustiveSeconds - (corpusGenSeconds - countGen);
    const double seconds = total.elapsed() / 1000.0 - exhaustiveSeconds - corpusGenSeconds;

    // Planted copies found with their source; recall against the exhaustive search.
    QSet<QPair<qint64, qint64>> found;
    for (const ReuseMatch &m : matches)
        found.insert({ m.suspect, m.corpus });
    QHash<QString, QPair<int, int>> byKind;
    for (const Planted &pl : std::as_const(planted)) {
        auto &k = byKind[pl.kind];
        ++k.second;
        if (found.contains({ pl.suspect, pl.source }))
            ++k.first;
    }
    qint64 agreed = 0;
    for (const auto &[s, c] : exhaustive)
        agreed += found.contains({ s, c }) ? 1 : 0;
    const ReuseSearchStats &st = search.stats();
    std::printf("generate texts (not timed) %.1f s suspects, %.1f s corpus\n", genSeconds, corpusGenSeconds);
    std::printf("suspect fingerprints + LSH index %.1f s\n", indexSeconds);
    std::printf("pass 1, common phrasing: %.1f s (%lld common of %lld suspect shingles, table %lld MB)\n", countSeconds,
                st.commonShingles, st.suspectShingles, st.countsBytes >> 20);
    std::printf("pass 2, candidates + verification + alignment: %.1f s (%lld candidates, %lld aligned, %lld matches)\n",
                probeSeconds, st.candidates, st.aligned, st.matches);
    std::printf("of which corpus fingerprints (both passes): %.1f s\n", fingerprintSeconds);
    std::printf("end to end: %.1f s; peak memory %lld MB\n", seconds, peakRssMb());
    for (const QString &kind : { QStringLiteral("verbatim"), QStringLiteral("edited"), QStringLiteral("passage") })
        std::printf("planted %-8s found with their source: %d of %d\n", qPrintable(kind), byKind[kind].first,
                    byKind[kind].second);
    std::printf(
        "recall against exhaustive exact search on %lld suspects: %lld of %lld pairs = %.4f (exhaustive %.1f s)\n",
        sample, agreed, qint64(exhaustive.size()),
        exhaustive.empty() ? 1.0 : double(agreed) / double(exhaustive.size()), exhaustiveSeconds);
    return 0;
}
