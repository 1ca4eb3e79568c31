// SPDX-License-Identifier: GPL-3.0-or-later
// Teacher attribution: which of several candidate teachers a suspect's answers resemble
// (attribution.h has the classifier), with its cross-validated accuracy beside the shares.
#include "forensics/analysis_kind.h"
#include "forensics/attribution.h"
#include "forensics/case_inputs.h"
#include "forensics/random_stream.h"
#include "forensics/text_terms.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <memory>

namespace lineage::forensics {

namespace {

using casefile::FindingRow;
using casefile::TranscriptRow;

const QString kSuspect = QStringLiteral("suspect");
const QString kCandidates = QStringLiteral("candidates");

const QString kCaveat = QStringLiteral(
    "Attribution says which candidate's answers these most resemble, not that the suspect was trained on them: every "
    "model is attributed to some candidate, models trained on none of them included. Read it beside the kinship "
    "analysis.");

QString percent(double v)
{
    return QString::number(100.0 * v, 'f', 1) + QLatin1Char('%');
}

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray out;
    for (const qint64 id : ids)
        out.append(id);
    return out;
}

// The documented strength rule (also strengthRule()).
QString strengthOf(const SuspectAttribution &s, double cvAccuracy)
{
    if (s.decisive && cvAccuracy >= 0.8 && s.attributedIndex >= 0 && s.shares[size_t(s.attributedIndex)] >= 0.6)
        return QStringLiteral("strong");
    if (s.decisive && cvAccuracy >= 0.6)
        return QStringLiteral("moderate");
    return QStringLiteral("weak");
}

// Bootstrap p of "the attributed share is not above every other": (1 + replicates in which
// another candidate's share is at least the attributed one's) / (1 + replicates), on the
// replicates of the share intervals.
double marginP(const SuspectAttribution &s, int candidates, const AttributionParameters &par)
{
    if (par.bootstrap <= 0 || s.answers == 0 || s.attributedIndex < 0)
        return std::nan("");
    std::vector<qint32> counts;
    qint64 against = 0;
    for (int r = 0; r < par.bootstrap; ++r) {
        bootstrapCounts(par.seed, r, s.answers, counts);
        std::vector<double> share(size_t(candidates), 0.0);
        for (size_t i = 0; i < s.perAnswer.size(); ++i)
            share[size_t(s.perAnswer[i].candidate)] += counts[i];
        for (int c = 0; c < candidates; ++c)
            if (c != s.attributedIndex && share[size_t(c)] >= share[size_t(s.attributedIndex)]) {
                ++against;
                break;
            }
    }
    return double(1 + against) / double(1 + par.bootstrap);
}

class AttributionKind final : public AnalysisKind
{
public:
    QString name() const override { return QStringLiteral("attribution"); }
    QString title() const override { return QStringLiteral("Teacher attribution"); }
    QString description() const override
    {
        return QStringLiteral(
            "Trains a nearest-centroid classifier on the candidate teachers' answers (length-normalized TF-IDF of "
            "word unigrams and bigrams and character 4-grams), gives its cross-validated accuracy (folds by prompt) "
            "and confusion matrix, and attributes each of a suspect's answers to the nearest candidate: the share of "
            "answers per candidate with a bootstrap interval. Candidates are the transcripts with role provider and "
            "suspects those with role suspect, unless named.");
    }
    QString strengthRule() const override
    {
        return QStringLiteral(
            "strong: the attributed candidate's share interval lies above every other candidate's (decisive), the "
            "share is at least 60% and the cross-validated accuracy at least 80%; moderate: decisive with a "
            "cross-validated accuracy of at least 60%; weak: otherwise. The accuracy finding: strong at 90% or more, "
            "moderate at 70%, weak below.");
    }
    QString engineVersion() const override { return QStringLiteral("attribution/1"); }

