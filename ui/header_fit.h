// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QTableView;

namespace lineage::ui {

// Keeps every column of `view` at least as wide as its header's text, now and whenever the
// model's headers change or it is reset (a new zone in a time header, new columns), so that
// no header is clipped ("ompletion toker") before the analyst resizes anything. Widths set
// by the view or the analyst that are wider stay as they are.
void keepHeadersReadable(QTableView *view);

} // namespace lineage::ui
