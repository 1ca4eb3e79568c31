// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/transcript_store.h"
#include "core/result.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace lineage::ui {

class CaseSession;

// Shows a transcript and edits its model label and role in the case. The transcript is
// read, and the change saved (audited, through TranscriptStore::updateTranscript), on
// workers of the session's job runner with connections of their own; the dialog closes
// only once the change is in the case, and tells the session the content changed. Errors
// are shown in an error dialog and leave this one open.
class TranscriptPropertiesDialog : public QDialog
{
    Q_OBJECT
public:
    TranscriptPropertiesDialog(CaseSession *session, qint64 transcriptId, QWidget *parent = nullptr);

    qint64 transcriptId() const { return m_id; }
    bool isLoaded() const { return m_loaded; }
    QLineEdit *labelEdit() const { return m_label; }
    QComboBox *roleBox() const { return m_role; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    // A role's name as the analyst reads it ("protected-corpus" -> "Protected corpus").
    static QString roleName(const QString &role);

    // Saves the fields and closes when they are stored.
    void accept() override;

signals:
    void loaded();
    void loadFailed(const lineage::Error &error);
    void saved();
    void saveFailed(const lineage::Error &error);

private:
    void load();
    void fill(const casefile::TranscriptRow &row);
    void updateButtons();

    CaseSession *m_session;
    qint64 m_id;
    bool m_loaded = false;
    bool m_saving = false;
    casefile::TranscriptRow m_row;
    QLabel *m_summary;
    QLineEdit *m_label;
    QComboBox *m_role;
    QDialogButtonBox *m_buttons;
};

} // namespace lineage::ui
