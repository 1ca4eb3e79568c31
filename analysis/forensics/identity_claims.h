// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace lineage::forensics {

// One self-identification (or third-person mention) found in a text: the sentence it is
// in, the span the patterns matched (UTF-16 code units of the text), the names and
// organisations named, and which patterns matched.
struct IdentityClaim
{
    bool firstPerson = true; // false: a mention of a model in the third person
    qint32 start = 0;
    qint32 end = 0;
    QString sentence;
    QStringList names;
    QStringList organisations;
    QStringList patterns; // pattern ids
    QString language;
};

// The identity patterns (resources/forensics/identity_patterns.json, or a file of the same
// form): regular expressions applied sentence by sentence. A sentence with a first-person
// pattern is a claim; a sentence with only mention patterns is a mention; a match that
// negates ("I am not ChatGPT", "我不是") counts as neither. Immutable once built; find()
// may be called from any thread.
class IdentityMatcher
{
public:
    // `extraModels` (the case's model labels and logged model names) join the {MODELS} list.
    [[nodiscard]] static Result<IdentityMatcher> fromJson(const QByteArray &json, const QStringList &extraModels = {});
    [[nodiscard]] static Result<IdentityMatcher> builtIn(const QStringList &extraModels = {});
    static QByteArray builtInJson();

    QList<IdentityClaim> find(const QString &text) const;
    int patternCount() const { return int(m_patterns.size()); }

private:
    struct Pattern
    {
        QString id;
        QString language;
        bool firstPerson = true;
        QRegularExpression regex;
    };
    QList<Pattern> m_patterns;
};

// The sentences of a text as [start, end) ranges (UTF-16): split after . ! ? followed by a
// space or the end, after 。！？, and at line breaks.
QList<std::pair<qint32, qint32>> sentenceRanges(const QString &text);

} // namespace lineage::forensics
