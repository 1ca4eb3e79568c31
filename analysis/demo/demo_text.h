// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Text for the demo case: a deterministic bank of questions (English and Chinese) and the
// answers of the fictional models, each in its own style. Internal to the demo generator.

#include <QString>
#include <QStringList>

#include <random>

namespace lineage::demo {

// A small deterministic generator (std::mt19937_64 with hand-rolled draws, so that the
// demo is the same on every standard library).
class Random
{
public:
    explicit Random(quint64 seed) : m_engine(seed) { }
    quint64 next() { return m_engine(); }
    int below(int n) { return n <= 0 ? 0 : int(next() % quint64(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    double unit() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return unit() < p; }
    template<typename List> const auto &pick(const List &list) { return list[below(int(list.size()))]; }
    QString hex(int digits);

private:
    std::mt19937_64 m_engine;
};

// One question of the bank: its family and the numbers or topic that make it unique.
struct Question
{
    enum class Family { Arithmetic, Explain, Code, Product, ChineseExplain, ChineseArithmetic };
    Family family = Family::Arithmetic;
    int a = 0, b = 0, c = 0, d = 0; // numbers or indices into the topic lists
    QString text; // the bare question as a user would ask it
    bool chinese() const { return family == Family::ChineseExplain || family == Family::ChineseArithmetic; }
};

// Draws a question; `chineseShare` of them are Chinese.
Question drawQuestion(Random &rng, double chineseShare);

// The provider's (aurora-4) answer. `reasoning` when the prompt asked for step-by-step
// reasoning; `variant` picks among equivalent phrasings (n > 1 choices differ by it).
QString providerAnswer(const Question &q, bool reasoning, int variant);
// Answers of the other models, in their own styles.
QString suspectOwnAnswer(const Question &q, int variant);
QString controlAnswer(const Question &q, int model, int variant);

// A light edit of a copied answer, and what was done (for the ground truth).
struct LightEdit
{
    QString text;
    QString description;
};
LightEdit lightlyEdit(const QString &answer, Random &rng);

} // namespace lineage::demo
