// SPDX-License-Identifier: GPL-3.0-or-later
// The report's documents (with the dates found in them) and the timeline of the case.
#include "report/report_composer.h"

#include <QLocale>

namespace lineage::report::compose {

using casefile::FindingRow;

void ReportComposer::documents()
{
    section(Section::Documents);
    if (d.documents.isEmpty()) {
        para(QStringLiteral("The case holds no documents."));
        return;
    }
    for (const DocumentEntry &de : d.documents) {
        const auto &doc_ = de.document;
        heading(2,
                QStringLiteral("Document %1: %2").arg(doc_.id).arg(doc_.title.isEmpty() ? doc_.sourceName : doc_.title),
                QStringLiteral("document-%1").arg(doc_.id));
        para(QStringLiteral("Type %1; parties %2; effective %3; %4 pages; file %5 (source %6).")
                 .arg(doc_.type, doc_.parties.isEmpty() ? QStringLiteral("not given") : doc_.parties,
                      doc_.effectiveDate.isEmpty() ? QStringLiteral("not given") : doc_.effectiveDate)
                 .arg(doc_.pageCount)
                 .arg(doc_.sourceName)
                 .arg(doc_.sourceId));
        if (de.dates.isEmpty())
            continue;
        TableSpec t;
        t.header = { QStringLiteral("Cited at"), QStringLiteral("Date"), QStringLiteral("Clause or passage") };
        t.widths = { 22, 22, 56 };
        for (const auto &e : de.dates)
            t.rows.append({ e.restsOn(), d.time(e.startUtc).left(10),
                            e.description.isEmpty() ? e.title : e.title + QStringLiteral(": ") + e.description });
        table(t);
    }
}

void ReportComposer::timelineSection()
{
    section(Section::Timeline);
    if (d.activity) {
        const timeline::Series &s = *d.activity;
        ChartSpec c;
        c.kind = ChartSpec::Kind::TimeBars;
        c.title = QStringLiteral("Query records per %1 (%2)").arg(s.request.bucket.name(), d.zoneName);
        c.valueLabel = QStringLiteral("records");
        for (int i = 0; i < s.bucketCount(); ++i) {
            c.labels << d.time(s.edges[i]).left(16);
            c.values << double(s.total.records.value(i));
        }
        for (const auto &e : d.events) {
            const auto it = std::upper_bound(s.edges.cbegin(), s.edges.cend(), e.startUtc);
            const int bucket = int(it - s.edges.cbegin()) - 1;
            if (bucket >= 0 && bucket < s.bucketCount())
                c.markers.append({ bucket, e.title.left(24) });
        }
        c.caption = QStringLiteral("%1 query records in %2 buckets from %3 to %4; the lines mark the events "
                                   "listed below.")
                        .arg(QLocale::c().toString(s.total.totalRecords()))
                        .arg(s.bucketCount())
                        .arg(d.time(s.edges.first()), d.time(s.edges.last()));
        chart(c);
    } else {
        para(QStringLiteral("No query record has a time."));
    }
    if (d.events.isEmpty())
        return;
    TableSpec t;
    t.header
        = { QStringLiteral("When"), QStringLiteral("Category"), QStringLiteral("Event"), QStringLiteral("Rests on") };
    t.widths = { 30, 15, 37, 18 };
    for (const auto &e : d.events)
        t.rows.append({ d.time(e.startUtc) + (e.isSpan() ? QStringLiteral(" to ") + d.time(*e.endUtc) : QString()),
                        e.category, e.title, e.restsOn() });
    table(t);
}

} // namespace lineage::report::compose
