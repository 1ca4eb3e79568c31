// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace lineage::ui {

// A first guess at a mapping profile from the start of a JSONL or CSV log, for the import
// wizard to fill its mapping editor with: JSON keys or CSV column names that commonly hold
// a field ("timestamp", "user_id", "input"...) are mapped to it. The analyst checks and
// edits the guess; nothing is imported on a guess alone. Empty when nothing matched.
QJsonObject guessMapping(const QByteArray &head);

} // namespace lineage::ui
