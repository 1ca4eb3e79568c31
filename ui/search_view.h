// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/search_index.h"

#include <QWidget>

class QAction;
class QDialog;
class QLabel;
class QLineEdit;
class QStyledItemDelegate;
class QTableView;

namespace lineage::ui {

class CaseSession;
class SearchResultsModel;

// Full-text search of the open case: a query line (Find focuses it, Enter runs it), the hits
// in a table, their count and the time taken, and a word when some sources are not in the
// index yet. Each query runs on a worker with a read connection of its own; a newer query
// supersedes an older one still running (its reply is dropped). Double-click opens a hit:
// the record details of a query record, the whole text (match highlighted) of a turn or page.
class SearchView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxHits = 1000;
    static constexpr const char *kJobKey = "search";

    explicit SearchView(CaseSession *session, QWidget *parent = nullptr);

    QAction *findAction() const { return m_findAction; }
    QLineEdit *queryEdit() const { return m_query; }
    QTableView *table() const { return m_table; }
    SearchResultsModel *model() const { return m_model; }
    QString statusText() const;

    void search(const QString &query);
    // Opens hit `row`: its dialog (deleted on close), nullptr when there is no such row.
    QDialog *openHit(int row);

signals:
    // A search's reply reached the view (a superseded one never does).
    void searchFinished(const QString &query);

private:
    struct Reply
    {
        Result<QList<casefile::SearchHit>> hits = QList<casefile::SearchHit>{};
        int unindexed = 0;
        double seconds = 0;
    };
    void present(const QString &query, Reply reply);
    void reset();

    CaseSession *m_session;
    SearchResultsModel *m_model;
    QLineEdit *m_query;
    QLabel *m_status;
    QTableView *m_table;
    QAction *m_findAction;
    QStyledItemDelegate *m_snippets = nullptr;
    QString m_shownQuery; // the query whose hits the table shows
};

} // namespace lineage::ui
