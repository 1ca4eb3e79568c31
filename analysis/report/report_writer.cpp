// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/report_writer.h"

#include "report/html_renderer.h"
#include "report/pdf_renderer.h"
#include "report/report_document.h"

#include <QCryptographicHash>
#include <QFile>

namespace lineage::report {

namespace {

QString fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

Result<WrittenReport> writeReport(casefile::CaseFile &file, const ReportOptions &options, const QString &pdfPath,
                                  const QString &htmlPath, Feedback &feedback)
{
    auto data = buildReport(file, options, feedback);
    if (!data)
        return data.error();
    const ReportDocument document = composeReport(*data);
    WrittenReport out;
    if (!pdfPath.isEmpty()) {
        auto painted = writePdf(document, pdfPath, feedback);
        if (!painted)
            return painted.error();
        out.pdfPath = pdfPath;
        out.pages = painted->pages;
        out.pdfSha256 = fileSha256(pdfPath);
    }
    if (!htmlPath.isEmpty()) {
        if (auto s = writeHtml(document, htmlPath); !s)
            return s.error();
        out.htmlPath = htmlPath;
        out.htmlSha256 = fileSha256(htmlPath);
    }
    return out;
}

} // namespace lineage::report
