// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ingest/import_options.h"

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QStackedWidget;

namespace lineage::ui {

// First page of the import wizard: the files, what kind of evidence they are (query log,
// transcript with its model label and role, document with its type), the zone of times
// written without an offset, strict mode and whether to build the full-text index now.
// Choosing files guesses their kind from their content (ingest::guessKind) and says so; the
// analyst may still choose another. A transcript's role is asked for, not assumed.
class ImportFilesPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportFilesPage(QWidget *parent = nullptr);

    void setFiles(const QStringList &files);
    QStringList files() const;
    void setKind(ingest::SourceKind kind);
    void setModelLabel(const QString &label);
    void setRole(ingest::TranscriptRole role);
    void setBuildIndex(bool now);
    ingest::ImportOptions options() const;
    // What the content of the files suggested (empty when there are no files).
    QString guessText() const;
    QString roleHint() const;
    QComboBox *kindBox() const { return m_kind; }
    QComboBox *roleBox() const { return m_role; }

    bool isComplete() const override;

private:
    void addFiles();
    void removeSelected();
    void guessKind();
    void updateRoleHint();

    QListWidget *m_list;
    QComboBox *m_kind;
    QStackedWidget *m_kindDetails;
    QLineEdit *m_label;
    QComboBox *m_role;
    QComboBox *m_docType;
    QComboBox *m_zone;
    QCheckBox *m_strict;
    QCheckBox *m_index;
    QLabel *m_guess;
    QLabel *m_roleHint;
};

} // namespace lineage::ui
