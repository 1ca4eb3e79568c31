// SPDX-License-Identifier: GPL-3.0-or-later
// Clause linking: the clauses of the case's legal documents on configurable topics, with
// their page, text, word boxes and the document's effective date, linked to the findings of
// the latest reuse and accounts runs they bear on; activity before the effective date marked.
#include "casefile/activity_store.h"
#include "casefile/document_store.h"
#include "forensics/analysis_kind.h"
#include "forensics/clause_finder.h"
#include "ingest/document_dates.h"

#include <QCryptographicHash>
#include <QDate>
#include <QFile>
#include <QJsonArray>
#include <QTimeZone>

#include <limits>
#include <memory>

namespace lineage::forensics {

namespace {

using casefile::FindingRow;

const QStringList kStrengths { QStringLiteral("weak"), QStringLiteral("moderate"), QStringLiteral("strong") };

// What a linked finding is, for the topics it bears on.
bool bearsOn(const ClauseTopic &topic, const FindingRow &f)
{
    if (!topic.bearsOn.contains(f.kind))
        return false;
    if (f.kind == QLatin1String("reuse"))
        return true;
    if (f.kind == QLatin1String("account-cluster"))
        return f.strength != QLatin1String("weak");
    if (f.kind != QLatin1String("account-risk") || !f.payload.value(QStringLiteral("flagged")).toBool())
        return false;
    const QJsonObject features = f.payload.value(QStringLiteral("features")).toObject();
    auto share = [&](const char *name) { return features.value(QLatin1String(name)).toDouble(); };
    if (topic.name == QLatin1String("competing-models"))
        return share("cot_share") >= 0.5 || share("n_gt1_share") >= 0.5;
    if (topic.name == QLatin1String("automated-extraction"))
        return share("top_template_share") >= 0.5 || share("template_coverage") >= 0.5;
    if (topic.name == QLatin1String("reverse-engineering"))
        return share("logprobs_share") >= 0.5;
    return true;
}

class ClausesKind final : public AnalysisKind
{
public:
    QString name() const override { return QStringLiteral("clauses"); }
    QString title() const override { return QStringLiteral("Clause linking"); }
    QString description() const override
    {
        return QStringLiteral(
            "Finds the clauses of the case's documents on the topics of an editable list (using outputs to develop "
            "competing models, automated extraction, reverse engineering, rate limits, account sharing, resale) by "
            "English patterns and Chinese phrases, each with its document, page, text, word boxes and the document's "
            "effective date (put on the timeline), and links it to the findings of the latest complete reuse and "
            "accounts runs it bears on, counting the linked accounts' records before the effective date.");
    }
    QString strengthRule() const override
    {
        return QStringLiteral("A clause is not evidence of conduct: it has the strength of the strongest finding it "
                              "bears on, weak when it bears on none.");
    }
    QString engineVersion() const override { return QStringLiteral("clauses/1"); }
    QList<ParameterSpec> parameters() const override
    {
        return { { QStringLiteral("topics"),
                   ParameterType::Text,
                   QString(),
                   QStringLiteral("A file of the form of resources/forensics/clause_topics.json (default: the built-in "
                                  "topics)."),
                   {},
                   true } };
    }
    Result<AnalysisResult> run(RunContext &ctx) const override;
    QJsonObject report(const casefile::AnalysisRunRow &run, const QList<FindingRow> &findings) const override
    {
        QJsonObject out = runJson(run);
        for (auto it = run.summary.begin(); it != run.summary.end(); ++it)
            out.insert(it.key(), it.value());
        QJsonArray clauses, all;
        for (const FindingRow &f : findings) {
            if (f.kind == QLatin1String("clause")) {
                QJsonObject c = f.payload;
                c.insert(QStringLiteral("finding"), f.id);
                c.insert(QStringLiteral("strength"), f.strength);
                clauses.append(c);
            }
            all.append(findingJson(f));
        }
        out.insert(QStringLiteral("clauses"), clauses);
        out.insert(QStringLiteral("findings"), all);
        return out;
    }
};

Result<AnalysisResult> ClausesKind::run(RunContext &ctx) const
{
    Feedback &fb = ctx.feedback();
    QByteArray json;
    if (const QString path = ctx.text(QStringLiteral("topics")); !path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("Cannot read the clause topics file %1.").arg(path));
        json = file.readAll();
    } else {
        json = ClauseTopics::builtInJson();
    }
    auto topics = ClauseTopics::fromJson(json);
    if (!topics)
        return topics.error();
    ctx.setVersion(QStringLiteral("topics_sha256"),
                   QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex()));

