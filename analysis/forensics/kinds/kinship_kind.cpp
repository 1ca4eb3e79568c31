// SPDX-License-Identifier: GPL-3.0-or-later
// Kinship against a panel of models: for every model of the case, how much closer its
// answers are to the provider's than the reference models' are (kinship.h has the method).
#include "forensics/analysis_kind.h"
#include "forensics/case_inputs.h"
#include "forensics/kinship.h"
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

const QString kProvider = QStringLiteral("provider");
const QString kPanel = QStringLiteral("panel");

QJsonValue num(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray out;
    for (const qint64 id : ids)
        out.append(id);
    return out;
}

QString fixed(double v, int decimals = 2)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("undefined");
}

QString rolesOf(const QList<TranscriptRow> &transcripts, const QString &label)
{
    QStringList roles;
    for (const TranscriptRow &t : transcripts)
        if (t.modelLabel == label && !roles.contains(t.role))
            roles << (t.role.isEmpty() ? QStringLiteral("unassigned") : t.role);
    std::sort(roles.begin(), roles.end());
    return roles.join(QLatin1Char(','));
}

// The documented strength rule (also strengthRule()).
QString strengthOf(const KinshipModel &m)
{
    if (!m.flagged)
        return QStringLiteral("weak");
    if (std::isfinite(m.interval[0]) && m.interval[0] >= 1.645)
        return QStringLiteral("strong");
    return QStringLiteral("moderate");
}

class KinshipKind final : public AnalysisKind
{
public:
    QString name() const override { return QStringLiteral("kinship"); }
    QString title() const override { return QStringLiteral("Kinship against a panel of models"); }
    QString description() const override
    {
        return QStringLiteral(
            "Judges every model of the case against a reference panel of models known not to be trained on the "
            "provider's outputs: on the prompts they all answered, how much a model's answers agree with the "
            "provider's beyond the panel's consensus (answer shape and word usage), as a robust z against the panel "
            "(median, MAD), an empirical p, a panel-size-calibrated score with a bootstrap interval over prompts, "
            "and a flag. Panel members are scored leave-one-out, so a contaminated control shows. The provider is "
            "the transcript with role provider and the panel those with role control, unless named.");
    }
    QString strengthRule() const override
    {
        return QStringLiteral(
            "strong: flagged (calibrated score >= flag_score, about 1 panel member in 100 left out in turn) and the "
            "lower end of the score's bootstrap interval over prompts at or above 1.645 (the 5% one-sided level); "
            "moderate: flagged; weak: not flagged (the panel explains the model's closeness; the finding records the "
            "comparison).");
    }
    QString engineVersion() const override { return QStringLiteral("kinship/1"); }

