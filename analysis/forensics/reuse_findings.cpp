// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/reuse_findings.h"

#include "casefile/analysis_input_store.h"
#include "forensics/case_inputs.h"
#include "forensics/passage_chance.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

namespace lineage::forensics {

using casefile::FindingRow;
using casefile::TranscriptRow;
using similarity::TextItem;

namespace {

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString strengthOf(const ReuseMatch &m)
{
    const double j = std::max(m.jaccard, m.jaccardSpecific);
    if (m.longestVerbatim >= 25 || j >= 0.5)
        return QStringLiteral("strong");
    if (m.longestVerbatim >= 15 || j >= 0.2)
        return QStringLiteral("moderate");
    return QStringLiteral("weak");
}

int strengthRank(const QString &s)
{
    return s == QLatin1String("strong") ? 3 : s == QLatin1String("moderate") ? 2 : 1;
}

const casefile::RecordProvenance *provenanceOf(const QHash<qint64, casefile::RecordProvenance> &records,
                                               const ReuseItem &item)
{
    if (item.kind != QLatin1String("record"))
        return nullptr;
    const auto it = records.constFind(item.id);
    return it == records.cend() ? nullptr : &*it;
}

QJsonObject itemJson(const ReuseItem &item, const casefile::RecordProvenance *p)
{
    if (item.kind == QLatin1String("record")) {
        QJsonObject o { { QStringLiteral("kind"), QStringLiteral("query-record") },
                        { QStringLiteral("id"), item.id },
                        { QStringLiteral("choice"), item.choice },
                        { QStringLiteral("field"), item.field } };
        if (p) {
            o.insert(QStringLiteral("account"), p->account);
            o.insert(QStringLiteral("time_utc"), p->timeUtc ? QJsonValue(isoUtc(*p->timeUtc)) : QJsonValue());
            o.insert(QStringLiteral("ip"), p->ip);
            o.insert(QStringLiteral("model"), p->model);
            o.insert(QStringLiteral("request_id"), p->customId);
            o.insert(QStringLiteral("source"), p->sourceName);
            o.insert(QStringLiteral("source_id"), p->sourceId);
            o.insert(QStringLiteral("line"), p->line);
            if (p->joinedSourceId) {
                o.insert(QStringLiteral("joined_source"), p->joinedSourceName);
                o.insert(QStringLiteral("joined_line"), p->joinedLine ? QJsonValue(*p->joinedLine) : QJsonValue());
                o.insert(QStringLiteral("joined_side"), p->joinedSide);
            }
        }
        return o;
    }
    return QJsonObject { { QStringLiteral("kind"), QStringLiteral("turn") },
                         { QStringLiteral("id"), item.id },
                         { QStringLiteral("transcript_id"), item.transcriptId },
                         { QStringLiteral("label"), item.label },
                         { QStringLiteral("role"), item.role },
                         { QStringLiteral("turn_index"), item.turnIndex },
                         { QStringLiteral("source"), item.sourceName },
                         { QStringLiteral("line"), item.line ? QJsonValue(*item.line) : QJsonValue() } };
}

QString describeSource(const ReuseItem &item, const casefile::RecordProvenance *p)
{
    if (item.kind == QLatin1String("record") && p)
        return QStringLiteral("the completion served by query record %1 (account %2, %3, %4 line %5)")
            .arg(item.id)
            .arg(p->account.isEmpty() ? QStringLiteral("unknown") : p->account,
                 p->timeUtc ? isoUtc(*p->timeUtc) : QStringLiteral("time unknown"), p->sourceName)
            .arg(p->line);
    return QStringLiteral("%1's answer (transcript %2, turn %3)")
        .arg(item.label)
        .arg(item.transcriptId)
        .arg(item.turnIndex);
}

} // namespace

Result<QHash<qint64, casefile::RecordProvenance>> rankReuseMatches(casefile::Database &db,
                                                                   ReuseMatchesBySuspect &bySuspect, Feedback &fb)
{
    // Provenance of every matched record; accounts ranked by how many reused answers their
    // served completions match (the harvesting accounts of a distillation case).
    QList<qint64> recordIds;
    for (const auto &[suspect, kept] : bySuspect)
        for (const ReuseKept &k : kept)
            if (k.source.kind == QLatin1String("record"))
                recordIds << k.source.id;
    std::sort(recordIds.begin(), recordIds.end());
    recordIds.erase(std::unique(recordIds.begin(), recordIds.end()), recordIds.end());
    fb.setPhase(QStringLiteral("Reading the matched log records"), recordIds.size(), QStringLiteral("records"));
    auto provenance = casefile::AnalysisInputStore(db).provenance(recordIds);
    if (!provenance)
        return provenance.error();
    QHash<qint64, casefile::RecordProvenance> records;
    for (const casefile::RecordProvenance &p : std::as_const(*provenance))
        records.insert(p.recordId, p);
    QHash<QString, qint64> accountAnswers;
    for (const auto &[suspect, kept] : bySuspect) {
        QSet<QString> seen;
        for (const ReuseKept &k : kept)
            if (k.source.kind == QLatin1String("record"))
                seen.insert(records.value(k.source.id).account);
        for (const QString &a : std::as_const(seen))
            ++accountAnswers[a];
    }
    auto accountScore = [&](const ReuseKept &k) -> qint64 {
        if (k.source.kind != QLatin1String("record"))
            return -1;
        const QString account = records.value(k.source.id).account;
        return account.isEmpty() ? 0 : accountAnswers.value(account);
    };
    // Closest first; among equally close texts (the same completion served many times),
    // the records of the accounts behind the most reused answers, then the earliest.
    for (auto &[suspect, kept] : bySuspect) {
        std::sort(kept.begin(), kept.end(), [&](const ReuseKept &a, const ReuseKept &b) {
            if (a.match.jaccard != b.match.jaccard)
                return a.match.jaccard > b.match.jaccard;
            if (a.match.jaccardSpecific != b.match.jaccardSpecific)
                return a.match.jaccardSpecific > b.match.jaccardSpecific;
            if (a.match.longestVerbatim != b.match.longestVerbatim)
                return a.match.longestVerbatim > b.match.longestVerbatim;
            const qint64 sa = accountScore(a), sb = accountScore(b);
            if (sa != sb)
                return sa > sb;
            const qint64 ta
                = a.source.kind == QLatin1String("record") ? records.value(a.source.id).timeUtc.value_or(0) : 0;
            const qint64 tb
                = b.source.kind == QLatin1String("record") ? records.value(b.source.id).timeUtc.value_or(0) : 0;
            if (ta != tb)
                return ta < tb;
            return a.match.corpus < b.match.corpus;
        });
    }
    return records;
}

QList<FindingRow> reuseFindings(const ReuseMatchesBySuspect &bySuspect, const std::vector<ReuseItem> &suspectItems,
                                const QList<TextItem> &suspectTexts,
                                const QHash<qint64, casefile::RecordProvenance> &records,
                                const QStringList &suspectLabels, const QList<TranscriptRow> &suspects,
                                const ReuseFindingOptions &options, QJsonArray &labelSummaries)
{
    QList<FindingRow> findings;
    // One finding per reused answer.
    struct LabelTotals
    {
        qint64 answers = 0;
        qint64 reused = 0;
        qint64 linked = 0;
        qint64 longest = 0;
        QString strongest = QStringLiteral("weak");
        QStringList accounts;
    };
    QHash<QString, LabelTotals> totals;
    for (const ReuseItem &item : suspectItems)
        ++totals[item.label].answers;
    for (auto &[suspect, kept] : bySuspect) {
        const ReuseItem &s = suspectItems[size_t(suspect)];
        const QString &suspectText = suspectTexts[suspect].text;
        FindingRow f;
        f.kind = QStringLiteral("reuse");
        f.subject = s.label;
        f.refs.append({ QStringLiteral("turn"), s.id, QStringLiteral("suspect") });
        QJsonArray matches;
        QStringList accounts;
        const ReuseKept &best = kept.front();
        QString strength = QStringLiteral("weak");
        double bestJaccard = 0;
        int bestVerbatim = 0;
        // Every text as close as the closest (the same completion served again) is listed, up
        // to max_tied, then the next closest up to max_matches.
        int listed = std::min<int>(options.maxMatches, int(kept.size()));
        while (listed < std::min<int>(options.maxTied, int(kept.size()))
               && kept[size_t(listed)].match.jaccard == best.match.jaccard
               && kept[size_t(listed)].match.longestVerbatim == best.match.longestVerbatim)
            ++listed;
        for (int i = 0; i < listed; ++i) {
            const ReuseKept &k = kept[size_t(i)];
            const ReuseMatch &m = k.match;
            const casefile::RecordProvenance *p = provenanceOf(records, k.source);
            if (strengthRank(strengthOf(m)) > strengthRank(strength))
                strength = strengthOf(m);
            bestJaccard = std::max(bestJaccard, m.jaccard);
            bestVerbatim = std::max(bestVerbatim, int(m.longestVerbatim));
            if (p && !p->account.isEmpty() && !accounts.contains(p->account))
                accounts << p->account;
            const QJsonObject item = itemJson(k.source, p);
            const PassageChance chance = passageChance(m.longestVerbatim, m.suspectTokens);
            QJsonArray passages;
            for (size_t n = 0; n < m.passages.size(); ++n) {
                const similarity::Passage &ps = m.passages[n];
                passages.append(QJsonObject {
                    { QStringLiteral("suspect_start"), ps.aStart },
                    { QStringLiteral("suspect_end"), ps.aEnd },
                    { QStringLiteral("source_start"), ps.bStart },
                    { QStringLiteral("source_end"), ps.bEnd },
                    { QStringLiteral("suspect_tokens"), ps.aTokenCount },
                    { QStringLiteral("source_tokens"), ps.bTokenCount },
                    { QStringLiteral("matched_tokens"), ps.matchedTokens },
                    { QStringLiteral("text"), quote(suspectText.mid(ps.aStart, ps.aEnd - ps.aStart), 300) } });
                const qint64 passageNo = qint64(matches.size()) * 1000 + qint64(n);
                f.spans.append({ QStringLiteral("turn"), s.id, QStringLiteral("answer"), ps.aStart, ps.aEnd - ps.aStart,
                                 QStringLiteral("suspect"), passageNo });
                f.spans.append({ k.source.kind, k.source.id, k.source.field, ps.bStart, ps.bEnd - ps.bStart,
                                 QStringLiteral("source"), passageNo });
            }
            QJsonObject match = item; // the matched item's fields, flat, and as `item`
            match.insert(QStringLiteral("item"), item);
            match.insert(QStringLiteral("jaccard"), m.jaccard);
            match.insert(QStringLiteral("jaccard_specific"), m.jaccardSpecific);
            match.insert(QStringLiteral("shared_specific_shingles"), m.sharedSpecific);
            match.insert(QStringLiteral("containment"), m.containment());
            match.insert(QStringLiteral("containment_suspect"), m.containmentSuspect);
            match.insert(QStringLiteral("containment_source"), m.containmentSource);
            match.insert(QStringLiteral("shared_shingles"), m.shared);
            match.insert(QStringLiteral("longest_passage_tokens"), m.longestPassage);
            match.insert(QStringLiteral("longest_verbatim_tokens"), m.longestVerbatim);
            match.insert(QStringLiteral("suspect_tokens"), m.suspectTokens);
            match.insert(QStringLiteral("source_tokens"), m.sourceTokens);
            match.insert(QStringLiteral("chance_log10"), chance.log10Chance);
            match.insert(QStringLiteral("strength"), strengthOf(m));
            match.insert(QStringLiteral("passages"), passages);
            matches.append(match);
            f.refs.append(
                { k.source.kind, k.source.id,
                  k.source.kind == QLatin1String("record") ? QStringLiteral("served-by") : QStringLiteral("source") });
        }
        const PassageChance chance = passageChance(bestVerbatim, best.match.suspectTokens);
        f.strength = strength;
        f.score = bestJaccard;
        f.statistic = bestVerbatim;
        f.pValue = bestVerbatim >= 8 ? std::optional<double>(chance.chance) : std::nullopt;
        const casefile::RecordProvenance *bp = provenanceOf(records, best.source);
        QString text = QStringLiteral("Answer %1 of %2 (transcript %3, prompt \"%4\") reuses %5: word-shingle Jaccard "
                                      "%6, %7% of the answer's shingles are in it, longest shared passage %8 words "
                                      "(%9 verbatim).")
                           .arg(s.turnIndex)
                           .arg(s.label)
                           .arg(s.transcriptId)
                           .arg(quote(s.prompt, 80), describeSource(best.source, bp))
                           .arg(best.match.jaccard, 0, 'f', 2)
                           .arg(qRound(best.match.containmentSuspect * 100))
                           .arg(best.match.longestPassage)
                           .arg(best.match.longestVerbatim);
        if (bestVerbatim >= 8)
            text += QStringLiteral(" Two independently written texts share %1 words in a row with a chance of %2 "
                                   "(even if each word had a 1 in 2 chance of matching).")
                        .arg(bestVerbatim)
                        .arg(chanceWords(chance.log10Chance));
        if (kept.size() > 1)
            text += QStringLiteral(" %1 served or stored texts match in all.").arg(kept.size());
        f.explanation = text;
        f.payload = QJsonObject { { QStringLiteral("suspect"), s.label },
                                  { QStringLiteral("label"), s.label },
                                  { QStringLiteral("transcript_id"), s.transcriptId },
                                  { QStringLiteral("turn_index"), s.turnIndex },
                                  { QStringLiteral("turn"), s.turnIndex },
                                  { QStringLiteral("turn_id"), s.id },
                                  { QStringLiteral("source"), s.sourceName },
                                  { QStringLiteral("line"), s.line ? QJsonValue(*s.line) : QJsonValue() },
                                  { QStringLiteral("prompt"), quote(s.prompt, 300) },
                                  { QStringLiteral("match_count"), qint64(kept.size()) },
                                  { QStringLiteral("accounts"), QJsonArray::fromStringList(accounts) },
                                  { QStringLiteral("matches"), matches } };
        findings.append(f);
        LabelTotals &t = totals[s.label];
        ++t.reused;
        if (!accounts.isEmpty())
            ++t.linked;
        t.longest = std::max<qint64>(t.longest, bestVerbatim);
        if (strengthRank(strength) > strengthRank(t.strongest))
            t.strongest = strength;
        for (const QString &a : std::as_const(accounts))
            if (!t.accounts.contains(a))
                t.accounts << a;
    }
    // Findings in the order of the suspect answers (transcript, turn).
    std::stable_sort(findings.begin(), findings.end(), [](const FindingRow &a, const FindingRow &b) {
        const qint64 ta = a.payload.value(QStringLiteral("transcript_id")).toInteger();
        const qint64 tb = b.payload.value(QStringLiteral("transcript_id")).toInteger();
        if (ta != tb)
            return ta < tb;
        return a.payload.value(QStringLiteral("turn_index")).toInteger()
            < b.payload.value(QStringLiteral("turn_index")).toInteger();
    });

    // One summary per suspect label.
    for (const QString &label : std::as_const(suspectLabels)) {
        const LabelTotals t = totals.value(label);
        QStringList accounts = t.accounts;
        std::sort(accounts.begin(), accounts.end());
        FindingRow f;
        f.kind = QStringLiteral("reuse-summary");
        f.subject = label;
        f.strength = t.reused > 0 ? t.strongest : QStringLiteral("weak");
        f.score = t.answers > 0 ? double(t.reused) / double(t.answers) : 0.0;
        f.statistic = double(t.reused);
        for (const TranscriptRow &s : std::as_const(suspects))
            if (s.modelLabel == label)
                f.refs.append({ QStringLiteral("transcript"), s.id, QStringLiteral("suspect") });
        const QString &against = options.against;
        f.explanation = t.reused == 0
            ? QStringLiteral(
                  "None of the %1 answers of %2 reuses %3 under the thresholds (Jaccard %4, verbatim passage "
                  "of %5 words).")
                  .arg(t.answers)
                  .arg(label, against)
                  .arg(options.minJaccard)
                  .arg(options.minPassageTokens)
            : QStringLiteral(
                  "%1 of %2 answers of %3 reuse %4 (word-shingle Jaccard of at least %5 or a verbatim passage "
                  "of %6 or more words); the longest verbatim passage has %7 words. %8 of them are linked "
                  "to log records%9.")
                  .arg(t.reused)
                  .arg(t.answers)
                  .arg(label, against)
                  .arg(options.minJaccard)
                  .arg(options.minPassageTokens)
                  .arg(t.longest)
                  .arg(t.linked)
                  .arg(accounts.isEmpty() ? QString()
                                          : QStringLiteral(" served to %1 account(s): %2")
                                                .arg(accounts.size())
                                                .arg(accounts.mid(0, 12).join(QStringLiteral(", "))
                                                     + (accounts.size() > 12 ? QStringLiteral(", ...") : QString())));
        f.payload = QJsonObject { { QStringLiteral("label"), label },
                                  { QStringLiteral("answers"), t.answers },
                                  { QStringLiteral("reused"), t.reused },
                                  { QStringLiteral("linked_to_records"), t.linked },
                                  { QStringLiteral("longest_verbatim_tokens"), t.longest },
                                  { QStringLiteral("accounts"), QJsonArray::fromStringList(accounts) } };
        labelSummaries.append(f.payload);
        findings.append(f);
    }
    return findings;
}

} // namespace lineage::forensics
