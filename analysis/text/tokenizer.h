// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "text/normalizer.h"

#include <QString>
#include <QStringView>

#include <vector>

namespace lineage::text {

// The version of tokenization. Any change that alters the tokens of some text (rules,
// normalization, n-gram definition) bumps it; it is recorded with every result, together
// with the ICU version (whose dictionaries segment Chinese, Japanese and Thai).
constexpr int kTokenizerVersion = 1;

enum class TokenKind {
    Words, // ICU word break iterator (dictionary-based for CJK and Thai); word-like
           // segments and emoji are tokens, spaces and punctuation are not
    CharNGrams, // every run of `ngram` consecutive code points of the normalized text,
                // spaces included (as scikit-learn's analyzer='char')
};

struct TokenizerOptions
{
    NormalizeOptions normalize;
    TokenKind kind = TokenKind::Words;
    int ngram = 5; // code points per token for CharNGrams

    bool operator==(const TokenizerOptions &) const = default;
    // Stable description of the tokenization, recorded with every result and used as a
    // key for stored signatures: "lineage-text/1;icu/72.1;words;nfkc+fold+ws".
    QString versionTag() const;
};

// One token: where it is in the original text [start, end) and in the normalized text
// [normStart, normEnd). Original offsets are UTF-16 code units of the original QString.
struct Token
{
    qint32 start = 0;
    qint32 end = 0;
    qint32 normStart = 0;
    qint32 normEnd = 0;
};

struct TokenizedText
{
    NormalizedText normalized;
    std::vector<Token> tokens;

    QStringView tokenText(size_t i) const
    {
        const Token &t = tokens[i];
        return QStringView(normalized.text).mid(t.normStart, t.normEnd - t.normStart);
    }
};

// Normalizes and segments texts. A Tokenizer is a cheap value; tokenize() may be called
// from any number of threads at once (each thread keeps its own ICU break iterator).
// ICU failures (allocation) yield fewer tokens, never a crash.
class Tokenizer
{
public:
    explicit Tokenizer(TokenizerOptions options = {}) : m_options(options) { }

    const TokenizerOptions &options() const { return m_options; }
    TokenizedText tokenize(QStringView original) const;

private:
    TokenizerOptions m_options;
};

// Word segments of an already normalized text, as [start, end) pairs in its UTF-16 units.
// Texts of plain ASCII letters, digits, spaces and common punctuation take a fast path
// that gives exactly ICU's segments; every other text goes through ICU.
void wordSegments(QStringView text, std::vector<std::pair<qint32, qint32>> &out);
// The same through ICU's word break iterator always (the reference of the fast path).
void icuWordSegments(QStringView text, std::vector<std::pair<qint32, qint32>> &out);

} // namespace lineage::text
