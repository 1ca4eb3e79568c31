// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/saved_search_store.h"
#include "casefile/search_index.h"

#include <QWidget>

#include <optional>

class QAction;
class QDialog;
class QLabel;
class QLineEdit;
class QStyledItemDelegate;
class QTableView;
class QToolButton;
class QPushButton;

namespace lineage::ui {

class AnnotationController;
class CaseSession;
class SearchResultsModel;

// Full-text search of the open case: a query line (Find focuses it, Enter runs it), the hits
// in a table, their count and the time taken, and a word when some sources are not in the
// index yet. Each query runs on a worker with a read connection of its own; a newer query
// supersedes an older one still running (its reply is dropped). Double-click opens a hit:
// the record details of a query record, the whole text (match highlighted) of a turn or page.
// Stop ends the running search (its worker's query is interrupted; its reply is dropped).
// The query's tooltip explains the syntax. History lists this user's recent searches of the
// case (settings, not the case); Saved keeps searches by name in the case (audited and
// undoable through the annotation controller); Batch… searches a list of strings.
class SearchView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxHits = 1000;
    static constexpr const char *kJobKey = "search";

    explicit SearchView(CaseSession *session, AnnotationController *annotations = nullptr, QWidget *parent = nullptr);

    QAction *findAction() const { return m_findAction; }
    QLineEdit *queryEdit() const { return m_query; }
    QTableView *table() const { return m_table; }
    SearchResultsModel *model() const { return m_model; }
    QString statusText() const;
    QPushButton *stopButton() const { return m_stop; }
    QToolButton *historyButton() const { return m_historyButton; }
    QToolButton *savedButton() const { return m_savedButton; }
    bool isSearching() const { return m_running; }

    void search(const QString &query);
    // Keeps only query records of [fromUtc, toUtc) (a range brushed on the timeline), or every
    // hit again (nullopt); the shown search runs again under the new range.
    void setTimeRange(std::optional<casefile::TimeRange> range);
    std::optional<casefile::TimeRange> timeRange() const { return m_range; }
    QWidget *rangeBar() const { return m_rangeBar; }
    // Stops the running search, if any.
    void stop();
    // This user's recent searches of the open case, newest first.
    QStringList history() const;
    // The case's saved text searches as last read (reloadSaved() reads them again).
    const QList<casefile::SavedSearch> &savedSearches() const { return m_saved; }
    void reloadSaved();
    // Saves `query` under `name` in the case (undoable); savedSearchesChanged() follows.
    void saveSearch(const QString &name, const QString &query);
    void removeSavedSearch(const QString &name);
    // Runs the saved search `name`; false when there is none.
    bool runSaved(const QString &name);
    // Opens the batch search dialog (deleted on close).
    QDialog *openBatchSearch();
    // Opens hit `row`: its dialog (deleted on close), nullptr when there is no such row.
    QDialog *openHit(int row);

signals:
    // A search's reply reached the view (a superseded one never does).
    void searchFinished(const QString &query);
    void savedSearchesChanged();

private:
    struct Reply
    {
        Result<QList<casefile::SearchHit>> hits = QList<casefile::SearchHit> {};
        int unindexed = 0;
        double seconds = 0;
    };
    void present(const QString &query, Reply reply);
    void reset();
    void setRunning(bool running);
    void fillHistoryMenu();
    void fillSavedMenu();
    void askToSave();

    CaseSession *m_session;
    AnnotationController *m_annotations;
    SearchResultsModel *m_model;
    QLineEdit *m_query;
    QLabel *m_status;
    QTableView *m_table;
    QAction *m_findAction;
    QStyledItemDelegate *m_snippets = nullptr;
    QPushButton *m_stop = nullptr;
    QToolButton *m_historyButton = nullptr;
    QToolButton *m_savedButton = nullptr;
    QList<casefile::SavedSearch> m_saved;
    quint64 m_serial = 0; // the search whose reply is wanted
    bool m_running = false;
    QString m_shownQuery; // the query whose hits the table shows
    std::optional<casefile::TimeRange> m_range;
    QWidget *m_rangeBar = nullptr;
    QLabel *m_rangeLabel = nullptr;
};

} // namespace lineage::ui
