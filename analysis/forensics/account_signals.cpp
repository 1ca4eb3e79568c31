// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/account_signals.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace lineage::forensics {

namespace {

bool hasHan(const QString &s)
{
    for (QChar c : s)
        if (c.script() == QChar::Script_Han)
            return true;
    return false;
}

// Lower case ASCII, one space for any run of white space, other bytes as they are.
void fold(QByteArrayView text, std::string &out)
{
    out.clear();
    out.reserve(size_t(text.size()));
    bool space = false;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u == ' ' || u == '\n' || u == '\t' || u == '\r' || u == '\f' || u == '\v') {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out.push_back(' ');
        space = false;
        out.push_back(u >= 'A' && u <= 'Z' ? char(u - 'A' + 'a') : c);
    }
}

quint32 prefixOf(const char *p)
{
    return quint32(static_cast<unsigned char>(p[0])) << 16 | quint32(static_cast<unsigned char>(p[1])) << 8
        | quint32(static_cast<unsigned char>(p[2]));
}

constexpr int kPrefixBits = 16;

size_t prefixSlot(quint32 prefix)
{
    return size_t((quint64(prefix) * 0x9E3779B97F4A7C15ULL) >> (64 - kPrefixBits));
}

} // namespace

QByteArray AccountSignals::builtInJson()
{
    QFile file(QStringLiteral(":/lineage/forensics/account_signals.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

Result<AccountSignals> AccountSignals::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The account signals are not a JSON object: %1 at offset %2.")
                             .arg(error.errorString())
                             .arg(error.offset));
    const QJsonObject root = doc.object();
    AccountSignals s;
    std::string folded;
    for (const QJsonValue &v : root.value(QStringLiteral("chain_of_thought")).toArray()) {
        const QByteArray phrase = v.toString().trimmed().toUtf8();
        if (phrase.isEmpty())
            continue;
        fold(phrase, folded);
        s.m_phrases.push_back(folded);
    }
    if (s.m_phrases.empty())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The account signals list no chain_of_thought phrases."));
    s.m_prefixBits.assign(size_t(1) << (kPrefixBits - 6), 0);
    for (size_t i = 0; i < s.m_phrases.size(); ++i) {
        const std::string &phrase = s.m_phrases[i];
        if (phrase.size() < 3) {
            s.m_short.push_back(int(i));
            continue;
        }
        const quint32 prefix = prefixOf(phrase.data());
        s.m_prefixes.emplace_back(prefix, int(i));
        const size_t slot = prefixSlot(prefix);
        s.m_prefixBits[slot >> 6] |= quint64(1) << (slot & 63);
    }
    const QJsonArray topics = root.value(QStringLiteral("topics")).toArray();
    for (const QJsonValue &t : topics) {
        const QString name = t[QStringLiteral("name")].toString().trimmed();
        if (name.isEmpty())
            return makeError(ErrorCode::InvalidInput, QStringLiteral("A topic of the account signals has no name."));
        const int index = int(s.m_topicNames.size());
        s.m_topicNames << name;
        for (const QJsonValue &k : t[QStringLiteral("keywords")].toArray()) {
            const QString keyword = k.toString().trimmed().toCaseFolded();
            if (keyword.isEmpty())
                continue;
            if (hasHan(keyword)) {
                s.m_substrings.emplace_back(keyword, index);
                continue;
            }
            const QStringList words = keyword.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (words.size() == 1)
                s.m_words.insert(words.first(), index);
            else
                s.m_phrasesByFirst[words.first()].append(Phrase { words, index });
        }
    }
    return s;
}

bool AccountSignals::asksForReasoning(QByteArrayView text, std::string &scratch) const
{
    if (text.isEmpty())
        return false;
    fold(text, scratch);
    const std::string_view haystack(scratch);
    for (int i : m_short)
        if (haystack.find(m_phrases[size_t(i)]) != std::string_view::npos)
            return true;
    if (haystack.size() < 3)
        return false;
    const char *data = haystack.data();
    const size_t last = haystack.size() - 3;
    quint32 prefix = prefixOf(data) >> 8;
    for (size_t at = 0; at <= last; ++at) {
        prefix = (prefix << 8 | quint32(static_cast<unsigned char>(data[at + 2]))) & 0xFFFFFFu;
        const size_t slot = prefixSlot(prefix);
        if (!(m_prefixBits[slot >> 6] >> (slot & 63) & 1))
            continue;
        for (const auto &[p, i] : m_prefixes) {
            if (p != prefix)
                continue;
            const std::string &phrase = m_phrases[size_t(i)];
            if (haystack.size() - at >= phrase.size() && std::memcmp(data + at, phrase.data(), phrase.size()) == 0)
                return true;
        }
    }
    return false;
}

int AccountSignals::topicOf(const text::TokenizedText &tokens) const
{
    if (m_topicNames.isEmpty())
        return -1;
    std::vector<int> votes(size_t(m_topicNames.size()), 0);
    const size_t n = tokens.tokens.size();
    for (size_t i = 0; i < n; ++i) {
        const QStringView word = tokens.tokenText(i);
        if (const auto it = m_words.constFind(word.toString()); it != m_words.constEnd())
            ++votes[size_t(*it)];
        if (const auto it = m_phrasesByFirst.constFind(word.toString()); it != m_phrasesByFirst.constEnd()) {
            for (const Phrase &p : *it) {
                if (i + size_t(p.words.size()) > n)
                    continue;
                bool all = true;
                for (qsizetype w = 1; w < p.words.size() && all; ++w)
                    all = tokens.tokenText(i + size_t(w)) == p.words[w];
                if (all)
                    ++votes[size_t(p.topic)];
            }
        }
    }
    // Chinese keywords are looked for only in a text that has a CJK character at all.
    const QString &text = tokens.normalized.text;
    const bool cjk = !m_substrings.empty()
        && std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() >= 0x2E80; });
    if (cjk)
        for (const auto &[keyword, topic] : m_substrings)
            if (text.contains(keyword))
                ++votes[size_t(topic)];
    int best = -1;
    for (size_t t = 0; t < votes.size(); ++t)
        if (votes[t] > 0 && (best < 0 || votes[t] > votes[size_t(best)]))
            best = int(t);
    return best;
}

} // namespace lineage::forensics
