// SPDX-License-Identifier: GPL-3.0-or-later
// Identity patterns: first-person claims told apart from mentions, English and Chinese.
#include "forensics/identity_claims.h"

#include <QTest>

using namespace lineage::forensics;

class TestIdentityClaims : public QObject
{
    Q_OBJECT
private slots:
    void claimsAndMentions_data();
    void claimsAndMentions();
    void spanCoversTheClaim();
    void badPatternFileIsRefused();
};

void TestIdentityClaims::claimsAndMentions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("claims");
    QTest::addColumn<int>("mentions");
    QTest::addColumn<QString>("named"); // a name or organisation the claim must carry
    QTest::newRow("i am chatgpt") << QStringLiteral("Hello! I am ChatGPT. How can I help?") << 1 << 0
                                  << QStringLiteral("ChatGPT");
    QTest::newRow("as an ai by") << QStringLiteral("As an AI language model developed by OpenAI, I cannot browse.") << 1
                                 << 0 << QStringLiteral("OpenAI");
    QTest::newRow("zh wo shi") << QStringLiteral("我是ChatGPT，很高兴为你服务。") << 1 << 0
                               << QStringLiteral("ChatGPT");
    QTest::newRow("zh you kaifa") << QStringLiteral("我是一个由OpenAI开发的人工智能助手。") << 1 << 0
                                  << QStringLiteral("OpenAI");
    QTest::newRow("case label") << QStringLiteral("I am Aurora, a large language model trained by Aurora Labs.") << 1
                                << 0 << QStringLiteral("Aurora Labs");
    QTest::newRow("mention en") << QStringLiteral("ChatGPT is developed by OpenAI and was released in 2022.") << 0 << 1
                                << QString();
    QTest::newRow("mention zh") << QStringLiteral("ChatGPT是由OpenAI开发的聊天机器人。") << 0 << 1 << QString();
    QTest::newRow("negated") << QStringLiteral("I am not ChatGPT. 我不是ChatGPT。") << 0 << 0 << QString();
    QTest::newRow("ordinary") << QStringLiteral("I am happy to help. I'm sorry, but I cannot do that.") << 0 << 0
                              << QString();
    QTest::newRow("claim beats mention") << QStringLiteral(
        "I am Claude, an AI assistant made by Anthropic. GPT-4 is made by OpenAI.")
                                         << 1 << 1 << QStringLiteral("Anthropic");
}

void TestIdentityClaims::claimsAndMentions()
{
    QFETCH(QString, text);
    QFETCH(int, claims);
    QFETCH(int, mentions);
    QFETCH(QString, named);
    auto matcher = IdentityMatcher::builtIn({ QStringLiteral("Aurora-4") });
    QVERIFY2(matcher, matcher ? "" : qPrintable(matcher.error().message));
    int c = 0, m = 0;
    QStringList names;
    for (const IdentityClaim &found : matcher->find(text)) {
        if (found.firstPerson) {
            ++c;
            names << found.names << found.organisations;
        } else {
            ++m;
        }
    }
    QCOMPARE(c, claims);
    QCOMPARE(m, mentions);
    if (!named.isEmpty())
        QVERIFY2(names.contains(named), qPrintable(names.join(QLatin1Char('|'))));
}

void TestIdentityClaims::spanCoversTheClaim()
{
    auto matcher = IdentityMatcher::builtIn();
    QVERIFY(matcher);
    const QString text = QStringLiteral("Sure. I am ChatGPT, a model by OpenAI.");
    const auto found = matcher->find(text);
    QCOMPARE(found.size(), 1);
    QCOMPARE(text.mid(found[0].start, found[0].end - found[0].start).left(12), QStringLiteral("I am ChatGPT"));
}

void TestIdentityClaims::badPatternFileIsRefused()
{
    QVERIFY(!IdentityMatcher::fromJson(
        "{\"patterns\": [{\"id\": \"x\", \"person\": \"first-person\", \"regex\": \"(\"}]}"));
    QVERIFY(!IdentityMatcher::fromJson("not json"));
    QVERIFY(!IdentityMatcher::fromJson("{\"patterns\": []}"));
}

QTEST_GUILESS_MAIN(TestIdentityClaims)
#include "tst_identity_claims.moc"
