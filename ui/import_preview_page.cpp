// SPDX-License-Identifier: GPL-3.0-or-later
#include "import_preview_page.h"

#include "case_session.h"
#include "error_dialog.h"
#include "import_files_page.h"
#include "import_preview_model.h"
#include "import_wizard.h"
#include "ingest/input_stream.h"
#include "job_runner.h"
#include "mapping_editor.h"
#include "mapping_guess.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace lineage::ui {

using ingest::FormatRegistry;

namespace {

constexpr int kPreviewItems = 20;

// The first bytes of the decompressed content, for guessing a mapping.
QByteArray headOf(const QString &path)
{
    ingest::FileInputStream input;
    if (!input.open(path))
        return {};
    QByteArray head(64 * 1024, Qt::Uninitialized);
    auto n = input.read(head.data(), head.size());
    if (!n)
        return {};
    head.resize(*n);
    return head;
}

} // namespace

ImportPreviewPage::ImportPreviewPage(ImportWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_file(new QComboBox(this)), m_format(new QComboBox(this)),
      m_detected(new QLabel(this)), m_problems(new QLabel(this)), m_table(new QTableView(this)),
      m_model(new ImportPreviewModel(this)), m_mappingBox(new QGroupBox(tr("Field mapping"), this)),
      m_editor(new MappingEditor(this)), m_profiles(new QComboBox(this)), m_profileName(new QLineEdit(this)),
      m_apply(new QPushButton(tr("&Apply Mapping"), this)), m_save(new QPushButton(tr("&Save as Profile"), this))
{
    setTitle(tr("Format and preview"));
    setSubTitle(tr("Check how the file is read. The format applies to every file of this import; "
                   "leave it as detected when the files differ."));
    m_table->setObjectName(QStringLiteral("importPreviewTable"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_detected->setObjectName(QStringLiteral("detectedFormat"));
    m_detected->setWordWrap(true);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #a04000;"));
    m_profileName->setPlaceholderText(tr("profile name"));
    m_profiles->addItem(tr("Load a saved profile..."));

    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profiles, 1);
    profileRow->addWidget(m_apply);
    profileRow->addWidget(m_profileName);
    profileRow->addWidget(m_save);
    auto *mappingLayout = new QVBoxLayout(m_mappingBox);
    mappingLayout->addWidget(m_editor);
    mappingLayout->addLayout(profileRow);
    m_mappingBox->setVisible(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Pre&view file:"), m_file);
    form->addRow(tr("&Format:"), m_format);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(form);
    topLayout->addWidget(m_detected);
    topLayout->addWidget(m_table, 1);
    topLayout->addWidget(m_problems);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(m_mappingBox);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_file, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updatingFormats)
            runPreview();
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updatingFormats)
            return;
        m_formatOverride = m_format->currentData().toString();
        runPreview();
    });
    connect(m_apply, &QPushButton::clicked, this, &ImportPreviewPage::applyMapping);
    connect(m_save, &QPushButton::clicked, this, [this] { saveProfile(m_profileName->text().trimmed()); });
    connect(m_profileName, &QLineEdit::textChanged, this,
            [this] { m_save->setEnabled(!m_profileName->text().trimmed().isEmpty()); });
    m_save->setEnabled(false);
    connect(m_editor, &MappingEditor::edited, this, &QWizardPage::completeChanged);
    connect(m_profiles, &QComboBox::activated, this, [this](int index) {
        if (index <= 0)
            return;
        m_savedProfile = m_profiles->itemText(index);
        m_savedDefinition = m_profiles->itemData(index).toJsonObject();
        m_editor->setDefinition(m_savedDefinition);
        m_profileName->setText(m_savedProfile);
        applyMapping();
    });
}

void ImportPreviewPage::initializePage()
{
    m_updatingFormats = true;
    m_file->clear();
    for (const QString &path : m_wizard->files())
        m_file->addItem(QFileInfo(path).fileName(), path);
    m_updatingFormats = false;
    m_formatOverride.clear();
    m_guessApplied = false;
    runPreview();
}

bool ImportPreviewPage::needsMapping() const
{
    const ingest::Parser *parser = FormatRegistry::builtin().find(chosenFormat());
    return parser && parser->needsProfile();
}

bool ImportPreviewPage::isComplete() const
{
    if (!m_previewOk)
        return false;
    return !needsMapping() || m_editor->validate().ok();
}

QString ImportPreviewPage::chosenFormat() const
{
    return m_format->currentData().toString();
}

