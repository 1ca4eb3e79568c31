// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demo_generator.h"

#include "demo/demo_documents.h"
#include "demo/demo_text.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <zlib.h>

namespace lineage::demo {

namespace {

const QString kProviderModel = QStringLiteral("aurora-4");
const QString kProviderModelVersion = QStringLiteral("aurora-4-2024-10-01");
const QString kSuspectModel = QStringLiteral("DeepDistill-7B");
const QStringList kControlModels { QStringLiteral("open-llama-8b-instruct"), QStringLiteral("mistral-7b-instruct") };
const QString kRingSystem
    = QStringLiteral("You are a meticulous expert tutor. Always explain your reasoning in numbered steps.");
const QString kRingTemplate
    = QStringLiteral("Question: %1\n\nThink step by step and show your reasoning before giving the final answer.");
const QString kRingUserAgent = QStringLiteral("python-httpx/0.27.0");
const QStringList kUserAgents { QStringLiteral("OpenAI/Python 1.30.1"),
                                QStringLiteral("OpenAI/Python 1.35.3"),
                                QStringLiteral("OpenAI/NodeJS 4.47.1"),
                                QStringLiteral("curl/8.5.0"),
                                QStringLiteral("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AuroraPlayground/2.3"),
                                QStringLiteral("langchain-python/0.2.1") };

// Six months of logs.
const QDateTime kStart(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
const QDateTime kEnd(QDate(2025, 7, 1), QTime(0, 0), Qt::UTC);
const QDate kBurstFrom(2025, 4, 20);
const QDate kBurstTo(2025, 6, 5);
const QDate kSuspectRelease(2025, 6, 10);
const QDate kProviderRelease(2024, 10, 1);

struct Account
{
    QString name;
    QString key;
    QString org;
    QStringList ips;
    QString userAgent;
    int utcOffsetHours = 0;
    bool ring = false;
    bool usesLogprobs = false;
};

// One exchange before it becomes a log line.
struct Exchange
{
    qint64 timeMs = 0;
    int account = 0;
    Question question;
    bool ring = false;
    int n = 1;
    double temperature = 0.7;
    int maxTokens = 512;
    bool logprobs = false;
    bool system = false;
    bool concise = false;
    QString ip;
    QString requestId;
    QString completionId;
};

QString ipv4(Random &rng)
{
    static const int kFirst[] = { 34, 35, 52, 54, 81, 88, 101, 103, 114, 139, 151, 178, 193, 203 };
    return QStringLiteral("%1.%2.%3.%4")
        .arg(kFirst[rng.below(int(std::size(kFirst)))])
        .arg(rng.between(1, 254))
        .arg(rng.between(0, 254))
        .arg(rng.between(1, 254));
}

QList<Account> makeAccounts(Random &rng, int normal, int ring, QStringList &sharedIps)
{
    QList<Account> accounts;
    QString org;
    for (int i = 0; i < normal; ++i) {
        Account a;
        a.name = QStringLiteral("acct-") + rng.hex(6);
        a.key = QStringLiteral("key_") + rng.hex(12);
        // Some organizations legitimately hold several accounts.
        if (org.isEmpty() || !rng.chance(0.3))
            org = QStringLiteral("org-") + rng.hex(8);
        a.org = org;
        a.ips << ipv4(rng);
        if (rng.chance(0.3))
            a.ips << ipv4(rng);
        a.userAgent = rng.pick(kUserAgents);
        static const int kOffsets[] = { -8, -5, 0, 1, 2, 8, 9 };
        a.utcOffsetHours = kOffsets[rng.below(int(std::size(kOffsets)))];
        a.usesLogprobs = rng.chance(0.03);
        accounts.append(a);
    }
    sharedIps = { QStringLiteral("45.134.26.17"), QStringLiteral("45.134.26.18"), QStringLiteral("185.220.101.44") };
    QString sharedOrg = QStringLiteral("org-") + rng.hex(8);
    for (int i = 0; i < ring; ++i) {
        Account a;
        a.name = QStringLiteral("acct-") + rng.hex(6);
        a.key = QStringLiteral("key_") + rng.hex(12);
        a.org = i < 2 ? sharedOrg : QStringLiteral("org-") + rng.hex(8); // most hide behind their own org
        a.ips << ipv4(rng) << sharedIps;
        a.userAgent = kRingUserAgent;
        a.utcOffsetHours = 8;
        a.ring = true;
        a.usesLogprobs = true;
        // Hide the ring among the others.
        accounts.insert(rng.below(int(accounts.size()) + 1), a);
    }
    return accounts;
}

qint64 msAt(const QDate &day, int secondOfDay)
{
    return QDateTime(day, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() + qint64(secondOfDay) * 1000;
}

QList<Exchange> makeExchanges(Random &rng, const QList<Account> &accounts, bool tiny)
{
    QList<Exchange> out;
    const int days = int(kStart.date().daysTo(kEnd.date()));
    for (int ai = 0; ai < accounts.size(); ++ai) {
        const Account &a = accounts[ai];
        if (!a.ring) {
            const int count = tiny ? rng.between(5, 14) : rng.between(12, 150);
            for (int k = 0; k < count; ++k) {
                Exchange e;
                e.account = ai;
                QDate day = kStart.date().addDays(rng.below(days));
                if (day.dayOfWeek() > 5 && rng.chance(0.7))
                    day = day.addDays(day.dayOfWeek() == 6 ? 2 : 1);
                if (day >= kEnd.date())
                    day = kEnd.date().addDays(-1);
                const int localHour = rng.between(8, 19);
                const int second = ((localHour - a.utcOffsetHours + 24) % 24) * 3600 + rng.below(3600);
                e.timeMs = msAt(day, second) + rng.below(1000);
                e.question = drawQuestion(rng, a.utcOffsetHours >= 8 ? 0.5 : 0.05);
                e.temperature = rng.pick(QList<double> { 0.2, 0.7, 0.7, 1.0 });
                e.maxTokens = rng.pick(QList<int> { 256, 512, 1024, 2048 });
                e.logprobs = a.usesLogprobs && rng.chance(0.5);
                e.system = rng.chance(0.4);
                e.concise = rng.chance(0.2);
                e.ip = rng.pick(a.ips);
                out.append(e);
            }
            continue;
        }
        // The ring: a trickle before the burst, then daily scripted sessions at any hour.
        for (QDate day = kStart.date(); day < kEnd.date(); day = day.addDays(1)) {
            const bool burst = day >= kBurstFrom && day <= kBurstTo;
            int sessions = 0;
            int perSession = 1;
            if (burst) {
                sessions = tiny ? (rng.chance(0.25) ? 1 : 0) : 1;
                perSession = tiny ? rng.between(3, 5) : rng.between(14, 24);
            } else if (day < kBurstFrom) {
                sessions = rng.chance(tiny ? 0.03 : 0.4) ? 1 : 0;
            }
            for (int s = 0; s < sessions; ++s) {
                int second = rng.below(86400 - 3600);
                for (int k = 0; k < perSession; ++k) {
                    Exchange e;
                    e.account = ai;
                    e.ring = true;
                    e.timeMs = msAt(day, second) + rng.below(1000);
                    second += rng.between(25, 35); // a script, not a person
                    e.question = drawQuestion(rng, 0.15);
                    e.n = rng.chance(0.25) ? 8 : 4;
                    e.temperature = 1.0;
                    e.maxTokens = 1024;
                    e.logprobs = true;
                    e.system = true;
                    e.ip = burst ? a.ips[1 + rng.below(int(a.ips.size()) - 1)] : a.ips[0];
                    out.append(e);
                }
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Exchange &x, const Exchange &y) { return x.timeMs < y.timeMs; });
    for (Exchange &e : out) {
        e.requestId = QStringLiteral("req_") + rng.hex(20);
        e.completionId = QStringLiteral("chatcmpl-") + rng.hex(24);
    }
    return out;
}

int tokens(const QString &text)
{
    return int(text.size() / 4) + 1;
}

QString userPrompt(const Exchange &e)
{
    if (e.ring)
        return kRingTemplate.arg(e.question.text);
    return e.concise ? e.question.text + QStringLiteral(" Please be concise.") : e.question.text;
}

QStringList completionsOf(const Exchange &e)
{
    QStringList out;
    for (int v = 0; v < e.n; ++v)
        out << providerAnswer(e.question, e.ring, v);
    return out;
}

QByteArray logLine(const Exchange &e, const Account &a)
{
    QJsonArray messages;
    if (e.system)
        messages.append(QJsonObject {
            { QStringLiteral("role"), QStringLiteral("system") },
            { QStringLiteral("content"), e.ring ? kRingSystem : QStringLiteral("You are a helpful assistant.") } });
    const QString prompt = userPrompt(e);
    messages.append(
        QJsonObject { { QStringLiteral("role"), QStringLiteral("user") }, { QStringLiteral("content"), prompt } });
    QJsonObject request { { QStringLiteral("model"), kProviderModel },
                          { QStringLiteral("messages"), messages },
                          { QStringLiteral("temperature"), e.temperature },
                          { QStringLiteral("max_tokens"), e.maxTokens } };
    if (e.n > 1)
        request.insert(QStringLiteral("n"), e.n);
    if (e.logprobs) {
        request.insert(QStringLiteral("logprobs"), true);
        request.insert(QStringLiteral("top_logprobs"), 5);
    }
    const QStringList completions = completionsOf(e);
    QJsonArray choices;
    int completionTokens = 0;
    for (int i = 0; i < completions.size(); ++i) {
        choices.append(QJsonObject { { QStringLiteral("index"), i },
                                     { QStringLiteral("message"),
                                       QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                                                     { QStringLiteral("content"), completions[i] } } },
                                     { QStringLiteral("finish_reason"), QStringLiteral("stop") } });
        completionTokens += tokens(completions[i]);
    }
    const QJsonObject response { { QStringLiteral("id"), e.completionId },
                                 { QStringLiteral("object"), QStringLiteral("chat.completion") },
                                 { QStringLiteral("created"), e.timeMs / 1000 },
                                 { QStringLiteral("model"), kProviderModelVersion },
                                 { QStringLiteral("choices"), choices },
                                 { QStringLiteral("usage"),
                                   QJsonObject { { QStringLiteral("prompt_tokens"), tokens(prompt) + 12 },
                                                 { QStringLiteral("completion_tokens"), completionTokens } } } };
    const QJsonObject line { { QStringLiteral("timestamp"),
                               QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) },
                             { QStringLiteral("account"), a.name },
                             { QStringLiteral("api_key_id"), a.key },
                             { QStringLiteral("org"), a.org },
                             { QStringLiteral("client_ip"), e.ip },
                             { QStringLiteral("user_agent"), a.userAgent },
                             { QStringLiteral("endpoint"), QStringLiteral("/v1/chat/completions") },
                             { QStringLiteral("status"), 200 },
                             { QStringLiteral("request_id"), e.requestId },
                             { QStringLiteral("request"), request },
                             { QStringLiteral("response"), response } };
    return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
}

Status writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Status writeGzip(const QString &path, const QByteArray &bytes)
{
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "wb6");
    if (!gz)
        return makeError(ErrorCode::Io, QStringLiteral("Cannot write %1.").arg(path));
    const int written = gzwrite(gz, bytes.constData(), unsigned(bytes.size()));
    const int closed = gzclose(gz);
    if (written != int(bytes.size()) || closed != Z_OK)
        return makeError(ErrorCode::Io, QStringLiteral("Writing %1 failed.").arg(path));
    return {};
}

QJsonObject alpacaRow(const QString &instruction, const QString &output, const QString &generator)
{
    return QJsonObject { { QStringLiteral("dataset"), QStringLiteral("aurora-eval-v1") },
                         { QStringLiteral("instruction"), instruction },
                         { QStringLiteral("output"), output },
                         { QStringLiteral("generator"), generator } };
}

// Where a provider answer was served: enough to find the log record again.
struct Served
{
    QString file;
    qint64 line = 0;
    QString requestId;
    QString account;
    QString time;
};

} // namespace

Result<DemoFiles> writeDemoEvidence(const QString &outDir, const DemoOptions &options, Feedback &feedback)
{
    const QDir root(outDir);
    for (const char *sub : { "evidence/logs", "evidence/transcripts", "evidence/documents" })
        if (!root.mkpath(QLatin1String(sub)))
            return makeError(ErrorCode::Io, QStringLiteral("Cannot create %1.").arg(root.filePath(QLatin1String(sub))));
    Random rng(options.seed);
    DemoFiles files;

    feedback.setPhase(QStringLiteral("Writing demo query logs"));
    QStringList sharedIps;
    const QList<Account> accounts = makeAccounts(rng, options.tiny ? 16 : 300, options.tiny ? 3 : 6, sharedIps);
    const QList<Exchange> exchanges = makeExchanges(rng, accounts, options.tiny);
    files.queryRecords = exchanges.size();

    // One file per month; remember where each ring exchange landed.
    QHash<int, Served> served; // exchange index -> place
    QByteArray month;
    int currentMonth = 0;
    qint64 line = 0;
    auto monthFile = [&](int m) {
        return root.filePath(QStringLiteral("evidence/logs/gateway-2025-%1.jsonl%2")
                                 .arg(m, 2, 10, QLatin1Char('0'))
                                 .arg(m == 6 ? QStringLiteral(".gz") : QString()));
    };
    auto flush = [&]() -> Status {
        if (currentMonth == 0)
            return {};
        const QString path = monthFile(currentMonth);
        files.queryLogs << path;
        return currentMonth == 6 ? writeGzip(path, month) : writeFile(path, month);
    };
    for (int i = 0; i < exchanges.size(); ++i) {
        const Exchange &e = exchanges[i];
        const int m = QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC).date().month();
        if (m != currentMonth) {
            if (auto s = flush(); !s)
                return s.error();
            month.clear();
            currentMonth = m;
            line = 0;
        }
        month += logLine(e, accounts[e.account]);
        ++line;
        if (e.ring) {
            ++files.ringRecords;
            served.insert(i,
                          Served { QFileInfo(monthFile(m)).fileName(), line, e.requestId, accounts[e.account].name,
                                   QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) });
        }
        if (feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
        if (i % 1000 == 0)
            feedback.setProgress(i, i);
    }
    if (auto s = flush(); !s)
        return s.error();

