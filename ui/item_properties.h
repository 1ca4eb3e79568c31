// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "case_session.h"
#include "casefile/sqlite.h"
#include "core/result.h"
#include "job_runner.h"

#include <functional>

class QDialog;
class QModelIndex;
class QWidget;

namespace lineage::ui {

// True when a case explorer item has a properties dialog (transcripts and documents).
bool hasItemProperties(const QModelIndex &explorerIndex);

// The items that have properties and views of their own.
enum class ItemKind { Transcript, Document };

// Opens the properties dialog of a case explorer item (window-modal, deleted on close, closed
// with the case); nullptr when the item has none.
QDialog *openItemProperties(CaseSession *session, const QModelIndex &explorerIndex, QWidget *parent);
QDialog *openItemProperties(CaseSession *session, ItemKind kind, qint64 id, QWidget *parent);

// Reads what the properties dialog `dialog` shows of item `id`: `read` runs on a worker of the
// session's job runner (a quiet job) with a read connection of its own, and `done` gets the
// result on the dialog's thread, unless the dialog is gone by then.
template<typename T>
void readItem(CaseSession *session, QObject *dialog, const QString &key, const QString &title, qint64 id,
              std::function<Result<T>(casefile::Database &, qint64)> read, std::function<void(Result<T>)> done)
{
    const QString path = session->path();
    const auto who = session->investigator();
    session->jobs()->run<Result<T>>(
        key, title,
        [path, who, id, read = std::move(read)](Feedback &) -> Result<T> {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return read((*file)->db(), id);
        },
        dialog, std::move(done), JobRunner::Visibility::Quiet);
}

} // namespace lineage::ui
