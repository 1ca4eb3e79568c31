// SPDX-License-Identifier: GPL-3.0-or-later
// Output reuse: suspect answers against the provider's served completions (query logs) and
// provider transcripts, or any model's answers against a protected corpus.
#include "casefile/analysis_input_store.h"
#include "forensics/analysis_kind.h"
#include "forensics/case_inputs.h"
#include "forensics/passage_chance.h"
#include "forensics/reuse_search.h"
#include "similarity/signature_cache.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <map>
#include <memory>

namespace lineage::forensics {

namespace {

using casefile::FindingRow;
using casefile::TranscriptRow;
using similarity::TextItem;

const QString kSuspect = QStringLiteral("suspect");
const QString kAgainst = QStringLiteral("against");
const QString kCorpus = QStringLiteral("corpus");

// A text of either side and where it lives in the case.
struct Item
{
    QString kind; // "turn" or "record"
    qint64 id = 0;
    QString field; // "answer", "completion", "completion:N" (choice N of an n > 1 request)
    int choice = 0;
    qint64 transcriptId = 0;
    QString label;
    QString role;
    qint64 turnIndex = 0;
    QString prompt;
    QString sourceName;
    std::optional<qint64> line;
};

struct Kept
{
    ReuseMatch match;
    Item source;
};

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

class ReuseKind final : public AnalysisKind
{
public:
    QString name() const override { return QStringLiteral("reuse"); }
    QString title() const override { return QStringLiteral("Output reuse"); }
    QString description() const override
    {
        return QStringLiteral(
            "Finds suspect answers that reuse the provider's answers: MinHash LSH candidates over word 5-shingles, "
            "exact Jaccard and containment, and the shared passages of each match, linked to the log records that "
            "served the matching completion. With against=protected-corpus, any model's answers against the "
            "transcripts with role protected-corpus.");
    }
    QString strengthRule() const override
    {
        return QStringLiteral(
            "strong: a verbatim shared passage of 25 words or more, or a Jaccard (over all shingles, or over those "
            "that are not common phrasing) of 0.5 or more; moderate: a verbatim passage of 15 words or more, or a "
            "Jaccard of 0.2 or more; weak: any other match that passed the thresholds (specific Jaccard >= "
            "min_jaccard, Jaccard >= raw_jaccard, or a verbatim passage >= min_passage_tokens). A summary finding "
            "has the strength of its strongest answer.");
    }
    QString engineVersion() const override { return QStringLiteral("reuse/1"); }

