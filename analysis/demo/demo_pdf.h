// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace lineage::demo {

// A PDF to write from HTML: one HTML fragment per page.
struct PdfSpec
{
    QString title;
    QString creator = QStringLiteral("Lineage demo generator");
    QStringList pagesHtml;
};

// Writes `spec` as a PDF with QPdfWriter and QTextDocument (A4, 10 pt text). The fonts are
// DejaVu Serif with WenQuanYi Micro Hei for Chinese; Qt embeds the glyphs used, so Chinese
// renders and extracts anywhere. Needs a QGuiApplication (Qt's font machinery); without
// one it returns an error instead of crashing. Any thread that may use fonts.
[[nodiscard]] Status writeHtmlPdf(const QString &path, const PdfSpec &spec);

} // namespace lineage::demo
