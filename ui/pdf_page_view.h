// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/document_store.h"

#include <QImage>
#include <QWidget>

class QComboBox;
class QLabel;
class QScrollArea;

namespace lineage::ui {

class CaseSession;

// A PDF page as the PDF draws it: Poppler renders it on a worker from the original stored
// in the case (ingest::renderPdfPage) at the chosen zoom, and the search hits (yellow) and
// the finding spans on the page (linked clauses and other passages, blue) are drawn over it
// from the page's stored word boxes. A document that is not a PDF says so instead. Replies
// for a page or zoom no longer shown are dropped.
class PdfPageView : public QWidget
{
    Q_OBJECT
public:
    explicit PdfPageView(CaseSession *session, QWidget *parent = nullptr);

    // Shows `page` (its text and words loaded) of document `documentId`, with the hits of `query`.
    void showPage(qint64 documentId, const casefile::PageRow &page, const QString &query);
    void setQuery(const QString &query);
    void setZoom(int percent);
    int zoom() const { return m_zoomPercent; }

    const QImage &image() const { return m_image; }
    int hitCount() const { return m_hits; }
    int spanCount() const { return m_spans; }
    QString spanText() const;
    QString message() const;
    QComboBox *zoomBox() const { return m_zoom; }
    // The hit boxes and span boxes as drawn, in image pixels.
    const QList<QRectF> &hitRects() const { return m_hitRects; }
    const QList<QRectF> &spanRects() const { return m_spanRects; }

    static QColor hitColor();
    static QColor spanColor();

signals:
    void rendered();
    void renderFailed(const QString &message);

private:
    void render();

    CaseSession *m_session;
    QComboBox *m_zoom;
    QLabel *m_info;
    QLabel *m_picture;
    QScrollArea *m_scroll;
    qint64 m_documentId = 0;
    casefile::PageRow m_page;
    QString m_query;
    int m_zoomPercent = 100;
    quint64 m_request = 0;
    QImage m_image;
    int m_hits = 0;
    int m_spans = 0;
    QStringList m_spanLabels;
    QList<QRectF> m_hitRects, m_spanRects;
};

} // namespace lineage::ui