    // The findings the clauses may bear on: the latest complete run of each kind.
    casefile::AnalysisStore analyses(ctx.db());
    auto runs = analyses.runs();
    if (!runs)
        return runs.error();
    QHash<QString, qint64> latest;
    for (const casefile::AnalysisRunRow &r : std::as_const(*runs))
        if (r.status == QLatin1String("complete")
            && (r.kind == QLatin1String("reuse") || r.kind == QLatin1String("accounts")))
            if (r.id > latest.value(r.kind, 0))
                latest.insert(r.kind, r.id);
    QList<FindingRow> evidence;
    QJsonObject linkedRuns;
    for (auto it = latest.constBegin(); it != latest.constEnd(); ++it) {
        auto found = analyses.findings(it.value());
        if (!found)
            return found.error();
        evidence += *found;
        linkedRuns.insert(it.key(), it.value());
    }

    casefile::DocumentStore store(ctx.db());
    auto documents = store.documents();
    if (!documents)
        return documents.error();
    casefile::ActivityReader activity(ctx.db());
    auto cursor = activity.cursor(casefile::ActivityTable::HoursOfAccount);
    if (!cursor)
        return cursor.error();
    auto recordsBefore = [&](qint64 accountId, qint64 utc) -> Result<qint64> {
        if (auto s = (*cursor)->seek(std::numeric_limits<qint64>::min() / 2, utc, accountId); !s)
            return s.error();
        qint64 total = 0;
        casefile::ActivityCell cell;
        for (;;) {
            auto more = (*cursor)->next(cell);
            if (!more)
                return more.error();
            if (!*more)
                return total;
            total += cell.records;
        }
    };

