// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "core/result.h"

#include <QDate>
#include <QList>
#include <QString>

namespace lineage::ingest {

// A date written in a document, offered to the analyst as a timeline event.
struct DateCandidate
{
    qint64 pageId = 0; // pages.id, 0 when the text is not from a stored page
    qint32 pageNo = 0;
    qint32 charStart = 0; // in the page text, UTF-16 code units
    qint32 length = 0;
    QDate date;
    QString matched; // the text as written ("January 5, 2024")
    QString context; // the surrounding sentence fragment
};

// Finds the dates written in `text`: English "January 5, 2024" / "Jan. 5th, 2024",
// "5 January 2024" / "5th of Jan 2024", ISO "2024-01-05", Chinese "2024年1月5日". Dates
// that do not exist (2024-02-30) are skipped. Pure function; any thread.
QList<DateCandidate> findDates(const QString &text, qint32 pageNo = 0, qint64 pageId = 0);

// The candidates of every page of a stored document, in page order.
[[nodiscard]] Result<QList<DateCandidate>> documentDateCandidates(casefile::Database &db, qint64 documentId);

// Accepts a candidate as a timeline event of kind "document-date" at 00:00 UTC of its
// date, resting on its page and span; audited. `title` defaults to the document's title
// and the date as written. Returns the event id.
[[nodiscard]] Result<qint64> acceptDateCandidate(casefile::CaseFile &file, qint64 documentId,
                                                 const DateCandidate &candidate, const QString &title = {});

} // namespace lineage::ingest