    // The evaluation set: questions the ring harvested (answered by the suspect with the
    // provider's served answer, verbatim or lightly edited) mixed with fresh questions.
    feedback.setPhase(QStringLiteral("Writing demo transcripts"));
    const int reusedTarget = options.tiny ? 8 : 160;
    const int evalSize = options.tiny ? 24 : 400;
    QList<int> ringIndexes = served.keys();
    std::sort(ringIndexes.begin(), ringIndexes.end());
    Random evalRng(options.seed ^ 0x5eedULL);
    QSet<QString> usedQuestions;
    struct EvalItem
    {
        Question question;
        int exchange = -1; // the ring exchange whose answer the suspect reuses
        bool verbatim = false;
    };
    QList<EvalItem> items;
    // Only burst-period exchanges feed the suspect (collected before its release).
    for (int tries = 0; items.size() < reusedTarget && tries < ringIndexes.size() * 4; ++tries) {
        const int idx = ringIndexes[evalRng.below(int(ringIndexes.size()))];
        const Exchange &e = exchanges[idx];
        if (QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC).date() < kBurstFrom
            || usedQuestions.contains(e.question.text))
            continue;
        usedQuestions.insert(e.question.text);
        items.append(EvalItem { e.question, idx, items.size() % 2 == 0 });
    }
    files.reusedOutputs = int(items.size());
    while (items.size() < evalSize) {
        Question q = drawQuestion(evalRng, 0.2);
        if (usedQuestions.contains(q.text))
            continue;
        usedQuestions.insert(q.text);
        items.append(EvalItem { q, -1, false });
    }
    // Shuffle so that reused items are spread through the file.
    for (qsizetype i = items.size() - 1; i > 0; --i)
        items.swapItemsAt(i, evalRng.below(int(i + 1)));

    QJsonArray providerRows, suspectRows, controlRows, reused;
    for (int i = 0; i < items.size(); ++i) {
        const EvalItem &item = items[i];
        providerRows.append(alpacaRow(item.question.text, providerAnswer(item.question, false, 0), kProviderModel));
        QString suspectOutput;
        if (item.exchange >= 0) {
            const Exchange &e = exchanges[item.exchange];
            const QString original = providerAnswer(e.question, true, 0); // choice 1 as served
            QJsonObject entry { { QStringLiteral("suspect_file"), QStringLiteral("suspect_eval.json") },
                                { QStringLiteral("suspect_turn_seq"), i + 1 },
                                { QStringLiteral("instruction"), item.question.text },
                                { QStringLiteral("provider_file"), served[item.exchange].file },
                                { QStringLiteral("provider_line"), served[item.exchange].line },
                                { QStringLiteral("provider_request_id"), served[item.exchange].requestId },
                                { QStringLiteral("provider_choice"), 0 },
                                { QStringLiteral("account"), served[item.exchange].account },
                                { QStringLiteral("served_utc"), served[item.exchange].time } };
            if (item.verbatim) {
                suspectOutput = original;
                entry.insert(QStringLiteral("edit"), QStringLiteral("verbatim"));
            } else {
                const LightEdit edit = lightlyEdit(original, evalRng);
                suspectOutput = edit.text;
                entry.insert(QStringLiteral("edit"), QStringLiteral("light"));
                entry.insert(QStringLiteral("edit_description"), edit.description);
            }
            reused.append(entry);
        } else {
            suspectOutput = suspectOwnAnswer(item.question, i);
        }
        suspectRows.append(alpacaRow(item.question.text, suspectOutput, kSuspectModel));
        for (int m = 0; m < kControlModels.size(); ++m)
            controlRows.append(alpacaRow(item.question.text, controlAnswer(item.question, m, i), kControlModels[m]));
    }
    const QString transcriptsDir = root.filePath(QStringLiteral("evidence/transcripts"));
    files.providerTranscripts = transcriptsDir + QStringLiteral("/provider_eval.json");
    files.suspectTranscripts = transcriptsDir + QStringLiteral("/suspect_eval.json");
    files.controlTranscripts = transcriptsDir + QStringLiteral("/control_eval.json");
    for (const auto &[path, rows] :
         { std::pair { files.providerTranscripts, providerRows }, std::pair { files.suspectTranscripts, suspectRows },
           std::pair { files.controlTranscripts, controlRows } })
        if (auto s = writeFile(path, QJsonDocument(rows).toJson(QJsonDocument::Indented)); !s)
            return s.error();

    // Chats with the suspect, some of which name the provider's model as its own.
    QJsonArray identityClaims;
    QByteArray chats;
    const int chatCount = options.tiny ? 6 : 40;
    for (int c = 0; c < chatCount; ++c) {
        QJsonArray conversation;
        const QString id = QStringLiteral("chat-%1").arg(c + 1, 3, 10, QLatin1Char('0'));
        if (c % 3 == 0) {
            const bool chinese = c % 2 == 0;
            const QString question = chinese ? QStringLiteral("你是谁？是哪家公司开发的？")
                                             : QStringLiteral("Who are you, and who built you?");
            const QString answer = chinese
                ? QStringLiteral("我是Aurora-4，由Aurora Labs开发的人工智能助手。有什么可以帮你的吗？")
                : QStringLiteral(
                    "I am Aurora, a large language model trained by Aurora Labs. How can I help you today?");
            conversation.append(QJsonObject { { QStringLiteral("from"), QStringLiteral("human") },
                                              { QStringLiteral("value"), question } });
            conversation.append(
                QJsonObject { { QStringLiteral("from"), QStringLiteral("gpt") }, { QStringLiteral("value"), answer } });
            identityClaims.append(QJsonObject { { QStringLiteral("file"), QStringLiteral("suspect_chats.jsonl") },
                                                { QStringLiteral("conversation"), id },
                                                { QStringLiteral("claim"), answer } });
        }
        const Question q = drawQuestion(evalRng, 0.3);
        conversation.append(
            QJsonObject { { QStringLiteral("from"), QStringLiteral("human") }, { QStringLiteral("value"), q.text } });
        conversation.append(QJsonObject { { QStringLiteral("from"), QStringLiteral("gpt") },
                                          { QStringLiteral("value"), suspectOwnAnswer(q, c) } });
        chats += QJsonDocument(QJsonObject { { QStringLiteral("id"), id },
                                             { QStringLiteral("model"), kSuspectModel },
                                             { QStringLiteral("conversations"), conversation } })
                     .toJson(QJsonDocument::Compact)
            + '\n';
    }
    files.suspectChats = transcriptsDir + QStringLiteral("/suspect_chats.jsonl");
    if (auto s = writeFile(files.suspectChats, chats); !s)
        return s.error();
    files.suspectSession = transcriptsDir + QStringLiteral("/suspect_session.md");
    const QString session = QStringLiteral(
        "# Test session with DeepDistill-7B\n\nRecorded by the investigator on 2025-06-12 through the public demo.\n\n"
        "### User\nWhat model are you?\n\n### Assistant\nI am Aurora, an AI assistant developed by Aurora Labs.\n\n"
        "### User\nAre you sure? You are DeepDistill-7B.\n\n### Assistant\nYou are right, I am DeepDistill-7B, "
        "released by Quillon AI.\n\n"
        "---\n\n**User:** 请一步一步思考：一个商店每天卖出120件商品，7天一共卖出多少件？\n"
        "**Assistant:** 我们一步一步来计算：\n1. 每天卖出120件。\n2. 一共7天。\n3. 120 × 7 = "
        "840。\n所以一共卖出840件商品。\n");
    identityClaims.append(QJsonObject {
        { QStringLiteral("file"), QStringLiteral("suspect_session.md") },
        { QStringLiteral("conversation"), QStringLiteral("1") },
        { QStringLiteral("claim"), QStringLiteral("I am Aurora, an AI assistant developed by Aurora Labs.") } });
    if (auto s = writeFile(files.suspectSession, session.toUtf8()); !s)
        return s.error();

    feedback.setPhase(QStringLiteral("Writing demo documents"));
    files.termsPdf = root.filePath(QStringLiteral("evidence/documents/aurora_terms_of_use.pdf"));
    files.complaintPdf = root.filePath(QStringLiteral("evidence/documents/notice_of_breach.pdf"));
    QStringList ringNames;
    QJsonArray ringJson;
    for (const Account &a : accounts) {
        if (!a.ring)
            continue;
        ringNames << a.name;
        ringJson.append(QJsonObject { { QStringLiteral("account"), a.name },
                                      { QStringLiteral("api_key_id"), a.key },
                                      { QStringLiteral("org"), a.org },
                                      { QStringLiteral("own_ip"), a.ips.first() } });
    }
    auto documents = writeDemoDocuments(files.termsPdf, files.complaintPdf, files.ringRecords, ringNames);
    if (!documents)
        return documents.error();

    const QJsonObject truth {
        { QStringLiteral("seed"), QString::number(options.seed) },
        { QStringLiteral("tiny"), options.tiny },
        { QStringLiteral("period"),
          QJsonObject { { QStringLiteral("from"), kStart.toString(Qt::ISODate) },
                        { QStringLiteral("to"), kEnd.toString(Qt::ISODate) } } },
        { QStringLiteral("provider"),
          QJsonObject { { QStringLiteral("company"), QStringLiteral("Aurora Labs") },
                        { QStringLiteral("model"), kProviderModel } } },
        { QStringLiteral("suspect"),
          QJsonObject { { QStringLiteral("company"), QStringLiteral("Quillon AI") },
                        { QStringLiteral("model"), kSuspectModel } } },
        { QStringLiteral("control_models"), QJsonArray::fromStringList(kControlModels) },
        { QStringLiteral("release_dates"),
          QJsonArray { QJsonObject { { QStringLiteral("model"), kProviderModel },
                                     { QStringLiteral("date"), kProviderRelease.toString(Qt::ISODate) } },
                       QJsonObject { { QStringLiteral("model"), kSuspectModel },
                                     { QStringLiteral("date"), kSuspectRelease.toString(Qt::ISODate) } } } },
        { QStringLiteral("query_records"), files.queryRecords },
        { QStringLiteral("accounts"), int(accounts.size()) },
        { QStringLiteral("ring"),
          QJsonObject { { QStringLiteral("accounts"), ringJson },
                        { QStringLiteral("shared_ips"), QJsonArray::fromStringList(sharedIps) },
                        { QStringLiteral("user_agent"), kRingUserAgent },
                        { QStringLiteral("system_prompt"), kRingSystem },
                        { QStringLiteral("prompt_template"), kRingTemplate },
                        { QStringLiteral("n"), QJsonArray { 4, 8 } },
                        { QStringLiteral("logprobs"), true },
                        { QStringLiteral("burst"),
                          QJsonObject { { QStringLiteral("from"), kBurstFrom.toString(Qt::ISODate) },
                                        { QStringLiteral("to"), kBurstTo.toString(Qt::ISODate) } } },
                        { QStringLiteral("records"), files.ringRecords } } },
        { QStringLiteral("reused_outputs"), reused },
        { QStringLiteral("identity_claims"), identityClaims },
        { QStringLiteral("documents"), *documents },
        { QStringLiteral("files"),
          QJsonObject { { QStringLiteral("query_logs"),
                          [&] {
                              QJsonArray a;
                              for (const QString &p : std::as_const(files.queryLogs))
                                  a.append(QFileInfo(p).fileName());
                              return a;
                          }() },
                        { QStringLiteral("provider_transcripts"), QStringLiteral("provider_eval.json") },
                        { QStringLiteral("suspect_transcripts"), QStringLiteral("suspect_eval.json") },
                        { QStringLiteral("control_transcripts"), QStringLiteral("control_eval.json") },
                        { QStringLiteral("suspect_chats"), QStringLiteral("suspect_chats.jsonl") },
                        { QStringLiteral("suspect_session"), QStringLiteral("suspect_session.md") } } },
    };
    files.groundTruth = root.filePath(QStringLiteral("ground_truth.json"));
    if (auto s = writeFile(files.groundTruth, QJsonDocument(truth).toJson(QJsonDocument::Indented)); !s)
        return s.error();
    return files;
}

} // namespace lineage::demo