    QList<ParameterSpec> parameters() const override
    {
        const KinshipParameters d;
        return {
            { kProvider,
              ParameterType::Label,
              QJsonValue(),
              QStringLiteral("The provider's model label (default: the one label with role provider)."),
              {},
              true },
            { kPanel,
              ParameterType::Labels,
              QJsonValue(),
              QStringLiteral("The reference panel: models known not to be trained on the provider's outputs, at "
                             "least 4 (default: every label with role control)."),
              {},
              true },
            { QStringLiteral("flag_score"),
              ParameterType::Real,
              d.flagScore,
              QStringLiteral("Calibrated score at or above which a model is flagged (2.326: a 1% one-sided "
                             "false-positive rate under the normal null, for any panel size)."),
              {},
              false,
              0.0,
              10.0 },
            { QStringLiteral("bootstrap"),
              ParameterType::Integer,
              d.bootstrap,
              QStringLiteral("Bootstrap replicates over prompts for the intervals (0: none)."),
              {},
              false,
              0,
              100000 },
            { QStringLiteral("confidence"),
              ParameterType::Real,
              d.confidence,
              QStringLiteral("Confidence of the bootstrap intervals."),
              {},
              false,
              0.5,
              0.999 },
            { QStringLiteral("min_prompts"),
              ParameterType::Integer,
              d.minPrompts,
              QStringLiteral("A model sharing fewer prompts with the provider and the panel is not scored; fewer "
                             "shared by the provider and the whole panel is an error."),
              {},
              false,
              5,
              1000000 },
            { QStringLiteral("near_duplicate_prompt"),
              ParameterType::Real,
              d.nearDuplicatePrompt,
              QStringLiteral("Character 3-gram Jaccard at which two prompts that differ count as the same prompt "
                             "(after exact matches of the normalized text; 0: exact matches only)."),
              {},
              false,
              0.0,
              1.0 },
            { QStringLiteral("views"),
              ParameterType::Choice,
              QStringLiteral("both"),
              QStringLiteral("The closeness measure: both views (documented), or the shape or lexical view alone."),
              { QStringLiteral("both"), QStringLiteral("shape"), QStringLiteral("lexical") },
              false },
            { QStringLiteral("seed"),
              ParameterType::Integer,
              double(d.seed),
              QStringLiteral("Seed of the bootstrap and the null calibration."),
              {},
              false,
              0,
              9007199254740991.0 },
            { QStringLiteral("null_draws"),
              ParameterType::Integer,
              d.nullDraws,
              QStringLiteral("Simulated reference sets of the score's null calibration."),
              {},
              false,
              100,
              10000000 },
            { QStringLiteral("evidence_prompts"),
              ParameterType::Integer,
              10,
              QStringLiteral("Prompts per model whose answers are referenced as the closest agreement with the "
                             "provider (every prompt's values are stored with the finding)."),
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
        QHash<QString, qint64> findingOf;
        QJsonArray all;
        for (const FindingRow &f : findings) {
            if (f.kind == QLatin1String("kinship"))
                findingOf.insert(f.subject, f.id);
            all.append(findingJson(f));
        }
        QJsonArray models;
        for (const QJsonValue &v : run.summary.value(QStringLiteral("models")).toArray()) {
            QJsonObject m = v.toObject();
            const QString label = m.value(QStringLiteral("label")).toString();
            m.insert(QStringLiteral("finding"),
                     findingOf.contains(label) ? QJsonValue(findingOf.value(label)) : QJsonValue());
            models.append(m);
        }
        out.insert(QStringLiteral("models"), models);
        out.insert(QStringLiteral("findings"), all);
        return out;
    }
};

KinshipParameters parametersOf(const RunContext &ctx)
{
    KinshipParameters p;
    p.bootstrap = ctx.integer(QStringLiteral("bootstrap"));
    p.confidence = ctx.real(QStringLiteral("confidence"));
    p.flagScore = ctx.real(QStringLiteral("flag_score"));
    p.minPrompts = ctx.integer(QStringLiteral("min_prompts"));
    p.nearDuplicatePrompt = ctx.real(QStringLiteral("near_duplicate_prompt"));
    p.seed = quint64(ctx.parameters().value(QStringLiteral("seed")).toInteger());
    p.nullDraws = ctx.integer(QStringLiteral("null_draws"));
    const QString views = ctx.text(QStringLiteral("views"));
    p.views = views == QLatin1String("shape") ? KinshipViews::Shape
        : views == QLatin1String("lexical")   ? KinshipViews::Lexical
                                              : KinshipViews::Both;
    p.threads = ctx.threads();
    return p;
}

// The labels carrying `role`, distinct and sorted.
QStringList labelsWithRole(const CaseTranscripts &t, const QString &role)
{
    QStringList out;
    for (const TranscriptRow &row : t.withRole(role))
        if (!out.contains(row.modelLabel))
            out << row.modelLabel;
    std::sort(out.begin(), out.end());
    return out;
}

// The prompts of one model where its agreement with the provider is highest, both views
// standardized over the prompts: indices into perPrompt, best first.
std::vector<size_t> evidencePrompts(const KinshipModel &m, int count)
{
    const size_t n = m.perPrompt.size();
    if (n == 0 || count <= 0)
        return {};
    double ms = 0, ml = 0, ss = 0, sl = 0;
    for (const KinshipPrompt &p : m.perPrompt) {
        ms += p.shape;
        ml += p.lexical;
    }
    ms /= double(n);
    ml /= double(n);
    for (const KinshipPrompt &p : m.perPrompt) {
        ss += (p.shape - ms) * (p.shape - ms);
        sl += (p.lexical - ml) * (p.lexical - ml);
    }
    ss = ss > 0 ? std::sqrt(ss / double(n)) : 1.0;
    sl = sl > 0 ? std::sqrt(sl / double(n)) : 1.0;
    std::vector<double> value(n);
    for (size_t i = 0; i < n; ++i)
        value[i] = (m.perPrompt[i].shape - ms) / ss + (m.perPrompt[i].lexical - ml) / sl;
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return value[a] > value[b]; });
    order.resize(std::min(n, size_t(count)));
    return order;
}

