// SPDX-License-Identifier: GPL-3.0-or-later
// Normalization and segmentation: tokens and their offsets into the original text.
#include "text/normalizer.h"
#include "text/tokenizer.h"

#include <QTest>

#include <random>

using namespace lineage::text;

namespace {

QStringList tokenTexts(const TokenizedText &t)
{
    QStringList out;
    for (size_t i = 0; i < t.tokens.size(); ++i)
        out << t.tokenText(i).toString();
    return out;
}

QStringList originalSlices(const QString &original, const TokenizedText &t)
{
    QStringList out;
    for (const Token &tok : t.tokens)
        out << original.mid(tok.start, tok.end - tok.start);
    return out;
}

// Every token's original slice, normalized on its own, gives the token back: offsets
// point at exactly the characters the token came from.
void checkOffsetsMapBack(const QString &original, const Tokenizer &tokenizer)
{
    const TokenizedText t = tokenizer.tokenize(original);
    for (size_t i = 0; i < t.tokens.size(); ++i) {
        const Token &tok = t.tokens[i];
        QVERIFY(tok.start >= 0 && tok.start < tok.end && tok.end <= original.size());
        // No offset splits a surrogate pair.
        QVERIFY(!original.at(tok.start).isLowSurrogate());
        QVERIFY(tok.end == original.size() || !original.at(tok.end).isLowSurrogate());
        const QString again
            = normalize(QStringView(original).mid(tok.start, tok.end - tok.start), tokenizer.options().normalize).text;
        QCOMPARE(again, t.tokenText(i).toString());
    }
}

} // namespace

class TestText : public QObject
{
    Q_OBJECT

private slots:
    void nfkcAndCaseFolding();
    void diacriticsAndPunctuation();
    void whitespaceFolding();
    void englishWords();
    void chineseByDictionary();
    void mixedScripts();
    void emoji();
    void rightToLeft();
    void combiningMarks();
    void offsetsMapBack_data();
    void offsetsMapBack();
    void charNGrams();
    void versionTag();
    void asciiFastPathMatchesIcu();
};

void TestText::nfkcAndCaseFolding()
{
    const QString original = QStringLiteral("\uFB01nal \uFF21\uFF22\uFF23 Stra\u00DFe \u2460");
    const NormalizedText n = normalize(original);
    QCOMPARE(n.text, QStringLiteral("final abc strasse 1"));
    QCOMPARE(n.origStart.size(), size_t(n.text.size()));
    // "fi" both come from the single ligature at 0.
    QCOMPARE(n.origStart[0], 0);
    QCOMPARE(n.origEnd[1], 1);
    QCOMPARE(n.origStart[2], 1);
    // "ss" from the single sharp s.
    const qint32 ss = qint32(n.text.indexOf(QStringLiteral("ss")));
    QCOMPARE(original.mid(n.origStart[size_t(ss)], n.origEnd[size_t(ss + 1)] - n.origStart[size_t(ss)]),
             QStringLiteral("\u00DF"));

    NormalizeOptions keepCase;
    keepCase.caseFold = false;
    QCOMPARE(normalize(QStringLiteral("\uFF21bC"), keepCase).text, QStringLiteral("AbC"));
}

void TestText::diacriticsAndPunctuation()
{
    NormalizeOptions o;
    o.removeDiacritics = true;
    o.removePunctuation = true;
    QCOMPARE(normalize(QStringLiteral("Cr\u00E8me br\u00FBl\u00E9e, s'il-vous-pla\u00EEt!"), o).text,
             QStringLiteral("creme brulee s il vous plait"));
    // Thai vowel marks are not diacritics to remove.
    QCOMPARE(normalize(QStringLiteral("\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35"), o).text,
             QStringLiteral("\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35"));
    // Without the options, accents and punctuation stay.
    QCOMPARE(normalize(QStringLiteral("Cr\u00E8me, br\u00FBl\u00E9e!")).text,
             QStringLiteral("cr\u00E8me, br\u00FBl\u00E9e!"));
}

void TestText::whitespaceFolding()
{
    const QString original = QStringLiteral("  a \t\n\u00A0 b  ");
    const NormalizedText n = normalize(original);
    QCOMPARE(n.text, QStringLiteral("a b"));
    QCOMPARE(n.origStart[0], 2);
    QCOMPARE(n.origStart[1], 3); // the folded space maps to the run's first whitespace
    QCOMPARE(n.origStart[2], 8);
    NormalizeOptions keep;
    keep.foldWhitespace = false;
    QCOMPARE(normalize(QStringLiteral(" a\tb"), keep).text, QStringLiteral(" a\tb"));
}

void TestText::englishWords()
{
    const QString original = QStringLiteral("Hello, World! It's 3.14 -- the U.S. model's reply.");
    const TokenizedText t = Tokenizer().tokenize(original);
    QCOMPARE(tokenTexts(t),
             (QStringList { QStringLiteral("hello"), QStringLiteral("world"), QStringLiteral("it's"),
                            QStringLiteral("3.14"), QStringLiteral("the"), QStringLiteral("u.s"),
                            QStringLiteral("model's"), QStringLiteral("reply") }));
    QCOMPARE(originalSlices(original, t).at(1), QStringLiteral("World"));
    QCOMPARE(t.tokens[1].start, 7);
    QCOMPARE(t.tokens[1].end, 12);
}

