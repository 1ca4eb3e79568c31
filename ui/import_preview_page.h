// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/profile_store.h"
#include "ingest/importer.h"

#include <QWizardPage>

#include <optional>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace lineage::ui {

class ImportPreviewModel;
class ImportWizard;
class MappingEditor;

// Second page of the import wizard: the sniffed format of a file (changeable), the first
// records as that format reads them, and for logs without a built-in format the field
// mapping: guessed from the file, editable, loadable from and savable to the case's
// profiles. Previews run on a worker (ingest::previewFile); the case is not touched.
class ImportPreviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportPreviewPage(ImportWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    // Format and mapping chosen here, for the import.
    void applyTo(ingest::ImportOptions &options) const;

    QString chosenFormat() const;
    void chooseFormat(const QString &format);
    QString detectedText() const;
    QString problemText() const;
    ImportPreviewModel *previewModel() const { return m_model; }
    MappingEditor *mappingEditor() const { return m_editor; }
    bool needsMapping() const;
    // Re-reads the preview with the mapping as edited.
    void applyMapping();
    // Saves the mapping as a named profile in the case (audited), on a worker;
    // profileSaved() follows, or an error dialog.
    void saveProfile(const QString &name);

signals:
    void previewReady();
    void profileSaved(const QString &name);

private:
    struct Outcome
    {
        std::optional<ingest::ImportPreview> preview;
        std::optional<Error> error;
        QJsonObject guess;
        QList<casefile::MappingProfileRow> profiles;
    };
    void runPreview();
    void showOutcome(const Outcome &outcome);
    void fillFormats(const ingest::ImportPreview *preview, const QString &fallback);
    // The profile-driven format (JSONL or CSV) that reads `definition`.
    QString profileParserFor(const QJsonObject &definition) const;

    ImportWizard *m_wizard;
    QComboBox *m_file;
    QComboBox *m_format;
    QLabel *m_detected;
    QLabel *m_problems;
    QTableView *m_table;
    ImportPreviewModel *m_model;
    QGroupBox *m_mappingBox;
    MappingEditor *m_editor;
    QComboBox *m_profiles;
    QLineEdit *m_profileName;
    QPushButton *m_apply;
    QPushButton *m_save;
    QString m_formatOverride; // set when the analyst picks a format
    QString m_savedProfile; // name of the profile the mapping was last saved as / loaded from
    QJsonObject m_savedDefinition;
    bool m_previewOk = false;
    bool m_guessApplied = false;
    bool m_updatingFormats = false;
};

} // namespace lineage::ui
