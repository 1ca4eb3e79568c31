// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/clause_finder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace lineage::forensics {

namespace {

bool isCjk(QChar c)
{
    const ushort u = c.unicode();
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x3000 && u <= 0x303F)
        || (u >= 0xFF00 && u <= 0xFFEF);
}

// Lines of `text` joined: a space between Latin lines, nothing where a line of Chinese ends.
QString joinLines(const QString &text)
{
    QString out;
    out.reserve(text.size());
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (!out.isEmpty() && !(isCjk(out.back()) && isCjk(line.front())))
            out += QLatin1Char(' ');
        out += line;
    }
    return out;
}

} // namespace

QByteArray ClauseTopics::builtInJson()
{
    QFile file(QStringLiteral(":/lineage/forensics/clause_topics.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

Result<ClauseTopics> ClauseTopics::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The clause topics are not a JSON object: %1.").arg(error.errorString()));
    ClauseTopics out;
    for (const QJsonValue &v : doc.object().value(QStringLiteral("topics")).toArray()) {
        const QJsonObject o = v.toObject();
        ClauseTopic t;
        t.name = o.value(QStringLiteral("name")).toString();
        t.title = o.value(QStringLiteral("title")).toString(t.name);
        if (t.name.isEmpty())
            return makeError(ErrorCode::InvalidInput, QStringLiteral("A clause topic has no name."));
        for (const QJsonValue &p : o.value(QStringLiteral("patterns")).toArray()) {
            QRegularExpression re(p.toString(),
                                  QRegularExpression::CaseInsensitiveOption
                                      | QRegularExpression::UseUnicodePropertiesOption);
            if (!re.isValid())
                return makeError(
                    ErrorCode::InvalidInput,
                    QStringLiteral("Pattern '%1' of topic %2: %3.").arg(p.toString(), t.name, re.errorString()));
            t.patterns.push_back(re);
        }
        for (const QJsonValue &s : o.value(QStringLiteral("substrings")).toArray())
            if (!s.toString().isEmpty())
                t.substrings << s.toString();
        for (const QJsonValue &k : o.value(QStringLiteral("bears_on")).toArray())
            t.bearsOn << k.toString();
        if (t.patterns.empty() && t.substrings.isEmpty())
            return makeError(ErrorCode::InvalidInput, QStringLiteral("Clause topic %1 has no patterns.").arg(t.name));
        out.m_topics.push_back(std::move(t));
    }
    if (out.m_topics.empty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The clause topics list no topics."));
    return out;
}

QList<std::pair<int, QString>> ClauseTopics::match(const QString &text) const
{
    QString folded = text.simplified();
    QList<std::pair<int, QString>> out;
    for (int i = 0; i < int(m_topics.size()); ++i) {
        const ClauseTopic &t = m_topics[size_t(i)];
        QString hit;
        for (const QRegularExpression &re : t.patterns)
            if (const auto m = re.match(folded); m.hasMatch()) {
                hit = m.captured(0);
                break;
            }
        if (hit.isEmpty())
            for (const QString &s : t.substrings)
                if (folded.contains(s)) {
                    hit = s;
                    break;
                }
        if (!hit.isEmpty())
            out.append({ i, hit });
    }
    return out;
}

QList<PageClause> splitClauses(const QString &pageText)
{
    static const QRegularExpression kNumbered(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)*)\\.?\\s+\\S"));
    QList<PageClause> blocks;
    // Paragraphs: a numbered line starts one, a blank line ends one.
    qint32 start = -1, end = 0;
    QString number;
    auto close = [&] {
        if (start >= 0 && end > start)
            blocks.append(PageClause { start, end - start, number, QString() });
        start = -1;
        number.clear();
    };
    qint32 pos = 0;
    while (pos <= pageText.size()) {
        qint32 nl = qint32(pageText.indexOf(QLatin1Char('\n'), pos));
        if (nl < 0)
            nl = qint32(pageText.size());
        const QString line = pageText.mid(pos, nl - pos);
        if (line.trimmed().isEmpty()) {
            close();
        } else {
            const auto m = kNumbered.match(line);
            if (m.hasMatch()) {
                close();
                number = m.captured(1);
            }
            if (start < 0)
                start = pos;
            end = nl;
        }
        pos = nl + 1;
    }
    close();

    // Chinese paragraphs split further into sentences.
    QList<PageClause> out;
    for (PageClause &b : blocks) {
        const QString block = pageText.mid(b.charStart, b.length);
        int cjk = 0;
        for (QChar c : block)
            cjk += isCjk(c);
        if (cjk * 3 < block.size() || !block.contains(QChar(0x3002))) {
            b.text = joinLines(block);
            out.append(b);
            continue;
        }
        qint32 s = 0;
        while (s < block.size()) {
            qint32 e = qint32(block.indexOf(QChar(0x3002), s));
            e = e < 0 ? qint32(block.size()) : e + 1;
            const QString sentence = joinLines(block.mid(s, e - s));
            if (!sentence.isEmpty()) {
                qint32 lead = s;
                while (lead < e && block[lead].isSpace())
                    ++lead;
                out.append(PageClause { b.charStart + lead, e - lead, s == 0 ? b.number : QString(), sentence });
            }
            s = e;
        }
    }
    return out;
}

} // namespace lineage::forensics