void TestText::chineseByDictionary()
{
    const QString original = QStringLiteral("我们喜欢自然语言处理。我是ChatGPT，由OpenAI开发。");
    const TokenizedText t = Tokenizer().tokenize(original);
    const QStringList words = tokenTexts(t);
    // Dictionary segmentation: multi-character words, not one token per character.
    QVERIFY2(words.contains(QStringLiteral("我们")), qPrintable(words.join(QLatin1Char('|'))));
    QVERIFY(words.contains(QStringLiteral("喜欢")));
    QVERIFY(words.contains(QStringLiteral("chatgpt")));
    QVERIFY(words.contains(QStringLiteral("openai")));
    QVERIFY(!words.contains(QStringLiteral("。")));
    const qsizetype at = words.indexOf(QStringLiteral("chatgpt"));
    QCOMPARE(originalSlices(original, t).at(at), QStringLiteral("ChatGPT"));
    checkOffsetsMapBack(original, Tokenizer());
}

void TestText::mixedScripts()
{
    const QString original = QStringLiteral("The model 模型 answered «Привет, мир» and ผมรักภาษาไทย today.");
    const TokenizedText t = Tokenizer().tokenize(original);
    const QStringList words = tokenTexts(t);
    QVERIFY(words.contains(QStringLiteral("模型")));
    QVERIFY(words.contains(QStringLiteral("привет")));
    QVERIFY(words.contains(QStringLiteral("мир")));
    // Thai has no spaces between words; the dictionary splits it into several words.
    const QStringList slices = originalSlices(original, t);
    int thai = 0;
    for (const QString &s : slices)
        thai += s.at(0).unicode() >= 0x0E00 && s.at(0).unicode() <= 0x0E7F;
    QVERIFY2(thai >= 3, qPrintable(words.join(QLatin1Char('|'))));
    QCOMPARE(words.last(), QStringLiteral("today"));
    checkOffsetsMapBack(original, Tokenizer());
}

void TestText::emoji()
{
    const QString family = QStringLiteral("\U0001F468\u200D\U0001F469\u200D\U0001F467");
    const QString original
        = QStringLiteral("I \u2764\uFE0F pizza \U0001F355 and my ") + family + QStringLiteral(" family");
    const TokenizedText t = Tokenizer().tokenize(original);
    const QStringList slices = originalSlices(original, t);
    QVERIFY2(slices.contains(QStringLiteral("\U0001F355")), qPrintable(slices.join(QLatin1Char('|'))));
    // Case folding (NFKC_Casefold) drops default-ignorable characters, the zero-width
    // joiner among them: the family becomes its three people, each at its exact place.
    const QStringList words = tokenTexts(t);
    const qsizetype man = words.indexOf(QStringLiteral("\U0001F468"));
    QVERIFY2(man > 0, qPrintable(slices.join(QLatin1Char('|'))));
    QCOMPARE(words.at(man + 1), QStringLiteral("\U0001F469"));
    QCOMPARE(words.at(man + 2), QStringLiteral("\U0001F467"));
    // Each person's offsets start at its surrogate pair (the dropped joiner goes with it).
    QCOMPARE(slices.at(man), QStringLiteral("\U0001F468\u200D"));
    QCOMPARE(t.tokens[size_t(man + 2)].start, t.tokens[size_t(man)].start + 6);
    QCOMPARE(t.tokens[size_t(man + 2)].end, t.tokens[size_t(man)].start + 8);
    // The heart keeps its place; its variation selector is ignorable too.
    QCOMPARE(t.tokenText(1).toString(), QStringLiteral("\u2764"));
    QCOMPARE(slices.at(1), QStringLiteral("\u2764\uFE0F"));
    QCOMPARE(slices.last(), QStringLiteral("family"));
    QCOMPARE(t.tokens.back().start, qint32(original.size() - 6));
    checkOffsetsMapBack(original, Tokenizer());
}

void TestText::rightToLeft()
{
    const QString original = QStringLiteral("مرحبا بالعالم! \u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD");
    const TokenizedText t = Tokenizer().tokenize(original);
    QCOMPARE(originalSlices(original, t),
             (QStringList { QStringLiteral("مرحبا"), QStringLiteral("بالعالم"),
                            QStringLiteral("\u05E9\u05DC\u05D5\u05DD"), QStringLiteral("\u05E2\u05D5\u05DC\u05DD") }));
    QCOMPARE(t.tokens[1].start, 6);
    checkOffsetsMapBack(original, Tokenizer());
}

