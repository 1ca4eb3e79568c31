// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/case_sink.h"

namespace lineage::ingest {

using namespace lineage::casefile;

namespace {

const QString kRequest = QStringLiteral("request");
const QString kResponse = QStringLiteral("response");

QueryRecordRow toRow(const QueryRecord &r)
{
    QueryRecordRow row;
    row.line = r.where.line;
    row.byteOffset = r.where.byteOffset;
    row.byteLength = r.where.byteLength;
    row.timeUtc = r.timeUtcMs;
    if (r.timeOffset)
        row.timeOffset = *r.timeOffset;
    row.account = r.account;
    row.apiKey = r.apiKey;
    row.org = r.org;
    row.ip = r.ip;
    row.userAgent = r.userAgent;
    row.model = r.model;
    row.endpoint = r.endpoint;
    row.customId = r.customId;
    row.temperature = r.temperature;
    row.topP = r.topP;
    row.n = r.n;
    row.maxTokens = r.maxTokens;
    row.logprobs = r.logprobs;
    row.topLogprobs = r.topLogprobs;
    row.systemPrompt = r.systemPrompt;
    row.prompt = r.prompt;
    row.completion = r.completion;
    row.extraCompletions = r.extraCompletions;
    row.finishReason = r.finishReason;
    row.promptTokens = r.promptTokens;
    row.completionTokens = r.completionTokens;
    row.httpStatus = r.httpStatus;
    row.raw = r.raw;
    return row;
}

QString requestText(const QueryRecordRow &row)
{
    if (row.systemPrompt.isEmpty())
        return row.prompt;
    if (row.prompt.isEmpty())
        return row.systemPrompt;
    return row.systemPrompt + QStringLiteral("\n\n") + row.prompt;
}

QString responseText(const QueryRecordRow &row)
{
    if (row.extraCompletions.isEmpty())
        return row.completion;
    return (QStringList{row.completion} + row.extraCompletions).join(QStringLiteral("\n\n"));
}

} // namespace

CaseSink::CaseSink(Database &db, qint64 sourceId, const QString &fileName, const ImportOptions &options)
    : m_db(db),
      m_sourceId(sourceId),
      m_fileName(fileName),
      m_options(options),
      m_queryRecords(db, sourceId),
      m_diagnosticWriter(db, sourceId),
      m_transcriptStore(db),
      m_documentStore(db),
      m_index(db)
{
}

Status CaseSink::prepare()
{
    return m_queryRecords.prepare();
}

Status CaseSink::indexRecord(qint64 id, const QueryRecordRow &row, bool request, bool response)
{
    if (!m_options.buildIndex)
        return {};
    if (request)
        if (auto s = m_index.add(id, SearchPart::RecordRequest, requestText(row)); !s)
            return s;
    if (response)
        if (auto s = m_index.add(id, SearchPart::RecordResponse, responseText(row)); !s)
            return s;
    return {};
}

Status CaseSink::queryRecord(const QueryRecord &record)
{
    QueryRecordRow row = toRow(record);
    if (record.joinSide != JoinSide::None && !record.customId.isEmpty()) {
        const bool isRequest = record.joinSide == JoinSide::Request;
        const QString &side = isRequest ? kRequest : kResponse;
        auto pending = m_queryRecords.findPending(record.customId, isRequest ? kResponse : kRequest);
        if (!pending)
            return pending.error();
        if (*pending) {
            if (auto s = m_queryRecords.join(**pending, row, side); !s)
                return s;
            ++m_records;
            ++m_joined;
            return indexRecord(**pending, row, isRequest, !isRequest);
        }
        row.pendingJoin = side;
        if (!isRequest) {
            Diagnostic d;
            d.line = record.where.line;
            d.byteOffset = record.where.byteOffset;
            d.warning = true;
            d.reason = QStringLiteral("Batch output custom_id '%1' has no matching request in the case; the response is kept "
                                      "and joins its request when the Batch input file is imported").arg(record.customId);
            if (auto s = diagnostic(d); !s)
                return s;
        }
    }
    auto id = m_queryRecords.insert(row);
    if (!id)
        return id.error();
    ++m_records;
    return indexRecord(*id, row, true, true);
}

Result<qint64> CaseSink::transcript(const TranscriptInfo &info)
{
    TranscriptRow row;
    row.sourceId = m_sourceId;
    row.modelLabel = info.modelLabel;
    row.role = roleName(info.role);
    row.title = info.title;
    auto id = m_transcriptStore.insertTranscript(row);
    if (id)
        ++m_transcripts;
    return id;
}

Status CaseSink::turn(qint64 transcriptId, const Turn &turn)
{
    TurnRow row;
    row.transcriptId = transcriptId;
    row.seq = turn.seq;
    row.conversation = turn.conversation;
    row.system = turn.system;
    row.prompt = turn.prompt;
    row.answer = turn.answer;
    row.line = turn.where.line;
    row.byteOffset = turn.where.byteOffset;
    row.byteLength = turn.where.byteLength;
    auto id = m_transcriptStore.insertTurn(row);
    if (!id)
        return id.error();
    ++m_records;
    if (!m_options.buildIndex)
        return {};
    const QString prompt = turn.system.isEmpty() ? turn.prompt : turn.system + QStringLiteral("\n\n") + turn.prompt;
    if (auto s = m_index.add(*id, SearchPart::TurnPrompt, prompt); !s)
        return s;
    return m_index.add(*id, SearchPart::TurnAnswer, turn.answer);
}

Result<qint64> CaseSink::document(const DocumentInfo &info)
{
    DocumentRow row;
    row.sourceId = m_sourceId;
    row.type = documentTypeName(info.type);
    row.title = info.title;
    row.author = info.author;
    row.parties = info.parties;
    row.effectiveDate = info.effectiveDate;
    row.created = info.created;
    row.modified = info.modified;
    auto id = m_documentStore.insertDocument(row);
    if (id)
        ++m_documents;
    return id;
}

Status CaseSink::page(qint64 documentId, const Page &page)
{
    PageRow row;
    row.documentId = documentId;
    row.pageNo = page.pageNo;
    row.text = page.text;
    row.width = page.width;
    row.height = page.height;
    QList<StoredWord> words;
    words.reserve(page.words.size());
    for (const WordBox &w : page.words)
        words.append(StoredWord{w.text, w.box, w.charStart});
    row.words = DocumentStore::encodeWords(words);
    auto id = m_documentStore.insertPage(row);
    if (!id)
        return id.error();
    ++m_records;
    if (!m_options.buildIndex)
        return {};
    return m_index.add(*id, SearchPart::PageText, page.text);
}

Status CaseSink::diagnostic(const Diagnostic &d)
{
    if (m_options.strict && !d.warning) {
        const QString where = d.line > 0 ? QStringLiteral("%1 line %2").arg(m_fileName).arg(d.line)
                                         : m_fileName;
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("%1%2: %3 (--strict stops at the first problem; nothing was imported).")
                             .arg(where, d.column > 0 ? QStringLiteral(" column %1").arg(d.column) : QString(), d.reason));
    }
    DiagnosticRow row;
    if (d.line > 0)
        row.line = d.line;
    if (d.column > 0)
        row.column = d.column;
    if (d.byteOffset >= 0)
        row.byteOffset = d.byteOffset;
    row.severity = d.warning ? QStringLiteral("warning") : QStringLiteral("error");
    row.reason = d.reason;
    row.raw = d.raw.isNull() ? QByteArray("") : d.raw;
    if (auto s = m_diagnosticWriter.insert(row); !s)
        return s;
    ++m_diagnostics;
    if (d.warning)
        ++m_warnings;
    return {};
}

} // namespace lineage::ingest
