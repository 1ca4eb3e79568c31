// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <optional>

namespace lineage::casefile {

class CaseFile;

struct DocumentRow
{
    qint64 id = 0;
    qint64 sourceId = 0;
    QString sourceName; // read APIs only
    QString type = QStringLiteral("other"); // "terms-of-service", "contract", "complaint", "letter", "other"
    QString title;
    QString author;
    QString parties;
    QString effectiveDate; // ISO 8601 date or empty
    QString created; // ISO 8601 date-time from the document's metadata, or empty
    QString modified;
    qint64 pageCount = 0;
};

// A word (or one Chinese character) on a page: its text, box in page points, and offset
// in the page text (UTF-16 code units).
struct StoredWord
{
    QString text;
    QRectF box;
    qint32 charStart = 0;
};

struct PageRow
{
    qint64 id = 0;
    qint64 documentId = 0;
    qint32 pageNo = 0; // 1-based
    QString text;
    double width = 0;
    double height = 0;
    QByteArray words; // encodeWords() form; decode with decodeWords()
};

// The documents and pages tables. Inserts serve the import pipeline inside the source's
// transaction; reads serve the views. Borrows a connection, used on its thread only.
// Word boxes are stored compactly in pages.words (see encodeWords). Errors are returned.
class DocumentStore
{
public:
    explicit DocumentStore(Database &db) : m_db(db) { }

    static const QStringList &types(); // the document types

    [[nodiscard]] Result<qint64> insertDocument(const DocumentRow &document);
    // Inserts the page and counts it in its document's page_count.
    [[nodiscard]] Result<qint64> insertPage(const PageRow &page);

    [[nodiscard]] Result<QList<DocumentRow>> documents(std::optional<qint64> sourceId = std::nullopt);
    [[nodiscard]] Result<DocumentRow> document(qint64 id);
    // Pages of a document in order; without text and words when `withContent` is false.
    [[nodiscard]] Result<QList<PageRow>> pages(qint64 documentId, bool withContent = true);
    [[nodiscard]] Result<PageRow> page(qint64 documentId, qint32 pageNo);
    [[nodiscard]] Result<PageRow> pageById(qint64 pageId);

    // Edits the analyst's fields (type, parties, effective date), audited with old and new
    // values. `effectiveDate` must be empty or an ISO date (yyyy-MM-dd).
    [[nodiscard]] static Status updateFields(CaseFile &file, qint64 id, const QString &type, const QString &parties,
                                             const QString &effectiveDate);

    // Compact form of a page's words: "LWB1", a varint count, then per word the varint
    // delta of charStart from the previous word, the varint UTF-8 length, the UTF-8 text
    // and the box as four little-endian float32 (x, y, width, height).
    static QByteArray encodeWords(const QList<StoredWord> &words);
    [[nodiscard]] static Result<QList<StoredWord>> decodeWords(const QByteArray &blob);

private:
    Database &m_db;
    Statement m_insertDocument;
    Statement m_insertPage;
    Statement m_countPage;
};

} // namespace lineage::casefile
