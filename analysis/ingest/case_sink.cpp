// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/case_sink.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringEncoder>

#include <utility>

namespace lineage::ingest {

using namespace lineage::casefile;

namespace {

const QString kRequest = QStringLiteral("request");
const QString kResponse = QStringLiteral("response");

} // namespace

PreparedRecord prepareRecord(const QueryRecord &r, bool withIndex)
{
    PreparedRecord p;
    QueryRecordText &t = p.text;
    t.line = r.where.line;
    t.byteOffset = r.where.byteOffset;
    t.byteLength = r.where.byteLength;
    t.timeUtc = r.timeUtcMs;
    if (r.timeOffset)
        t.timeOffset = *r.timeOffset;
    // Every text field in one buffer (t.storage), the fields being views into it: one
    // allocation per record instead of one per field.
    const std::pair<const QString *, QByteArray *> fields[] = {
        {&r.account, &t.account}, {&r.apiKey, &t.apiKey}, {&r.org, &t.org}, {&r.ip, &t.ip},
        {&r.userAgent, &t.userAgent}, {&r.model, &t.model}, {&r.endpoint, &t.endpoint},
        {&r.customId, &t.customId}, {&r.systemPrompt, &t.systemPrompt}, {&r.prompt, &t.prompt},
        {&r.completion, &t.completion}, {&r.finishReason, &t.finishReason}};
    qsizetype units = 0;
    for (const auto &f : fields)
        units += f.first->size();
    QStringEncoder encoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    QByteArray buffer(encoder.requiredSpace(units), Qt::Uninitialized);
    qsizetype offsets[std::size(fields) + 1];
    char *out = buffer.data();
    for (size_t i = 0; i < std::size(fields); ++i) {
        offsets[i] = out - buffer.constData();
        out = encoder.appendToBuffer(out, *fields[i].first);
    }
    const qsizetype used = out - buffer.constData();
    offsets[std::size(fields)] = used;
    // Mostly ASCII: the worst-case buffer is three times too large; keep only what is used.
    if (used < buffer.size() / 2) {
        t.storage = QByteArray(buffer.constData(), used);
    } else {
        buffer.resize(used);
        t.storage = std::move(buffer);
    }
    for (size_t i = 0; i < std::size(fields); ++i) {
        const qsizetype length = offsets[i + 1] - offsets[i];
        if (fields[i].first->isNull())
            *fields[i].second = QByteArray();
        else if (length == 0)
            *fields[i].second = QByteArray::fromRawData("", 0);  // empty, not NULL
        else
            *fields[i].second = QByteArray::fromRawData(t.storage.constData() + offsets[i], length);
    }
    t.temperature = r.temperature;
    t.topP = r.topP;
    t.n = r.n;
    t.maxTokens = r.maxTokens;
    t.logprobs = r.logprobs;
    t.topLogprobs = r.topLogprobs;
    if (!r.extraCompletions.isEmpty())
        t.extraCompletions = QJsonDocument(QJsonArray::fromStringList(r.extraCompletions)).toJson(QJsonDocument::Compact);
    t.promptTokens = r.promptTokens;
    t.completionTokens = r.completionTokens;
    t.httpStatus = r.httpStatus;
    t.raw = r.raw.isEmpty() ? QByteArray() : r.raw;
    p.joinSide = r.joinSide;
    p.customId = r.customId;
    if (withIndex) {
        QByteArray request = t.systemPrompt;
        if (!t.prompt.isEmpty())
            request = request.isEmpty() ? t.prompt : request + "\n\n" + t.prompt;
        QByteArray response = t.completion;
        for (const QString &extra : r.extraCompletions)
            response += "\n\n" + extra.toUtf8();
        p.requestIndex = SearchIndex::indexTextUtf8(request);
        p.responseIndex = SearchIndex::indexTextUtf8(response);
    }
    return p;
}

namespace {
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

Status CaseSink::flush()
{
    return m_queryRecords.flush();
}

Status CaseSink::finish()
{
    if (auto s = storeUnstoredCounts(); !s)
        return s;
    return m_queryRecords.finish();
}

Status CaseSink::checkReferences()
{
    return m_queryRecords.checkReferences();
}

Status CaseSink::indexRecord(qint64 id, const PreparedRecord &record, bool request, bool response)
{
    if (!m_options.buildIndex)
        return {};
    if (request)
        if (auto s = m_index.addPrepared(id, SearchPart::RecordRequest, record.requestIndex); !s)
            return s;
    if (response)
        if (auto s = m_index.addPrepared(id, SearchPart::RecordResponse, record.responseIndex); !s)
            return s;
    return {};
}

Status CaseSink::queryRecord(const QueryRecord &record)
{
    const PreparedRecord prepared = prepareRecord(record, m_options.buildIndex);
    if (auto s = storeRecord(prepared); !s)
        return s;
    return flush();  // `prepared` goes out of scope
}

Status CaseSink::storeRecord(const PreparedRecord &record)
{
    if (record.joinSide != JoinSide::None && !record.customId.isEmpty()) {
        const bool isRequest = record.joinSide == JoinSide::Request;
        const QString &side = isRequest ? kRequest : kResponse;
        auto pending = m_queryRecords.findPending(record.customId, isRequest ? kResponse : kRequest);
        if (!pending)
            return pending.error();
        if (*pending) {
            if (auto s = m_queryRecords.join(**pending, record.text, side); !s)
                return s;
            ++m_records;
            ++m_joined;
            return indexRecord(**pending, record, isRequest, !isRequest);
        }
        if (!isRequest) {
            Diagnostic d;
            d.line = record.text.line;
            d.byteOffset = record.text.byteOffset;
            d.warning = true;
            d.reason = QStringLiteral("Batch output custom_id '%1' has no matching request in the case; the response is kept "
                                      "and joins its request when the Batch input file is imported").arg(record.customId);
            if (auto s = diagnostic(d); !s)
                return s;
        }
        QueryRecordText text = record.text;
        text.pendingJoin = side.toUtf8();
        auto id = m_queryRecords.insert(text);
        if (!id)
            return id.error();
        if (auto s = m_queryRecords.flush(); !s)  // `text` goes out of scope
            return s;
        ++m_records;
        return indexRecord(*id, record, true, true);
    }
    auto id = m_queryRecords.insert(record.text);
    if (!id)
        return id.error();
    ++m_records;
    return indexRecord(*id, record, true, true);
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
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("%1%2: %3 (strict mode stops at the first problem; nothing was imported).")
                .arg(where, d.column > 0 ? QStringLiteral(" column %1").arg(d.column) : QString(), d.reason));
    }
    ++m_diagnostics;
    if (d.warning)
        ++m_warnings;
    if (m_diagnosticsStored >= kMaxStoredDiagnostics) {
        countUnstored(d);
        return {};
    }
    return storeDiagnostic(d);
}