void ImportPreviewPage::chooseFormat(const QString &format)
{
    const int index = m_format->findData(format);
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

QString ImportPreviewPage::detectedText() const
{
    return m_detected->text();
}

QString ImportPreviewPage::problemText() const
{
    return m_problems->text();
}

void ImportPreviewPage::applyTo(ingest::ImportOptions &options) const
{
    if (!m_formatOverride.isEmpty() || needsMapping())
        options.format = chosenFormat();
    if (needsMapping()) {
        options.profileDefinition = m_editor->definition();
        if (!m_savedProfile.isEmpty() && m_savedDefinition == options.profileDefinition)
            options.profile = m_savedProfile;
    }
}

void ImportPreviewPage::applyMapping()
{
    runPreview();
}

void ImportPreviewPage::saveProfile(const QString &name)
{
    CaseSession *session = m_wizard->session();
    if (name.isEmpty() || !session->isOpen())
        return;
    if (auto s = m_editor->validate(); !s) {
        showError(this, tr("The mapping is not complete, so it was not saved."), s.error());
        return;
    }
    const QJsonObject definition = m_editor->definition();
    const QString path = session->path();
    const auto who = session->investigator();
    m_save->setEnabled(false);
    session->jobs()->run<Status>(
        QStringLiteral("save-profile"), tr("Saving profile %1").arg(name),
        [path, who, name, definition](Feedback &) -> Status {
            auto file = CaseSession::openWriter(path, who);
            if (!file)
                return file.error();
            return casefile::ProfileStore::save(**file, name, QStringLiteral("query-log"), definition);
        },
        this,
        [this, name, definition](Status saved) {
            m_save->setEnabled(!m_profileName->text().trimmed().isEmpty());
            if (!saved) {
                showError(this, tr("The profile '%1' was not saved.").arg(name), saved.error());
                return;
            }
            m_savedProfile = name;
            m_savedDefinition = definition;
            if (m_profiles->findText(name) < 0)
                m_profiles->addItem(name, definition);
            else
                m_profiles->setItemData(m_profiles->findText(name), definition);
            m_wizard->session()->notifyContentChanged();
            emit profileSaved(name);
        },
        JobRunner::Visibility::Quiet);
}

void ImportPreviewPage::runPreview()
{
    const QString path = m_file->currentData().toString();
    if (path.isEmpty())
        return;
    m_previewOk = false;
    emit completeChanged();
    m_detected->setText(tr("Reading %1...").arg(QFileInfo(path).fileName()));
    m_problems->clear();

    ingest::ImportOptions options = m_wizard->filesPage()->options();
    options.format = m_formatOverride;
    const ingest::Parser *chosen = FormatRegistry::builtin().find(m_formatOverride);
    if ((chosen && chosen->needsProfile()) || (m_formatOverride.isEmpty() && m_guessApplied))
        options.profileDefinition = m_editor->definition();
    const QString casePath = m_wizard->session()->path();
    const auto who = m_wizard->session()->investigator();
    m_wizard->session()->jobs()->run<Outcome>(
        QStringLiteral("import-preview"), tr("Previewing %1").arg(QFileInfo(path).fileName()),
        [path, options, casePath, who](Feedback &) {
            Outcome out;
            auto preview = ingest::previewFile(path, options, kPreviewItems);
            if (preview)
                out.preview = std::move(*preview);
            else
                out.error = preview.error();
            out.guess = guessMapping(headOf(path));
            if (auto file = CaseSession::openReader(casePath, who)) {
                if (auto profiles = casefile::ProfileStore::list((*file)->db()))
                    out.profiles = *profiles;
            }
            return out;
        },
        this, [this](Outcome outcome) { showOutcome(outcome); }, JobRunner::Visibility::Quiet);
}

QString ImportPreviewPage::profileParserFor(const QJsonObject &definition) const
{
    const ingest::Parser *current = FormatRegistry::builtin().find(m_formatOverride);
    if (current && current->needsProfile())
        return current->format();
    const bool csv = definition.value(QStringLiteral("format")).toString() == QLatin1String("csv");
    for (const ingest::Parser *parser : FormatRegistry::builtin().parsers(m_wizard->filesPage()->options().kind))
        if (parser->needsProfile() && parser->format().contains(QLatin1String("csv")) == csv)
            return parser->format();
    return {};
}

void ImportPreviewPage::fillFormats(const ingest::ImportPreview *preview, const QString &fallback)
{
    m_updatingFormats = true;
    const QString keep = m_formatOverride;
    m_format->clear();
    QStringList added;
    if (preview) {
        for (const auto &match : preview->formats) {
            m_format->addItem(
                tr("%1 (%2, %3% sure)").arg(match.parser->format(), match.parser->description()).arg(match.confidence),
                match.parser->format());
            added << match.parser->format();
        }
    }
    const auto kind = m_wizard->filesPage()->options().kind;
    for (const ingest::Parser *parser : FormatRegistry::builtin().parsers(kind)) {
        if (!added.contains(parser->format()))
            m_format->addItem(tr("%1 (%2)").arg(parser->format(), parser->description()), parser->format());
    }
    const QString current = !keep.isEmpty()           ? keep
        : preview && !preview->chosenFormat.isEmpty() ? preview->chosenFormat
                                                      : fallback;
    const int index = m_format->findData(current);
    m_format->setCurrentIndex(index >= 0 ? index : 0);
    m_updatingFormats = false;
}

void ImportPreviewPage::showOutcome(const Outcome &outcome)
{
    // Saved profiles, kept in the combo for loading.
    while (m_profiles->count() > 1)
        m_profiles->removeItem(1);
    for (const auto &profile : outcome.profiles)
        m_profiles->addItem(profile.name, profile.definition);

    const DisplayZone &zone = m_wizard->session()->zone();
    if (!outcome.preview) {
        m_model->clear();
        const Error &e = *outcome.error;
        // A log without a built-in format: offer the mapping, filled with a guess, and retry once.
        if (!m_guessApplied && !outcome.guess.isEmpty()) {
            const QString profileFormat = profileParserFor(outcome.guess);
            if (!profileFormat.isEmpty()) {
                m_guessApplied = true;
                m_formatOverride = profileFormat;
                m_editor->setDefinition(outcome.guess);
                fillFormats(nullptr, {});
                m_mappingBox->setVisible(true);
                runPreview();
                return;
            }
        }
        fillFormats(nullptr, {});
        m_mappingBox->setVisible(needsMapping());
        m_detected->setText(tr("The file could not be previewed: %1").arg(e.message));
        m_problems->setText(e.detail);
        emit previewReady();
        return;
    }
    const ingest::ImportPreview &p = *outcome.preview;
    const ingest::Parser *parser = FormatRegistry::builtin().find(p.chosenFormat);
    // Without a chosen format the best sniffed one needs a mapping the preview did not have.
    const ingest::Parser *best = parser ? parser : p.formats.isEmpty() ? nullptr : p.formats.first().parser;
    const bool mapping = best && best->needsProfile();
    if (mapping && !m_guessApplied && m_editor->definition().value(QStringLiteral("fields")).toObject().isEmpty()
        && !outcome.guess.isEmpty()) {
        m_guessApplied = true;
        m_editor->setDefinition(outcome.guess);
        m_formatOverride = best->format();
        m_mappingBox->setVisible(true);
        runPreview();
        return;
    }
    fillFormats(&p, best ? best->format() : QString());
    if (!parser) {
        m_model->clear();
        m_mappingBox->setVisible(mapping);
        m_detected->setText(mapping
                                ? tr("Looks like <b>%1</b> (%2), which needs a field mapping: fill in where each field "
                                     "comes from below, then Apply Mapping.")
                                      .arg(best->format(), best->description().toHtmlEscaped())
                                : tr("No format recognised this file; choose one above."));
        emit completeChanged();
        emit previewReady();
        return;
    }
    m_mappingBox->setVisible(mapping);
    m_model->setPreview(p, zone);
    m_table->resizeColumnsToContents();
    for (int column = 0; column < m_model->columnCount(); ++column)
        m_table->setColumnWidth(column, qMin(m_table->columnWidth(column), 320));
    QString detected = parser ? tr("Read as <b>%1</b>: %2").arg(parser->format(), parser->description().toHtmlEscaped())
                              : tr("No format recognised this file.");
    if (!p.compression.isEmpty())
        detected += tr(" (%1-compressed)").arg(p.compression);
    detected += tr(" · first %n item(s) shown", nullptr, m_model->rowCount());
    m_detected->setText(detected);
    QStringList problems;
    for (const auto &d : p.diagnostics)
        problems << tr("line %1: %2").arg(d.line).arg(d.reason);
    m_problems->setText(problems.isEmpty()
                            ? QString()
                            : tr("%n record(s) in the preview could not be read and would be listed as diagnostics: ",
                                 nullptr, int(problems.size()))
                                + problems.mid(0, 5).join(QStringLiteral("; ")));
    m_previewOk = parser != nullptr;
    emit completeChanged();
    emit previewReady();
}

} // namespace lineage::ui
