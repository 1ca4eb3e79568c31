// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/annotation_store.h"

#include <QDockWidget>

#include <optional>

class QTextBrowser;
class QPushButton;

namespace lineage::ui {

class AnnotationController;
class CaseSession;

// The item selected in a table, in full: every field, then its star, tags, comments and
// exhibit numbers, read on a worker; buttons star it, comment on it or promote it to an
// exhibit through the AnnotationController (undoable). Follows the selection of the tables.
class DetailsDock : public QDockWidget
{
    Q_OBJECT
public:
    DetailsDock(CaseSession *session, AnnotationController *annotations, QWidget *parent = nullptr);

    void showItem(const casefile::ItemRef &item, const QList<QPair<QString, QString>> &fields);
    std::optional<casefile::ItemRef> item() const { return m_item; }
    const casefile::ItemAnnotations &annotations() const { return m_annotations; }
    QString text() const;

signals:
    void annotationsLoaded();

private:
    void load();
    void render();

    CaseSession *m_session;
    AnnotationController *m_controller;
    QTextBrowser *m_text;
    QPushButton *m_star;
    QPushButton *m_comment;
    QPushButton *m_exhibit;
    std::optional<casefile::ItemRef> m_item;
    QList<QPair<QString, QString>> m_fields;
    casefile::ItemAnnotations m_annotations;
};

} // namespace lineage::ui