QString explanationOf(const KinshipModel &m, const KinshipResult &r, double flagScore)
{
    const int n = m.references;
    const int atLeast = int(std::lround(m.p * (n + 1))) - 1;
    QString text
        = QStringLiteral("On %1 prompts that %2, %3 and the panel all answered, the agreement of %3's answers with "
                         "%2's, beyond what the panel's consensus explains, has closeness %4 (answer-shape residual "
                         "correlation %5, word-usage residual cosine %6). Against the %7 reference models%8 that is a "
                         "robust z of %9 (median and MAD of the panel) and a calibrated score of %10")
              .arg(m.prompts)
              .arg(r.provider, m.label, fixed(m.closeness), fixed(m.shape, 3), fixed(m.lexical, 3))
              .arg(n)
              .arg(m.inPanel ? QStringLiteral(" (the panel without it)") : QString())
              .arg(fixed(m.z), fixed(m.score));
    if (std::isfinite(m.interval[0]))
        text += QStringLiteral(" (%1% bootstrap interval over prompts %2 to %3)")
                    .arg(qRound(r.parameters.confidence * 100))
                    .arg(fixed(m.interval[0]), fixed(m.interval[1]));
    text += QStringLiteral("; %1 of the %2 reference models are at least as close (empirical p = %3; with %2 "
                           "references it cannot be below %4).")
                .arg(std::max(0, atLeast))
                .arg(n)
                .arg(fixed(m.p, 3), fixed(1.0 / (n + 1), 3));
    if (m.flagged) {
        text += QStringLiteral(" Flagged: the score reaches %1, which about 1 in 100 models independent of the "
                               "provider would reach by chance; %2 is closer to %3 than the panel explains.")
                    .arg(fixed(flagScore), m.label, r.provider);
        if (m.inPanel)
            text += QStringLiteral(" %1 is a member of the reference panel: a control this close to the provider may "
                                   "itself be trained on its outputs, and a contaminated control hides a distilled "
                                   "model. Consider leaving it out of the panel and running the analysis again.")
                        .arg(m.label);
    } else {
        text += QStringLiteral(" Not flagged (the flag needs a score of %1): on this evidence the panel explains how "
                               "close %2 is to %3. This does not show that %2 was not trained on %3's outputs.")
                    .arg(fixed(flagScore), m.label, r.provider);
    }
    if (!m.note.isEmpty())
        text += QLatin1Char(' ') + m.note;
    return text;
}

