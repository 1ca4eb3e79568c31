// SPDX-License-Identifier: GPL-3.0-or-later
#include "import_files_page.h"

#include "ingest/importer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace lineage::ui {

using ingest::DocumentType;
using ingest::SourceKind;
using ingest::TranscriptRole;

ImportFilesPage::ImportFilesPage(QWidget *parent)
    : QWizardPage(parent), m_list(new QListWidget(this)), m_kind(new QComboBox(this)),
      m_kindDetails(new QStackedWidget(this)), m_label(new QLineEdit(this)), m_role(new QComboBox(this)),
      m_docType(new QComboBox(this)), m_zone(new QComboBox(this)), m_strict(new QCheckBox(this)),
      m_index(new QCheckBox(this)), m_guess(new QLabel(this)), m_roleHint(new QLabel(this))
{
    setTitle(tr("Files"));
    setSubTitle(tr("Choose the evidence files and say what they are. Gzip and zstd files are read as they are."));
    m_list->setObjectName(QStringLiteral("importFileList"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *add = new QPushButton(tr("&Add Files..."), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    connect(add, &QPushButton::clicked, this, &ImportFilesPage::addFiles);
    connect(remove, &QPushButton::clicked, this, &ImportFilesPage::removeSelected);

    m_kind->addItem(tr("Query log (provider API logs)"), int(SourceKind::QueryLog));
    m_kind->addItem(tr("Transcript (model prompts and answers)"), int(SourceKind::Transcript));
    m_kind->addItem(tr("Document (PDF, text, HTML)"), int(SourceKind::Document));

    m_label->setPlaceholderText(tr("e.g. suspect-model-v3 (taken from the file when it names its generator)"));
    // No role is taken for granted: a role is a claim about the model that analyses rely on.
    m_role->addItem(tr("Not assigned yet (give it later in Transcript Properties)"), int(TranscriptRole::Unassigned));
    m_role->addItem(tr("Suspect"), int(TranscriptRole::Suspect));
    m_role->addItem(tr("Provider"), int(TranscriptRole::Provider));
    m_role->addItem(tr("Control"), int(TranscriptRole::Control));
    m_role->addItem(tr("Protected corpus"), int(TranscriptRole::ProtectedCorpus));
    m_docType->addItem(tr("Other"), int(DocumentType::Other));
    m_docType->addItem(tr("Terms of service"), int(DocumentType::TermsOfService));
    m_docType->addItem(tr("Contract"), int(DocumentType::Contract));
    m_docType->addItem(tr("Complaint"), int(DocumentType::Complaint));
    m_docType->addItem(tr("Letter"), int(DocumentType::Letter));

    auto *queryDetails = new QWidget(this);
    auto *transcriptDetails = new QWidget(this);
    auto *transcriptForm = new QFormLayout(transcriptDetails);
    transcriptForm->setContentsMargins(0, 0, 0, 0);
    transcriptForm->addRow(tr("Model &label:"), m_label);
    transcriptForm->addRow(tr("R&ole in the case:"), m_role);
    auto *documentDetails = new QWidget(this);
    auto *documentForm = new QFormLayout(documentDetails);
    documentForm->setContentsMargins(0, 0, 0, 0);
    documentForm->addRow(tr("Document &type:"), m_docType);
    m_kindDetails->addWidget(queryDetails);
    m_kindDetails->addWidget(transcriptDetails);
    m_kindDetails->addWidget(documentDetails);
    m_guess->setObjectName(QStringLiteral("importKindGuess"));
    m_guess->setWordWrap(true);
    m_guess->setTextFormat(Qt::PlainText);
    m_roleHint->setObjectName(QStringLiteral("importRoleHint"));
    m_roleHint->setWordWrap(true);
    m_roleHint->setTextFormat(Qt::PlainText);
    transcriptForm->addRow(QString(), m_roleHint);
    connect(m_kind, &QComboBox::currentIndexChanged, m_kindDetails, &QStackedWidget::setCurrentIndex);
    connect(m_role, &QComboBox::currentIndexChanged, this, &ImportFilesPage::updateRoleHint);
    updateRoleHint();
    m_kindDetails->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_zone->setEditable(true);
    m_zone->addItem(QStringLiteral("UTC"));
    const auto ids = QTimeZone::availableTimeZoneIds();
    for (const QByteArray &id : ids)
        if (id != "UTC")
            m_zone->addItem(QString::fromUtf8(id));
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    connect(m_zone, &QComboBox::currentTextChanged, this, &QWizardPage::completeChanged);
    m_strict->setText(tr("&Strict: stop at the first bad record instead of listing it"));
    m_index->setText(tr("Build the full-text &index now (otherwise later, in the background)"));
    m_index->setChecked(true);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *files = new QHBoxLayout;
    m_list->setMinimumHeight(120);
    files->addWidget(m_list);
    files->addLayout(buttons);
    auto *form = new QFormLayout;
    form->addRow(tr("&Kind of evidence:"), m_kind);
    form->addRow(QString(), m_guess);
    form->addRow(QString(), m_kindDetails);
    form->addRow(tr("Time &zone of times without offset:"), m_zone);
    form->addRow(QString(), m_strict);
    form->addRow(QString(), m_index);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(files, 1);
    layout->addLayout(form);
}

void ImportFilesPage::setFiles(const QStringList &files)
{
    m_list->clear();
    for (const QString &path : files) {
        auto *item = new QListWidgetItem(QFileInfo(path).fileName(), m_list);
        item->setData(Qt::UserRole, QFileInfo(path).absoluteFilePath());
        item->setToolTip(QFileInfo(path).absoluteFilePath());
    }
    guessKind();
    emit completeChanged();
}

void ImportFilesPage::guessKind()
{
    // Reading a file's first bytes is quick; the guess follows every change of the list.
    const QStringList paths = files();
    if (paths.isEmpty()) {
        m_guess->clear();
        return;
    }
    QList<SourceKind> kinds;
    QStringList unknown;
    QString described;
    for (const QString &path : paths) {
        auto guess = ingest::guessKind(path);
        if (!guess || guess->format.isEmpty()) {
            unknown << QFileInfo(path).fileName();
            continue;
        }
        if (!kinds.contains(guess->kind))
            kinds << guess->kind;
        if (described.isEmpty())
            described = guess->description;
    }
    QString text;
    if (kinds.size() == 1) {
        setKind(kinds.first());
        text = paths.size() == 1 ? tr("Guessed from the content: %1 (%2).").arg(m_kind->currentText(), described)
                                 : tr("Guessed from the content: %1.").arg(m_kind->currentText());
    } else if (kinds.size() > 1) {
        text = tr("These files hold different kinds of evidence: import them one kind at a time.");
    }
    if (!unknown.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(" "))
            + tr("No known format reads %1; choose the kind, and map its fields on the next page.")
                  .arg(unknown.join(QStringLiteral(", ")));
    m_guess->setText(text);
}

void ImportFilesPage::updateRoleHint()
{
    const bool unassigned = TranscriptRole(m_role->currentData().toInt()) == TranscriptRole::Unassigned;
    m_roleHint->setText(unassigned ? tr("Which part does this model play in the case? Analyses that compare models "
                                        "need a role; leave it unassigned only if it is not known yet.")
                                   : QString());
    m_roleHint->setVisible(unassigned);
}

QString ImportFilesPage::guessText() const
{
    return m_guess->text();
}

QString ImportFilesPage::roleHint() const
{
    return m_roleHint->text();
}

QStringList ImportFilesPage::files() const
{
    QStringList out;
    for (int row = 0; row < m_list->count(); ++row)
        out << m_list->item(row)->data(Qt::UserRole).toString();
    return out;
}

void ImportFilesPage::setKind(SourceKind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void ImportFilesPage::setModelLabel(const QString &label)
{
    m_label->setText(label);
}

void ImportFilesPage::setRole(TranscriptRole role)
{
    m_role->setCurrentIndex(m_role->findData(int(role)));
}

void ImportFilesPage::setBuildIndex(bool now)
{
    m_index->setChecked(now);
}

ingest::ImportOptions ImportFilesPage::options() const
{
    ingest::ImportOptions o;
    o.kind = SourceKind(m_kind->currentData().toInt());
    o.modelLabel = m_label->text().trimmed();
    o.role = TranscriptRole(m_role->currentData().toInt());
    o.docType = DocumentType(m_docType->currentData().toInt());
    const QString zone = m_zone->currentText().trimmed();
    o.timeZone = zone == QLatin1String("UTC") ? QString() : zone;
    o.strict = m_strict->isChecked();
    o.buildIndex = m_index->isChecked();
    return o;
}

bool ImportFilesPage::isComplete() const
{
    const QString zone = m_zone->currentText().trimmed();
    const bool zoneOk = zone.isEmpty() || zone == QLatin1String("UTC") || QTimeZone(zone.toUtf8()).isValid();
    return m_list->count() > 0 && zoneOk;
}

void ImportFilesPage::addFiles()
{
    const QStringList chosen = QFileDialog::getOpenFileNames(
        this, tr("Add Evidence Files"), {},
        tr("Evidence (*.jsonl *.json *.csv *.txt *.md *.pdf *.html *.htm *.gz *.zst);;All files (*)"));
    QStringList all = files();
    for (const QString &path : chosen)
        if (!all.contains(QFileInfo(path).absoluteFilePath()))
            all << path;
    setFiles(all);
}

void ImportFilesPage::removeSelected()
{
    const auto selected = m_list->selectedItems();
    for (QListWidgetItem *item : selected)
        delete item;
    guessKind();
    emit completeChanged();
}

} // namespace lineage::ui
