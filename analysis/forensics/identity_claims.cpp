// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/identity_claims.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace lineage::forensics {

namespace {

const QRegularExpression &negation()
{
    static const QRegularExpression re(QStringLiteral("\\bnot\\b|n't\\b|\\bnever\\b|不是|并非|不叫|并不是|不由"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

void addUnique(QStringList &list, const QString &value)
{
    QString v = value.trimmed();
    while (!v.isEmpty() && (v.back() == QLatin1Char('.') || v.back() == QLatin1Char('-')))
        v.chop(1);
    if (!v.isEmpty() && !list.contains(v, Qt::CaseInsensitive))
        list << v;
}

} // namespace

QList<std::pair<qint32, qint32>> sentenceRanges(const QString &text)
{
    QList<std::pair<qint32, qint32>> out;
    qint32 start = 0;
    const qint32 n = qint32(text.size());
    auto push = [&](qint32 end) {
        qint32 s = start, e = end;
        while (s < e && text[s].isSpace())
            ++s;
        while (e > s && text[e - 1].isSpace())
            --e;
        if (e > s)
            out.append({ s, e });
        start = end;
    };
    for (qint32 i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('\n') || c == QChar(0x3002) || c == QChar(0xFF01) || c == QChar(0xFF1F)) {
            push(i + 1);
        } else if ((c == QLatin1Char('.') || c == QLatin1Char('!') || c == QLatin1Char('?'))
                   && (i + 1 == n || text[i + 1].isSpace())) {
            push(i + 1);
        }
    }
    push(n);
    return out;
}

QByteArray IdentityMatcher::builtInJson()
{
    QFile file(QStringLiteral(":/lineage/forensics/identity_patterns.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

Result<IdentityMatcher> IdentityMatcher::builtIn(const QStringList &extraModels)
{
    const QByteArray json = builtInJson();
    if (json.isEmpty())
        return makeError(ErrorCode::Internal, QStringLiteral("The built-in identity patterns are missing."));
    return fromJson(json, extraModels);
}

Result<IdentityMatcher> IdentityMatcher::fromJson(const QByteArray &json, const QStringList &extraModels)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The identity patterns are not a JSON object: %1 at byte %2.")
                             .arg(error.errorString())
                             .arg(error.offset));
    const QJsonObject root = doc.object();
    QStringList models;
    for (const QJsonValue &v : root.value(QStringLiteral("models")).toArray())
        addUnique(models, v.toString());
    for (const QString &m : extraModels)
        addUnique(models, m);
    // Longest first, so that "GPT-4o" wins over "GPT-4".
    std::sort(models.begin(), models.end(),
              [](const QString &a, const QString &b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
    QStringList escaped;
    for (const QString &m : std::as_const(models))
        escaped << QRegularExpression::escape(m);
    const QString alternatives = QStringLiteral("(?:") + escaped.join(QLatin1Char('|')) + QLatin1Char(')');

    IdentityMatcher matcher;
    for (const QJsonValue &v : root.value(QStringLiteral("patterns")).toArray()) {
        const QJsonObject p = v.toObject();
        Pattern pattern;
        pattern.id = p.value(QStringLiteral("id")).toString();
        pattern.language = p.value(QStringLiteral("language")).toString();
        const QString person = p.value(QStringLiteral("person")).toString();
        if (person != QLatin1String("first-person") && person != QLatin1String("mention"))
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("Identity pattern '%1': person must be first-person or mention.").arg(pattern.id));
        pattern.firstPerson = person == QLatin1String("first-person");
        QString regex = p.value(QStringLiteral("regex")).toString();
        regex.replace(QStringLiteral("{MODELS}"), alternatives);
        QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
        if (!p.value(QStringLiteral("case_sensitive")).toBool())
            options |= QRegularExpression::CaseInsensitiveOption;
        pattern.regex = QRegularExpression(regex, options);
        if (!pattern.regex.isValid())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("Identity pattern '%1' is not a valid regular expression: %2.")
                                 .arg(pattern.id, pattern.regex.errorString()));
        matcher.m_patterns.append(pattern);
    }
    if (matcher.m_patterns.isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The identity pattern file lists no patterns."));
    return matcher;
}

QList<IdentityClaim> IdentityMatcher::find(const QString &text) const
{
    QList<IdentityClaim> out;
    for (const auto &[start, end] : sentenceRanges(text)) {
        const QString sentence = text.mid(start, end - start);
        IdentityClaim claim, mention;
        claim.firstPerson = true;
        mention.firstPerson = false;
        claim.start = mention.start = end;
        claim.end = mention.end = start;
        for (const Pattern &p : m_patterns) {
            auto it = p.regex.globalMatch(sentence);
            while (it.hasNext()) {
                const QRegularExpressionMatch m = it.next();
                if (negation().match(m.captured(0)).hasMatch())
                    continue;
                IdentityClaim &c = p.firstPerson ? claim : mention;
                c.start = std::min(c.start, start + qint32(m.capturedStart(0)));
                c.end = std::max(c.end, start + qint32(m.capturedEnd(0)));
                addUnique(c.names, m.captured(QStringLiteral("name")));
                addUnique(c.organisations, m.captured(QStringLiteral("org")));
                if (!c.patterns.contains(p.id))
                    c.patterns << p.id;
                if (c.language.isEmpty())
                    c.language = p.language;
            }
        }
        IdentityClaim &found = !claim.patterns.isEmpty() ? claim : mention;
        if (found.patterns.isEmpty())
            continue;
        found.sentence = sentence;
        out.append(found);
    }
    return out;
}

} // namespace lineage::forensics
