// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/document_store.h"
#include "core/result.h"
#include "date_candidates_model.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace lineage::ui {

class CaseSession;

// What the document dialog reads from the case: the document and the dates in its pages.
struct DocumentProperties
{
    casefile::DocumentRow document;
    QList<DateCandidateItem> candidates;
};

// Shows a document and edits its type, parties and effective date, and lists the dates
// found in its pages for the analyst to tick and add as timeline events (each audited
// through ingest::acceptDateCandidate). Reading and saving run on workers of the session's
// job runner with connections of their own. "Add to Timeline" adds the ticked dates at once;
// OK saves the fields (DocumentStore::updateFields, audited) and adds any dates still ticked,
// then closes. Errors are shown in an error dialog and leave this one open.
class DocumentPropertiesDialog : public QDialog
{
    Q_OBJECT
public:
    DocumentPropertiesDialog(CaseSession *session, qint64 documentId, QWidget *parent = nullptr);

    qint64 documentId() const { return m_id; }
    bool isLoaded() const { return m_loaded; }
    QComboBox *typeBox() const { return m_type; }
    QLineEdit *partiesEdit() const { return m_parties; }
    QDateEdit *dateEdit() const { return m_date; }
    QPushButton *clearDateButton() const { return m_clearDate; }
    QPushButton *useDateButton() const { return m_useDate; }
    QPushButton *addEventsButton() const { return m_addEvents; }
    QTableView *candidatesView() const { return m_view; }
    DateCandidatesModel *candidatesModel() const { return m_model; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    // The effective date in the editor (ISO), or empty when cleared.
    QString effectiveDate() const;
    void setEffectiveDate(const QString &isoDate);
    static QString typeName(const QString &type);

    // Saves the fields and adds the ticked dates; closes once they are stored.
    void accept() override;

signals:
    void loaded();
    void loadFailed(const lineage::Error &error);
    // A save or an "Add to Timeline" is stored: how many events were added.
    void saved(int eventsAdded);
    void saveFailed(const lineage::Error &error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void load();
    void fill(const DocumentProperties &properties);
    // Stores the fields (when `withFields`) and the ticked dates; closes afterwards when `close`.
    void apply(bool withFields, bool close);
    void updateButtons();

    CaseSession *m_session;
    qint64 m_id;
    bool m_loaded = false;
    bool m_busy = false;
    casefile::DocumentRow m_row;
    QLabel *m_summary;
    QComboBox *m_type;
    QLineEdit *m_parties;
    QDateEdit *m_date;
    QPushButton *m_clearDate;
    QPushButton *m_useDate;
    DateCandidatesModel *m_model;
    QTableView *m_view;
    QLabel *m_candidatesNote;
    QPushButton *m_addEvents;
    QDialogButtonBox *m_buttons;
};

} // namespace lineage::ui
