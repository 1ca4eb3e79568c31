// SPDX-License-Identifier: GPL-3.0-or-later
// A case with query records of every shape the tables must sort, filter and export: three
// models and none, several finish reasons, missing token counts and times, accounts, and
// prompts with commas, quotes, line breaks and Chinese text. Imported through the real
// importer (with the full-text index) from a generated gateway log.
#pragma once

#include "casefile/case_file.h"
#include "ingest/importer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

namespace lineage::testing {

inline const casefile::Investigator &tester()
{
    static const casefile::Investigator w { QStringLiteral("T. Tester"), QStringLiteral("tester") };
    return w;
}

inline QByteArray recordLine(qint64 i)
{
    QJsonObject o;
    o.insert(QStringLiteral("timestamp"), 1735689600 + (i * 7919) % 100000); // not in id order
    o.insert(QStringLiteral("account"), QStringLiteral("acct_%1").arg(i % 13));
    if (i % 11 != 0)
        o.insert(QStringLiteral("client_ip"), QStringLiteral("203.0.113.%1").arg(i % 7));
    o.insert(QStringLiteral("endpoint"),
             i % 5 ? QStringLiteral("/v1/chat/completions") : QStringLiteral("/v1/completions"));
    QJsonObject request;
    static const char *models[] = { "gpt-4o", "gpt-4o-mini", "o1", nullptr };
    if (models[i % 4])
        request.insert(QStringLiteral("model"), QString::fromLatin1(models[i % 4]));
    QString prompt = QStringLiteral("Question %1: explain distillation").arg(i);
    if (i % 6 == 1)
        prompt += QStringLiteral(", with \"quotes\", commas\nand a second line");
    if (i % 9 == 2)
        prompt += QStringLiteral(" 我是 ChatGPT");
    request.insert(QStringLiteral("messages"),
                   QJsonArray { QJsonObject { { QStringLiteral("role"), QStringLiteral("user") },
                                              { QStringLiteral("content"), prompt } } });
    o.insert(QStringLiteral("request"), request);
    static const char *reasons[] = { "stop", "length", "content_filter" };
    QJsonObject usage;
    if (i % 8 != 5)
        usage.insert(QStringLiteral("prompt_tokens"), int(10 + (i * 31) % 90));
    usage.insert(QStringLiteral("completion_tokens"), int((i * 13) % 50));
    o.insert(QStringLiteral("response"),
             QJsonObject { { QStringLiteral("choices"),
                             QJsonArray { QJsonObject {
                                 { QStringLiteral("message"),
                                   QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                                                 { QStringLiteral("content"), QStringLiteral("Answer %1").arg(i) } } },
                                 { QStringLiteral("finish_reason"), QString::fromLatin1(reasons[i % 3]) } } } },
                           { QStringLiteral("usage"), usage } });
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

// Creates `name` in `dir` with `records` records; nullptr (and a warning) on failure.
inline std::unique_ptr<casefile::CaseFile> recordsCase(const QTemporaryDir &dir, qint64 records,
                                                       const QString &name = QStringLiteral("tables.lineage"),
                                                       bool index = true)
{
    const QString log = dir.filePath(name + QStringLiteral(".jsonl"));
    {
        QFile f(log);
        if (!f.open(QIODevice::WriteOnly))
            return nullptr;
        for (qint64 i = 0; i < records; ++i)
            f.write(recordLine(i));
    }
    casefile::CaseInfo info;
    info.title = QStringLiteral("Tables test");
    auto file = casefile::CaseFile::create(dir.filePath(name), info, tester());
    if (!file)
        return nullptr;
    ingest::ImportOptions options;
    options.buildIndex = index;
    auto summary = ingest::importFile(**file, log, options);
    if (!summary) {
        qWarning() << summary.error().message << summary.error().detail;
        return nullptr;
    }
    return std::move(*file);
}

} // namespace lineage::testing
