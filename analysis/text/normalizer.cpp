// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace lineage::text {

namespace {

// The "Combining Diacritical Marks" blocks: accents on Latin, Greek and Cyrillic letters.
bool isDiacritic(UChar32 c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF)
        || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

// Character classes of ASCII, taken from ICU once so that the fast path agrees with it.
struct AsciiClasses
{
    bool space[128];
    bool punct[128];
    AsciiClasses()
    {
        for (UChar32 c = 0; c < 128; ++c) {
            space[c] = u_isUWhiteSpace(c);
            punct[c] = (U_GET_GC_MASK(c) & U_GC_P_MASK) != 0;
        }
    }
};
const AsciiClasses kAscii;

bool isPunctuation(UChar32 c)
{
    return c < 128 ? kAscii.punct[c] : (U_GET_GC_MASK(c) & U_GC_P_MASK) != 0;
}

bool isWhiteSpace(UChar32 c)
{
    return c < 128 ? kAscii.space[c] : u_isUWhiteSpace(c);
}

// Appends code points to the output, folding whitespace and dropping punctuation as asked.
class Emitter
{
public:
    Emitter(const NormalizeOptions &options, NormalizedText &out, qsizetype expected) : m_options(options), m_out(out)
    {
        m_units.reserve(size_t(expected));
    }

    // Moves the text into the output (units are gathered in a plain array: cheaper per
    // character than QString::append).
    void finish() { m_out.text = QString(reinterpret_cast<const QChar *>(m_units.data()), qsizetype(m_units.size())); }

    void put(UChar32 c, qint32 start, qint32 end)
    {
        const bool punct = m_options.removePunctuation && isPunctuation(c);
        if (punct || (m_options.foldWhitespace && isWhiteSpace(c))) {
            if (!m_options.foldWhitespace) {
                push(u' ', start, end);
                return;
            }
            if (!m_pendingSpace) {
                m_pendingSpace = true;
                m_spaceStart = start;
            }
            m_spaceEnd = end;
            return;
        }
        if (m_pendingSpace) {
            if (!m_units.empty())
                push(u' ', m_spaceStart, m_spaceEnd);
            m_pendingSpace = false;
        }
        if (U_IS_BMP(c)) {
            push(char16_t(c), start, end);
        } else {
            push(char16_t(U16_LEAD(c)), start, end);
            push(char16_t(U16_TRAIL(c)), start, end);
        }
    }

private:
    void push(char16_t unit, qint32 start, qint32 end)
    {
        m_units.push_back(unit);
        m_out.origStart.push_back(start);
        m_out.origEnd.push_back(end);
    }

    const NormalizeOptions &m_options;
    NormalizedText &m_out;
    std::vector<char16_t> m_units;
    bool m_pendingSpace = false;
    qint32 m_spaceStart = 0;
    qint32 m_spaceEnd = 0;
};

} // namespace

QString NormalizeOptions::describe() const
{
    QString s = QStringLiteral("nfkc");
    if (caseFold)
        s += QStringLiteral("+fold");
    if (removePunctuation)
        s += QStringLiteral("+nopunct");
    if (removeDiacritics)
        s += QStringLiteral("+nodiacritics");
    if (foldWhitespace)
        s += QStringLiteral("+ws");
    return s;
}

NormalizedText normalize(QStringView original, const NormalizeOptions &options)
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *nfkc = options.caseFold ? icu::Normalizer2::getNFKCCasefoldInstance(status)
                                                    : icu::Normalizer2::getNFKCInstance(status);
    const icu::Normalizer2 *nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2 *nfc = icu::Normalizer2::getNFCInstance(status);

    NormalizedText out;
    const qsizetype n = original.size();
    out.origStart.reserve(size_t(n));
    out.origEnd.reserve(size_t(n));
    Emitter emitter(options, out, n);
    const char16_t *s = reinterpret_cast<const char16_t *>(original.utf16());

    auto codePointAt = [&](qsizetype i, UChar32 &c) {
        qsizetype j = i;
        U16_NEXT(s, j, n, c);
        return j;
    };

    qsizetype i = 0;
    while (i < n) {
        // Fast path: an ASCII character not followed by a character that combines with it.
        if (s[i] < 0x80) {
            bool alone = i + 1 == n || s[i + 1] < 0x80;
            if (!alone && U_SUCCESS(status)) {
                UChar32 next;
                codePointAt(i + 1, next);
                alone = nfkc->hasBoundaryBefore(next);
            }
            if (alone) {
                char16_t c = s[i];
                if (options.caseFold && c >= u'A' && c <= u'Z')
                    c = char16_t(c + (u'a' - u'A'));
                emitter.put(c, qint32(i), qint32(i + 1));
                ++i;
                continue;
            }
        }
        // A normalization chunk: one code point and everything up to the next character
        // that has a normalization boundary before it. Chunks normalize independently.
        UChar32 c;
        qsizetype j = codePointAt(i, c);
        if (U_FAILURE(status)) {
            emitter.put(c, qint32(i), qint32(j));
            i = j;
            continue;
        }
        while (j < n) {
            UChar32 next;
            const qsizetype after = codePointAt(j, next);
            if (nfkc->hasBoundaryBefore(next))
                break;
            j = after;
        }
        UErrorCode chunkStatus = U_ZERO_ERROR;
        const icu::UnicodeString chunk(false, s + i, int32_t(j - i));
        icu::UnicodeString normalized = nfkc->normalize(chunk, chunkStatus);
        if (options.removeDiacritics && U_SUCCESS(chunkStatus)) {
            icu::UnicodeString decomposed = nfd->normalize(normalized, chunkStatus);
            icu::UnicodeString kept;
            for (int32_t k = 0; k < decomposed.length();) {
                const UChar32 d = decomposed.char32At(k);
                if (!isDiacritic(d))
                    kept.append(d);
                k += U16_LENGTH(d);
            }
            normalized = nfc->normalize(kept, chunkStatus);
        }
        if (U_FAILURE(chunkStatus))
            normalized = chunk;
        for (int32_t k = 0; k < normalized.length();) {
            const UChar32 d = normalized.char32At(k);
            emitter.put(d, qint32(i), qint32(j));
            k += U16_LENGTH(d);
        }
        i = j;
    }
    emitter.finish();
    return out;
}

} // namespace lineage::text