void TestText::combiningMarks()
{
    // Decomposed accents compose under NFKC; the token's offsets cover base and mark.
    const QString original = QStringLiteral("Cafe\u0301 de\u0301ja\u0300 vu");
    const TokenizedText t = Tokenizer().tokenize(original);
    QCOMPARE(tokenTexts(t),
             (QStringList { QStringLiteral("caf\u00E9"), QStringLiteral("d\u00E9j\u00E0"), QStringLiteral("vu") }));
    QCOMPARE(originalSlices(original, t).at(0), QStringLiteral("Cafe\u0301"));
    QCOMPARE(originalSlices(original, t).at(1), QStringLiteral("de\u0301ja\u0300"));

    TokenizerOptions o;
    o.normalize.removeDiacritics = true;
    const TokenizedText plain = Tokenizer(o).tokenize(original);
    QCOMPARE(tokenTexts(plain), (QStringList { QStringLiteral("cafe"), QStringLiteral("deja"), QStringLiteral("vu") }));
    QCOMPARE(plain.tokens[1].start, 6);
    QCOMPARE(plain.tokens[1].end, 12);
    checkOffsetsMapBack(original, Tokenizer(o));
}

void TestText::offsetsMapBack_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("english") << QStringLiteral(
        "  The QUICK brown fox\u2014jumped over the \uFB01ne lazy dog's back.  ");
    QTest::newRow("japanese") << QStringLiteral("私はガラスを食べられます。それは私を傷つけません。");
    QTest::newRow("korean") << QStringLiteral("나는 유리를 먹을 수 있어요. 그래도 아프지 않아요");
    QTest::newRow("fullwidth") << QStringLiteral("\uFF2C\uFF49\uFF4E\uFF45\uFF41\uFF47\uFF45 \uFF11\uFF12\uFF13");
    QTest::newRow("math-bold") << QStringLiteral("\U0001D400\U0001D401\U0001D402 plain");
}

void TestText::offsetsMapBack()
{
    QFETCH(QString, text);
    checkOffsetsMapBack(text, Tokenizer());
    TokenizerOptions o;
    o.normalize.removePunctuation = true;
    o.normalize.removeDiacritics = true;
    checkOffsetsMapBack(text, Tokenizer(o));
    QVERIFY(!Tokenizer().tokenize(text).tokens.empty());
}

void TestText::charNGrams()
{
    TokenizerOptions o;
    o.kind = TokenKind::CharNGrams;
    o.ngram = 3;
    const QString original = QStringLiteral("ABC  de");
    const TokenizedText t = Tokenizer(o).tokenize(original);
    QCOMPARE(
        tokenTexts(t),
        (QStringList { QStringLiteral("abc"), QStringLiteral("bc "), QStringLiteral("c d"), QStringLiteral(" de") }));
    QCOMPARE(t.tokens[3].start, 3);
    QCOMPARE(t.tokens[3].end, 7);

    // N-grams count code points: a surrogate pair is one character.
    o.ngram = 2;
    const QString emoji = QStringLiteral("a\U0001F600b");
    const TokenizedText e = Tokenizer(o).tokenize(emoji);
    QCOMPARE(originalSlices(emoji, e), (QStringList { QStringLiteral("a\U0001F600"), QStringLiteral("\U0001F600b") }));
    QVERIFY(Tokenizer(o).tokenize(QStringLiteral("x")).tokens.empty());
}

void TestText::versionTag()
{
    TokenizerOptions o;
    const QString words = o.versionTag();
    QVERIFY(words.startsWith(QStringLiteral("lineage-text/%1;icu/").arg(kTokenizerVersion)));
    o.kind = TokenKind::CharNGrams;
    QVERIFY(o.versionTag() != words);
    o.normalize.removeDiacritics = true;
    QVERIFY(o.versionTag().contains(QStringLiteral("nodiacritics")));
}

// Issue 15: plain ASCII texts are segmented without ICU; the segments must be ICU's, for
// every arrangement of the characters the fast path takes (letters, digits, the joiners
// . ' , ; between them, spaces and separating punctuation).
void TestText::asciiFastPathMatchesIcu()
{
    const QString alphabet = QStringLiteral("abZ09 .,';!?-\"()[]/\t\n\r");
    std::mt19937 rng(15);
    std::uniform_int_distribution<int> pick(0, int(alphabet.size()) - 1);
    std::uniform_int_distribution<int> length(0, 14);
    std::vector<std::pair<qint32, qint32>> fast, icu;
    for (int round = 0; round < 200000; ++round) {
        QString text;
        const int n = length(rng);
        for (int k = 0; k < n; ++k)
            text += alphabet[pick(rng)];
        wordSegments(text, fast);
        icuWordSegments(text, icu);
        if (fast != icu)
            QFAIL(qPrintable(QStringLiteral("segments differ for \"%1\"").arg(text)));
    }
    // Sentences with contractions, decimals, lists and abbreviations.
    const QString prose = QStringLiteral("It's 3.14, not 3,14; e.g. U.S. rules (v2.0) don't apply - see [4] and "
                                         "1,000,000 'quoted' words!? a.b.c 1.a a.1");
    wordSegments(prose, fast);
    icuWordSegments(prose, icu);
    QCOMPARE(fast, icu);
    QVERIFY(fast.size() > 20);
    // Anything else goes through ICU.
    const QString other = QStringLiteral("caf\u00e9 na\u00efve_x: 12:30");
    wordSegments(other, fast);
    icuWordSegments(other, icu);
    QCOMPARE(fast, icu);
}

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"
