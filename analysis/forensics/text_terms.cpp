// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/text_terms.h"

#include "similarity/hashing.h"
#include "text/normalizer.h"

namespace lineage::forensics {

namespace {

bool ideographic(char32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

bool wordChar(char32_t cp)
{
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return true;
    default:
        return false;
    }
}

std::vector<char32_t> codePoints(QStringView s)
{
    std::vector<char32_t> out;
    out.reserve(size_t(s.size()));
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c.isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
            out.push_back(QChar::surrogateToUcs4(c, s[i + 1]));
            ++i;
        } else {
            out.push_back(c.unicode());
        }
    }
    return out;
}

void append(QString &s, char32_t cp)
{
    if (QChar::requiresSurrogates(cp)) {
        s.append(QChar(QChar::highSurrogate(cp)));
        s.append(QChar(QChar::lowSurrogate(cp)));
    } else {
        s.append(QChar(char16_t(cp)));
    }
}

} // namespace

QString normalizedText(QStringView text)
{
    return text::normalize(text).text;
}

std::vector<QString> wordTokens(QStringView normalized, std::vector<qsizetype> *ends)
{
    const std::vector<char32_t> cps = codePoints(normalized);
    std::vector<QString> out;
    QString cur;
    qsizetype at = 0; // UTF-16 offset of cps[i]
    auto flush = [&] {
        if (cur.isEmpty())
            return;
        out.push_back(std::exchange(cur, QString()));
        if (ends)
            ends->push_back(at);
    };
    if (ends)
        ends->clear();
    for (size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        const qsizetype width = QChar::requiresSurrogates(c) ? 2 : 1;
        if (ideographic(c)) {
            flush();
            QString one;
            append(one, c);
            out.push_back(one);
            if (ends)
                ends->push_back(at + width);
        } else if (wordChar(c)) {
            append(cur, c);
        } else if ((c == U'\'' || c == U'\u2019') && !cur.isEmpty() && i + 1 < cps.size() && wordChar(cps[i + 1])
                   && !ideographic(cps[i + 1])) {
            append(cur, c);
        } else {
            flush();
        }
        at += width;
    }
    flush();
    return out;
}

std::vector<quint64> wordTermHashes(const std::vector<QString> &words)
{
    std::vector<quint64> out;
    out.reserve(words.size() * 2);
    for (const QString &w : words)
        out.push_back(similarity::hashText(w));
    QString pair;
    for (size_t i = 0; i + 1 < words.size(); ++i) {
        pair.clear();
        pair += words[i];
        pair += QLatin1Char(' ');
        pair += words[i + 1];
        out.push_back(similarity::hashText(pair));
    }
    return out;
}

std::vector<quint64> charNGramHashes(QStringView normalized, int n)
{
    // UTF-16 offset of every code point, so that a window of n code points is one view.
    std::vector<qsizetype> starts;
    starts.reserve(size_t(normalized.size()) + 1);
    for (qsizetype i = 0; i < normalized.size(); ++i) {
        starts.push_back(i);
        if (normalized[i].isHighSurrogate() && i + 1 < normalized.size() && normalized[i + 1].isLowSurrogate())
            ++i;
    }
    starts.push_back(normalized.size());
    std::vector<quint64> out;
    const qsizetype points = qsizetype(starts.size()) - 1;
    if (n <= 0 || points < n)
        return out;
    out.reserve(size_t(points - n + 1));
    for (qsizetype i = 0; i + n <= points; ++i)
        out.push_back(
            similarity::hashText(normalized.mid(starts[size_t(i)], starts[size_t(i + n)] - starts[size_t(i)])));
    return out;
}

} // namespace lineage::forensics
