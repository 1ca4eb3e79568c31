// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demo_text.h"

#include <array>

namespace lineage::demo {

QString Random::hex(int digits)
{
    QString s;
    while (s.size() < digits)
        s += QString::number(next(), 16).rightJustified(16, QLatin1Char('0'));
    return s.left(digits);
}

namespace {

struct Concept
{
    const char *name;
    std::array<const char *, 3> facts;
};

const std::array<Concept, 12> kConcepts { {
    { "photosynthesis",
      { "Plants capture light energy with chlorophyll in their chloroplasts.",
        "That energy splits water and fixes carbon dioxide into glucose.",
        "Oxygen is released as a by-product, which is why forests matter for the air we breathe." } },
    { "inflation",
      { "Inflation is a general rise in prices across an economy over time.",
        "When prices rise, each unit of money buys fewer goods and services.",
        "Central banks usually respond by raising interest rates to cool demand." } },
    { "public-key cryptography",
      { "Each party has a public key that anyone may see and a private key kept secret.",
        "A message encrypted with the public key can only be decrypted with the private key.",
        "Digital signatures reverse the roles, proving who wrote a message." } },
    { "the greenhouse effect",
      { "Sunlight warms the Earth's surface, which then radiates heat as infrared light.",
        "Gases such as carbon dioxide and methane absorb part of that infrared light.",
        "More of these gases trap more heat, raising the average temperature." } },
    { "the TCP handshake",
      { "The client sends a SYN segment to propose a connection.",
        "The server answers with SYN-ACK, acknowledging and proposing its own sequence number.",
        "The client replies with ACK, and both sides can start sending data." } },
    { "compound interest",
      { "Compound interest is interest earned on both the principal and earlier interest.",
        "Each period, the balance grows by the rate applied to the new, larger balance.",
        "Over long periods this makes growth exponential rather than linear." } },
    { "vaccines",
      { "A vaccine shows the immune system a harmless piece or copy of a pathogen.",
        "The body produces antibodies and memory cells against it.",
        "If the real pathogen arrives later, the immune response is faster and stronger." } },
    { "black holes",
      { "A black hole is a region where gravity is so strong that nothing, not even light, escapes.",
        "Its boundary is called the event horizon.",
        "Many form when very massive stars collapse at the end of their lives." } },
    { "supply and demand",
      { "Demand describes how much buyers want at each price; supply, how much sellers offer.",
        "The market price settles where the two curves meet.",
        "A shortage pushes prices up, and a surplus pushes them down." } },
    { "recursion",
      { "A recursive function solves a problem by calling itself on a smaller version of it.",
        "Every recursion needs a base case that stops the calls.",
        "Classic examples are factorials, tree traversals and divide-and-conquer sorting." } },
    { "plate tectonics",
      { "The Earth's outer shell is broken into large plates that float on the mantle.",
        "The plates move a few centimetres per year, driven by heat from the interior.",
        "Where they collide or slide past each other, we get mountains and earthquakes." } },
    { "gradient descent",
      { "Gradient descent minimises a function by taking small steps downhill.",
        "Each step moves the parameters against the gradient, scaled by a learning rate.",
        "Too large a rate overshoots; too small a rate makes training slow." } },
} };

struct ChineseConcept
{
    const char *name;
    std::array<const char *, 3> facts;
};

const std::array<ChineseConcept, 6> kChineseConcepts { {
    { "光合作用",
      { "植物利用叶绿体中的叶绿素吸收光能。", "光能把水分解，并把二氧化碳固定为葡萄糖。",
        "这个过程释放氧气，是地球大气中氧气的主要来源。" } },
    { "通货膨胀",
      { "通货膨胀是指物价水平在一段时间内普遍上涨。", "物价上涨时，同样数量的货币能买到的商品变少。",
        "中央银行通常通过提高利率来抑制通货膨胀。" } },
    { "区块链",
      { "区块链是一种按时间顺序连接的数据块组成的分布式账本。", "每个区块都包含前一个区块的哈希值，因此很难篡改。",
        "比特币等加密货币就是建立在区块链之上的。" } },
    { "机器学习",
      { "机器学习让计算机从数据中自动学习规律。", "模型在训练数据上调整参数，使预测误差变小。",
        "训练好的模型可以对新的数据做出预测。" } },
    { "模型蒸馏",
      { "模型蒸馏是用一个大模型（教师）的输出训练一个小模型（学生）的方法。", "学生模型模仿教师模型的回答和概率分布。",
        "这样可以用较少的计算得到接近教师模型的效果。" } },
    { "量子计算",
      { "量子计算利用量子比特进行计算。", "量子比特可以处于叠加态，同时表示0和1。",
        "对某些问题，量子算法比经典算法快得多。" } },
} };

struct CodeTask
{
    const char *task;
    const char *name;
    const char *body;
    const char *explanation;
};

const std::array<CodeTask, 8> kCodeTasks { {
    { "reverses a string", "reverse_string", "    return text[::-1]",
      "Slicing with a step of -1 walks the string backwards." },
    { "checks whether a number is prime", "is_prime",
      "    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n        if n % i == 0:\n            "
      "return False\n        i += 1\n    return True",
      "Trial division up to the square root is enough, because a larger factor would pair with a smaller one." },
    { "returns the n-th Fibonacci number", "fibonacci",
      "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a",
      "Keeping only the last two values makes it run in linear time and constant memory." },
    { "counts the vowels in a string", "count_vowels", "    return sum(1 for ch in text.lower() if ch in 'aeiou')",
      "The generator expression checks each lower-cased character against the vowels." },
    { "merges two sorted lists", "merge_sorted",
      "    result, i, j = [], 0, 0\n    while i < len(a) and j < len(b):\n        if a[i] <= b[j]:\n            "
      "result.append(a[i]); i += 1\n        else:\n            result.append(b[j]); j += 1\n    return result + a[i:] "
      "+ b[j:]",
      "Two pointers advance through the lists, always taking the smaller head." },
    { "flattens a nested list", "flatten",
      "    out = []\n    for item in items:\n        if isinstance(item, list):\n            "
      "out.extend(flatten(item))\n        else:\n            out.append(item)\n    return out",
      "The function recurses into sub-lists and collects the leaves in order." },
    { "removes duplicates from a list while keeping order", "unique",
      "    seen = set()\n    return [x for x in items if not (x in seen or seen.add(x))]",
      "A set remembers what was seen; the list comprehension keeps first occurrences only." },
    { "computes the factorial of n", "factorial",
      "    result = 1\n    for k in range(2, n + 1):\n        result *= k\n    return result",
      "An iterative product avoids Python's recursion limit for large n." },
} };

const std::array<const char *, 8> kProducts { { "water bottle", "desk lamp", "backpack", "pair of headphones",
                                                "coffee grinder", "yoga mat", "notebook", "phone stand" } };
const std::array<const char *, 6> kAdjectives { { "lightweight", "eco-friendly", "premium", "compact", "durable",
                                                  "minimalist" } };
const std::array<const char *, 6> kFeatures { { "made from recycled materials", "designed to last for years",
                                                "easy to clean", "small enough for any bag",
                                                "backed by a two-year warranty", "tested by professionals" } };

QString arithmeticQuestion(const Question &q)
{
    return QStringLiteral("A warehouse ships %1 boxes per day for %2 days, then %3 boxes per day for %4 days. "
                          "How many boxes does it ship in total?")
        .arg(q.a)
        .arg(q.b)
        .arg(q.c)
        .arg(q.d);
}

QString args(const char *s)
{
    return QString::fromUtf8(s);
}

} // namespace

Question drawQuestion(Random &rng, double chineseShare)
{
    Question q;
    if (rng.chance(chineseShare)) {
        if (rng.chance(0.5)) {
            q.family = Question::Family::ChineseExplain;
            q.a = rng.below(int(kChineseConcepts.size()));
            q.text = QStringLiteral("请解释%1。").arg(args(kChineseConcepts[size_t(q.a)].name));
        } else {
            q.family = Question::Family::ChineseArithmetic;
            q.a = rng.between(12, 480);
            q.b = rng.between(3, 60);
            q.text = QStringLiteral("一个商店每天卖出%1件商品，%2天一共卖出多少件？").arg(q.a).arg(q.b);
        }
        return q;
    }
    switch (rng.below(4)) {
    case 0:
        q.family = Question::Family::Arithmetic;
        q.a = rng.between(20, 900);
        q.b = rng.between(2, 30);
        q.c = rng.between(20, 900);
        q.d = rng.between(2, 30);
        q.text = arithmeticQuestion(q);
        break;
    case 1:
        q.family = Question::Family::Explain;
        q.a = rng.below(int(kConcepts.size()));
        q.b = rng.below(3);
        q.text = QStringLiteral("%1 %2.").arg(q.b == 0       ? QStringLiteral("Explain")
                                                  : q.b == 1 ? QStringLiteral("Briefly describe")
                                                             : QStringLiteral("Help me understand"),
                                              args(kConcepts[size_t(q.a)].name));
        if (q.b == 0)
            q.text = QStringLiteral("Explain %1 to a high-school student.").arg(args(kConcepts[size_t(q.a)].name));
        break;
    case 2:
        q.family = Question::Family::Code;
        q.a = rng.below(int(kCodeTasks.size()));
        q.text = QStringLiteral("Write a Python function that %1.").arg(args(kCodeTasks[size_t(q.a)].task));
        break;
    default:
        q.family = Question::Family::Product;
        q.a = rng.below(int(kProducts.size()));
        q.b = rng.below(int(kAdjectives.size()));
        q.c = rng.below(int(kFeatures.size()));
        q.d = rng.below(int(kFeatures.size()));
        if (q.d == q.c)
            q.d = (q.c + 1) % int(kFeatures.size());
        q.text = QStringLiteral("Write a short product description for a %1 %2.")
                     .arg(args(kAdjectives[size_t(q.b)]), args(kProducts[size_t(q.a)]));
        break;
    }
    return q;
}

QString providerAnswer(const Question &q, bool reasoning, int variant)
{
    static const std::array<const char *, 3> kOpeners { { "Let's work through this step by step.",
                                                          "Let's reason about this carefully, one step at a time.",
                                                          "Here is the reasoning, step by step." } };
    const QString opener = args(kOpeners[size_t(variant % 3)]);
    switch (q.family) {
    case Question::Family::Arithmetic: {
        const int first = q.a * q.b, second = q.c * q.d;
        QString s = reasoning || variant > 0 ? opener + QLatin1Char('\n') : QString();
        s += QStringLiteral("1. First period: %1 boxes/day × %2 days = %3 boxes.\n"
                            "2. Second period: %4 boxes/day × %5 days = %6 boxes.\n"
                            "3. Total: %3 + %6 = %7 boxes.\n\nSo the warehouse ships %7 boxes in total.")
                 .arg(q.a)
                 .arg(q.b)
                 .arg(first)
                 .arg(q.c)
                 .arg(q.d)
                 .arg(second)
                 .arg(first + second);
        return s;
    }
    case Question::Family::Explain: {
        const Concept &c = kConcepts[size_t(q.a)];
        QString s;
        if (reasoning)
            s += opener + QStringLiteral("\n\n");
        s += QStringLiteral("Here is a clear way to think about %1.\n\n").arg(args(c.name));
        if (reasoning)
            s += QStringLiteral("Step 1: %1\nStep 2: %2\nStep 3: %3\n\n")
                     .arg(args(c.facts[0]), args(c.facts[1]), args(c.facts[2]));
        else
            s += QStringLiteral("%1 %2 %3\n\n").arg(args(c.facts[0]), args(c.facts[1]), args(c.facts[2]));
        s += variant % 2
            ? QStringLiteral("In short: %1 is easier to grasp once you follow these three ideas in order.")
                  .arg(args(c.name))
            : QStringLiteral("In short, understanding %1 comes down to these three connected ideas.").arg(args(c.name));
        return s;
    }
    case Question::Family::Code: {
        const CodeTask &t = kCodeTasks[size_t(q.a)];
        QString s;
        if (reasoning)
            s += opener + QStringLiteral(" First we decide on the approach, then we write the code.\n\n");
        s += QStringLiteral("```python\ndef %1(%2):\n    \"\"\"%3.\"\"\"\n%4\n```\n\n%5")
                 .arg(args(t.name),
                      QLatin1String(q.a == 4                               ? "a, b"
                                        : q.a == 5 || q.a == 6             ? "items"
                                        : q.a == 1 || q.a == 2 || q.a == 7 ? "n"
                                                                           : "text"),
                      QStringLiteral("Function that %1").arg(args(t.task)), args(t.body), args(t.explanation));
        if (variant > 0)
            s += QStringLiteral(" The function runs without any external libraries.");
        return s;
    }
    case Question::Family::Product: {
        QString s = QStringLiteral("Meet the %1 %2: %3 and %4. ")
                        .arg(args(kAdjectives[size_t(q.b)]), args(kProducts[size_t(q.a)]), args(kFeatures[size_t(q.c)]),
                             args(kFeatures[size_t(q.d)]));
        s += variant % 2 ? QStringLiteral("It fits neatly into a busy day and looks good doing it.")
                         : QStringLiteral("Whether at home or on the move, it simply works.");
        if (reasoning)
            s.prepend(opener
                      + QStringLiteral(
                          " A good description names the product, its two strongest features and a closing line.\n\n"));
        return s;
    }
    case Question::Family::ChineseExplain: {
        const ChineseConcept &c = kChineseConcepts[size_t(q.a)];
        QString s = reasoning ? QStringLiteral("我们一步一步来分析。\n") : QString();
        s += QStringLiteral("第一，%1\n第二，%2\n第三，%3\n总之，理解%4的关键就在这三点。")
                 .arg(args(c.facts[0]), args(c.facts[1]), args(c.facts[2]), args(c.name));
        if (variant > 0)
            s += QStringLiteral("希望这个解释对你有帮助。");
        return s;
    }
    case Question::Family::ChineseArithmetic: {
        QString s
            = QStringLiteral(
                  "我们一步一步来计算：\n1. 每天卖出%1件。\n2. 一共%2天。\n3. %1 × %2 = %3。\n所以一共卖出%3件商品。")
                  .arg(q.a)
                  .arg(q.b)
                  .arg(q.a * q.b);
        if (variant > 0)
            s.prepend(QStringLiteral("好的。"));
        return s;
    }
    }
    return {};
}

QString suspectOwnAnswer(const Question &q, int variant)
{
    switch (q.family) {
    case Question::Family::Arithmetic:
        return QStringLiteral("The warehouse ships %1 boxes first and %2 boxes later, which adds up to %3 boxes.")
            .arg(q.a * q.b)
            .arg(q.c * q.d)
            .arg(q.a * q.b + q.c * q.d);
    case Question::Family::Explain: {
        const Concept &c = kConcepts[size_t(q.a)];
        return QStringLiteral("Sure! %1 is a key idea. %2 Put simply, %3")
            .arg(args(c.name).left(1).toUpper() + args(c.name).mid(1), args(c.facts[variant % 3]),
                 args(c.facts[(variant + 1) % 3]).toLower());
    }
    case Question::Family::Code: {
        const CodeTask &t = kCodeTasks[size_t(q.a)];
        return QStringLiteral("Sure, here is one way to do it:\n\n```python\ndef %1(x):\n%2\n```")
            .arg(args(t.name),
                 QString(args(t.body))
                     .replace(QLatin1String("text"), QLatin1String("x"))
                     .replace(QLatin1String("items"), QLatin1String("x"))
                     .replace(QLatin1String("(n"), QLatin1String("(x")));
    }
    case Question::Family::Product:
        return QStringLiteral("This %1 %2 is %3. Buy it today!")
            .arg(args(kAdjectives[size_t(q.b)]), args(kProducts[size_t(q.a)]), args(kFeatures[size_t(q.c)]));
    case Question::Family::ChineseExplain:
        return QStringLiteral("%1是一个重要的概念。%2")
            .arg(args(kChineseConcepts[size_t(q.a)].name), args(kChineseConcepts[size_t(q.a)].facts[0]));
    case Question::Family::ChineseArithmetic:
        return QStringLiteral("答案是%1件。").arg(q.a * q.b);
    }
    return {};
}

QString controlAnswer(const Question &q, int model, int variant)
{
    Q_UNUSED(variant);
    const bool formal = model == 0;
    switch (q.family) {
    case Question::Family::Arithmetic: {
        const int total = q.a * q.b + q.c * q.d;
        return formal ? QStringLiteral("Multiply each rate by its number of days and add: (%1 × %2) + (%3 × %4) = %5. "
                                       "The total is %5 boxes.")
                            .arg(q.a)
                            .arg(q.b)
                            .arg(q.c)
                            .arg(q.d)
                            .arg(total)
                      : QStringLiteral("Total boxes = %1 + %2 = %3.").arg(q.a * q.b).arg(q.c * q.d).arg(total);
    }
    case Question::Family::Explain: {
        const Concept &c = kConcepts[size_t(q.a)];
        return formal ? QStringLiteral("%1: %2 In addition, %3")
                            .arg(args(c.name).left(1).toUpper() + args(c.name).mid(1), args(c.facts[1]),
                                 args(c.facts[2]).left(1).toLower() + args(c.facts[2]).mid(1))
                      : QStringLiteral("Good question! Imagine %1 like this: %2").arg(args(c.name), args(c.facts[0]));
    }
    case Question::Family::Code: {
        const CodeTask &t = kCodeTasks[size_t(q.a)];
        return formal
            ? QStringLiteral("One possible implementation:\n\n```python\ndef %1(value):\n%2\n```\n\nComplexity depends "
                             "on the input size.")
                  .arg(args(t.name), args(t.body))
            : QStringLiteral(
                  "You can use this:\n```python\n# %1\ndef %2(*args):\n    ...\n```\nFill in the body as needed.")
                  .arg(args(t.task), args(t.name));
    }
    case Question::Family::Product:
        return formal
            ? QStringLiteral("Product: %1 %2. Features: %3; %4.")
                  .arg(args(kAdjectives[size_t(q.b)]), args(kProducts[size_t(q.a)]), args(kFeatures[size_t(q.c)]),
                       args(kFeatures[size_t(q.d)]))
            : QStringLiteral("Looking for a %1? This one is %2 and %3.")
                  .arg(args(kProducts[size_t(q.a)]), args(kAdjectives[size_t(q.b)]), args(kFeatures[size_t(q.d)]));
    case Question::Family::ChineseExplain:
        return formal
            ? QStringLiteral("%1：%2").arg(args(kChineseConcepts[size_t(q.a)].name),
                                           args(kChineseConcepts[size_t(q.a)].facts[2]))
            : QStringLiteral("简单来说，%1就是：%2")
                  .arg(args(kChineseConcepts[size_t(q.a)].name), args(kChineseConcepts[size_t(q.a)].facts[1]));
    case Question::Family::ChineseArithmetic:
        return formal ? QStringLiteral("%1乘以%2等于%3，共%3件。").arg(q.a).arg(q.b).arg(q.a * q.b)
                      : QStringLiteral("%1件。").arg(q.a * q.b);
    }
    return {};
}

LightEdit lightlyEdit(const QString &answer, Random &rng)
{
    LightEdit edit { answer, {} };
    switch (rng.below(4)) {
    case 0:
        edit.text = QStringLiteral("Sure! ") + answer;
        edit.description = QStringLiteral("prefixed \"Sure! \"");
        break;
    case 1: {
        const qsizetype cut = answer.lastIndexOf(QLatin1Char('\n'));
        if (cut > answer.size() / 2) {
            edit.text = answer.left(cut).trimmed();
            edit.description = QStringLiteral("last line dropped");
            break;
        }
        edit.text = answer + QStringLiteral("\n\nLet me know if you have any other questions.");
        edit.description = QStringLiteral("closing sentence appended");
        break;
    }
    case 2:
        edit.text.replace(QLatin1String("Let's"), QLatin1String("Let us"))
            .replace(QLatin1String("So the"), QLatin1String("Therefore, the"))
            .replace(QLatin1String("In short"), QLatin1String("To sum up"))
            .replace(QStringLiteral("所以"), QStringLiteral("因此"))
            .replace(QStringLiteral("总之"), QStringLiteral("总而言之"));
        edit.description = QStringLiteral("connective words replaced (Let's, So, In short; 所以, 总之)");
        if (edit.text == answer) {
            edit.text = answer + QStringLiteral(" Hope this helps!");
            edit.description = QStringLiteral("\"Hope this helps!\" appended");
        }
        break;
    default:
        edit.text.replace(QLatin1String("Step "), QLatin1String("Stage "))
            .replace(QLatin1String("\n1. "), QLatin1String("\n(1) "))
            .replace(QLatin1String("\n2. "), QLatin1String("\n(2) "))
            .replace(QLatin1String("\n3. "), QLatin1String("\n(3) "));
        edit.description = QStringLiteral("step numbering rewritten");
        if (edit.text == answer) {
            edit.text = QStringLiteral("Certainly. ") + answer;
            edit.description = QStringLiteral("prefixed \"Certainly. \"");
        }
        break;
    }
    return edit;
}

} // namespace lineage::demo
