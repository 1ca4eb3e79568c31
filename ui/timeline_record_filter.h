// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace lineage::ui {

class TablesView;

// The record table's filter line with its time terms replaced by [fromUtc, toUtc) (and its
// account term by `account` when one is given); the other terms are kept.
QString recordFilterWithRange(const QString &filter, qint64 fromUtc, qint64 toUtc, const QString &account);

// Shows the query records of [fromUtc, toUtc) (of `account` when given) in the Tables tab's
// record table: what a brush or a bucket of the timeline stands for.
void showRecordsInRange(TablesView *tables, qint64 fromUtc, qint64 toUtc, const QString &account);

} // namespace lineage::ui