    QList<ParameterSpec> parameters() const override
    {
        return {
            { kSuspect,
              ParameterType::Labels,
              QJsonValue(),
              QStringLiteral("Model labels whose answers are examined (default: every transcript with role suspect; "
                             "with against=protected-corpus, every transcript not in the corpus)."),
              {},
              true },
            { kAgainst,
              ParameterType::Choice,
              QStringLiteral("provider"),
              QStringLiteral("What the answers are compared with: the provider's served completions and provider "
                             "transcripts, or the protected corpus."),
              { QStringLiteral("provider"), QStringLiteral("protected-corpus") },
              true },
            { kCorpus,
              ParameterType::Labels,
              QJsonValue(),
              QStringLiteral("Model labels of the transcripts compared with (default: by role, provider or "
                             "protected-corpus)."),
              {},
              true },
            { QStringLiteral("include_logs"),
              ParameterType::Boolean,
              true,
              QStringLiteral("Compare with the completions served in the query logs (against=provider)."),
              {},
              false },
            { QStringLiteral("min_jaccard"),
              ParameterType::Real,
              0.10,
              QStringLiteral("Reuse when the exact word-shingle Jaccard reaches this (a lightly edited copy, one word "
                             "in five changed, is about 0.12)."),
              {},
              false,
              0.0,
              1.0 },
            { QStringLiteral("raw_jaccard"),
              ParameterType::Real,
              0.5,
              QStringLiteral("Or when the Jaccard over all shingles, common phrasing included, reaches this (a "
                             "near-verbatim copy of a text made of stock phrases)."),
              {},
              false,
              0.0,
              1.0 },
            { QStringLiteral("common_texts"),
              ParameterType::Integer,
              50,
              QStringLiteral("A shingle found in this many compared texts or more is common phrasing and not "
                             "counted as shared evidence (0: count every shingle)."),
              {},
              false,
              0,
              1000000000 },
            { QStringLiteral("min_passage_tokens"),
              ParameterType::Integer,
              20,
              QStringLiteral("Or when a verbatim shared passage has this many words (a copied passage inside new "
                             "text)."),
              {},
              false,
              2,
              100000 },
            { QStringLiteral("shingle"),
              ParameterType::Integer,
              5,
              QStringLiteral("Words per shingle."),
              {},
              false,
              1,
              50 },
            { QStringLiteral("num_perm"),
              ParameterType::Integer,
              128,
              QStringLiteral("MinHash permutations."),
              {},
              false,
              8,
              1024 },
            { QStringLiteral("lsh_bands"),
              ParameterType::Integer,
              128,
              QStringLiteral("LSH bands (bands x rows <= num_perm)."),
              {},
              false,
              1,
              1024 },
            { QStringLiteral("lsh_rows"),
              ParameterType::Integer,
              1,
              QStringLiteral("Signature values per band; 1 finds pairs of Jaccard 0.03 with probability 0.98."),
              {},
              false,
              1,
              64 },
            { QStringLiteral("max_matches"),
              ParameterType::Integer,
              10,
              QStringLiteral("Matches listed per reused answer, closest first (all are counted)."),
              {},
              false,
              1,
              100000 },
            { QStringLiteral("max_tied"),
              ParameterType::Integer,
              50,
              QStringLiteral("Texts exactly as close as the closest (the same completion served again) listed per "
                             "reused answer, beyond max_matches."),
              {},
              false,
              1,
              100000 },
            { QStringLiteral("chunk"),
              ParameterType::Integer,
              20000,
              QStringLiteral("Corpus texts held in memory at once (bounds memory; never changes results)."),
              {},
              false,
              100,
              10000000 },
            { QStringLiteral("store_signatures"),
              ParameterType::Boolean,
              true,
              QStringLiteral("Keep the computed fingerprints in the case so a re-run reuses them."),
              {},
              false },
        };
    }

    Result<AnalysisResult> run(RunContext &ctx) const override;

