// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace lineage::ui {

class BatchSearchModel;
class CaseSession;

// Batch search: a list of strings (prompts, keys, IPs, phrases; one a line, # comments),
// typed, pasted or loaded from a file, each searched as a phrase in the full-text index on a
// worker (progress, Stop); the hits per string in a table, and the same CSV as
// `lineage-cli batch-search CASE LIST.txt --out HITS.csv` through BatchSearch::csv.
class BatchSearchDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kHitsPerString = 100;
    static constexpr const char *kJobKey = "batch-search";

    explicit BatchSearchDialog(CaseSession *session, QWidget *parent = nullptr);

    QPlainTextEdit *listEdit() const { return m_list; }
    BatchSearchModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString statusText() const;
    bool isRunning() const { return m_running; }

    [[nodiscard]] Status loadList(const QString &path);
    void run();
    void stop();
    // Writes the hits as CSV (RFC 4180, UTF-8; optional byte-order mark).
    [[nodiscard]] Status saveCsv(const QString &path, bool byteOrderMark = false) const;

signals:
    void finished();

private:
    void setRunning(bool running);

    CaseSession *m_session;
    QPlainTextEdit *m_list;
    BatchSearchModel *m_model;
    QTableView *m_table;
    QLabel *m_status;
    QPushButton *m_run;
    QPushButton *m_stop;
    QPushButton *m_save;
    quint64 m_serial = 0;
    bool m_running = false;
};

} // namespace lineage::ui
