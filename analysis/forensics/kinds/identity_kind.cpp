// SPDX-License-Identifier: GPL-3.0-or-later
// Identity claims: answers in which a model names itself (or its maker), told apart from
// mentions of a model in the third person, each kept with the prompt that elicited it.
#include "casefile/analysis_input_store.h"
#include "forensics/analysis_kind.h"
#include "forensics/case_inputs.h"
#include "forensics/identity_claims.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <map>
#include <memory>

namespace lineage::forensics {

namespace {

using casefile::FindingRow;
using casefile::TranscriptRow;

const QString kWeakNote = QStringLiteral(
    "Weak evidence: a model trained on another model's outputs often repeats that model's self-description, but a "
    "model can also say this because its training text talks about that model; on its own it does not show where "
    "the model came from.");

class IdentityKind final : public AnalysisKind
{
public:
    QString name() const override { return QStringLiteral("identity"); }
    QString title() const override { return QStringLiteral("Identity claims"); }
    QString description() const override
    {
        return QStringLiteral("Finds answers in which a model identifies itself (\"I am ChatGPT\", \"As an AI language "
                              "model developed by OpenAI\", \"我是ChatGPT\", \"由OpenAI开发\"), tells them apart from "
                              "mentions of a model in the third person, and counts them per model, each with the "
                              "prompt that elicited it. The patterns are an editable file.");
    }
    QString strengthRule() const override
    {
        return QStringLiteral("Always weak: a self-identification is a lead, not proof of training on another model's "
                              "outputs.");
    }
    QString engineVersion() const override { return QStringLiteral("identity/1"); }

    QList<ParameterSpec> parameters() const override
    {
        return {
            { QStringLiteral("labels"),
              ParameterType::Labels,
              QJsonValue(),
              QStringLiteral("Model labels whose transcripts are read (default: every transcript)."),
              {},
              true },
            { QStringLiteral("patterns"),
              ParameterType::Text,
              QString(),
              QStringLiteral("A pattern file of the form of resources/forensics/identity_patterns.json (default: the "
                             "built-in patterns)."),
              {},
              true },
        };
    }

    Result<AnalysisResult> run(RunContext &ctx) const override;

    QJsonObject report(const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings) const override
    {
        QJsonObject out = runJson(run);
        for (auto it = run.summary.begin(); it != run.summary.end(); ++it)
            out.insert(it.key(), it.value());
        QJsonArray claims, all;
        for (const FindingRow &f : findings) {
            if (f.kind == QLatin1String("identity-claim")) {
                QJsonObject c = f.payload;
                c.insert(QStringLiteral("finding"), f.id);
                c.insert(QStringLiteral("strength"), f.strength);
                c.insert(QStringLiteral("explanation"), f.explanation);
                claims.append(c);
            }
            all.append(findingJson(f));
        }
        out.insert(QStringLiteral("claims"), claims);
        out.insert(QStringLiteral("findings"), all);
        return out;
    }
};

Result<AnalysisResult> IdentityKind::run(RunContext &ctx) const
{
    Feedback &fb = ctx.feedback();
    auto transcripts = CaseTranscripts::load(ctx.db());
    if (!transcripts)
        return transcripts.error();
    AnalysisResult result;
    QList<TranscriptRow> selected;
    if (const QStringList labels = ctx.labels(QStringLiteral("labels")); !labels.isEmpty()) {
        auto s = transcripts->withLabels(labels);
        if (!s)
            return s.error();
        selected = *s;
    } else {
        selected = transcripts->all();
    }
    if (selected.isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no transcripts to read."));

    // The case's own model names join the pattern's list of known models.
    QStringList names = transcripts->labels();
    auto logged = casefile::AnalysisInputStore(ctx.db()).loggedModels();
    if (!logged)
        return logged.error();
    names << *logged;
    QByteArray json;
    const QString patternFile = ctx.text(QStringLiteral("patterns"));
    if (patternFile.isEmpty()) {
        json = IdentityMatcher::builtInJson();
    } else {
        QFile file(patternFile);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("Cannot read the pattern file %1.").arg(patternFile));
        json = file.readAll();
    }
    auto matcher = IdentityMatcher::fromJson(json, names);
    if (!matcher)
        return matcher.error();
    ctx.setVersion(QStringLiteral("patterns_sha256"),
                   QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex()));