    QJsonObject report(const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings) const override
    {
        QJsonObject out = runJson(run);
        for (auto it = run.summary.begin(); it != run.summary.end(); ++it)
            out.insert(it.key(), it.value());
        QJsonArray turns, summaries, all;
        for (const FindingRow &f : findings) {
            if (f.kind == QLatin1String("reuse")) {
                QJsonObject turn = f.payload;
                turn.insert(QStringLiteral("finding"), f.id);
                turn.insert(QStringLiteral("strength"), f.strength);
                turn.insert(QStringLiteral("explanation"), f.explanation);
                turns.append(turn);
            } else {
                summaries.append(findingJson(f));
            }
            all.append(findingJson(f));
        }
        out.insert(QStringLiteral("turns"), turns);
        out.insert(QStringLiteral("summaries"), summaries);
        out.insert(QStringLiteral("findings"), all);
        return out;
    }
};

ReuseOptions optionsOf(const RunContext &ctx)
{
    ReuseOptions o;
    o.fingerprint.shingle = ctx.integer(QStringLiteral("shingle"));
    o.fingerprint.numPerm = ctx.integer(QStringLiteral("num_perm"));
    o.lsh = { ctx.integer(QStringLiteral("lsh_bands")), ctx.integer(QStringLiteral("lsh_rows")) };
    o.minJaccard = ctx.real(QStringLiteral("min_jaccard"));
    o.rawJaccard = ctx.real(QStringLiteral("raw_jaccard"));
    o.commonTexts = ctx.integer(QStringLiteral("common_texts"));
    o.minPassageTokens = ctx.integer(QStringLiteral("min_passage_tokens"));
    o.threads = ctx.threads();
    o.fingerprint.threads = ctx.threads();
    return o;
}

// Fingerprints of `items`, stored in the case for re-use when asked.
Result<similarity::Fingerprints> fingerprintsOf(RunContext &ctx, const QList<TextItem> &items,
                                                const similarity::FingerprintOptions &options)
{
    if (ctx.boolean(QStringLiteral("store_signatures")))
        return similarity::cachedFingerprints(ctx.db(), items, options, ctx.feedback());
    QStringList texts;
    texts.reserve(items.size());
    for (const TextItem &item : items)
        texts << item.text;
    return similarity::computeFingerprints(texts, options, ctx.feedback());
}

QJsonObject itemJson(const Item &item, const casefile::RecordProvenance *p)
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

QString describeSource(const Item &item, const casefile::RecordProvenance *p)
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

Result<AnalysisResult> ReuseKind::run(RunContext &ctx) const
{
    Feedback &fb = ctx.feedback();
    const ReuseOptions options = optionsOf(ctx);
    if (options.lsh.bands * options.lsh.rows > options.fingerprint.numPerm)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("lsh_bands x lsh_rows (%1) exceeds num_perm (%2).")
                             .arg(options.lsh.bands * options.lsh.rows)
                             .arg(options.fingerprint.numPerm));
    const bool againstCorpus = ctx.text(kAgainst) == QLatin1String("protected-corpus");
    ctx.setVersion(QStringLiteral("tokenizer"), options.fingerprint.tokenizer.versionTag());
    ctx.setVersion(QStringLiteral("fingerprint"), options.fingerprint.parametersTag());

    auto transcripts = CaseTranscripts::load(ctx.db());
    if (!transcripts)
        return transcripts.error();
    AnalysisResult result;
    if (const QString note = transcripts->roleNote(); !note.isEmpty())
        result.notes << note;

    // Which transcripts are examined and which are compared with.
    QList<TranscriptRow> suspects, corpus;
    const QString corpusRole = againstCorpus ? QStringLiteral("protected-corpus") : QStringLiteral("provider");
    if (const QStringList labels = ctx.labels(kCorpus); !labels.isEmpty()) {
        auto c = transcripts->withLabels(labels);
        if (!c)
            return c.error();
        corpus = *c;
    } else {
        corpus = transcripts->withRole(corpusRole);
    }
    if (const QStringList labels = ctx.labels(kSuspect); !labels.isEmpty()) {
        auto s = transcripts->withLabels(labels);
        if (!s)
            return s.error();
        suspects = *s;
    } else if (againstCorpus) {
        for (const TranscriptRow &t : transcripts->all())
            if (std::none_of(corpus.begin(), corpus.end(), [&](const TranscriptRow &c) { return c.id == t.id; }))
                suspects.append(t);
    } else {
        suspects = transcripts->withRole(QStringLiteral("suspect"));
    }
    if (suspects.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("No transcript to examine: give the suspect's model label (suspect=LABEL) or "
                                        "set a transcript's role to suspect.")
                             + transcripts->missingRoleHint());
    // A transcript is never compared with itself.
    corpus.erase(std::remove_if(corpus.begin(), corpus.end(),
                                [&](const TranscriptRow &c) {
                                    return std::any_of(suspects.begin(), suspects.end(),
                                                       [&](const TranscriptRow &s) { return s.id == c.id; });
                                }),
                 corpus.end());
    const bool useLogs = !againstCorpus && ctx.boolean(QStringLiteral("include_logs"));
    if (againstCorpus && corpus.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The case has no protected corpus: set the role of the protected texts' "
                                        "transcripts to protected-corpus, or name them (corpus=LABEL).")
                             + transcripts->missingRoleHint());

