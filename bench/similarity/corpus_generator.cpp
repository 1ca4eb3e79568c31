// SPDX-License-Identifier: GPL-3.0-or-later
// Synthetic corpus for the similarity benchmark: texts of about 200 words drawn from a
// Zipf distribution over a pseudo-word vocabulary, with planted near-duplicates.
//
//   bench_similarity_corpus --texts 1000000 --queries 100000 --out DIR [--seed 1]
//
// Writes DIR/corpus.jsonl ({"id", "text"}) and DIR/queries.jsonl ({"id", "text",
// "source", "level"}). In the corpus, 10% of the texts copy a block of an earlier text
// (one of the 1,000 before it, so a prefix sample holds many pairs). Half of the queries
// copy a block of a random corpus text ("source" is its id, "level" the Jaccard the copy
// aims at, uniform in [0.25, 1]); the other half are fresh ("source": null). A copied
// block of a fraction f = 2J / (1 + J) of the words, the rest fresh, gives word-shingle
// Jaccard about J.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

const char *const kSyllables[] = { "ka", "to", "ri", "men", "sa",  "lo", "ne", "vi",  "dor", "pa", "qu", "el",
                                   "an", "ti", "mo", "ru",  "bel", "ca", "fi", "gon", "ha",  "is", "ju", "ler" };
constexpr int kSyllableCount = int(sizeof(kSyllables) / sizeof(kSyllables[0]));

// Word of rank r: frequent words are short.
std::string wordOf(int rank)
{
    std::string w;
    int r = rank;
    do {
        w += kSyllables[r % kSyllableCount];
        r /= kSyllableCount;
    } while (r > 0);
    return w;
}

class Generator
{
public:
    Generator(int vocabulary, double exponent, quint64 seed) : m_rng(seed)
    {
        m_words.reserve(size_t(vocabulary));
        std::vector<double> weights(static_cast<size_t>(vocabulary));
        for (int r = 0; r < vocabulary; ++r) {
            m_words.push_back(wordOf(r));
            weights[size_t(r)] = 1.0 / std::pow(double(r + 1), exponent);
        }
        m_zipf = std::discrete_distribution<int>(weights.begin(), weights.end());
    }

    std::vector<int> freshWords(int n)
    {
        std::vector<int> w(static_cast<size_t>(n));
        for (int &x : w)
            x = m_zipf(m_rng);
        return w;
    }

    int length()
    {
        std::normal_distribution<double> len(200.0, 30.0);
        return std::clamp(int(std::lround(len(m_rng))), 100, 320);
    }

    // A copy of a block of `source` (a fraction 2J / (1 + J)) at a random place among fresh words.
    std::vector<int> nearCopy(const std::vector<int> &source, double level)
    {
        const int n = int(source.size());
        const int block = std::clamp(int(std::lround(n * 2.0 * level / (1.0 + level))), 1, n);
        std::uniform_int_distribution<int> from(0, n - block);
        const int start = from(m_rng);
        const int before = std::uniform_int_distribution<int>(0, n - block)(m_rng);
        std::vector<int> out = freshWords(before);
        out.insert(out.end(), source.begin() + start, source.begin() + start + block);
        const std::vector<int> after = freshWords(n - block - before);
        out.insert(out.end(), after.begin(), after.end());
        return out;
    }

    double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(m_rng); }
    int uniformInt(int a, int b) { return std::uniform_int_distribution<int>(a, b)(m_rng); }

    // Sentences of 8..20 words, capitalized, ending with a period.
    std::string render(const std::vector<int> &words)
    {
        std::string s;
        int sentence = 0;
        int next = uniformInt(8, 20);
        for (size_t i = 0; i < words.size(); ++i) {
            std::string w = m_words[size_t(words[i])];
            if (sentence == 0)
                w[0] = char(std::toupper(static_cast<unsigned char>(w[0])));
            if (!s.empty())
                s += ' ';
            s += w;
            if (++sentence == next || i + 1 == words.size()) {
                s += '.';
                sentence = 0;
                next = uniformInt(8, 20);
            }
        }
        return s;
    }

private:
    std::mt19937_64 m_rng;
    std::vector<std::string> m_words;
    std::discrete_distribution<int> m_zipf;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption(
        { QStringLiteral("texts"), QStringLiteral("Corpus texts."), QStringLiteral("N"), QStringLiteral("1000000") });
    p.addOption(
        { QStringLiteral("queries"), QStringLiteral("Query texts."), QStringLiteral("N"), QStringLiteral("100000") });
    p.addOption({ QStringLiteral("vocabulary"), QStringLiteral("Distinct words."), QStringLiteral("N"),
                  QStringLiteral("50000") });
    p.addOption(
        { QStringLiteral("zipf"), QStringLiteral("Zipf exponent."), QStringLiteral("S"), QStringLiteral("1.0") });
    p.addOption({ QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("N"), QStringLiteral("1") });
    p.addOption(
        { QStringLiteral("out"), QStringLiteral("Output folder."), QStringLiteral("DIR"), QStringLiteral(".") });
    p.process(app);
    const int texts = p.value(QStringLiteral("texts")).toInt();
    const int queries = p.value(QStringLiteral("queries")).toInt();
    Generator gen(p.value(QStringLiteral("vocabulary")).toInt(), p.value(QStringLiteral("zipf")).toDouble(),
                  p.value(QStringLiteral("seed")).toULongLong());
    QDir().mkpath(p.value(QStringLiteral("out")));
    const QString dir = p.value(QStringLiteral("out"));

    // Corpus texts are kept as word ranks (4 bytes a word) for the queries to copy from.
    std::vector<std::vector<int>> corpus;
    corpus.reserve(size_t(texts));
    {
        QFile f(dir + QStringLiteral("/corpus.jsonl"));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 1;
        for (int i = 0; i < texts; ++i) {
            std::vector<int> words;
            if (i > 0 && gen.uniform(0, 1) < 0.1)
                words = gen.nearCopy(corpus[size_t(gen.uniformInt(std::max(0, i - 1000), i - 1))],
                                     gen.uniform(0.25, 1.0));
            else
                words = gen.freshWords(gen.length());
            const std::string line = "{\"id\":" + std::to_string(i) + ",\"text\":\"" + gen.render(words) + "\"}\n";
            f.write(line.data(), qint64(line.size()));
            corpus.push_back(std::move(words));
        }
    }
    QFile f(dir + QStringLiteral("/queries.jsonl"));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 1;
    for (int q = 0; q < queries; ++q) {
        std::string line = "{\"id\":\"q" + std::to_string(q) + "\",\"text\":\"";
        if (q % 2 == 0 && texts > 0) {
            const int source = gen.uniformInt(0, texts - 1);
            const double level = gen.uniform(0.25, 1.0);
            line += gen.render(gen.nearCopy(corpus[size_t(source)], level)) + "\",\"source\":" + std::to_string(source)
                + ",\"level\":" + std::to_string(level) + "}\n";
        } else {
            line += gen.render(gen.freshWords(gen.length())) + "\",\"source\":null}\n";
        }
        f.write(line.data(), qint64(line.size()));
    }
    QTextStream(stdout) << "Wrote " << texts << " corpus texts and " << queries << " queries to " << dir << Qt::endl;
    return 0;
}