    QList<ParameterSpec> parameters() const override
    {
        const AttributionParameters d;
        return {
            { kSuspect,
              ParameterType::Labels,
              QJsonValue(),
              QStringLiteral("Model labels whose answers are attributed (default: every label with role suspect)."),
              {},
              true },
            { kCandidates,
              ParameterType::Labels,
              QJsonValue(),
              QStringLiteral("The candidate teachers, at least 2 (default: every label with role provider)."),
              {},
              true },
            { QStringLiteral("folds"),
              ParameterType::Integer,
              d.folds,
              QStringLiteral("Cross-validation folds (by prompt)."),
              {},
              false,
              2,
              100 },
            { QStringLiteral("char_n"),
              ParameterType::Integer,
              d.charN,
              QStringLiteral("Characters per character n-gram."),
              {},
              false,
              1,
              12 },
            { QStringLiteral("max_words"),
              ParameterType::Integer,
              d.maxWords,
              QStringLiteral("Cut every answer to its first N words before classifying (0: whole answers; a length "
                             "control)."),
              {},
              false,
              0,
              1000000 },
            { QStringLiteral("leave_out_same_prompt"),
              ParameterType::Boolean,
              d.leaveOutSamePrompt,
              QStringLiteral("Score a suspect answer against centroids without the candidates' answers to the same "
                             "prompt."),
              {},
              false },
            { QStringLiteral("bootstrap"),
              ParameterType::Integer,
              d.bootstrap,
              QStringLiteral("Bootstrap replicates over the suspect's answers for the share intervals (0: none)."),
              {},
              false,
              0,
              100000 },
            { QStringLiteral("confidence"),
              ParameterType::Real,
              d.confidence,
              QStringLiteral("Confidence of the share intervals."),
              {},
              false,
              0.5,
              0.999 },
            { QStringLiteral("seed"),
              ParameterType::Integer,
              double(d.seed),
              QStringLiteral("Seed of the bootstrap."),
              {},
              false,
              0,
              9007199254740991.0 },
            { QStringLiteral("evidence_answers"),
              ParameterType::Integer,
              10,
              QStringLiteral("Answers per suspect referenced as the clearest attributed to the named candidate "
                             "(every answer's attribution is stored with the finding)."),
              {},
              false,
              0,
              100000 },
        };
    }

    Result<AnalysisResult> run(RunContext &ctx) const override;