    // The suspect side, in memory.
    fb.setPhase(QStringLiteral("Reading suspect answers"));
    std::vector<Item> suspectItems;
    QList<TextItem> suspectTexts;
    QStringList suspectLabels;
    for (const TranscriptRow &t : std::as_const(suspects)) {
        ctx.useSource(t.sourceId);
        if (!suspectLabels.contains(t.modelLabel))
            suspectLabels << t.modelLabel;
        auto turns = loadTurns(ctx.db(), t.id, fb);
        if (!turns)
            return turns.error();
        for (const IndexedTurn &it : std::as_const(*turns)) {
            if (it.turn.answer.trimmed().isEmpty())
                continue;
            suspectItems.push_back({ QStringLiteral("turn"), it.turn.id, QStringLiteral("answer"), 0, t.id,
                                     t.modelLabel, t.role, it.index, it.turn.prompt, t.sourceName, it.turn.line });
            suspectTexts.append({ QStringLiteral("turn"), it.turn.id, QStringLiteral("answer"), it.turn.answer });
        }
    }
    auto suspectPrints = fingerprintsOf(ctx, suspectTexts, options.fingerprint);
    if (!suspectPrints)
        return suspectPrints.error();
    ReuseSearch search(options);
    {
        QStringList texts;
        texts.reserve(suspectTexts.size());
        for (const TextItem &t : std::as_const(suspectTexts))
            texts << t.text;
        if (auto s = search.setSuspects(std::move(texts), std::move(*suspectPrints), fb); !s)
            return s.error();
    }

    // The corpus streams past in chunks: once to count common phrasing, once to compare.
    std::map<qint64, std::vector<Kept>> bySuspect;
    qint64 corpusTexts = 0;
    qint64 servedRecords = 0;
    const int chunkSize = ctx.integer(QStringLiteral("chunk"));
    auto stream = [&](bool counting) -> Status {
        qint64 corpusIndex = 0;
        std::vector<Item> chunkItems;
        QList<TextItem> chunkTexts;
        auto flush = [&]() -> Status {
            if (chunkTexts.isEmpty())
                return {};
            auto prints = fingerprintsOf(ctx, chunkTexts, options.fingerprint);
            if (!prints)
                return prints.error();
            fb.setPhase(
                counting ? QStringLiteral("Counting common phrasing in %1 texts").arg(corpusIndex + chunkTexts.size())
                         : QStringLiteral("Comparing with %1 texts").arg(corpusIndex + chunkTexts.size()),
                chunkTexts.size(), QStringLiteral("texts"));
            if (counting) {
                if (auto s = search.count(*prints, fb); !s)
                    return s;
            } else {
                QStringList texts;
                texts.reserve(chunkTexts.size());
                for (const TextItem &t : std::as_const(chunkTexts))
                    texts << t.text;
                auto matches = search.probe(texts, *prints, corpusIndex, fb);
                if (!matches)
                    return matches.error();
                for (ReuseMatch &m : *matches) {
                    const Item &source = chunkItems[size_t(m.corpus - corpusIndex)];
                    const qint64 suspect = m.suspect;
                    bySuspect[suspect].push_back({ std::move(m), source });
                }
                corpusTexts += texts.size();
            }
            corpusIndex += chunkTexts.size();
            chunkItems.clear();
            chunkTexts.clear();
            return {};
        };
        for (const TranscriptRow &t : std::as_const(corpus)) {
            ctx.useSource(t.sourceId);
            auto turns = loadTurns(ctx.db(), t.id, fb);
            if (!turns)
                return turns.error();
            for (const IndexedTurn &it : std::as_const(*turns)) {
                if (it.turn.answer.trimmed().isEmpty())
                    continue;
                chunkItems.push_back({ QStringLiteral("turn"), it.turn.id, QStringLiteral("answer"), 0, t.id,
                                       t.modelLabel, t.role, it.index, it.turn.prompt, t.sourceName, it.turn.line });
                chunkTexts.append({ QStringLiteral("turn"), it.turn.id, QStringLiteral("answer"), it.turn.answer });
                if (chunkTexts.size() >= chunkSize)
                    if (auto s = flush(); !s)
                        return s;
            }
        }
        if (useLogs) {
            casefile::AnalysisInputStore inputs(ctx.db());
            auto logSources = inputs.queryLogSources();
            if (!logSources)
                return logSources.error();
            for (const casefile::InputSource &s : std::as_const(*logSources))
                ctx.useSource(s.id);
            qint64 after = 0;
            for (;;) {
                auto page = inputs.completions(after, std::min(chunkSize, 5000));
                if (!page)
                    return page.error();
                if (page->isEmpty())
                    break;
                for (const casefile::ServedCompletions &r : std::as_const(*page)) {
                    if (!counting)
                        ++servedRecords;
                    for (int c = 0; c < r.choices.size(); ++c) {
                        if (r.choices[c].trimmed().isEmpty())
                            continue;
                        const QString field
                            = c == 0 ? QStringLiteral("completion") : QStringLiteral("completion:%1").arg(c);
                        chunkItems.push_back(
                            { QStringLiteral("record"), r.recordId, field, c, 0, {}, {}, 0, {}, {}, {} });
                        chunkTexts.append({ QStringLiteral("record"), r.recordId, field, r.choices[c] });
                    }
                }
                after = page->last().recordId;
                if (chunkTexts.size() >= chunkSize)
                    if (auto s = flush(); !s)
                        return s;
                if (fb.isCanceled())
                    return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
            }
        }
        return flush();
    };
    if (search.needsCounting()) {
        if (auto s = stream(true); !s)
            return s.error();
        search.finishCounting();
    }
    if (auto s = stream(false); !s)
        return s.error();

