// SPDX-License-Identifier: GPL-3.0-or-later
// Output reuse: suspect answers against the provider's served completions (query logs) and
// provider transcripts, or any model's answers against a protected corpus. This file
// chooses the two sides and streams the corpus past the search; the findings are written by
// forensics/reuse_findings.
#include "casefile/analysis_input_store.h"
#include "forensics/analysis_kind.h"
#include "forensics/case_inputs.h"
#include "forensics/reuse_findings.h"
#include "forensics/reuse_search.h"
#include "similarity/signature_cache.h"

#include <QJsonArray>

#include <algorithm>
#include <memory>

namespace lineage::forensics {

namespace {

using casefile::FindingRow;
using casefile::TranscriptRow;
using similarity::TextItem;

const QString kSuspect = QStringLiteral("suspect");
const QString kAgainst = QStringLiteral("against");
const QString kCorpus = QStringLiteral("corpus");

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
    std::vector<ReuseItem> suspectItems;
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
    ReuseMatchesBySuspect bySuspect;
    qint64 corpusTexts = 0;
    qint64 servedRecords = 0;
    const int chunkSize = ctx.integer(QStringLiteral("chunk"));
    auto stream = [&](bool counting) -> Status {
        qint64 corpusIndex = 0;
        std::vector<ReuseItem> chunkItems;
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
                    const ReuseItem &source = chunkItems[size_t(m.corpus - corpusIndex)];
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

    const int maxMatches = ctx.integer(QStringLiteral("max_matches"));
    const int maxTied = ctx.integer(QStringLiteral("max_tied"));
    auto records = rankReuseMatches(ctx.db(), bySuspect, fb);
    if (!records)
        return records.error();

    fb.setPhase(QStringLiteral("Writing findings"), qint64(bySuspect.size()), QStringLiteral("answers"));
    ReuseFindingOptions findingOptions;
    findingOptions.maxMatches = maxMatches;
    findingOptions.maxTied = maxTied;
    findingOptions.minJaccard = options.minJaccard;
    findingOptions.minPassageTokens = options.minPassageTokens;
    findingOptions.against = againstCorpus ? QStringLiteral("the protected corpus")
                                           : QStringLiteral("the provider's answers (%1 served completions in the "
                                                            "logs and %2 provider transcripts)")
                                                 .arg(useLogs ? servedRecords : 0)
                                                 .arg(corpus.size());
    QJsonArray labelSummaries;
    result.findings.append(reuseFindings(bySuspect, suspectItems, suspectTexts, *records, suspectLabels, suspects,
                                         findingOptions, labelSummaries));

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
