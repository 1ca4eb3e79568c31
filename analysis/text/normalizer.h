// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <vector>

namespace lineage::text {

// What normalize() does besides Unicode NFKC, which it always applies.
struct NormalizeOptions
{
    bool caseFold = true; // full Unicode case folding (NFKC_Casefold, which also
                          // drops default-ignorable characters such as U+200D ZWJ
                          // and variation selectors)
    bool removePunctuation = false; // characters of general category P* become spaces
    bool removeDiacritics = false; // combining diacritical marks (U+0300..036F and the
                                   // other "Combining Diacritical Marks" blocks) are dropped;
                                   // marks that are letters' vowels (Thai, Devanagari) stay
    bool foldWhitespace = true; // runs of White_Space become one U+0020; trimmed at both ends

    bool operator==(const NormalizeOptions &) const = default;
    // A short stable description, e.g. "nfkc+fold+ws", recorded with results.
    QString describe() const;
};

// A normalized text and, for every UTF-16 code unit of it, the range of the original
// text it came from. All offsets are in UTF-16 code units of the original QString (the
// unit the GUI highlights use). A normalized unit that came from a composed or expanded
// sequence (NFKC "ﬁ" -> "fi", "e" + U+0301 -> "é", "ß" -> "ss") maps to the whole
// original sequence; a folded space maps to the first whitespace of its run.
struct NormalizedText
{
    QString text;
    std::vector<qint32> origStart; // size() == text.size()
    std::vector<qint32> origEnd;

    // The original range [start, end) behind the normalized range [normStart, normEnd).
    qint32 originalStart(qint32 normStart) const { return origStart[size_t(normStart)]; }
    qint32 originalEnd(qint32 normEnd) const { return origEnd[size_t(normEnd - 1)]; }
};

// Normalizes `original` (any length; pure function, safe to call from any thread; ICU
// failures, which only happen on allocation failure, leave the affected characters as
// they were).
NormalizedText normalize(QStringView original, const NormalizeOptions &options = {});

} // namespace lineage::text