    AnalysisResult result;
    fb.setPhase(QStringLiteral("Reading clauses"), documents->size(), QStringLiteral("documents"));
    int done = 0, withEffective = 0;
    for (const casefile::DocumentRow &doc : std::as_const(*documents)) {
        if (fb.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("The clause analysis was canceled."));
        ctx.useSource(doc.sourceId);
        const QDate effective = QDate::fromString(doc.effectiveDate, Qt::ISODate);
        const qint64 effectiveUtc
            = effective.isValid() ? effective.startOfDay(QTimeZone::utc()).toMSecsSinceEpoch() : 0;
        if (effective.isValid()) {
            ++withEffective;
            casefile::EventRow e;
            e.kind = QStringLiteral("document-date");
            e.startUtc = effectiveUtc;
            e.title = QStringLiteral("Effective date: %1").arg(doc.title);
            e.description = QStringLiteral("The document's effective date, from the clause analysis.");
            e.itemKind = QStringLiteral("document");
            e.itemId = doc.id;
            result.events.append(e);
        }
        auto pages = store.pages(doc.id);
        if (!pages)
            return pages.error();
        for (const casefile::PageRow &page : std::as_const(*pages)) {
            auto words = casefile::DocumentStore::decodeWords(page.words);
            if (!words)
                return words.error();
            for (const PageClause &clause : splitClauses(page.text)) {
                const auto hits = topics->match(clause.text);
                if (hits.isEmpty())
                    continue;
                QJsonArray boxes;
                for (const casefile::StoredWord &w : std::as_const(*words))
                    if (w.charStart >= clause.charStart && w.charStart < clause.charStart + clause.length)
                        boxes.append(QJsonArray { w.box.x(), w.box.y(), w.box.width(), w.box.height() });
                QJsonArray dates;
                for (const ingest::DateCandidate &d : ingest::findDates(clause.text))
                    dates.append(d.date.toString(Qt::ISODate));
                for (const auto &[topicIndex, matched] : hits) {
                    const ClauseTopic &topic = topics->topics()[size_t(topicIndex)];
                    FindingRow f;
                    f.kind = QStringLiteral("clause");
                    f.subject = QStringLiteral("%1 p.%2 %3").arg(doc.title).arg(page.pageNo).arg(topic.name);
                    f.refs.append({ QStringLiteral("document"), doc.id, QStringLiteral("document") });
                    f.refs.append({ QStringLiteral("page"), page.id, QStringLiteral("clause") });
                    f.spans.append({ QStringLiteral("page"), page.id, QStringLiteral("text"), clause.charStart,
                                     clause.length, QStringLiteral("clause"), std::nullopt });
                    QJsonArray linked;
                    QString strength = QStringLiteral("weak");
                    qint64 accountsBefore = 0;
                    for (const FindingRow &e : std::as_const(evidence)) {
                        if (!bearsOn(topic, e))
                            continue;
                        QJsonObject l { { QStringLiteral("finding"), e.id },
                                        { QStringLiteral("run"), e.runId },
                                        { QStringLiteral("kind"), e.kind },
                                        { QStringLiteral("subject"), e.subject },
                                        { QStringLiteral("strength"), e.strength } };
                        if (e.kind == QLatin1String("account-risk") && effective.isValid()) {
                            qint64 before = 0;
                            for (const casefile::FindingRef &r : e.refs)
                                if (r.itemKind == QLatin1String("account")) {
                                    auto n = recordsBefore(r.itemId, effectiveUtc);
                                    if (!n)
                                        return n.error();
                                    before += *n;
                                }
                            l.insert(QStringLiteral("records_before_effective"), before);
                            l.insert(QStringLiteral("records"),
                                     e.payload.value(QStringLiteral("features"))
                                         .toObject()
                                         .value(QStringLiteral("requests")));
                            l.insert(QStringLiteral("before_effective"), before > 0);
                            accountsBefore += before > 0;
                        }
                        linked.append(l);
                        f.refs.append({ QStringLiteral("finding"), e.id, QStringLiteral("bears-on") });
                        if (kStrengths.indexOf(e.strength) > kStrengths.indexOf(strength))
                            strength = e.strength;
                    }
                    f.strength = strength;
                    f.score = double(linked.size());
                    f.explanation
                        = QStringLiteral("%1, page %2%3 (%4): \"%5\"%6. %7")
                              .arg(doc.title)
                              .arg(page.pageNo)
                              .arg(clause.number.isEmpty() ? QString() : QStringLiteral(", clause ") + clause.number,
                                   topic.title, clause.text.left(240),
                                   effective.isValid() ? QStringLiteral("; effective %1").arg(doc.effectiveDate)
                                                       : QStringLiteral("; no effective date recorded"),
                                   linked.isEmpty()
                                       ? QStringLiteral("No finding of the latest reuse or accounts run bears on it.")
                                       : QStringLiteral("It bears on %1 finding(s)%2.")
                                             .arg(linked.size())
                                             .arg(accountsBefore > 0
                                                      ? QStringLiteral("; %1 linked account finding(s) have activity "
                                                                       "before the effective date")
                                                            .arg(accountsBefore)
                                                      : QString()));
                    f.payload = QJsonObject {
                        { QStringLiteral("document"), doc.id },
                        { QStringLiteral("document_title"), doc.title },
                        { QStringLiteral("document_type"), doc.type },
                        { QStringLiteral("page"), page.pageNo },
                        { QStringLiteral("page_id"), page.id },
                        { QStringLiteral("clause_number"), clause.number },
                        { QStringLiteral("topic"), topic.name },
                        { QStringLiteral("topic_title"), topic.title },
                        { QStringLiteral("matched"), matched },
                        { QStringLiteral("text"), clause.text },
                        { QStringLiteral("char_start"), clause.charStart },
                        { QStringLiteral("length"), clause.length },
                        { QStringLiteral("boxes"), boxes },
                        { QStringLiteral("effective_date"),
                          effective.isValid() ? QJsonValue(doc.effectiveDate) : QJsonValue() },
                        { QStringLiteral("dates_in_text"), dates },
                        { QStringLiteral("findings"), linked },
                    };
                    result.findings.append(f);
                }
            }
        }
        fb.setProgress(++done);
    }
    result.summary = QJsonObject { { QStringLiteral("documents"), qint64(documents->size()) },
                                   { QStringLiteral("documents_with_effective_date"), withEffective },
                                   { QStringLiteral("clause_count"), qint64(result.findings.size()) },
                                   { QStringLiteral("linked_runs"), linkedRuns } };
    if (documents->isEmpty())
        result.notes << QStringLiteral("The case has no documents.");
    if (latest.isEmpty())
        result.notes << QStringLiteral("No complete reuse or accounts run: the clauses are linked to no finding.");
    result.notes << QStringLiteral("Clauses are found by the topic patterns only; a clause worded unlike every "
                                   "pattern is missed.");
    return result;
}

} // namespace

namespace kinds {
std::unique_ptr<AnalysisKind> clauses()
{
    return std::make_unique<ClausesKind>();
}
} // namespace kinds

} // namespace lineage::forensics
