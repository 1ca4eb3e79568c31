// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The demo case's legal documents (internal to the demo generator).

#include "core/result.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>

namespace lineage::demo {

// Writes the terms-of-service PDF and the complaint letter PDF to the given paths and
// returns their ground truth: per document its file, title, type, parties, effective date
// and dated clauses (page, date, text as written).
[[nodiscard]] Result<QJsonArray> writeDemoDocuments(const QString &termsPath, const QString &complaintPath,
                                                    qint64 ringRecords, const QStringList &ringAccounts);

} // namespace lineage::demo
