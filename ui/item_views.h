// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "item_properties.h"

class QTabWidget;
class QWidget;

namespace lineage::ui {

class CaseSession;

// Opens the view of a transcript (TranscriptView) or a document (DocumentView) as a tab of
// `tabs` named after it, or brings its tab forward when it is open already. The tab has a
// close button and goes when the case closes; the view's Properties button opens the item's
// properties. Returns the view.
QWidget *openItemView(QTabWidget *tabs, CaseSession *session, ItemKind kind, qint64 id, const QString &name);

} // namespace lineage::ui