    QJsonObject report(const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings) const override
    {
        QJsonObject out = runJson(run);
        for (auto it = run.summary.begin(); it != run.summary.end(); ++it)
            out.insert(it.key(), it.value());
        QJsonArray all;
        for (const FindingRow &f : findings)
            all.append(findingJson(f));
        out.insert(QStringLiteral("findings"), all);
        return out;
    }
};

AttributionParameters parametersOf(const RunContext &ctx)
{
    AttributionParameters p;
    p.folds = ctx.integer(QStringLiteral("folds"));
    p.charN = ctx.integer(QStringLiteral("char_n"));
    p.maxWords = ctx.integer(QStringLiteral("max_words"));
    p.leaveOutSamePrompt = ctx.boolean(QStringLiteral("leave_out_same_prompt"));
    p.bootstrap = ctx.integer(QStringLiteral("bootstrap"));
    p.confidence = ctx.real(QStringLiteral("confidence"));
    p.seed = quint64(ctx.parameters().value(QStringLiteral("seed")).toInteger());
    p.threads = ctx.threads();
    return p;
}

QStringList labelsWithRole(const CaseTranscripts &t, const QString &role)
{
    QStringList out;
    for (const TranscriptRow &row : t.withRole(role))
        if (!out.contains(row.modelLabel))
            out << row.modelLabel;
    std::sort(out.begin(), out.end());
    return out;
}

Result<AnalysisResult> AttributionKind::run(RunContext &ctx) const
{
    Feedback &fb = ctx.feedback();
    auto transcripts = CaseTranscripts::load(ctx.db());
    if (!transcripts)
        return transcripts.error();
    const QString labelList = transcripts->labels().join(QStringLiteral(", "));

    QStringList candidates = ctx.labels(kCandidates);
    const bool candidatesByRole = candidates.isEmpty();
    if (candidatesByRole)
        candidates = labelsWithRole(*transcripts, QStringLiteral("provider"));
    else
        candidates.removeDuplicates();
    if (candidates.size() < 2)
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("Attribution needs at least 2 candidate teachers; %1. Name them with "
                           "--candidates L1,L2,... (the labels are: %2).")
                .arg(candidatesByRole
                         ? QStringLiteral("the case has %1 label(s) with role provider").arg(candidates.size())
                         : QStringLiteral("%1 given").arg(candidates.size()),
                     labelList));
    QStringList suspects = ctx.labels(kSuspect);
    const bool suspectsByRole = suspects.isEmpty();
    if (suspectsByRole)
        suspects = labelsWithRole(*transcripts, QStringLiteral("suspect"));
    else
        suspects.removeDuplicates();
    if (suspects.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("No suspect: no transcript of the case has role suspect. Set the role of the "
                                        "suspect's transcript, or name it with --suspect LABEL (the labels are: %1).")
                             .arg(labelList));
    for (const QString &s : std::as_const(suspects))
        if (candidates.contains(s))
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("'%1' is both a suspect and a candidate teacher; a model cannot be "
                                            "attributed to itself.")
                                 .arg(s));
    if (auto c = transcripts->withLabels(candidates + suspects); !c)
        return c.error();

    AttributionInput input;
    QHash<QString, CaseModelAnswers> located;
    const QStringList all = candidates + suspects;
    fb.setPhase(QStringLiteral("Reading transcripts"), all.size(), QStringLiteral("models"));
    for (qsizetype i = 0; i < all.size(); ++i) {
        auto answers = loadModelAnswers(ctx.db(), all[i], transcripts->all(), fb);
        if (!answers)
            return answers.error();
        for (const TranscriptRow &t : transcripts->all())
            if (t.modelLabel == all[i])
                ctx.useSource(t.sourceId);
        if (answers->answers.turns.empty())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("The transcripts labelled '%1' have no answers.").arg(all[i]));
        (i < candidates.size() ? input.candidates : input.suspects).push_back(answers->answers);
        located.insert(all[i], std::move(*answers));
        fb.setProgress(i + 1, i + 1);
        if (fb.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    }
    const AttributionParameters parameters = parametersOf(ctx);
    auto result = runAttribution(input, parameters, fb);
    if (!result)
        return result.error();
    ctx.setVersion(QStringLiteral("method"), result->method);
    ctx.setVersion(QStringLiteral("stylometry"), QString::number(kStylometryVersion));
    const int C = int(result->candidates.size());
    const int evidence = ctx.integer(QStringLiteral("evidence_answers"));

    AnalysisResult out;
    // The classifier: cross-validated accuracy and confusion matrix.
    QJsonArray confusion;
    QStringList rows;
    for (int c = 0; c < C; ++c) {
        QJsonArray row;
        QStringList cells;
        for (int d = 0; d < C; ++d) {
            row.append(result->confusion[size_t(c)][size_t(d)]);
            cells << QStringLiteral("%1 as %2").arg(result->confusion[size_t(c)][size_t(d)]).arg(result->candidates[d]);
        }
        confusion.append(row);
        rows << QStringLiteral("of %1's %2 answers, %3")
                    .arg(result->candidates[c])
                    .arg(result->trainingAnswers[size_t(c)])
                    .arg(cells.join(QStringLiteral(", ")));
    }
    QJsonObject meanWords, training;
    for (int c = 0; c < C; ++c) {
        meanWords.insert(result->candidates[c], result->meanWords[size_t(c)]);
        training.insert(result->candidates[c], result->trainingAnswers[size_t(c)]);
    }
    QJsonArray foldAccuracy;
    for (const double a : result->foldAccuracy)
        foldAccuracy.append(a);
    {
        FindingRow f;
        f.kind = QStringLiteral("attribution-accuracy");
        f.subject = result->candidates.join(QStringLiteral(", "));
        f.strength = result->cvAccuracy >= 0.9 ? QStringLiteral("strong")
            : result->cvAccuracy >= 0.7        ? QStringLiteral("moderate")
                                               : QStringLiteral("weak");
        f.score = result->cvAccuracy;
        f.statistic = result->balancedAccuracy;
        for (const QString &c : std::as_const(candidates))
            for (const qint64 id : located[c].transcriptIds)
                f.refs.append({ QStringLiteral("transcript"), id, QStringLiteral("candidate") });
        f.explanation
            = QStringLiteral("Told apart by the classifier on answers it was not trained on (%1-fold cross-validation, "
                             "folds by prompt), the %2 candidates' answers are attributed correctly %3 of the time "
                             "(balanced over candidates %4; chance is %5): %6.")
                  .arg(parameters.folds)
                  .arg(C)
                  .arg(percent(result->cvAccuracy), percent(result->balancedAccuracy), percent(1.0 / C),
                       rows.join(QStringLiteral("; ")));
        f.payload = QJsonObject { { QStringLiteral("candidates"), QJsonArray::fromStringList(result->candidates) },
                                  { QStringLiteral("cv_accuracy"), result->cvAccuracy },
                                  { QStringLiteral("balanced_accuracy"), result->balancedAccuracy },
                                  { QStringLiteral("confusion"), confusion },
                                  { QStringLiteral("fold_accuracy"), foldAccuracy },
                                  { QStringLiteral("training_answers"), training },
                                  { QStringLiteral("mean_words"), meanWords } };
        out.findings.append(f);
    }

    // One finding per suspect.
    QJsonArray suspectList;
    for (const SuspectAttribution &s : result->suspects) {
        const CaseModelAnswers &own = located[s.label];
        QJsonObject shares, intervals;
        QStringList shareText;
        for (int c = 0; c < C; ++c) {
            shares.insert(result->candidates[c], s.shares[size_t(c)]);
            intervals.insert(result->candidates[c],
                             QJsonArray { s.intervals[size_t(c)][0], s.intervals[size_t(c)][1] });
            shareText << QStringLiteral("%1 %2 (%3 to %4)")
                             .arg(result->candidates[c], percent(s.shares[size_t(c)]),
                                  percent(s.intervals[size_t(c)][0]), percent(s.intervals[size_t(c)][1]));
        }
        const double p = marginP(s, C, parameters);
        double runnerUp = 0.0;
        for (int c = 0; c < C; ++c)
            if (c != s.attributedIndex)
                runnerUp = std::max(runnerUp, s.shares[size_t(c)]);
        const double attributedShare = s.attributedIndex >= 0 ? s.shares[size_t(s.attributedIndex)] : 0.0;
        const QJsonObject entry { { QStringLiteral("label"), s.label },
                                  { QStringLiteral("shares"), shares },
                                  { QStringLiteral("intervals"), intervals },
                                  { QStringLiteral("attributed"), s.attributed },
                                  { QStringLiteral("decisive"), s.decisive },
                                  { QStringLiteral("p"), std::isfinite(p) ? QJsonValue(p) : QJsonValue() },
                                  { QStringLiteral("answers"), s.answers },
                                  { QStringLiteral("skipped"), s.skipped },
                                  { QStringLiteral("mean_words"), s.meanWords },
                                  { QStringLiteral("transcript_ids"), idArray(own.transcriptIds) } };
        suspectList.append(entry);

        FindingRow f;
        f.kind = QStringLiteral("attribution");
        f.subject = s.label;
        f.strength = strengthOf(s, result->cvAccuracy);
        f.score = attributedShare;
        f.statistic = attributedShare - runnerUp;
        if (std::isfinite(p))
            f.pValue = p;
        for (const qint64 id : own.transcriptIds)
            f.refs.append({ QStringLiteral("transcript"), id, QStringLiteral("suspect") });
        for (const QString &c : std::as_const(candidates))
            for (const qint64 id : located[c].transcriptIds)
                f.refs.append({ QStringLiteral("transcript"), id, QStringLiteral("candidate") });
        // Every answer's attribution; the clearest few for the named candidate as references.
        QJsonArray perAnswer;
        std::vector<std::pair<double, size_t>> margins;
        for (size_t i = 0; i < s.perAnswer.size(); ++i) {
            const AttributedAnswer &a = s.perAnswer[i];
            QJsonArray row { own.places[size_t(a.turn)].turnId, a.candidate };
            double second = -2.0;
            for (int c = 0; c < C; ++c) {
                row.append(a.cosine[size_t(c)]);
                if (c != a.candidate)
                    second = std::max(second, a.cosine[size_t(c)]);
            }
            perAnswer.append(row);
            if (a.candidate == s.attributedIndex)
                margins.push_back({ a.cosine[size_t(a.candidate)] - second, i });
        }
        std::stable_sort(margins.begin(), margins.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        QJsonArray evidenceList;
        for (size_t e = 0; e < margins.size() && e < size_t(std::max(0, evidence)); ++e) {
            const AttributedAnswer &a = s.perAnswer[margins[e].second];
            const AnswerPlace &place = own.places[size_t(a.turn)];
            f.refs.append({ QStringLiteral("turn"), place.turnId, QStringLiteral("attributed-answer") });
            f.spans.append({ QStringLiteral("turn"), place.turnId, QStringLiteral("answer"), 0, place.answerLength,
                             QStringLiteral("attributed-answer"), qint64(e) });
            evidenceList.append(
                QJsonObject { { QStringLiteral("rank"), qint64(e) },
                              { QStringLiteral("transcript_id"), place.transcriptId },
                              { QStringLiteral("turn_index"), place.turnIndex },
                              { QStringLiteral("turn_id"), place.turnId },
                              { QStringLiteral("prompt"), quote(own.answers.turns[size_t(a.turn)].prompt, 200) },
                              { QStringLiteral("cosine_margin"), margins[e].first } });
        }
        QString text = QStringLiteral("Of %1's %2 answers, the classifier attributes %3 to %4: %5 (%6% bootstrap "
                                      "intervals over the answers). ")
                           .arg(s.label)
                           .arg(s.answers)
                           .arg(percent(attributedShare), s.attributed, shareText.join(QStringLiteral(", ")))
                           .arg(qRound(parameters.confidence * 100));
        if (std::isfinite(p)) {
            const qint64 against = std::llround(p * (parameters.bootstrap + 1)) - 1;
            text += QStringLiteral("The share of %1 is above every other candidate's in %2 of %3 resamples of the "
                                   "answers (bootstrap p = %4). ")
                        .arg(s.attributed)
                        .arg(parameters.bootstrap - against)
                        .arg(parameters.bootstrap)
                        .arg(QString::number(p, 'g', 3));
        }
        if (parameters.bootstrap <= 0)
            text += QStringLiteral("No bootstrap was asked for (bootstrap=0): the shares have no intervals. ");
        else if (!s.decisive)
            text += QStringLiteral("The share intervals overlap: the answers do not clearly resemble one candidate "
                                   "more than the others. ");
        text += QStringLiteral("The classifier tells the candidates' own answers apart %1 of the time (chance %2). %3")
                    .arg(percent(result->cvAccuracy), percent(1.0 / C), kCaveat);
        if (s.skipped > 0)
            text += QStringLiteral(" %1 empty answer(s) were not scored.").arg(s.skipped);
        f.explanation = text;
        QJsonObject payload = entry;
        payload.insert(QStringLiteral("candidates"), QJsonArray::fromStringList(result->candidates));
        payload.insert(QStringLiteral("cv_accuracy"), result->cvAccuracy);
        payload.insert(QStringLiteral("margin"), attributedShare - runnerUp);
        payload.insert(QStringLiteral("evidence"), evidenceList);
        QJsonArray fields { QStringLiteral("turn_id"), QStringLiteral("candidate_index") };
        for (const QString &c : std::as_const(result->candidates))
            fields.append(QStringLiteral("cosine:") + c);
        payload.insert(QStringLiteral("per_answer_fields"), fields);
        payload.insert(QStringLiteral("per_answer"), perAnswer);
        f.payload = payload;
        out.findings.append(f);
    }

    // The contract's top-level fields are those of the first (usually the only) suspect.
    const QJsonObject first = suspectList.isEmpty() ? QJsonObject() : suspectList.first().toObject();
    out.summary = QJsonObject { { QStringLiteral("cv_accuracy"), result->cvAccuracy },
                                { QStringLiteral("balanced_accuracy"), result->balancedAccuracy },
                                { QStringLiteral("confusion"), confusion },
                                { QStringLiteral("fold_accuracy"), foldAccuracy },
                                { QStringLiteral("candidates"), QJsonArray::fromStringList(result->candidates) },
                                { QStringLiteral("training_answers"), training },
                                { QStringLiteral("mean_words"), meanWords },
                                { QStringLiteral("method"), result->method },
                                { QStringLiteral("suspect"), first.value(QStringLiteral("label")) },
                                { QStringLiteral("shares"), first.value(QStringLiteral("shares")) },
                                { QStringLiteral("intervals"), first.value(QStringLiteral("intervals")) },
                                { QStringLiteral("attributed"), first.value(QStringLiteral("attributed")) },
                                { QStringLiteral("suspects"), suspectList } };
    out.notes << QStringLiteral("Candidates %1 (%2); suspects %3 (%4).")
                     .arg(result->candidates.join(QStringLiteral(", ")),
                          candidatesByRole ? QStringLiteral("the labels with role provider") : QStringLiteral("named"),
                          suspects.join(QStringLiteral(", ")),
                          suspectsByRole ? QStringLiteral("the labels with role suspect") : QStringLiteral("named"));
    if (const QString note = transcripts->roleNote(); !note.isEmpty())
        out.notes << note;
    return out;
}

} // namespace

namespace kinds {
std::unique_ptr<AnalysisKind> attribution()
{
    return std::make_unique<AttributionKind>();
}
} // namespace kinds

} // namespace lineage::forensics
