// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/item_text.h"

#include "casefile/document_store.h"
#include "casefile/query_record_store.h"
#include "casefile/source_store.h"
#include "casefile/transcript_store.h"

namespace lineage::report {

using namespace lineage::casefile;

Result<QString> ItemText::label(const QString &kind, qint64 id)
{
    if (kind == QLatin1String("record")) {
        auto r = QueryRecordStore::get(m_db, id);
        if (!r)
            return QStringLiteral("record %1 (not in the case)").arg(id);
        auto source = SourceStore::get(m_db, r->sourceId);
        const QString where = source ? QStringLiteral("line %1 of %2").arg(r->line).arg(source->originalName)
                                     : QStringLiteral("line %1").arg(r->line);
        return QStringLiteral("record %1 (%2, %3)")
            .arg(id)
            .arg(r->account.isEmpty() ? QStringLiteral("no account") : r->account, where);
    }
    if (kind == QLatin1String("turn")) {
        TranscriptStore store(m_db);
        auto t = store.turn(id);
        if (!t)
            return QStringLiteral("turn %1 (not in the case)").arg(id);
        if (!m_transcriptLabels.contains(t->transcriptId)) {
            auto tr = store.transcript(t->transcriptId);
            m_transcriptLabels.insert(t->transcriptId, tr ? tr->modelLabel : QString());
        }
        return QStringLiteral("turn %1 (%2, turn %3)")
            .arg(id)
            .arg(m_transcriptLabels.value(t->transcriptId))
            .arg(t->seq);
    }
    if (kind == QLatin1String("page")) {
        DocumentStore store(m_db);
        auto p = store.pageById(id);
        if (!p)
            return QStringLiteral("page %1 (not in the case)").arg(id);
        auto d = store.document(p->documentId);
        return QStringLiteral("page %1 of document %2 (%3)")
            .arg(p->pageNo)
            .arg(p->documentId)
            .arg(d ? (d->title.isEmpty() ? d->sourceName : d->title) : QString());
    }
    if (kind == QLatin1String("transcript")) {
        TranscriptStore store(m_db);
        auto t = store.transcript(id);
        return t ? QStringLiteral("transcript %1 (%2, %3)").arg(id).arg(t->modelLabel, t->role)
                 : QStringLiteral("transcript %1").arg(id);
    }
    if (kind == QLatin1String("document")) {
        DocumentStore store(m_db);
        auto d = store.document(id);
        return d ? QStringLiteral("document %1 (%2)").arg(id).arg(d->title.isEmpty() ? d->sourceName : d->title)
                 : QStringLiteral("document %1").arg(id);
    }
    if (kind == QLatin1String("source")) {
        auto s = SourceStore::get(m_db, id);
        return s ? QStringLiteral("source %1 (%2)").arg(id).arg(s->originalName) : QStringLiteral("source %1").arg(id);
    }
    if (kind == QLatin1String("finding")) {
        AnalysisStore store(m_db);
        auto f = store.finding(id);
        return f ? QStringLiteral("finding %1 (%2, run %3)").arg(id).arg(f->kind).arg(f->runId)
                 : QStringLiteral("finding %1").arg(id);
    }
    return QStringLiteral("%1 %2").arg(kind).arg(id);
}

Result<std::optional<QString>> ItemText::field(const QString &kind, qint64 id, const QString &field)
{
    using Out = std::optional<QString>;
    if (kind == QLatin1String("record")) {
        auto r = QueryRecordStore::get(m_db, id);
        if (!r)
            return Out();
        if (field == QLatin1String("prompt"))
            return Out(r->prompt);
        if (field.startsWith(QLatin1String("completion:"))) {
            const int choice = field.mid(11).toInt();
            if (choice == 0)
                return Out(r->completion);
            if (choice - 1 < r->extraCompletions.size())
                return Out(r->extraCompletions.at(choice - 1));
            return Out();
        }
        return Out(r->completion);
    }
    if (kind == QLatin1String("turn")) {
        TranscriptStore store(m_db);
        auto t = store.turn(id);
        if (!t)
            return Out();
        return Out(field == QLatin1String("prompt") ? t->prompt : t->answer);
    }
    if (kind == QLatin1String("page")) {
        DocumentStore store(m_db);
        auto p = store.pageById(id);
        if (!p)
            return Out();
        return Out(p->text);
    }
    return Out();
}

Result<TextExcerpt> ItemText::excerpt(const FindingSpan &span, int context)
{
    TextExcerpt out;
    out.itemKind = span.itemKind;
    out.itemId = span.itemId;
    auto label = this->label(span.itemKind, span.itemId);
    if (!label)
        return label.error();
    out.label = *label;
    auto text = field(span.itemKind, span.itemId, span.field);
    if (!text)
        return text.error();
    if (!*text) {
        out.excerpt = QStringLiteral("(the text of this item is not in the case)");
        return out;
    }
    const QString &t = **text;
    const qsizetype start = qBound<qsizetype>(0, span.start, t.size());
    const qsizetype end = qBound<qsizetype>(start, span.start + span.length, t.size());
    const qsizetype from = qMax<qsizetype>(0, start - context);
    const qsizetype to = qMin<qsizetype>(t.size(), end + context);
    out.excerpt = t.mid(from, to - from);
    out.markStart = start - from;
    out.markLength = end - start;
    out.clippedBefore = from > 0;
    out.clippedAfter = to < t.size();
    out.label += QStringLiteral(", %1 [%2, %3)").arg(span.field).arg(span.start).arg(span.start + span.length);
    return out;
}

Result<std::optional<TextExcerpt>> ItemText::wholeText(const QString &kind, qint64 id, int maxChars)
{
    using Out = std::optional<TextExcerpt>;
    const QString fieldName = kind == QLatin1String("record") ? QStringLiteral("completion")
        : kind == QLatin1String("turn")                       ? QStringLiteral("answer")
                                                              : QStringLiteral("text");
    auto text = field(kind, id, fieldName);
    if (!text)
        return text.error();
    if (!*text)
        return Out();
    TextExcerpt e;
    e.itemKind = kind;
    e.itemId = id;
    auto label = this->label(kind, id);
    if (!label)
        return label.error();
    e.label = *label;
    e.excerpt = (*text)->left(maxChars);
    e.clippedAfter = (*text)->size() > maxChars;
    return Out(e);
}

QString statisticMeaning(const QString &kind)
{
    if (kind == QLatin1String("reuse"))
        return QStringLiteral(
            "The score of a reuse finding is the word-shingle Jaccard similarity or containment between a suspect "
            "answer and the provider's text it matched, and the longest shared passage is counted in words. A long "
            "verbatim passage is unlikely to arise by chance between independent writers (the chance estimate is "
            "given with each finding). It does NOT show who copied whom, nor that a model was trained on the "
            "text: the same text can reach both through a common source, a quotation or a template.");
    if (kind == QLatin1String("identity"))
        return QStringLiteral(
            "An identity finding counts first-person self-identifications (\"I am ChatGPT\", \"我是ChatGPT\") in a "
            "model's answers, told apart from mentions of other models. It is weak evidence: it shows that a model "
            "says so, which training on another model's outputs can cause, but so can web text, system prompts or "
            "instruction data about other models. There is no p-value.");
    if (kind == QLatin1String("kinship"))
        return QStringLiteral(
            "The kinship score places one model's closeness to the provider against a reference panel of models "
            "known not to be trained on the provider's outputs (robust z, median and MAD of the panel). The "
            "empirical p is (1 + panel members at least as close) / (1 + panel size) and is never smaller than "
            "1/(n+1). It does NOT say how a model was trained; it says how unusual its closeness is among the "
            "panel, and it is only as good as the panel.");
    if (kind == QLatin1String("attribution"))
        return QStringLiteral(
            "Attribution shares are the part of a suspect's answers that a classifier trained on the candidate "
            "teachers' transcripts assigns to each candidate, with the classifier's cross-validated accuracy "
            "beside them. A share is meaningful only as far as that accuracy; it does NOT identify a teacher "
            "outside the candidates.");
    return QStringLiteral("See the analysis's description; the score's meaning is given with each finding.");
}

} // namespace lineage::report
