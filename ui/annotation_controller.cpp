// SPDX-License-Identifier: GPL-3.0-or-later
#include "annotation_controller.h"

#include "case_session.h"
#include "casefile/actor_store.h"
#include "job_runner.h"

#include <QAction>
#include <QKeySequence>
#include <QWidget>

namespace lineage::ui {

using casefile::AnnotationStore;
using casefile::CaseFile;

namespace {

// A step already made when pushed: the stack's first redo() is the change itself, done.
class StepCommand : public QUndoCommand
{
public:
    StepCommand(AnnotationController *controller, CaseStep step)
        : QUndoCommand(step.text), m_controller(controller), m_step(std::move(step))
    {
    }
    void undo() override
    {
        m_controller->apply(QObject::tr("Undo %1").arg(m_step.text), m_step.undo, m_step.contentChanged);
    }
    void redo() override
    {
        if (std::exchange(m_done, false))
            return;
        m_controller->apply(QObject::tr("Redo %1").arg(m_step.text), m_step.redo, m_step.contentChanged);
    }

private:
    AnnotationController *m_controller;
    CaseStep m_step;
    bool m_done = true;
};

// Case properties go through the session, which keeps the properties every view shows.
class PropertiesCommand : public QUndoCommand
{
public:
    PropertiesCommand(CaseSession *session, casefile::CaseInfo before, casefile::CaseInfo after)
        : QUndoCommand(QObject::tr("Edit case properties")), m_session(session), m_before(std::move(before)),
          m_after(std::move(after))
    {
    }
    void undo() override { m_session->updateInfo(m_before); }
    void redo() override { m_session->updateInfo(m_after); }

private:
    CaseSession *m_session;
    casefile::CaseInfo m_before, m_after;
};

QString itemsText(const QString &kind, qsizetype n)
{
    return n == 1 ? QStringLiteral("1 %1").arg(kind) : QStringLiteral("%1 %2s").arg(n).arg(kind);
}

Status markStatus(const Result<casefile::MarkChange> &r)
{
    return r ? Status() : Status(r.error());
}

Status actorStatus(const Result<casefile::ActorChange> &r)
{
    return r ? Status() : Status(r.error());
}

QList<qint64> accountIdsOf(const QList<casefile::Membership> &memberships)
{
    QList<qint64> ids;
    for (const casefile::Membership &m : memberships)
        ids << m.accountId;
    return ids;
}

} // namespace

AnnotationController::AnnotationController(CaseSession *session, QObject *parent)
    : QObject(parent), m_session(session), m_undo(new QAction(tr("&Undo"), this)),
      m_redo(new QAction(tr("&Redo"), this))
{
    m_undo->setObjectName(QStringLiteral("undoAction"));
    m_redo->setObjectName(QStringLiteral("redoAction"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo->setShortcuts({ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo });
    connect(m_undo, &QAction::triggered, this, [this] {
        if (!m_busy && m_stack.canUndo())
            m_stack.undo();
    });
    connect(m_redo, &QAction::triggered, this, [this] {
        if (!m_busy && m_stack.canRedo())
            m_stack.redo();
    });
    connect(&m_stack, &QUndoStack::indexChanged, this, &AnnotationController::updateActions);
    // What was done to one case cannot be undone in another.
    connect(session, &CaseSession::caseClosing, this, [this] { m_stack.clear(); });
    connect(session, &CaseSession::caseOpened, this, [this] { m_stack.clear(); });
    connect(session, &CaseSession::infoChanged, this, &AnnotationController::changed);
    updateActions();
}

void AnnotationController::updateActions()
{
    m_undo->setEnabled(!m_busy && m_stack.canUndo());
    m_redo->setEnabled(!m_busy && m_stack.canRedo());
    m_undo->setText(m_stack.canUndo() ? tr("&Undo %1").arg(m_stack.undoText()) : tr("&Undo"));
    m_redo->setText(m_stack.canRedo() ? tr("&Redo %1").arg(m_stack.redoText()) : tr("&Redo"));
}

void AnnotationController::enqueue(std::function<void()> start)
{
    m_queue.push_back(std::move(start));
    if (!m_busy) {
        m_busy = true;
        updateActions();
        auto next = std::move(m_queue.front());
        m_queue.pop_front();
        next();
    }
}

void AnnotationController::finished()
{
    if (!m_queue.empty()) {
        auto next = std::move(m_queue.front());
        m_queue.pop_front();
        next();
        return;
    }
    m_busy = false;
    updateActions();
    emit idle();
}

void AnnotationController::change(const QString &title, std::function<Result<CaseStep>(CaseFile &)> first,
                                  bool showProgress)
{
    if (!m_session->isOpen() || m_session->isReadOnly()) {
        emit failed(title, makeError(ErrorCode::InvalidInput, tr("The case is not open for changes.")));
        return;
    }
    static quint64 counter = 0;
    const QString key = QStringLiteral("annotation-%1").arg(++counter);
    enqueue([this, title, key, first = std::move(first), showProgress] {
        const QString path = m_session->path();
        const auto who = m_session->investigator();
        using Made = Result<CaseStep>;
        m_session->jobs()->run<Made>(
            key, title,
            [path, who, first](Feedback &) -> Made {
                auto file = CaseSession::openWriter(path, who);
                if (!file)
                    return file.error();
                return first(**file);
            },
            this,
            [this, title](Made made) {
                if (!made) {
                    if (made.error().code != ErrorCode::Canceled)
                        emit failed(title, made.error());
                } else {
                    const bool content = made->contentChanged;
                    m_stack.push(new StepCommand(this, std::move(*made)));
                    emit changed();
                    if (content)
                        m_session->notifyContentChanged();
                }
                finished();
            },
            showProgress ? JobRunner::Visibility::Shown : JobRunner::Visibility::Quiet);
    });
}

AnnotationController *AnnotationController::of(const QWidget *widget)
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        const QWidget *top = w->window();
        if (auto *found = top->findChild<AnnotationController *>(QString(), Qt::FindDirectChildrenOnly))
            return found;
        w = top;
    }
    return nullptr;
}

void AnnotationController::pushDone(CaseStep step)
{
    m_stack.push(new StepCommand(this, std::move(step)));
    emit changed();
}

void AnnotationController::apply(const QString &title, const std::function<Status(CaseFile &)> &work,
                                 bool contentChanged)
{
    enqueue([this, title, work, contentChanged] {
        const QString path = m_session->path();
        const auto who = m_session->investigator();
        m_session->jobs()->run<Status>(
            QStringLiteral("annotation-apply"), title,
            [path, who, work](Feedback &) -> Status {
                auto file = CaseSession::openWriter(path, who);
                if (!file)
                    return file.error();
                return work(**file);
            },
            this,
            [this, title, contentChanged](Status s) {
                if (!s)
                    emit failed(title, s.error());
                else
                    emit changed();
                if (contentChanged)
                    m_session->notifyContentChanged();
                finished();
            },
            JobRunner::Visibility::Quiet);
    });
}

void AnnotationController::setTag(const QString &tag, const QString &kind, const QList<qint64> &ids, bool on)
{
    const QString text = on ? tr("Tag %1 '%2'").arg(itemsText(kind, ids.size()), tag)
                            : tr("Untag %1 '%2'").arg(itemsText(kind, ids.size()), tag);
    change(text, [tag, kind, ids, on, text](CaseFile &file) -> Result<CaseStep> {
        auto made = AnnotationStore::setTag(file, tag, kind, ids, on);
        if (!made)
            return made.error();
        const QList<qint64> changed = made->changed;
        return CaseStep {
            text, [=](CaseFile &f) { return markStatus(AnnotationStore::setTag(f, tag, kind, changed, on)); },
            [=](CaseFile &f) { return markStatus(AnnotationStore::setTag(f, tag, kind, changed, !on)); }
        };
    });
}

void AnnotationController::setTagWhere(const QString &tag, const casefile::TableSpec &spec,
                                       const casefile::TableQuery &query, bool on)
{
    const QString text = on ? tr("Tag every filtered row of %1 '%2'").arg(spec.title, tag)
                            : tr("Untag every filtered row of %1 '%2'").arg(spec.title, tag);
    const casefile::TableSpec *s = &spec;
    const QString kind = spec.itemKind;
    change(
        text,
        [tag, s, query, on, text, kind](CaseFile &file) -> Result<CaseStep> {
            // The bulk change polls no job feedback here: it is one transaction either way;
            // canceling the job drops its reply, the change itself completes or rolls back.
            auto made = AnnotationStore::setTagWhere(file, tag, *s, query, on);
            if (!made)
                return made.error();
            const QList<qint64> changed = made->changed;
            return CaseStep {
                text, [=](CaseFile &f) { return markStatus(AnnotationStore::setTag(f, tag, kind, changed, on)); },
                [=](CaseFile &f) { return markStatus(AnnotationStore::setTag(f, tag, kind, changed, !on)); }
            };
        },
        true);
}

void AnnotationController::setStar(const QString &kind, const QList<qint64> &ids, bool on)
{
    const QString text
        = on ? tr("Star %1").arg(itemsText(kind, ids.size())) : tr("Unstar %1").arg(itemsText(kind, ids.size()));
    change(text, [kind, ids, on, text](CaseFile &file) -> Result<CaseStep> {
        auto made = AnnotationStore::setStar(file, kind, ids, on);
        if (!made)
            return made.error();
        const QList<qint64> changed = made->changed;
        return CaseStep { text, [=](CaseFile &f) { return markStatus(AnnotationStore::setStar(f, kind, changed, on)); },
                          [=](CaseFile &f) { return markStatus(AnnotationStore::setStar(f, kind, changed, !on)); } };
    });
}

void AnnotationController::addComment(const casefile::ItemRef &item, const QString &body)
{
    const QString text = tr("Comment on %1 %2").arg(item.kind).arg(item.id);
    change(text, [item, body, text](CaseFile &file) -> Result<CaseStep> {
        auto c = AnnotationStore::addComment(file, item, body);
        if (!c)
            return c.error();
        const casefile::CommentRow row = *c;
        return CaseStep { text, [row](CaseFile &f) { return AnnotationStore::restoreComment(f, row); },
                          [row](CaseFile &f) { return AnnotationStore::removeComment(f, row.id); } };
    });
}

void AnnotationController::editComment(const casefile::CommentRow &comment, const QString &body)
{
    const QString text = tr("Edit comment %1").arg(comment.id);
    change(text, [comment, body, text](CaseFile &file) -> Result<CaseStep> {
        if (auto s = AnnotationStore::editComment(file, comment.id, body); !s)
            return s.error();
        return CaseStep { text, [=](CaseFile &f) { return AnnotationStore::editComment(f, comment.id, body); },
                          [=](CaseFile &f) { return AnnotationStore::editComment(f, comment.id, comment.body); } };
    });
}

void AnnotationController::removeComment(const casefile::CommentRow &comment)
{
    const QString text = tr("Remove comment %1").arg(comment.id);
    change(text, [comment, text](CaseFile &file) -> Result<CaseStep> {
        if (auto s = AnnotationStore::removeComment(file, comment.id); !s)
            return s.error();
        return CaseStep { text, [=](CaseFile &f) { return AnnotationStore::removeComment(f, comment.id); },
                          [=](CaseFile &f) { return AnnotationStore::restoreComment(f, comment); } };
    });
}

void AnnotationController::addExhibit(const casefile::ItemRef &item, const QString &caption)
{
    const QString text = tr("Add %1 %2 as an exhibit").arg(item.kind).arg(item.id);
    change(text, [item, caption, text](CaseFile &file) -> Result<CaseStep> {
        auto e = AnnotationStore::addExhibit(file, item, caption);
        if (!e)
            return e.error();
        const casefile::ExhibitRow row = *e;
        return CaseStep { text, [row](CaseFile &f) { return AnnotationStore::restoreExhibit(f, row); },
                          [row](CaseFile &f) { return AnnotationStore::removeExhibit(f, row.id); } };
    });
}

void AnnotationController::moveExhibit(const casefile::ExhibitRow &exhibit, int number)
{
    const QString text = tr("Move exhibit %1 to %2").arg(exhibit.number).arg(number);
    change(text, [exhibit, number, text](CaseFile &file) -> Result<CaseStep> {
        if (auto s = AnnotationStore::moveExhibit(file, exhibit.id, number); !s)
            return s.error();
        return CaseStep { text, [=](CaseFile &f) { return AnnotationStore::moveExhibit(f, exhibit.id, number); },
                          [=](CaseFile &f) { return AnnotationStore::moveExhibit(f, exhibit.id, exhibit.number); } };
    });
}

void AnnotationController::removeExhibit(const casefile::ExhibitRow &exhibit)
{
    const QString text = tr("Remove exhibit %1").arg(exhibit.number);
    change(text, [exhibit, text](CaseFile &file) -> Result<CaseStep> {
        auto current = AnnotationStore::exhibit(file.db(), exhibit.id); // its number now
        if (!current)
            return current.error();
        if (auto s = AnnotationStore::removeExhibit(file, exhibit.id); !s)
            return s.error();
        const casefile::ExhibitRow row = *current;
        return CaseStep { text, [row](CaseFile &f) { return AnnotationStore::removeExhibit(f, row.id); },
                          [row](CaseFile &f) { return AnnotationStore::restoreExhibit(f, row); } };
    });
}

void AnnotationController::setExhibitCaption(const casefile::ExhibitRow &exhibit, const QString &caption)
{
    const QString text = tr("Caption exhibit %1").arg(exhibit.number);
    change(text, [exhibit, caption, text](CaseFile &file) -> Result<CaseStep> {
        if (auto s = AnnotationStore::setExhibitCaption(file, exhibit.id, caption); !s)
            return s.error();
        return CaseStep { text, [=](CaseFile &f) { return AnnotationStore::setExhibitCaption(f, exhibit.id, caption); },
                          [=](CaseFile &f) {
                              return AnnotationStore::setExhibitCaption(f, exhibit.id, exhibit.caption);
                          } };
    });
}

void AnnotationController::editCaseInfo(const casefile::CaseInfo &before, const casefile::CaseInfo &after)
{
    m_stack.push(new PropertiesCommand(m_session, before, after)); // push runs redo(): the change
}

void AnnotationController::createActor(const QString &name, const QList<qint64> &accountIds)
{
    using casefile::ActorStore;
    const QString text = tr("Make actor '%1' of %2").arg(name.trimmed(), itemsText(QStringLiteral("account"), accountIds.size()));
    change(text, [name, accountIds, text](CaseFile &file) -> Result<CaseStep> {
        auto made = ActorStore::create(file, name, {}, accountIds);
        if (!made)
            return made.error();
        const casefile::ActorChange c = *made;
        const QList<qint64> ids = accountIdsOf(c.before);
        CaseStep step {
            text, [=](CaseFile &f) { return actorStatus(ActorStore::create(f, name, {}, ids, c.actorId)); },
            [=](CaseFile &f) -> Status {
                // The accounts back to their actors first; the actor made is then empty.
                if (auto s = actorStatus(ActorStore::restore(f, c.before)); !s)
                    return s;
                return actorStatus(ActorStore::remove(f, c.actorId));
            }
        };
        step.contentChanged = true;
        return step;
    });
}

void AnnotationController::assignToActor(const QList<qint64> &accountIds, qint64 actorId, const QString &actorName)
{
    moveAccounts(tr("Assign %1 to actor '%2'").arg(itemsText(QStringLiteral("account"), accountIds.size()), actorName),
                 accountIds, actorId);
}

void AnnotationController::removeFromActor(const QList<qint64> &accountIds)
{
    moveAccounts(tr("Remove %1 from their actor").arg(itemsText(QStringLiteral("account"), accountIds.size())),
                 accountIds, std::nullopt);
}

void AnnotationController::moveAccounts(const QString &text, const QList<qint64> &accountIds,
                                        std::optional<qint64> actorId)
{
    using casefile::ActorStore;
    change(text, [accountIds, actorId, text](CaseFile &file) -> Result<CaseStep> {
        auto made = ActorStore::assign(file, accountIds, actorId);
        if (!made)
            return made.error();
        const QList<casefile::Membership> before = made->before, after = made->after;
        CaseStep step { text, [=](CaseFile &f) { return actorStatus(ActorStore::restore(f, after)); },
                        [=](CaseFile &f) { return actorStatus(ActorStore::restore(f, before)); } };
        step.contentChanged = true;
        return step;
    });
}

void AnnotationController::renameActor(qint64 actorId, const QString &from, const QString &to)
{
    using casefile::ActorStore;
    const QString text = tr("Rename actor '%1' to '%2'").arg(from, to.trimmed());
    change(text, [actorId, from, to, text](CaseFile &file) -> Result<CaseStep> {
        if (auto made = ActorStore::rename(file, actorId, to); !made)
            return made.error();
        CaseStep step { text, [=](CaseFile &f) { return actorStatus(ActorStore::rename(f, actorId, to)); },
                        [=](CaseFile &f) { return actorStatus(ActorStore::rename(f, actorId, from)); } };
        step.contentChanged = true;
        return step;
    });
}

} // namespace lineage::ui
