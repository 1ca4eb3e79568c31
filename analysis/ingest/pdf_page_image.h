// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/document_store.h"
#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QImage>
#include <QList>
#include <QRectF>
#include <QString>

#include <utility>

namespace lineage::ingest {

// A page of a PDF document as the PDF draws it: Poppler renders it from the original bytes
// stored in the case (the source's evidence blob), at `dpi`. For the page view, on a worker:
// any thread, its own connection. A document that is not a PDF (text, HTML), or a PDF whose
// original cannot be read -> ErrorCode::InvalidInput or Io naming the document and page.
struct PageImage
{
    QImage image;
    double dpi = 0;
    QSizeF points; // the page's size in PDF points (1/72 inch)
};

[[nodiscard]] Result<PageImage> renderPdfPage(casefile::Database &db, qint64 documentId, int pageNo, double dpi,
                                              Feedback &feedback = nullFeedback());

// Where `query` occurs in `text`, case-insensitively: (start, length) in UTF-16 code units.
QList<std::pair<qint32, qint32>> textMatches(const QString &text, const QString &query);

// The boxes (page points) of the stored words that overlap [start, start + length) of the
// page text; adjacent words on one line are merged into one box.
QList<QRectF> wordBoxes(const QList<casefile::StoredWord> &words, qint32 start, qint32 length);

} // namespace lineage::ingest
