// SPDX-License-Identifier: GPL-3.0-or-later
#include "item_properties.h"

#include "case_explorer_model.h"
#include "case_session.h"
#include "document_properties_dialog.h"
#include "transcript_properties_dialog.h"

#include <QModelIndex>

namespace lineage::ui {

namespace {

using Branch = CaseExplorerModel::Branch;

} // namespace

bool hasItemProperties(const QModelIndex &index)
{
    if (!index.isValid() || !index.parent().isValid())
        return false;
    const int branch = index.data(CaseExplorerModel::BranchRole).toInt();
    return branch == int(Branch::Transcripts) || branch == int(Branch::Documents);
}

QDialog *openItemProperties(CaseSession *session, const QModelIndex &index, QWidget *parent)
{
    if (!session->isOpen() || !hasItemProperties(index))
        return nullptr;
    const qint64 id = index.siblingAtColumn(CaseExplorerModel::Name).data(CaseExplorerModel::ItemIdRole).toLongLong();
    const bool transcript = index.data(CaseExplorerModel::BranchRole).toInt() == int(Branch::Transcripts);
    return openItemProperties(session, transcript ? ItemKind::Transcript : ItemKind::Document, id, parent);
}

QDialog *openItemProperties(CaseSession *session, ItemKind kind, qint64 id, QWidget *parent)
{
    if (!session->isOpen())
        return nullptr;
    QDialog *dialog = nullptr;
    if (kind == ItemKind::Transcript)
        dialog = new TranscriptPropertiesDialog(session, id, parent);
    else
        dialog = new DocumentPropertiesDialog(session, id, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(session, &CaseSession::caseClosing, dialog, &QDialog::reject);
    dialog->open();
    return dialog;
}

} // namespace lineage::ui
