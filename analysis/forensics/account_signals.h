// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "text/tokenizer.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace lineage::forensics {

// The editable word lists of the account analysis (resources/forensics/account_signals.json):
// the phrases that ask a model to show its reasoning (chain-of-thought elicitation) and the
// topics of a task space with their keywords. Immutable once loaded; its matchers may be
// called from any number of threads.
class AccountSignals
{
public:
    // The built-in lists.
    static QByteArray builtInJson();
    // Lists of the form of the built-in file; an error says what is wrong with it.
    [[nodiscard]] static Result<AccountSignals> fromJson(const QByteArray &json);

    int phraseCount() const { return int(m_phrases.size()); }
    const QStringList &topics() const { return m_topicNames; }

    // Whether UTF-8 `text` holds one of the phrases (ASCII letters compared case-blind, any
    // run of white space taken as one space). `scratch` is the caller's buffer, reused.
    bool asksForReasoning(QByteArrayView text, std::string &scratch) const;
    // The topic (index into topics()) a tokenized prompt holds most keywords of, ties to
    // the first listed; -1 when it holds none.
    int topicOf(const text::TokenizedText &tokens) const;

private:
    std::vector<std::string> m_phrases; // lower case, single spaces
    // The phrase matcher: a bit per hashed 3-byte prefix of a phrase, so that one pass over
    // the text looks only at places where a phrase may begin, and there at the phrases of
    // that prefix (41 searches of the whole text cost several times more at a million prompts).
    std::vector<quint64> m_prefixBits;
    std::vector<std::pair<quint32, int>> m_prefixes; // 3-byte prefix, phrase
    std::vector<int> m_short; // phrases under 3 bytes, searched whole
    QStringList m_topicNames;
    QHash<QString, int> m_words; // one-word keyword -> topic
    struct Phrase
    {
        QStringList words;
        int topic = 0;
    };
    QHash<QString, QList<Phrase>> m_phrasesByFirst; // several-word keywords by first word
    std::vector<std::pair<QString, int>> m_substrings; // Chinese keywords -> topic
};

} // namespace lineage::forensics
