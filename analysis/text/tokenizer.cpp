// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/tokenizer.h"

#include "core/logging.h"

#include <array>
#include <memory>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>

namespace lineage::text {

namespace {

// One word break iterator per thread, cloned from a shared prototype (creating one
// loads the rules and dictionaries; cloning is cheap).
icu::BreakIterator *threadWordIterator()
{
    static const std::unique_ptr<icu::BreakIterator> prototype = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status)) {
            qCWarning(lcText) << "ICU word break iterator unavailable:" << u_errorName(status);
            it.reset();
        }
        return it;
    }();
    thread_local std::unique_ptr<icu::BreakIterator> local(prototype ? prototype->clone() : nullptr);
    return local.get();
}

bool hasPictographic(const char16_t *s, qint32 start, qint32 end)
{
    for (qint32 i = start; i < end;) {
        UChar32 c;
        U16_NEXT(s, i, end, c);
        if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC))
            return true;
    }
    return false;
}

} // namespace

QString TokenizerOptions::versionTag() const
{
    QString tag
        = QStringLiteral("lineage-text/%1;icu/%2;").arg(kTokenizerVersion).arg(QString::fromLatin1(U_ICU_VERSION));
    tag += kind == TokenKind::Words ? QStringLiteral("words") : QStringLiteral("char%1").arg(ngram);
    return tag + QLatin1Char(';') + normalize.describe();
}

namespace {

// Word-break classes of the ASCII characters the fast path handles (UAX #29 as ICU's root
// word rules apply it); 0 marks a character the fast path leaves to ICU.
enum AsciiClass : quint8 {
    kOther = 0, // not handled: fall back to ICU
    kLetter, // ALetter
    kDigit, // Numeric
    kMidNumLet, // . '  (joins letters to letters, digits to digits)
    kMidNum, // , ;  (joins digits to digits)
    kBreak, // space, tab, line ends and punctuation that always separates words
};

constexpr std::array<quint8, 128> asciiClasses()
{
    std::array<quint8, 128> c {};
    for (int ch = 'a'; ch <= 'z'; ++ch)
        c[size_t(ch)] = kLetter;
    for (int ch = 'A'; ch <= 'Z'; ++ch)
        c[size_t(ch)] = kLetter;
    for (int ch = '0'; ch <= '9'; ++ch)
        c[size_t(ch)] = kDigit;
    c[size_t('.')] = c[size_t('\'')] = kMidNumLet;
    c[size_t(',')] = c[size_t(';')] = kMidNum;
    for (const char ch : { ' ', '\t', '\n', '\r', '!', '?', '-', '"', '(', ')', '[', ']', '/' })
        c[size_t(quint8(ch))] = kBreak;
    return c;
}

constexpr std::array<quint8, 128> kAsciiClass = asciiClasses();

// Word-like segments of a text made only of the characters above, exactly as ICU finds
// them: maximal runs of letters and digits, where a '.' or '\'' between two letters or
// two digits, and a ',' or ';' between two digits, joins the run (WB6, WB7, WB11, WB12).
// Returns false, leaving `out` empty, when the text has any other character.
bool asciiWordSegments(QStringView text, std::vector<std::pair<qint32, qint32>> &out)
{
    const char16_t *s = reinterpret_cast<const char16_t *>(text.utf16());
    const qint32 n = qint32(text.size());
    for (qint32 i = 0; i < n; ++i)
        if (s[i] >= 128 || kAsciiClass[s[i]] == kOther)
            return false;
    auto cls = [&](qint32 i) { return i < n ? kAsciiClass[s[i]] : quint8(kOther); };
    qint32 i = 0;
    while (i < n) {
        const quint8 c = cls(i);
        if (c != kLetter && c != kDigit) {
            ++i;
            continue;
        }
        const qint32 start = i++;
        for (;;) {
            const quint8 here = cls(i);
            if (here == kLetter || here == kDigit) {
                ++i;
                continue;
            }
            const quint8 before = cls(i - 1);
            const quint8 after = cls(i + 1);
            if ((here == kMidNumLet && before == after && (after == kLetter || after == kDigit))
                || (here == kMidNum && before == kDigit && after == kDigit)) {
                i += 2;
                continue;
            }
            break;
        }
        out.emplace_back(start, i);
    }
    return true;
}

} // namespace

void wordSegments(QStringView text, std::vector<std::pair<qint32, qint32>> &out)
{
    out.clear();
    if (asciiWordSegments(text, out))
        return;
    out.clear();
    icuWordSegments(text, out);
}

void icuWordSegments(QStringView text, std::vector<std::pair<qint32, qint32>> &out)
{
    out.clear();
    icu::BreakIterator *it = threadWordIterator();
    if (!it || text.isEmpty())
        return;
    const char16_t *s = reinterpret_cast<const char16_t *>(text.utf16());
    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUChars(&ut, s, int64_t(text.size()), &status);
    it->setText(&ut, status);
    if (U_FAILURE(status)) {
        utext_close(&ut);
        return;
    }
    qint32 start = it->first();
    for (qint32 end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
        if (it->getRuleStatus() >= UBRK_WORD_NONE_LIMIT || hasPictographic(s, start, end))
            out.emplace_back(start, end);
    }
    // Detach the iterator from the caller's buffer (onto a string that outlives it).
    static const icu::UnicodeString kNoText;
    it->setText(kNoText);
    utext_close(&ut);
}

TokenizedText Tokenizer::tokenize(QStringView original) const
{
    TokenizedText result;
    result.normalized = normalize(original, m_options.normalize);
    const NormalizedText &norm = result.normalized;
    const QString &text = norm.text;
    auto add = [&](qint32 a, qint32 b) {
        result.tokens.push_back(Token { norm.originalStart(a), norm.originalEnd(b), a, b });
    };
    if (m_options.kind == TokenKind::Words) {
        thread_local std::vector<std::pair<qint32, qint32>> segments;
        wordSegments(text, segments);
        result.tokens.reserve(segments.size());
        for (const auto &[a, b] : segments)
            add(a, b);
        return result;
    }
    // Character n-grams over code points: starts[k] is the unit offset of code point k.
    const int n = qMax(1, m_options.ngram);
    std::vector<qint32> starts;
    starts.reserve(size_t(text.size()) + 1);
    const char16_t *s = reinterpret_cast<const char16_t *>(text.utf16());
    const qint32 len = qint32(text.size());
    for (qint32 i = 0; i < len;) {
        starts.push_back(i);
        U16_FWD_1(s, i, len);
    }
    starts.push_back(len);
    const qint32 count = qint32(starts.size()) - 1;
    if (count >= n) {
        result.tokens.reserve(size_t(count - n + 1));
        for (qint32 k = 0; k + n <= count; ++k)
            add(starts[size_t(k)], starts[size_t(k + n)]);
    }
    return result;
}

} // namespace lineage::text