    // Provenance of every matched record; accounts ranked by how many reused answers their
    // served completions match (the harvesting accounts of a distillation case).
    const int maxMatches = ctx.integer(QStringLiteral("max_matches"));
    const int maxTied = ctx.integer(QStringLiteral("max_tied"));
    QList<qint64> recordIds;
    for (const auto &[suspect, kept] : bySuspect)
        for (const Kept &k : kept)
            if (k.source.kind == QLatin1String("record"))
                recordIds << k.source.id;
    std::sort(recordIds.begin(), recordIds.end());
    recordIds.erase(std::unique(recordIds.begin(), recordIds.end()), recordIds.end());
    fb.setPhase(QStringLiteral("Reading the matched log records"), recordIds.size(), QStringLiteral("records"));
    auto provenance = casefile::AnalysisInputStore(ctx.db()).provenance(recordIds);
    if (!provenance)
        return provenance.error();
    QHash<qint64, casefile::RecordProvenance> records;
    for (const casefile::RecordProvenance &p : std::as_const(*provenance))
        records.insert(p.recordId, p);
    QHash<QString, qint64> accountAnswers;
    for (const auto &[suspect, kept] : bySuspect) {
        QSet<QString> seen;
        for (const Kept &k : kept)
            if (k.source.kind == QLatin1String("record"))
                seen.insert(records.value(k.source.id).account);
        for (const QString &a : std::as_const(seen))
            ++accountAnswers[a];
    }
    auto accountScore = [&](const Kept &k) -> qint64 {
        if (k.source.kind != QLatin1String("record"))
            return -1;
        const QString account = records.value(k.source.id).account;
        return account.isEmpty() ? 0 : accountAnswers.value(account);
    };
    // Closest first; among equally close texts (the same completion served many times),
    // the records of the accounts behind the most reused answers, then the earliest.
    for (auto &[suspect, kept] : bySuspect) {
        std::sort(kept.begin(), kept.end(), [&](const Kept &a, const Kept &b) {
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

    // One finding per reused answer.
    fb.setPhase(QStringLiteral("Writing findings"), qint64(bySuspect.size()), QStringLiteral("answers"));
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
    for (const Item &item : suspectItems)
        ++totals[item.label].answers;
    for (auto &[suspect, kept] : bySuspect) {
        const Item &s = suspectItems[size_t(suspect)];
        const QString &suspectText = suspectTexts[suspect].text;
        FindingRow f;
        f.kind = QStringLiteral("reuse");
        f.subject = s.label;
        f.refs.append({ QStringLiteral("turn"), s.id, QStringLiteral("suspect") });
        QJsonArray matches;
        QStringList accounts;
        const Kept &best = kept.front();
        QString strength = QStringLiteral("weak");
        double bestJaccard = 0;
        int bestVerbatim = 0;
        // Every text as close as the closest (the same completion served again) is listed, up
        // to max_tied, then the next closest up to max_matches.
        int listed = std::min<int>(maxMatches, int(kept.size()));
        while (listed < std::min<int>(maxTied, int(kept.size()))
               && kept[size_t(listed)].match.jaccard == best.match.jaccard
               && kept[size_t(listed)].match.longestVerbatim == best.match.longestVerbatim)
            ++listed;
        for (int i = 0; i < listed; ++i) {
            const Kept &k = kept[size_t(i)];
            const ReuseMatch &m = k.match;
            const casefile::RecordProvenance *p
                = k.source.kind == QLatin1String("record") && records.contains(k.source.id) ? &records[k.source.id]
                                                                                            : nullptr;
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
        const casefile::RecordProvenance *bp
            = best.source.kind == QLatin1String("record") && records.contains(best.source.id) ? &records[best.source.id]
                                                                                              : nullptr;
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
        result.findings.append(f);
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
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const FindingRow &a, const FindingRow &b) {
        const qint64 ta = a.payload.value(QStringLiteral("transcript_id")).toInteger();
        const qint64 tb = b.payload.value(QStringLiteral("transcript_id")).toInteger();
        if (ta != tb)
            return ta < tb;
        return a.payload.value(QStringLiteral("turn_index")).toInteger()
            < b.payload.value(QStringLiteral("turn_index")).toInteger();
    });

    // One summary per suspect label.
    QJsonArray labelSummaries;
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
        const QString against = againstCorpus ? QStringLiteral("the protected corpus")
                                              : QStringLiteral("the provider's answers (%1 served completions in the "
                                                               "logs and %2 provider transcripts)")
                                                    .arg(useLogs ? servedRecords : 0)
                                                    .arg(corpus.size());
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
        result.findings.append(f);
    }

    const ReuseSearchStats &st = search.stats();
    result.summary = QJsonObject { { QStringLiteral("suspects"), QJsonArray::fromStringList(suspectLabels) },
                                   { QStringLiteral("against"), ctx.text(kAgainst) },
                                   { QStringLiteral("suspect_answers"), qint64(suspectItems.size()) },
                                   { QStringLiteral("corpus_texts"), corpusTexts },
                                   { QStringLiteral("served_records"), servedRecords },
                                   { QStringLiteral("corpus_transcripts"), qint64(corpus.size()) },
                                   { QStringLiteral("candidates"), st.candidates },
                                   { QStringLiteral("common_shingles"), st.commonShingles },
                                   { QStringLiteral("suspect_shingles"), st.suspectShingles },
                                   { QStringLiteral("aligned"), st.aligned },
                                   { QStringLiteral("matches"), st.matches },
                                   { QStringLiteral("reused_answers"), qint64(bySuspect.size()) },
                                   { QStringLiteral("labels"), labelSummaries } };
    if (useLogs && servedRecords == 0)
        result.notes << QStringLiteral("The case has no served completions in its query logs.");
    if (!againstCorpus && corpus.isEmpty())
        result.notes << QStringLiteral("No provider transcript: compared with the query logs only.");
    return result;
}

} // namespace

namespace kinds {
std::unique_ptr<AnalysisKind> reuse()
{
    return std::make_unique<ReuseKind>();
}
} // namespace kinds

} // namespace lineage::forensics