    struct Counts
    {
        qint64 answers = 0;
        qint64 claims = 0;
        qint64 ownName = 0;
        qint64 mentions = 0;
        std::map<QString, qint64> identities; // name or organisation claimed -> answers
    };
    std::map<QString, Counts> perLabel;
    QJsonArray mentionList;
    for (const TranscriptRow &t : std::as_const(selected)) {
        ctx.useSource(t.sourceId);
        auto turns = loadTurns(ctx.db(), t.id, fb);
        if (!turns)
            return turns.error();
        fb.setPhase(QStringLiteral("Reading %1").arg(t.modelLabel), turns->size(), QStringLiteral("answers"));
        Counts &counts = perLabel[t.modelLabel];
        for (const IndexedTurn &it : std::as_const(*turns)) {
            ++counts.answers;
            if (it.index % 256 == 0) {
                if (fb.isCanceled())
                    return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
                fb.setProgress(it.index, it.index);
            }
            for (const IdentityClaim &c : matcher->find(it.turn.answer)) {
                if (!c.firstPerson) {
                    ++counts.mentions;
                    mentionList.append(
                        QJsonObject { { QStringLiteral("label"), t.modelLabel },
                                      { QStringLiteral("transcript_id"), t.id },
                                      { QStringLiteral("turn_index"), it.index },
                                      { QStringLiteral("turn_id"), it.turn.id },
                                      { QStringLiteral("sentence"), quote(c.sentence, 200) },
                                      { QStringLiteral("names"), QJsonArray::fromStringList(c.names) } });
                    continue;
                }
                const bool itself = std::any_of(c.names.begin(), c.names.end(), [&](const QString &n) {
                    return n.compare(t.modelLabel, Qt::CaseInsensitive) == 0;
                });
                ++counts.claims;
                if (itself)
                    ++counts.ownName;
                QStringList claimed = c.names;
                for (const QString &o : c.organisations)
                    if (!claimed.contains(o, Qt::CaseInsensitive))
                        claimed << o;
                if (!itself)
                    for (const QString &n : std::as_const(claimed))
                        ++counts.identities[n];
                FindingRow f;
                f.kind = QStringLiteral("identity-claim");
                f.strength = QStringLiteral("weak");
                f.subject = t.modelLabel;
                f.refs.append({ QStringLiteral("turn"), it.turn.id, QStringLiteral("claim") });
                f.spans.append({ QStringLiteral("turn"), it.turn.id, QStringLiteral("answer"), c.start, c.end - c.start,
                                 QStringLiteral("claim"), std::nullopt });
                const QString who
                    = claimed.isEmpty() ? QStringLiteral("another model") : claimed.join(QStringLiteral(", "));
                f.explanation = itself
                    ? QStringLiteral(
                          "%1 names itself (%2) in answer %3 of transcript %4, asked \"%5\": \"%6\". It gives "
                          "its own label, which is not evidence of another origin.")
                          .arg(t.modelLabel, who)
                          .arg(it.index)
                          .arg(t.id)
                          .arg(quote(it.turn.prompt, 100), quote(c.sentence, 200))
                    : QStringLiteral(
                          "%1 describes itself as %2 in answer %3 of transcript %4, asked \"%5\": \"%6\". %7")
                          .arg(t.modelLabel, who)
                          .arg(it.index)
                          .arg(t.id)
                          .arg(quote(it.turn.prompt, 100), quote(c.sentence, 200), kWeakNote);
                f.payload
                    = QJsonObject { { QStringLiteral("label"), t.modelLabel },
                                    { QStringLiteral("transcript_id"), t.id },
                                    { QStringLiteral("turn_index"), it.index },
                                    { QStringLiteral("turn_id"), it.turn.id },
                                    { QStringLiteral("conversation"), it.turn.conversation },
                                    { QStringLiteral("source"), t.sourceName },
                                    { QStringLiteral("line"), it.turn.line ? QJsonValue(*it.turn.line) : QJsonValue() },
                                    { QStringLiteral("prompt"), it.turn.prompt },
                                    { QStringLiteral("claim"), c.sentence },
                                    { QStringLiteral("start"), c.start },
                                    { QStringLiteral("end"), c.end },
                                    { QStringLiteral("names"), QJsonArray::fromStringList(c.names) },
                                    { QStringLiteral("organisations"), QJsonArray::fromStringList(c.organisations) },
                                    { QStringLiteral("patterns"), QJsonArray::fromStringList(c.patterns) },
                                    { QStringLiteral("language"), c.language },
                                    { QStringLiteral("names_itself"), itself } };
                result.findings.append(f);
            }
        }
    }

    // Counts per model.
    QJsonArray models;
    for (const auto &[label, counts] : perLabel) {
        QJsonObject identities;
        QStringList parts;
        for (const auto &[n, k] : counts.identities) {
            identities.insert(n, k);
            parts << QStringLiteral("%1 (%2)").arg(n).arg(k);
        }
        const qint64 other = counts.claims - counts.ownName;
        const QJsonObject entry { { QStringLiteral("label"), label },
                                  { QStringLiteral("answers"), counts.answers },
                                  { QStringLiteral("claims"), counts.claims },
                                  { QStringLiteral("claims_other_identity"), other },
                                  { QStringLiteral("claims_own_name"), counts.ownName },
                                  { QStringLiteral("mentions"), counts.mentions },
                                  { QStringLiteral("identities"), identities } };
        models.append(entry);
        FindingRow f;
        f.kind = QStringLiteral("identity-summary");
        f.strength = QStringLiteral("weak");
        f.subject = label;
        f.score = counts.answers > 0 ? double(other) / double(counts.answers) : 0.0;
        f.statistic = double(other);
        for (const TranscriptRow &t : std::as_const(selected))
            if (t.modelLabel == label)
                f.refs.append({ QStringLiteral("transcript"), t.id, QStringLiteral("read") });
        f.explanation = other > 0
            ? QStringLiteral(
                  "%1 identifies itself as another model or maker in %2 of %3 answers: %4. %5 answer(s) give "
                  "its own name; %6 mention a model in the third person and are not counted as claims. %7")
                  .arg(label)
                  .arg(other)
                  .arg(counts.answers)
                  .arg(parts.join(QStringLiteral(", ")))
                  .arg(counts.ownName)
                  .arg(counts.mentions)
                  .arg(kWeakNote)
            : QStringLiteral("%1 never identifies itself as another model or maker in its %2 answers (%3 give its own "
                             "name, %4 mention a model in the third person).")
                  .arg(label)
                  .arg(counts.answers)
                  .arg(counts.ownName)
                  .arg(counts.mentions);
        f.payload = entry;
        result.findings.append(f);
    }
    result.summary = QJsonObject { { QStringLiteral("models"), models },
                                   { QStringLiteral("patterns"), matcher->patternCount() },
                                   { QStringLiteral("mentions"), mentionList } };
    if (const QString note = transcripts->roleNote(); !note.isEmpty())
        result.notes << note;
    return result;
}

} // namespace

namespace kinds {
std::unique_ptr<AnalysisKind> identity()
{
    return std::make_unique<IdentityKind>();
}
} // namespace kinds

} // namespace lineage::forensics
