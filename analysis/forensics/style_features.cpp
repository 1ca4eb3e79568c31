// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/style_features.h"

#include <QRegularExpression>

#include <cmath>

namespace lineage::forensics {

namespace {

constexpr auto kUnicode = QRegularExpression::UseUnicodePropertiesOption;
constexpr auto kCase = QRegularExpression::CaseInsensitiveOption;
constexpr auto kLines = QRegularExpression::MultilineOption;

// The patterns of bench/forensics/style_features.py, one set per thread (matching a
// shared QRegularExpression from several threads is not documented as safe).
struct Patterns
{
    QRegularExpression numbered { QStringLiteral("^[ \\t]*[0-9]+[.)][ \\t]"), kLines | kUnicode };
    QRegularExpression bullet { QStringLiteral("^[ \\t]*[-*\\x{2022}][ \\t]"), kLines | kUnicode };
    QRegularExpression heading { QStringLiteral("^[ \\t]*#{1,6}[ \\t]"), kLines | kUnicode };
    QRegularExpression colonLine { QStringLiteral(":[ \\t]*$"), kLines | kUnicode };
    QRegularExpression sentenceEnd { QStringLiteral("[.!?]+(?=[ \\t\\r\\n\"')\\]]|$)"), kUnicode };
    QRegularExpression paragraphBreak { QStringLiteral("\\n[ \\t]*\\n"), kUnicode };
    QRegularExpression affirm {
        QStringLiteral("^[ \\t\\r\\n]*(sure|certainly|of course|absolutely|great question|yes)\\b"), kCase | kUnicode
    };
    QRegularExpression here { QStringLiteral("^[ \\t\\r\\n]*here(\\s+is|\\s+are|'s|\\x{2019}s)\\b"), kCase | kUnicode };
    QRegularExpression aiSelf { QStringLiteral("\\bas an ai\\b|\\blanguage model\\b|\\bi am an ai\\b|\\bi'm an ai\\b"
                                               "|\\bi\\x{2019}m an ai\\b"),
                                kCase | kUnicode };
    QRegularExpression apology { QStringLiteral(
                                     "\\bi'm sorry\\b|\\bi\\x{2019}m sorry\\b|\\bi am sorry\\b"
                                     "|\\bi apologi[sz]e\\b|\\bi cannot\\b|\\bi can't\\b|\\bi can\\x{2019}t\\b"
                                     "|\\bi am unable\\b|\\bi'm unable\\b|\\bi am not able\\b"),
                                 kCase | kUnicode };
    QRegularExpression closer { QStringLiteral("^[ \\t]*(in conclusion|overall|in summary|to summarize|ultimately)\\b"),
                                kCase | kLines | kUnicode };
    QRegularExpression offer { QStringLiteral("\\blet me know\\b|\\bhope this helps\\b|\\bfeel free to\\b"
                                              "|\\bi hope (this|that)\\b"),
                               kCase | kUnicode };
    QRegularExpression caveat { QStringLiteral("\\bit's important to\\b|\\bit\\x{2019}s important to\\b"
                                               "|\\bit is important to\\b|\\bnote that\\b|\\bkeep in mind\\b"
                                               "|\\bremember that\\b"),
                                kCase | kUnicode };
    QRegularExpression first { QStringLiteral("\\b(i|me|my|mine|i'm|i've|i'd|i'll)\\b"), kCase | kUnicode };
    QRegularExpression second { QStringLiteral("\\b(you|your|yours|you're|you've|you'll|you'd)\\b"), kCase | kUnicode };
};

const Patterns &patterns()
{
    thread_local const Patterns p;
    return p;
}

qint64 count(const QRegularExpression &re, const QString &text)
{
    qint64 n = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

double found(const QRegularExpression &re, const QString &text)
{
    return re.match(text).hasMatch() ? 1.0 : 0.0;
}

// Non-overlapping occurrences, left to right (as Python's str.count; QString::count
// counts overlapping ones).
qint64 occurrences(QStringView text, QStringView needle)
{
    qint64 n = 0;
    for (qsizetype at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.size()))
        ++n;
    return n;
}

bool blank(QStringView s, bool newlines)
{
    for (const QChar c : s)
        if (c != QLatin1Char(' ') && c != QLatin1Char('\t') && !(newlines && c == QLatin1Char('\n')))
            return false;
    return true;
}

} // namespace

const std::array<const char *, kShapeFeatureCount> &shapeFeatureNames()
{
    static const std::array<const char *, kShapeFeatureCount> names = {
        "words",
        "lines",
        "paragraphs",
        "sentences",
        "numbered_items",
        "bullet_items",
        "headings",
        "colon_lines",
        "bold_markers",
        "code_fences",
        "quotes",
        "parentheses",
        "digits",
        "sentence_length",
        "word_length",
        "commas_per_sentence",
        "questions",
        "exclamations",
        "affirmative_opener",
        "here_opener",
        "ai_self_reference",
        "apology_refusal",
        "summary_closer",
        "offer_of_help",
        "caveat",
        "first_person",
        "second_person",
    };
    return names;
}

ShapeFeatures shapeFeatures(QStringView raw, const std::vector<QString> &words)
{
    const Patterns &p = patterns();
    QString text = raw.toString();
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));

    qint64 lines = 0;
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n')))
        lines += blank(line, false) ? 0 : 1;
    qint64 paragraphs = 0;
    for (const QString &block : text.split(p.paragraphBreak))
        paragraphs += blank(block, true) ? 0 : 1;
    const qint64 sentences = count(p.sentenceEnd, text);
    const double s1 = double(qMax<qint64>(1, sentences));
    qint64 wordChars = 0;
    for (const QString &w : words)
        wordChars += QStringView(w).toUcs4().size();
    const double nw = double(words.size());
    qint64 digits = 0;
    for (const QChar c : text)
        digits += (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ? 1 : 0;
    auto lg = [](double v) { return std::log1p(v); };
    auto n = [&](QStringView s) { return double(occurrences(text, s)); };

    return {
        lg(nw),
        lg(double(lines)),
        lg(double(paragraphs)),
        lg(double(sentences)),
        lg(double(count(p.numbered, text))),
        lg(double(count(p.bullet, text))),
        lg(double(count(p.heading, text))),
        lg(double(count(p.colonLine, text))),
        lg(n(u"**") + n(u"__")),
        lg(n(u"```")),
        lg(n(u"\"") + n(u"\u201c") + n(u"\u201d")),
        lg(n(u"(")),
        lg(double(digits)),
        lg(nw / s1),
        words.empty() ? 0.0 : double(wordChars) / nw,
        lg(n(u",") / s1),
        lg(n(u"?")),
        lg(n(u"!")),
        found(p.affirm, text),
        found(p.here, text),
        found(p.aiSelf, text),
        found(p.apology, text),
        found(p.closer, text),
        found(p.offer, text),
        found(p.caveat, text),
        lg(double(count(p.first, text))),
        lg(double(count(p.second, text))),
    };
}

} // namespace lineage::forensics