Result<AnalysisResult> KinshipKind::run(RunContext &ctx) const
{
    Feedback &fb = ctx.feedback();
    auto transcripts = CaseTranscripts::load(ctx.db());
    if (!transcripts)
        return transcripts.error();
    const QStringList labels = transcripts->labels();
    const QString labelList = labels.join(QStringLiteral(", "));

    // The provider and the panel: named, or by role.
    QString provider = ctx.text(kProvider);
    if (provider.isEmpty()) {
        const QStringList providers = labelsWithRole(*transcripts, QStringLiteral("provider"));
        if (providers.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("No provider: no transcript of the case has role provider. Set the role of "
                                            "the provider's transcript, or name it with --provider LABEL (the labels "
                                            "are: %1).")
                                 .arg(labelList));
        if (providers.size() > 1)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("%1 labels have role provider (%2); name the one to compare with using "
                                            "--provider LABEL.")
                                 .arg(providers.size())
                                 .arg(providers.join(QStringLiteral(", "))));
        provider = providers.front();
    } else if (!labels.contains(provider)) {
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("No transcript of the case is labelled '%1' (the provider); the labels are: %2.")
                .arg(provider, labelList));
    }
    QStringList panel = ctx.labels(kPanel);
    const bool panelByRole = panel.isEmpty();
    if (panelByRole) {
        panel = labelsWithRole(*transcripts, QStringLiteral("control"));
        panel.removeAll(provider);
        if (panel.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("No panel: no transcript of the case has role control. Set the role of the "
                                            "reference models' transcripts to control, or name them with --panel "
                                            "L1,L2,... (the labels are: %1).")
                                 .arg(labelList));
    } else {
        if (auto check = transcripts->withLabels(panel); !check)
            return check.error();
    }

    // Every label's answers.
    KinshipInput input;
    input.provider = provider;
    input.panel = panel;
    QHash<QString, CaseModelAnswers> located;
    fb.setPhase(QStringLiteral("Reading transcripts"), labels.size(), QStringLiteral("models"));
    for (qsizetype i = 0; i < labels.size(); ++i) {
        auto answers = loadModelAnswers(ctx.db(), labels[i], transcripts->all(), fb);
        if (!answers)
            return answers.error();
        for (const TranscriptRow &t : transcripts->all())
            if (t.modelLabel == labels[i])
                ctx.useSource(t.sourceId);
        input.transcripts.push_back(answers->answers);
        located.insert(labels[i], std::move(*answers));
        fb.setProgress(i + 1, i + 1);
        if (fb.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    }
    const KinshipParameters parameters = parametersOf(ctx);
    auto result = runKinship(input, parameters, fb);
    if (!result)
        return result.error();
    ctx.setVersion(QStringLiteral("method"), result->method);
    ctx.setVersion(QStringLiteral("stylometry"), QString::number(kStylometryVersion));

    AnalysisResult out;
    const CaseModelAnswers &prov = located[provider];
    const int evidence = ctx.integer(QStringLiteral("evidence_prompts"));
    QJsonArray models;
    QStringList flagged, unscored, panelFlagged;
    for (const KinshipModel &m : result->models) {
        const CaseModelAnswers &own = located[m.label];
        QJsonObject entry { { QStringLiteral("label"), m.label },
                            { QStringLiteral("in_panel"), m.inPanel },
                            { QStringLiteral("role"), rolesOf(transcripts->all(), m.label) },
                            { QStringLiteral("scored"), m.scored },
                            { QStringLiteral("score"), m.scored ? num(m.score) : QJsonValue() },
                            { QStringLiteral("interval"),
                              m.scored ? QJsonArray { num(m.interval[0]), num(m.interval[1]) }
                                       : QJsonArray { QJsonValue(), QJsonValue() } },
                            { QStringLiteral("z"), m.scored ? num(m.z) : QJsonValue() },
                            { QStringLiteral("z_interval"),
                              m.scored ? QJsonArray { num(m.zInterval[0]), num(m.zInterval[1]) }
                                       : QJsonArray { QJsonValue(), QJsonValue() } },
                            { QStringLiteral("p"), m.scored ? num(m.p) : QJsonValue() },
                            { QStringLiteral("p_gaussian"), m.scored ? num(m.pGaussian) : QJsonValue() },
                            { QStringLiteral("flagged"), m.flagged },
                            { QStringLiteral("prompts"), m.prompts },
                            { QStringLiteral("references"), m.references },
                            { QStringLiteral("closeness"), m.scored ? num(m.closeness) : QJsonValue() },
                            { QStringLiteral("shape"), m.scored ? num(m.shape) : QJsonValue() },
                            { QStringLiteral("lexical"), m.scored ? num(m.lexical) : QJsonValue() },
                            { QStringLiteral("transcript_ids"), idArray(own.transcriptIds) },
                            { QStringLiteral("note"), m.note } };
        models.append(entry);
        if (!m.scored) {
            unscored << QStringLiteral("%1 (%2)").arg(m.label, m.note);
            continue;
        }
        if (m.flagged)
            flagged << m.label;
        if (m.flagged && m.inPanel)
            panelFlagged << m.label;

        FindingRow f;
        f.kind = QStringLiteral("kinship");
        f.subject = m.label;
        f.strength = strengthOf(m);
        f.score = m.score;
        f.statistic = m.z;
        f.pValue = m.p;
        f.explanation = explanationOf(m, *result, parameters.flagScore);
        for (const qint64 id : prov.transcriptIds)
            f.refs.append({ QStringLiteral("transcript"), id, QStringLiteral("provider") });
        for (const qint64 id : own.transcriptIds)
            f.refs.append({ QStringLiteral("transcript"), id, QStringLiteral("model") });
        QStringList references;
        for (const QString &q : std::as_const(result->panel))
            if (q != m.label) {
                references << q;
                for (const qint64 id : located[q].transcriptIds)
                    f.refs.append({ QStringLiteral("transcript"), id, QStringLiteral("reference") });
            }
        // Every prompt's values, with the turns they come from; the closest few as references.
        QJsonArray perPrompt;
        for (const KinshipPrompt &p : m.perPrompt)
            perPrompt.append(QJsonArray { prov.places[size_t(p.providerTurn)].turnId,
                                          own.places[size_t(p.modelTurn)].turnId, p.shape, p.lexical });
        QJsonArray evidenceList;
        qint64 rank = 0;
        for (const size_t i : evidencePrompts(m, evidence)) {
            const KinshipPrompt &p = m.perPrompt[i];
            const AnswerPlace &pp = prov.places[size_t(p.providerTurn)];
            const AnswerPlace &mp = own.places[size_t(p.modelTurn)];
            f.refs.append({ QStringLiteral("turn"), pp.turnId, QStringLiteral("provider-answer") });
            f.refs.append({ QStringLiteral("turn"), mp.turnId, QStringLiteral("model-answer") });
            f.spans.append({ QStringLiteral("turn"), pp.turnId, QStringLiteral("answer"), 0, pp.answerLength,
                             QStringLiteral("provider"), rank });
            f.spans.append({ QStringLiteral("turn"), mp.turnId, QStringLiteral("answer"), 0, mp.answerLength,
                             QStringLiteral("model"), rank });
            evidenceList.append(
                QJsonObject { { QStringLiteral("rank"), rank },
                              { QStringLiteral("prompt"), quote(own.answers.turns[size_t(p.modelTurn)].prompt, 200) },
                              { QStringLiteral("provider_transcript_id"), pp.transcriptId },
                              { QStringLiteral("provider_turn_index"), pp.turnIndex },
                              { QStringLiteral("provider_turn_id"), pp.turnId },
                              { QStringLiteral("model_transcript_id"), mp.transcriptId },
                              { QStringLiteral("model_turn_index"), mp.turnIndex },
                              { QStringLiteral("model_turn_id"), mp.turnId },
                              { QStringLiteral("shape"), p.shape },
                              { QStringLiteral("lexical"), p.lexical } });
            ++rank;
        }
        QJsonObject payload = entry;
        payload.insert(QStringLiteral("provider"), provider);
        payload.insert(QStringLiteral("reference_labels"), QJsonArray::fromStringList(references));
        payload.insert(QStringLiteral("flag_score"), parameters.flagScore);
        payload.insert(QStringLiteral("method"), result->method);
        payload.insert(QStringLiteral("evidence"), evidenceList);
        payload.insert(QStringLiteral("per_prompt_fields"),
                       QJsonArray { QStringLiteral("provider_turn_id"), QStringLiteral("model_turn_id"),
                                    QStringLiteral("shape"), QStringLiteral("lexical") });
        payload.insert(QStringLiteral("per_prompt"), perPrompt);
        f.payload = payload;
        out.findings.append(f);
    }

    out.summary = QJsonObject { { QStringLiteral("provider"), provider },
                                { QStringLiteral("panel"), QJsonArray::fromStringList(result->panel) },
                                { QStringLiteral("panel_size"), result->panelSize },
                                { QStringLiteral("panel_from_roles"), panelByRole },
                                { QStringLiteral("shared_prompts"), result->sharedPrompts },
                                { QStringLiteral("near_duplicate_prompt_matches"), result->nearDuplicateMatches },
                                { QStringLiteral("method"), result->method },
                                { QStringLiteral("flag_score"), parameters.flagScore },
                                { QStringLiteral("flagged"), QJsonArray::fromStringList(flagged) },
                                { QStringLiteral("panel_flagged"), QJsonArray::fromStringList(panelFlagged) },
                                { QStringLiteral("models"), models } };

    // The run's message: what the analyst should know about the inputs.
    out.notes << QStringLiteral("Provider %1; panel of %2 (%3%4); %5 prompts shared by the provider and the panel.")
                     .arg(provider)
                     .arg(result->panelSize)
                     .arg(panelByRole ? QStringLiteral("the labels with role control: ") : QStringLiteral("named: "),
                          result->panel.join(QStringLiteral(", ")))
                     .arg(result->sharedPrompts);
    const QList<TranscriptRow> roleless = transcripts->withoutRole();
    if (!roleless.isEmpty()) {
        QStringList names;
        for (const TranscriptRow &t : roleless)
            names << QStringLiteral("%1 (transcript %2, %3)").arg(t.modelLabel).arg(t.id).arg(t.sourceName);
        out.notes << QStringLiteral("%1 transcript(s) have no role (provider, suspect, control or protected-corpus): "
                                    "%2. They are scored like every model, and are the provider or in the panel only "
                                    "where named.")
                         .arg(roleless.size())
                         .arg(names.join(QStringLiteral("; ")));
    }
    if (!unscored.isEmpty())
        out.notes << QStringLiteral("Not scored: %1.").arg(unscored.join(QStringLiteral("; ")));
    if (!panelFlagged.isEmpty())
        out.notes << QStringLiteral(
                         "Panel member(s) flagged as close to the provider: %1. A contaminated control hides "
                         "a distilled model; consider leaving them out of the panel.")
                         .arg(panelFlagged.join(QStringLiteral(", ")));
    return out;
}

} // namespace

namespace kinds {
std::unique_ptr<AnalysisKind> kinship()
{
    return std::make_unique<KinshipKind>();
}
} // namespace kinds

} // namespace lineage::forensics
