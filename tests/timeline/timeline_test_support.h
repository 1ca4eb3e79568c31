// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers of the timeline tests: a generated gateway log (times around daylight-saving
// changes, accounts, models, tokens and marker words), and the brute-force oracle: every
// record read back and counted into buckets directly.
#pragma once

#include "casefile/case_file.h"
#include "casefile/sqlite.h"
#include "timeline/activity_series.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QString>
#include <QTemporaryDir>

#include <algorithm>

namespace timelinetest {

inline const lineage::casefile::Investigator &who()
{
    static const lineage::casefile::Investigator w { QStringLiteral("T. Tester"), QStringLiteral("tester") };
    return w;
}

inline std::unique_ptr<lineage::casefile::CaseFile> newCase(const QString &path)
{
    lineage::casefile::CaseInfo info;
    info.title = QStringLiteral("Timeline test");
    auto file = lineage::casefile::CaseFile::create(path, info, who());
    return file ? std::move(*file) : nullptr;
}

inline qint64 utc(int y, int m, int d, int h = 0, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC).toMSecsSinceEpoch();
}

// The periods the generated records fall in: the spring daylight-saving changes of Europe
// (31 March 2024) and Chile (7 April 2024, at midnight), and Chile's September change.
inline QList<std::pair<qint64, qint64>> periods()
{
    return { { utc(2024, 3, 28), utc(2024, 4, 9) }, { utc(2024, 9, 5), utc(2024, 9, 10) } };
}

// A gateway log of `count` exchanges: random times (to the millisecond) in periods(), bursts
// of the same minute and hour, 30 accounts of very different volume and some records without
// one, three models (or none), tokens (or none), "zebra" in some prompts and "yak" in some
// completions. Deterministic for a seed.
inline bool writeLog(const QString &path, int count, quint32 seed)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QRandomGenerator rng(seed);
    const auto spans = periods();
    qint64 burst = 0;
    QByteArray out;
    for (int i = 0; i < count; ++i) {
        qint64 t;
        if (burst && rng.bounded(3) != 0) {
            t = burst + qint64(rng.bounded(90000)); // within a minute and a half
        } else {
            const auto &span = spans[rng.bounded(10) < 7 ? 0 : 1];
            t = span.first + qint64(rng.generate64() % quint64(span.second - span.first));
            burst = rng.bounded(8) == 0 ? t : 0;
        }
        const QString time
            = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
        // Skewed: account k drawn with weight ~ 1/(k+1).
        const int k = int(std::min(29.0, std::floor(std::pow(30.0, rng.generateDouble())) - 1 + rng.bounded(2)));
        QByteArray line
            = "{\"timestamp\": \"" + time.toUtf8() + "\", \"request_id\": \"r-" + QByteArray::number(i) + "\"";
        if (rng.bounded(20) != 0)
            line += ", \"account\": \"acct_" + QByteArray::number(k).rightJustified(2, '0') + "\"";
        static const char *models[] = { "gpt-4o", "gpt-4o-mini", "o1-preview", nullptr };
        const char *model = models[rng.bounded(4)];
        const bool zebra = rng.bounded(10) == 0;
        const bool yak = rng.bounded(20) == 0;
        line += ", \"request\": {";
        if (model)
            line += "\"model\": \"" + QByteArray(model) + "\", ";
        line += "\"messages\": [{\"role\": \"user\", \"content\": \"Question " + QByteArray::number(i)
            + (zebra ? " about the zebra" : " about the weather") + "\"}]}";
        line += ", \"response\": {\"choices\": [{\"message\": {\"content\": \"Answer "
            + (yak ? QByteArray("on the yak") : QByteArray("on the sky")) + "\"}, \"finish_reason\": \"stop\"}]";
        if (rng.bounded(10) != 0)
            line += ", \"usage\": {\"prompt_tokens\": " + QByteArray::number(rng.bounded(200))
                + ", \"completion_tokens\": " + QByteArray::number(rng.bounded(900)) + "}";
        line += "}}\n";
        out += line;
    }
    return f.write(out) == out.size();
}

// One record as the oracle sees it.
struct Record
{
    qint64 time = 0;
    qint64 account = 0;
    qint64 source = 0;
    qint64 joined = 0;
    QString model;
    qint64 tokens = 0;
    QString text;
    qint64 actor = 0;
};

inline QList<Record> allRecords(lineage::casefile::Database &db)
{
    auto s = lineage::casefile::Statement::prepare(
        db,
        "SELECT q.time_utc, coalesce(q.account_id, 0), q.source_id, coalesce(q.joined_source_id, 0), "
        "coalesce(q.model, ''), coalesce(q.prompt_tokens, 0) + coalesce(q.completion_tokens, 0), "
        "coalesce(q.system_prompt, '') || ' ' || coalesce(q.prompt, '') || ' ' || coalesce(q.completion, ''), "
        "coalesce(a.actor_id, 0) FROM query_records q LEFT JOIN accounts a ON a.id = q.account_id "
        "WHERE q.time_utc IS NOT NULL");
    QList<Record> out;
    if (!s)
        return out;
    while (s->step().value())
        out.append(
            { s->int64(0), s->int64(1), s->int64(2), s->int64(3), s->text(4), s->int64(5), s->text(6), s->int64(7) });
    return out;
}

// The series of `request` counted record by record into the edges the engine chose.
struct Oracle
{
    QVector<qint64> records, tokens, accounts;
};

inline Oracle bruteForce(const QList<Record> &all, const QVector<qint64> &edges,
                         const lineage::timeline::SeriesFilter &filter,
                         const std::function<bool(const Record &)> &inLane)
{
    const int n = int(edges.size()) - 1;
    Oracle o { QVector<qint64>(n, 0), QVector<qint64>(n, 0), QVector<qint64>(n, 0) };
    QVector<QSet<qint64>> seen(n);
    const QSet<qint64> accounts(filter.accountIds.begin(), filter.accountIds.end());
    const QString word = filter.text.trimmed().toLower();
    for (const Record &r : all) {
        if (r.time < edges.first() || r.time >= edges.last())
            continue;
        if (!accounts.isEmpty() && !accounts.contains(r.account))
            continue;
        if (filter.sourceId && r.source != *filter.sourceId && r.joined != *filter.sourceId)
            continue;
        if (!word.isEmpty() && !r.text.toLower().split(QLatin1Char(' ')).contains(word))
            continue;
        if (!inLane(r))
            continue;
        const int b = int(std::upper_bound(edges.begin(), edges.end(), r.time) - edges.begin()) - 1;
        ++o.records[b];
        o.tokens[b] += r.tokens;
        if (r.account > 0)
            seen[b].insert(r.account);
    }
    for (int b = 0; b < n; ++b)
        o.accounts[b] = seen[b].size();
    return o;
}

} // namespace timelinetest
