// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/annotation_store.h"
#include "casefile/table_export.h"
#include "casefile/table_spec.h"

#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;

namespace lineage::ui {

class AnnotationController;
class CaseSession;
class TableModel;

// One case table for the analyst: a filter line (KEY=VALUE terms) and a text match, the lazy
// table sorted by a header click, a column chooser (header context menu), copy as TSV, and
// the marks: star, tag, untag, tag every row of the filter, comment, promote to exhibit, from
// the context menu or their shortcuts. Changes go through the AnnotationController (undoable).
// Export writes the table with its filter and order on a worker with progress and cancel.
class CaseTableView : public QWidget
{
    Q_OBJECT
public:
    CaseTableView(const casefile::TableSpec &spec, CaseSession *session, AnnotationController *annotations,
                  QWidget *parent = nullptr);

    TableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLineEdit *matchEdit() const { return m_match; }
    // Asks the analyst for a line of text (tests answer it themselves).
    using Prompt = std::function<std::optional<QString>(const QString &title, const QString &label)>;
    void setPrompt(Prompt prompt) { m_prompt = std::move(prompt); }

    // Actions of the view that owns the table, shown first in the context menu.
    void setLeadingActions(const QList<QAction *> &actions) { m_leading = actions; }
    // The context menu for the current selection (also what a right-click shows).
    QMenu *buildContextMenu(QWidget *parent);
    QMenu *buildColumnMenu(QWidget *parent);
    QAction *starAction() const { return m_star; }
    QAction *tagAction() const { return m_tag; }
    QAction *untagAction() const { return m_untag; }
    QAction *tagAllAction() const { return m_tagAll; }
    QAction *commentAction() const { return m_comment; }
    QAction *exhibitAction() const { return m_exhibit; }
    QAction *copyAction() const { return m_copy; }

    // The selected rows' ids (loaded rows only), in row order.
    QList<qint64> selectedIds() const;
    // The selected rows as TSV (header line first, visible columns), also put on the clipboard.
    QString copyAsTsv();
    // Reads the filter line and the text match; false (and the reason shown) when a term is wrong.
    bool applyFilter();
    // Conditions every query of the table keeps whatever the filter line says (the run of
    // the Accounts tab), and the order to start with; applied at once.
    void setBaseQuery(const casefile::TableQuery &base);
    void exportTo(const QString &path, casefile::ExportFormat format, bool byteOrderMark);

signals:
    void currentItemChanged(const casefile::ItemRef &item, const QList<QPair<QString, QString>> &fields);
    void exportFinished(const casefile::TableExportSummary &summary, const QString &path);
    void exportFailed(const lineage::Error &error);

private:
    void toggleStar();
    void tagSelection(bool on);
    void tagAll();
    void commentSelection();
    void exhibitSelection();
    void chooseExport();
    void updateActions();
    void emitCurrent();

    const casefile::TableSpec &m_spec;
    CaseSession *m_session;
    AnnotationController *m_annotations;
    TableModel *m_model;
    QTableView *m_view;
    QLineEdit *m_filter;
    QLineEdit *m_match;
    QLabel *m_status;
    QAction *m_star, *m_tag, *m_untag, *m_tagAll, *m_comment, *m_exhibit, *m_copy, *m_export;
    Prompt m_prompt;
    QList<QAction *> m_leading;
    casefile::TableQuery m_base;
};

} // namespace lineage::ui

Q_DECLARE_METATYPE(lineage::casefile::TableExportSummary)
