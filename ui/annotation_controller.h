// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/annotation_store.h"
#include "casefile/case_file.h"
#include "casefile/table_spec.h"
#include "core/result.h"

#include <QObject>
#include <QUndoStack>

#include <deque>
#include <functional>

class QAction;
class QWidget;

namespace lineage::ui {

class CaseSession;

// One undoable change of a case: how to make it again and how to take it back, each a core
// call on a writer connection (and so each a new audit entry: an undo never deletes one).
struct CaseStep
{
    QString text; // "Tag 3 records 'reuse'"
    std::function<Status(casefile::CaseFile &)> redo;
    std::function<Status(casefile::CaseFile &)> undo;
    // The step changes what views show of the case's content (properties, labels), not only
    // its marks: redo and undo end with CaseSession::notifyContentChanged().
    bool contentChanged = false;
};

// Makes the analyst's changes to a case (tags, stars, comments, exhibits, actors, case properties)
// through the audited core calls, on workers, one at a time in the order asked, and keeps
// them on a QUndoStack. A change runs first; only when it succeeded is it pushed, with an
// undo that reverts exactly what it changed (a tag put on 3 of 5 selected records comes off
// those 3). Undo and redo are queued like changes; their actions are disabled while a change
// is being written. Lives on the UI thread. Failures are signalled with what was not done.
class AnnotationController : public QObject
{
    Q_OBJECT
public:
    explicit AnnotationController(CaseSession *session, QObject *parent = nullptr);

    // The controller of the window `widget` is in (a dialog: of its parent's window), or
    // nullptr: dialogs that write a change push its undo there.
    static AnnotationController *of(const QWidget *widget);

    QUndoStack *undoStack() { return &m_stack; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    bool isBusy() const { return m_busy; }

    void setTag(const QString &tag, const QString &kind, const QList<qint64> &ids, bool on);
    // Every row of a table query: a shown job with progress and cancel.
    void setTagWhere(const QString &tag, const casefile::TableSpec &spec, const casefile::TableQuery &query, bool on);
    void setStar(const QString &kind, const QList<qint64> &ids, bool on);
    void addComment(const casefile::ItemRef &item, const QString &body);
    void editComment(const casefile::CommentRow &comment, const QString &body);
    void removeComment(const casefile::CommentRow &comment);
    void addExhibit(const casefile::ItemRef &item, const QString &caption);
    void moveExhibit(const casefile::ExhibitRow &exhibit, int number);
    void removeExhibit(const casefile::ExhibitRow &exhibit);
    void setExhibitCaption(const casefile::ExhibitRow &exhibit, const QString &caption);
    void editCaseInfo(const casefile::CaseInfo &before, const casefile::CaseInfo &after);
    // Actors (casefile::ActorStore): a new actor holding the accounts, the accounts moved to
    // an actor, or taken out of theirs. Undo puts every account back where it was (and
    // deletes the actor made); the views reload (the actor column changes).
    void createActor(const QString &name, const QList<qint64> &accountIds);
    void assignToActor(const QList<qint64> &accountIds, qint64 actorId, const QString &actorName);
    void removeFromActor(const QList<qint64> &accountIds);
    void renameActor(qint64 actorId, const QString &from, const QString &to);
    // Assigns the accounts to `actorId`, or to none, as one undoable step named `text`.
    void moveAccounts(const QString &text, const QList<qint64> &accountIds, std::optional<qint64> actorId);

    // Runs `first` (a change that returns its step) and pushes the step when it succeeded.
    void change(const QString &title, std::function<Result<CaseStep>(casefile::CaseFile &)> first,
                bool showProgress = false);
    // Pushes a step whose change was already written elsewhere (a properties dialog's save):
    // undo and redo then run like any other step's.
    void pushDone(CaseStep step);
    // Runs one side of a pushed step (the stack's commands call it).
    void apply(const QString &title, const std::function<Status(casefile::CaseFile &)> &work,
               bool contentChanged = false);

signals:
    // The case's annotations (or properties) changed: views read their marks again.
    void changed();
    void failed(const QString &what, const lineage::Error &error);
    // Nothing is queued or running any more.
    void idle();

private:
    void enqueue(std::function<void()> start);
    void finished();
    void updateActions();

    CaseSession *m_session;
    QUndoStack m_stack;
    QAction *m_undo;
    QAction *m_redo;
    std::deque<std::function<void()>> m_queue;
    bool m_busy = false;
};

} // namespace lineage::ui
