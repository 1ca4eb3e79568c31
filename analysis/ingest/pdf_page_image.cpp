// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/pdf_page_image.h"

#include "casefile/evidence_store.h"
#include "casefile/source_store.h"

#include <poppler-qt6.h>

#include <algorithm>

#include <memory>

namespace lineage::ingest {

Result<PageImage> renderPdfPage(casefile::Database &db, qint64 documentId, int pageNo, double dpi, Feedback &feedback)
{
    casefile::DocumentStore documents(db);
    auto document = documents.document(documentId);
    if (!document)
        return document.error();
    auto source = casefile::SourceStore::get(db, document->sourceId);
    if (!source)
        return source.error();
    auto bytes = casefile::EvidenceReader(db).readAll(source->sha256);
    if (!bytes)
        return bytes.error();
    if (!bytes->startsWith("%PDF") && !bytes->left(1024).contains("%PDF"))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Document %1 (%2) is not a PDF: its pages are shown as text only.")
                             .arg(documentId)
                             .arg(source->originalName));
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    std::unique_ptr<Poppler::Document> pdf = Poppler::Document::loadFromData(*bytes);
    if (!pdf || pdf->isLocked())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Poppler cannot open document %1 (%2)%3.")
                             .arg(documentId)
                             .arg(source->originalName,
                                  pdf && pdf->isLocked() ? QStringLiteral(": it is encrypted") : QString()));
    if (pageNo < 1 || pageNo > pdf->numPages())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Document %1 has %2 pages; there is no page %3.")
                             .arg(documentId)
                             .arg(pdf->numPages())
                             .arg(pageNo));
    pdf->setRenderHint(Poppler::Document::Antialiasing);
    pdf->setRenderHint(Poppler::Document::TextAntialiasing);
    std::unique_ptr<Poppler::Page> page = pdf->page(pageNo - 1);
    if (!page)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Poppler cannot read page %1 of document %2.").arg(pageNo).arg(documentId));
    // Poppler polls the abort callback while it draws: a cancel stops a large page early.
    const Poppler::Page::ShouldAbortQueryFunc abort = [](const QVariant &closure) {
        return reinterpret_cast<const Feedback *>(closure.value<quintptr>())->isCanceled();
    };
    QImage image = page->renderToImage(dpi, dpi, -1, -1, -1, -1, Poppler::Page::Rotate0, nullptr, nullptr, abort,
                                       QVariant::fromValue(reinterpret_cast<quintptr>(&feedback)));
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    if (image.isNull())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("Poppler drew nothing for page %1 of document %2.").arg(pageNo).arg(documentId));
    return PageImage { image, dpi, page->pageSizeF() };
}

QList<std::pair<qint32, qint32>> textMatches(const QString &text, const QString &query)
{
    QList<std::pair<qint32, qint32>> out;
    const QString q = query.trimmed();
    if (q.isEmpty())
        return out;
    for (qsizetype at = text.indexOf(q, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(q, at + q.size(), Qt::CaseInsensitive))
        out.append({ qint32(at), qint32(q.size()) });
    return out;
}

QList<QRectF> wordBoxes(const QList<casefile::StoredWord> &words, qint32 start, qint32 length)
{
    QList<QRectF> out;
    const qint32 end = start + length;
    for (const casefile::StoredWord &w : words) {
        const qint32 wEnd = w.charStart + qint32(w.text.size());
        if (wEnd <= start || w.charStart >= end || w.box.isEmpty())
            continue;
        // Same line as the previous box (vertical overlap of most of the height): extend it.
        if (!out.isEmpty()) {
            QRectF &last = out.last();
            const double overlap = std::min(last.bottom(), w.box.bottom()) - std::max(last.top(), w.box.top());
            if (overlap > 0.5 * std::min(last.height(), w.box.height()) && w.box.left() >= last.left() - 1) {
                last = last.united(w.box);
                continue;
            }
        }
        out.append(w.box);
    }
    return out;
}

} // namespace lineage::ingest
