// SPDX-License-Identifier: GPL-3.0-or-later
// The report's exhibits and the investigator's comments.
#include "report/report_composer.h"

namespace lineage::report::compose {

using casefile::FindingRow;

void ReportComposer::exhibits()
{
    section(Section::Exhibits);
    if (d.exhibits.isEmpty())
        para(QStringLiteral("No item has been made an exhibit."));
    for (const ExhibitEntry &e : d.exhibits) {
        heading(2,
                QStringLiteral("Exhibit %1: %2")
                    .arg(e.row.number)
                    .arg(e.row.caption.isEmpty() ? e.itemLabel : e.row.caption),
                QStringLiteral("exhibit-%1").arg(e.row.number));
        para(QStringLiteral("Item: %1. Added %2.").arg(e.itemLabel, d.time(e.row.createdUtc)));
        if (!e.row.note.isEmpty())
            para(e.row.note);
        if (e.findingId) {
            if (const FindingEntry *f = findFinding(*e.findingId)) {
                para(f->row.explanation);
                for (const PassagePair &p : f->passages)
                    passage(p);
            }
        }
        if (e.text)
            para(marked(*e.text));
    }
}

void ReportComposer::comments()
{
    section(Section::Comments);
    if (d.comments.isEmpty()) {
        para(QStringLiteral("There are no comments."));
        return;
    }
    TableSpec t;
    t.header = { QStringLiteral("Comment"), QStringLiteral("On"), QStringLiteral("By, when"), QStringLiteral("Text") };
    t.widths = { 10, 25, 25, 40 };
    for (const CommentEntry &c : d.comments)
        t.rows.append({ QString::number(c.row.id), c.itemLabel,
                        c.row.author + QStringLiteral(", ") + d.time(c.row.createdUtc), c.row.body });
    table(t);
}

} // namespace lineage::report::compose