Status CaseSink::storeDiagnostic(const Diagnostic &d)
{
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
    ++m_diagnosticsStored;
    return {};
}

void CaseSink::countUnstored(const Diagnostic &d)
{
    QString kind = diagnosticKind(d.reason);
    QString key = (d.warning ? QStringLiteral("w:") : QStringLiteral("e:")) + kind;
    auto it = m_unstoredIndex.constFind(key);
    if (it == m_unstoredIndex.constEnd()) {
        if (m_unstored.size() >= kMaxCountedKinds) {
            kind = QStringLiteral("(other kinds)");
            key = (d.warning ? QStringLiteral("w:") : QStringLiteral("e:")) + kind;
            it = m_unstoredIndex.constFind(key);
        }
        if (it == m_unstoredIndex.constEnd()) {
            UnstoredKind u;
            u.kind = kind;
            u.warning = d.warning;
            u.firstLine = d.line;
            u.firstOffset = d.byteOffset;
            m_unstored.append(u);
            it = m_unstoredIndex.insert(key, m_unstored.size() - 1);
        }
    }
    ++m_unstored[*it].count;
}

Status CaseSink::storeUnstoredCounts()
{
    for (const UnstoredKind &u : std::as_const(m_unstored)) {
        Diagnostic d;
        d.line = u.firstLine;
        d.byteOffset = u.firstOffset;
        d.warning = u.warning;
        d.reason = QStringLiteral("%L1 more of this kind were not stored (a source keeps its first %L2 diagnostics with "
                                  "their bytes; the first of these is at the line given): %3")
                       .arg(u.count)
                       .arg(kMaxStoredDiagnostics)
                       .arg(u.kind);
        if (auto s = storeDiagnostic(d); !s)
            return s;
    }
    m_unstored.clear();
    m_unstoredIndex.clear();
    return {};
}

QString diagnosticKind(const QString &reason)
{
    QString out;
    out.reserve(reason.size());
    const qsizetype n = reason.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = reason[i];
        if (c == u'\'' || c == u'"') {
            const qsizetype close = reason.indexOf(c, i + 1);
            if (close > i) {
                out += c;
                out += QChar(0x2026);
                out += c;
                i = close;
                continue;
            }
        }
        if (c.isDigit()) {
            // "17,825,799" is one number.
            while (i + 1 < n
                   && (reason[i + 1].isDigit() || (reason[i + 1] == u',' && i + 2 < n && reason[i + 2].isDigit())))
                ++i;
            out += u'N';
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace lineage::ingest
