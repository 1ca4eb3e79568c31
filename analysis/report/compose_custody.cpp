// SPDX-License-Identifier: GPL-3.0-or-later
// The report's chain of custody, audit trail and verification appendices.
#include "report/report_composer.h"

namespace lineage::report::compose {

using casefile::FindingRow;

void ReportComposer::custody()
{
    section(Section::Custody);
    para(QStringLiteral("Every source as it was imported. The originals are kept in the case, content-addressed "
                        "by their SHA-256; verification recomputes each hash (Appendix C)."));
    TableSpec t;
    t.header = { QStringLiteral("Id"),           QStringLiteral("File"),     QStringLiteral("Kind"),
                 QStringLiteral("Size"),         QStringLiteral("Imported"), QStringLiteral("Importer"),
                 QStringLiteral("Declared zone") };
    t.widths = { 5, 22, 10, 12, 22, 19, 10 };
    TableSpec h;
    h.header = { QStringLiteral("Source"), QStringLiteral("SHA-256 of the original bytes") };
    h.widths = { 12, 88 };
    h.monoColumns = { 1 };
    for (const auto &s : d.sources) {
        t.rows.append({ QString::number(s.id), s.originalName, s.kind, bytes(s.size), d.time(s.importedUtc),
                        s.importer + QStringLiteral(" ") + s.importerVersion,
                        s.declaredTz.isEmpty() ? QStringLiteral("-") : s.declaredTz });
        h.rows.append({ QString::number(s.id), s.sha256 });
    }
    table(t);
    table(h);
}

void ReportComposer::audit()
{
    section(Section::Audit);
    para(
        QStringLiteral("The audit log holds %1 hash-chained entries; the newest entry's hash (the head) is %2. %3")
            .arg(d.audit.count)
            .arg(d.audit.headHash)
            .arg(
                d.audit.entries.size() < d.audit.count
                    ? QStringLiteral("The newest %1 are listed; lineage-cli log lists all.").arg(d.audit.entries.size())
                    : QStringLiteral("All are listed.")));
    TableSpec t;
    t.header = { QStringLiteral("#"),      QStringLiteral("When"),   QStringLiteral("Who"),
                 QStringLiteral("Action"), QStringLiteral("Target"), QStringLiteral("Hash") };
    t.widths = { 6, 26, 16, 18, 14, 20 };
    t.monoColumns = { 5 };
    for (const auto &e : d.audit.entries)
        t.rows.append({ QString::number(e.seq), d.time(e.utcMs),
                        e.investigator + QStringLiteral(" (") + e.osUser + QStringLiteral(")"), e.action, e.target,
                        e.hash.left(16) });
    table(t);
}

void ReportComposer::verification()
{
    section(Section::Verification);
    if (!d.verification) {
        para(QStringLiteral("Verification was not run for this report."));
        return;
    }
    const auto &v = *d.verification;
    para(
        TextRuns { { v.ok() ? QStringLiteral("Verification passed. ") : QStringLiteral("Verification FAILED. "), true },
                   { QStringLiteral("At %1 the database integrity check, the audit chain (%2 entries) and the "
                                    "hashes of %3 evidence blobs (%4) were recomputed%5.")
                         .arg(doc.generated)
                         .arg(v.auditEntries)
                         .arg(v.blobs)
                         .arg(bytes(v.evidenceBytes))
                         .arg(v.ok() ? QStringLiteral(": nothing was altered")
                                     : QStringLiteral(": %1 problem(s), listed below").arg(v.problems.size())) } });
    if (v.ok())
        return;
    TableSpec t;
    t.header = { QStringLiteral("Area"), QStringLiteral("Item"), QStringLiteral("Problem") };
    t.widths = { 15, 25, 60 };
    for (const auto &p : v.problems)
        t.rows.append({ p.area, p.item, p.message });
    table(t);
}

} // namespace lineage::report::compose
