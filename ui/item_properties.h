// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QDialog;
class QModelIndex;
class QWidget;

namespace lineage::ui {

class CaseSession;

// True when a case explorer item has a properties dialog (transcripts and documents).
bool hasItemProperties(const QModelIndex &explorerIndex);

// Opens the properties dialog of a case explorer item (window-modal, deleted on close, closed
// with the case); nullptr when the item has none.
QDialog *openItemProperties(CaseSession *session, const QModelIndex &explorerIndex, QWidget *parent);

} // namespace lineage::ui
