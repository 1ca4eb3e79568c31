// SPDX-License-Identifier: GPL-3.0-or-later
#include "pdf_page_view.h"

#include "case_session.h"
#include "casefile/analysis_store.h"
#include "ingest/pdf_page_image.h"
#include "job_runner.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {
constexpr int kZooms[] = { 50, 75, 100, 125, 150, 200, 300 };
constexpr double kScreenDpi = 96.0; // 100% shows the page at its printed size on a 96 dpi screen
} // namespace

QColor PdfPageView::hitColor()
{
    return QColor(255, 214, 0, 110);
}

QColor PdfPageView::spanColor()
{
    return QColor(30, 110, 255, 80);
}

PdfPageView::PdfPageView(CaseSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_zoom(new QComboBox(this)), m_info(new QLabel(this)), m_picture(new QLabel),
      m_scroll(new QScrollArea(this))
{
    setObjectName(QStringLiteral("pdfPageView"));
    m_zoom->setObjectName(QStringLiteral("pageZoom"));
    for (const int z : kZooms)
        m_zoom->addItem(tr("%1%").arg(z), z);
    m_zoom->setCurrentIndex(m_zoom->findData(m_zoomPercent));
    m_zoom->setToolTip(tr("Zoom of the page picture"));
    connect(m_zoom, &QComboBox::activated, this, [this](int i) { setZoom(m_zoom->itemData(i).toInt()); });
    m_info->setWordWrap(true);
    m_info->setTextFormat(Qt::PlainText);
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setBackgroundRole(QPalette::Dark);
    m_scroll->setWidget(m_picture);
    m_scroll->setWidgetResizable(false);
    m_scroll->setAlignment(Qt::AlignHCenter);
    m_scroll->setBackgroundRole(QPalette::Dark);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Zoom:"), this));
    top->addWidget(m_zoom);
    top->addWidget(m_info, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_scroll, 1);
}

QString PdfPageView::message() const
{
    return m_info->text();
}

QString PdfPageView::spanText() const
{
    return m_spanLabels.join(QStringLiteral("; "));
}

void PdfPageView::showPage(qint64 documentId, const casefile::PageRow &page, const QString &query)
{
    m_documentId = documentId;
    m_page = page;
    m_query = query;
    render();
}

void PdfPageView::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    render();
}

void PdfPageView::setZoom(int percent)
{
    m_zoomPercent = percent;
    if (const int i = m_zoom->findData(percent); i >= 0)
        m_zoom->setCurrentIndex(i);
    render();
}

void PdfPageView::render()
{
    if (!m_session->isOpen() || m_documentId <= 0 || m_page.pageNo <= 0)
        return;
    struct Drawn
    {
        QImage image;
        int hits = 0;
        QStringList spans;
        QList<QRectF> hitRects, spanRects;
    };
    using Reply = Result<Drawn>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const qint64 documentId = m_documentId;
    const casefile::PageRow page = m_page;
    const QString query = m_query;
    const double dpi = kScreenDpi * m_zoomPercent / 100.0 * devicePixelRatioF();
    const quint64 request = ++m_request;
    m_info->setText(tr("Drawing page %1…").arg(page.pageNo));
    m_session->jobs()->run<Reply>(
        QStringLiteral("pdf-page-%1").arg(quintptr(this)), tr("Drawing page %1").arg(page.pageNo),
        [path, who, documentId, page, query, dpi](Feedback &feedback) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            auto rendered = ingest::renderPdfPage((*file)->db(), documentId, page.pageNo, dpi, feedback);
            if (!rendered)
                return rendered.error();
            auto words = casefile::DocumentStore::decodeWords(page.words);
            if (!words)
                return words.error();
            auto spans = casefile::AnalysisStore((*file)->db()).spansOn(QStringLiteral("page"), page.id);
            if (!spans)
                return spans.error();
            Drawn out;
            out.image = rendered->image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
            const double scale = dpi / 72.0;
            QPainter painter(&out.image);
            painter.setPen(Qt::NoPen);
            auto draw = [&](const QRectF &box, const QColor &color, QList<QRectF> &into) {
                const QRectF r(box.left() * scale, box.top() * scale, box.width() * scale, box.height() * scale);
                painter.fillRect(r.adjusted(-1, -1, 1, 1), color);
                into.append(r);
            };
            for (const casefile::ItemSpan &s : std::as_const(*spans)) {
                for (const QRectF &box : ingest::wordBoxes(*words, qint32(s.span.start), qint32(s.span.length)))
                    draw(box, spanColor(), out.spanRects);
                out.spans << QStringLiteral("finding %1 (%2, %3)").arg(s.findingId).arg(s.findingKind, s.span.relation);
            }
            const auto hits = ingest::textMatches(page.text, query);
            for (const auto &[start, length] : hits)
                for (const QRectF &box : ingest::wordBoxes(*words, start, length))
                    draw(box, hitColor(), out.hitRects);
            out.hits = int(hits.size());
            painter.end();
            out.image.setDevicePixelRatio(1.0);
            return out;
        },
        this,
        [this, request](Reply reply) {
            if (request != m_request)
                return;
            if (!reply) {
                m_image = QImage();
                m_picture->setPixmap({});
                m_picture->setText(reply.error().message);
                m_picture->adjustSize();
                m_info->setText(reply.error().message);
                m_hits = m_spans = 0;
                emit renderFailed(reply.error().message);
                return;
            }
            m_image = reply->image;
            m_hits = reply->hits;
            m_spans = int(reply->spans.size());
            m_spanLabels = reply->spans;
            m_hitRects = reply->hitRects;
            m_spanRects = reply->spanRects;
            QPixmap pixmap = QPixmap::fromImage(m_image);
            pixmap.setDevicePixelRatio(devicePixelRatioF());
            m_picture->setPixmap(pixmap);
            m_picture->adjustSize();
            QStringList parts { tr("Page %1 as drawn by the PDF").arg(m_page.pageNo) };
            if (!m_query.trimmed().isEmpty())
                parts << tr("%n hit(s) of \"%1\" (yellow)", nullptr, m_hits).arg(m_query.trimmed());
            if (m_spans > 0)
                parts << tr("%n finding span(s) (blue): %1", nullptr, m_spans).arg(spanText());
            m_info->setText(parts.join(QStringLiteral(" · ")));
            emit rendered();
        },
        JobRunner::Visibility::Quiet);
}

} // namespace lineage::ui
