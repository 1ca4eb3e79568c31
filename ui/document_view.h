// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/document_store.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace lineage::ui {

class CaseSession;

// One document, to read page by page: what it is (title, type, parties, effective date,
// pages, source file), the list of its pages with their lengths, and the chosen page's text
// as it was extracted (what search finds), with Previous and Next. A page whose text may be
// missing (the import's warning: a scan, a font that could not be read) says so above its
// text. Reads on a worker; closes its data with the case.
class DocumentView : public QWidget
{
    Q_OBJECT
public:
    DocumentView(CaseSession *session, qint64 documentId, QWidget *parent = nullptr);

    qint64 documentId() const { return m_id; }
    QString headerText() const;
    QListWidget *pageList() const { return m_pages; }
    QPlainTextEdit *pageText() const { return m_text; }
    QString pageWarning() const;
    int pageCount() const { return int(m_rows.size()); }
    // Shows page `pageNo` (1-based).
    void showPage(int pageNo);
    int shownPage() const { return m_shown; }

signals:
    void loaded();
    void propertiesRequested(qint64 documentId);

private:
    struct Loaded
    {
        casefile::DocumentRow document;
        QList<casefile::PageRow> pages;
        QHash<int, QString> warnings; // page number -> warning reasons
    };
    void load();
    void present(const Loaded &loaded);

    CaseSession *m_session;
    qint64 m_id;
    QLabel *m_header;
    QPushButton *m_properties;
    QListWidget *m_pages;
    QLabel *m_warning;
    QPlainTextEdit *m_text;
    QPushButton *m_previous;
    QPushButton *m_next;
    QList<casefile::PageRow> m_rows;
    QHash<int, QString> m_warnings;
    int m_shown = 0;
};

} // namespace lineage::ui
