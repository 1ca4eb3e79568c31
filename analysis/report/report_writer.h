// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "core/feedback.h"
#include "core/result.h"
#include "report/report_data.h"

#include <QString>

namespace lineage::report {

struct WrittenReport
{
    QString pdfPath;
    QString htmlPath; // empty when not asked
    int pages = 0;
    QString pdfSha256;
    QString htmlSha256;
};

// Reads the report of `file` and writes it as a PDF at `pdfPath` and, when `htmlPath` is not
// empty, as HTML: what `lineage-cli report` and the workbench's File > Report... do. Never
// writes to the case. Needs a QGuiApplication (fonts). Errors are returned; cancel is
// ErrorCode::Canceled and leaves no file behind.
[[nodiscard]] Result<WrittenReport> writeReport(casefile::CaseFile &file, const ReportOptions &options,
                                                const QString &pdfPath, const QString &htmlPath,
                                                Feedback &feedback = nullFeedback());

} // namespace lineage::report
