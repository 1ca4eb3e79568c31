// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "report/report_document.h"

#include <QString>

namespace lineage::report {

// The report as one self-contained HTML page: the same blocks as the PDF, styles inline,
// charts as inline SVG (drawn by the same painter code), the classification banner at the top
// and bottom, the contents as links. UTF-8. Any thread.
QString renderHtml(const ReportDocument &document);

// Writes renderHtml() to `path` (whole or not at all).
[[nodiscard]] Status writeHtml(const ReportDocument &document, const QString &path);

} // namespace lineage::report
