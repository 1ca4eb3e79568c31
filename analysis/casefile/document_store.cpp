// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/document_store.h"

#include "casefile/audit_log.h"
#include "casefile/case_file.h"

#include <QDate>
#include <QJsonObject>
#include <QtEndian>

#include <cstring>

namespace lineage::casefile {

namespace {

constexpr const char kWordsMagic[] = "LWB1";

constexpr const char *kDocumentColumns
    = "SELECT d.id, d.source_id, s.original_name, d.doc_type, d.title, d.author, d.parties, "
      "coalesce(d.effective_date, ''), coalesce(d.created, ''), coalesce(d.modified, ''), d.page_count "
      "FROM documents d JOIN sources s ON s.id = d.source_id ";

DocumentRow readDocument(const Statement &s)
{
    DocumentRow row;
    row.id = s.int64(0);
    row.sourceId = s.int64(1);
    row.sourceName = s.text(2);
    row.type = s.text(3);
    row.title = s.text(4);
    row.author = s.text(5);
    row.parties = s.text(6);
    row.effectiveDate = s.text(7);
    row.created = s.text(8);
    row.modified = s.text(9);
    row.pageCount = s.int64(10);
    return row;
}

PageRow readPage(const Statement &s, bool withContent)
{
    PageRow row;
    row.id = s.int64(0);
    row.documentId = s.int64(1);
    row.pageNo = qint32(s.int64(2));
    row.width = s.real(3);
    row.height = s.real(4);
    if (withContent) {
        row.text = s.text(5);
        row.words = s.blob(6);
    }
    return row;
}

QString nonNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// NULL for an empty optional text column.
QString orNull(const QString &s)
{
    return s.isEmpty() ? QString() : s;
}

Status checkType(const QString &type)
{
    if (!DocumentStore::types().contains(type))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("'%1' is not a document type; use one of %2.")
                             .arg(type, DocumentStore::types().join(QStringLiteral(", "))));
    return {};
}

void putVarint(QByteArray &out, quint64 v)
{
    while (v >= 0x80) {
        out.append(char((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.append(char(v));
}

bool getVarint(const QByteArray &in, qsizetype &pos, quint64 &v)
{
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= in.size())
            return false;
        const quint8 b = quint8(in[pos++]);
        v |= quint64(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

void putFloat(QByteArray &out, double value)
{
    const float f = float(value);
    quint32 bits;
    std::memcpy(&bits, &f, sizeof bits);
    char buf[4];
    qToLittleEndian(bits, buf);
    out.append(buf, 4);
}

float getFloat(const char *p)
{
    const quint32 bits = qFromLittleEndian<quint32>(p);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

} // namespace

const QStringList &DocumentStore::types()
{
    static const QStringList kTypes { QStringLiteral("terms-of-service"), QStringLiteral("contract"),
                                      QStringLiteral("complaint"), QStringLiteral("letter"), QStringLiteral("other") };
    return kTypes;
}

Result<qint64> DocumentStore::insertDocument(const DocumentRow &d)
{
    if (auto s = checkType(d.type); !s)
        return s.error();
    if (!m_insertDocument.handle()) {
        auto stmt = Statement::prepare(m_db,
                                       "INSERT INTO documents (source_id, doc_type, title, author, parties, "
                                       "effective_date, created, modified, page_count) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)");
        if (!stmt)
            return stmt.error();
        m_insertDocument = std::move(*stmt);
    }
    m_insertDocument.bind(1, d.sourceId)
        .bind(2, d.type)
        .bind(3, nonNull(d.title))
        .bind(4, nonNull(d.author))
        .bind(5, nonNull(d.parties))
        .bind(6, orNull(d.effectiveDate))
        .bind(7, orNull(d.created))
        .bind(8, orNull(d.modified));
    if (auto s = m_insertDocument.run(); !s)
        return s.error();
    return m_db.lastInsertRowId();
}

Result<qint64> DocumentStore::insertPage(const PageRow &page)
{
    if (!m_insertPage.handle()) {
        auto stmt = Statement::prepare(
            m_db, "INSERT INTO pages (document_id, page_no, text, width, height, words) VALUES (?, ?, ?, ?, ?, ?)");
        if (!stmt)
            return stmt.error();
        m_insertPage = std::move(*stmt);
        auto count = Statement::prepare(m_db, "UPDATE documents SET page_count = page_count + 1 WHERE id = ?");
        if (!count)
            return count.error();
        m_countPage = std::move(*count);
    }
    m_insertPage.bind(1, page.documentId)
        .bind(2, qint64(page.pageNo))
        .bind(3, nonNull(page.text))
        .bind(4, page.width)
        .bind(5, page.height);
    if (page.words.isEmpty())
        m_insertPage.bindNull(6);
    else
        m_insertPage.bind(6, page.words);
    if (auto s = m_insertPage.run(); !s)
        return s.error();
    const qint64 id = m_db.lastInsertRowId();
    m_countPage.bind(1, page.documentId);
    if (auto s = m_countPage.run(); !s)
        return s.error();
    return id;
}

Result<QList<DocumentRow>> DocumentStore::documents(std::optional<qint64> sourceId)
{
    const QByteArray sql = QByteArray(kDocumentColumns) + (sourceId ? "WHERE d.source_id = ? " : "") + "ORDER BY d.id";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    if (sourceId)
        stmt->bind(1, *sourceId);
    return stmt->collect<DocumentRow>(readDocument);
}

Result<DocumentRow> DocumentStore::document(qint64 id)
{
    const QByteArray sql = QByteArray(kDocumentColumns) + "WHERE d.id = ?";
    auto stmt = Statement::prepare(m_db, sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->one<DocumentRow>(readDocument,
                                  makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no document %1.").arg(id)));
}

Result<QList<PageRow>> DocumentStore::pages(qint64 documentId, bool withContent)
{
    auto stmt = Statement::prepare(
        m_db,
        withContent
            ? "SELECT id, document_id, page_no, width, height, text, words FROM pages WHERE document_id = ? ORDER BY "
              "page_no"
            : "SELECT id, document_id, page_no, width, height FROM pages WHERE document_id = ? ORDER BY page_no");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, documentId);
    return stmt->collect<PageRow>([withContent](const Statement &s) { return readPage(s, withContent); });
}

Result<PageRow> DocumentStore::page(qint64 documentId, qint32 pageNo)
{
    auto stmt = Statement::prepare(
        m_db,
        "SELECT id, document_id, page_no, width, height, text, words FROM pages WHERE document_id = ? AND page_no = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, documentId).bind(2, qint64(pageNo));
    return stmt->one<PageRow>([](const Statement &s) { return readPage(s, true); },
                              makeError(ErrorCode::InvalidInput,
                                        QStringLiteral("Document %1 has no page %2.").arg(documentId).arg(pageNo)));
}

Result<PageRow> DocumentStore::pageById(qint64 pageId)
{
    auto stmt = Statement::prepare(
        m_db, "SELECT id, document_id, page_no, width, height, text, words FROM pages WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, pageId);
    return stmt->one<PageRow>([](const Statement &s) { return readPage(s, true); },
                              makeError(ErrorCode::InvalidInput, QStringLiteral("The case has no page %1.").arg(pageId)));
}

Status DocumentStore::updateFields(CaseFile &file, qint64 id, const QString &type, const QString &parties,
                                   const QString &effectiveDate)
{
    if (auto s = checkType(type); !s)
        return s;
    if (!effectiveDate.isEmpty() && !QDate::fromString(effectiveDate, Qt::ISODate).isValid())
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("'%1' is not a date; write the effective date as YYYY-MM-DD.").arg(effectiveDate));
    DocumentStore store(file.db());
    auto old = store.document(id);
    if (!old)
        return old.error();
    FieldChanges changes;
    changes.compare("type", old->type, type);
    changes.compare("parties", old->parties, parties);
    changes.compare("effective_date", old->effectiveDate, effectiveDate);
    if (changes.isEmpty())
        return {};
    return file.auditedChange(
        QStringLiteral("document.edit"), QStringLiteral("document:%1").arg(id), changes.parameters(),
        [&]() -> Result<QJsonObject> {
            auto update = Statement::prepare(
                file.db(), "UPDATE documents SET doc_type = ?, parties = ?, effective_date = ? WHERE id = ?");
            if (!update)
                return update.error();
            update->bind(1, type).bind(2, nonNull(parties)).bind(3, orNull(effectiveDate)).bind(4, id);
            if (auto s = update->run(); !s)
                return s.error();
            return QJsonObject {};
        });
}

QByteArray DocumentStore::encodeWords(const QList<StoredWord> &words)
{
    QByteArray out(kWordsMagic, 4);
    out.reserve(8 + words.size() * 24);
    putVarint(out, quint64(words.size()));
    qint32 previous = 0;
    for (const StoredWord &w : words) {
        // Words come in page order; a word before its predecessor is stored as a zigzag delta.
        const qint64 delta = qint64(w.charStart) - previous;
        putVarint(out, quint64((delta << 1) ^ (delta >> 63)));
        previous = w.charStart;
        const QByteArray utf8 = w.text.toUtf8();
        putVarint(out, quint64(utf8.size()));
        out.append(utf8);
        putFloat(out, w.box.x());
        putFloat(out, w.box.y());
        putFloat(out, w.box.width());
        putFloat(out, w.box.height());
    }
    return out;
}

Result<QList<StoredWord>> DocumentStore::decodeWords(const QByteArray &blob)
{
    QList<StoredWord> words;
    if (blob.isEmpty())
        return words;
    auto corrupt
        = [] { return makeError(ErrorCode::Corrupt, QStringLiteral("A page's stored word boxes are damaged.")); };
    if (!blob.startsWith(kWordsMagic))
        return corrupt();
    qsizetype pos = 4;
    quint64 count = 0;
    if (!getVarint(blob, pos, count) || count > quint64(blob.size()))
        return corrupt();
    words.reserve(qsizetype(count));
    qint64 previous = 0;
    for (quint64 i = 0; i < count; ++i) {
        quint64 zigzag = 0, length = 0;
        if (!getVarint(blob, pos, zigzag) || !getVarint(blob, pos, length))
            return corrupt();
        const qint64 delta = qint64(zigzag >> 1) ^ -qint64(zigzag & 1);
        if (length > quint64(blob.size() - pos) || blob.size() - pos - qsizetype(length) < 16)
            return corrupt();
        StoredWord w;
        w.charStart = qint32(previous + delta);
        previous = w.charStart;
        w.text = QString::fromUtf8(blob.constData() + pos, qsizetype(length));
        pos += qsizetype(length);
        const char *p = blob.constData() + pos;
        w.box = QRectF(getFloat(p), getFloat(p + 4), getFloat(p + 8), getFloat(p + 12));
        pos += 16;
        words.append(w);
    }
    if (pos != blob.size())
        return corrupt();
    return words;
}

} // namespace lineage::casefile
