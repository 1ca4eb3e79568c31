// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demo_pdf.h"

#include <QFile>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace lineage::demo {

Status writeHtmlPdf(const QString &path, const PdfSpec &spec)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return makeError(ErrorCode::Internal,
                         QStringLiteral("Writing a PDF needs Qt's font system (a QGuiApplication)."));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot write %1: %2").arg(path, out.errorString()));
    {
        QPdfWriter writer(&out);
        writer.setTitle(spec.title);
        writer.setCreator(spec.creator);
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(20, 20, 20, 20),
                                         QPageLayout::Millimeter));
        QTextDocument doc;
        QFont font;
        font.setFamilies({ QStringLiteral("DejaVu Serif"), QStringLiteral("WenQuanYi Micro Hei") });
        font.setPointSizeF(10);
        // No ligatures: "ﬀ" in the PDF would extract as one character and hide "effective" from search.
        font.setStyleStrategy(QFont::PreferNoShaping);
        doc.setDefaultFont(font);
        QString html;
        for (qsizetype i = 0; i < spec.pagesHtml.size(); ++i) {
            if (i > 0)
                html += QStringLiteral("<div style=\"page-break-before: always\"></div>");
            html += spec.pagesHtml[i];
        }
        doc.setHtml(html);
        doc.print(&writer);
    }
    out.close();
    if (out.error() != QFileDevice::NoError || out.size() == 0)
        return makeError(ErrorCode::Io, QStringLiteral("Writing %1 failed.").arg(path));
    return {};
}

} // namespace lineage::demo
