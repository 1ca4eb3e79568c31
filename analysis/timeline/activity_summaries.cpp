// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/activity_summaries.h"

#include <QJsonArray>

namespace lineage::timeline {

Result<casefile::ActivityCheck> checkActivitySummaries(casefile::Database &db, Feedback &feedback)
{
    return casefile::ActivityStore::compare(db, feedback);
}

Result<casefile::ActivityCheck> rebuildActivitySummaries(casefile::CaseFile &file, Feedback &feedback)
{
    auto before = casefile::ActivityStore::compare(file.db(), feedback);
    if (!before)
        return before.error();
    QJsonArray tables;
    for (const casefile::ActivityDifference &d : before->differences)
        tables.append(QJsonObject { { QStringLiteral("table"), d.table },
                                    { QStringLiteral("missing"), d.missing },
                                    { QStringLiteral("unexpected"), d.unexpected } });
    auto status = file.auditedChange(
        QStringLiteral("timeline.rebuild"), QStringLiteral("activity summaries"),
        QJsonObject { { QStringLiteral("differences"), tables } }, [&]() -> Result<QJsonObject> {
            if (auto s = casefile::ActivityStore::rebuild(file.db(), feedback); !s)
                return s.error();
            auto cells = casefile::ActivityStore::compare(file.db(), feedback);
            if (!cells)
                return cells.error();
            if (!cells->ok())
                return makeError(ErrorCode::Internal,
                                 QStringLiteral("The rebuilt activity summaries still differ from the records."));
            return QJsonObject { { QStringLiteral("cells"), cells->cells } };
        });
    if (!status)
        return status.error();
    return before;
}

} // namespace lineage::timeline
