// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcript_properties_dialog.h"

#include "case_session.h"
#include "error_dialog.h"
#include "item_properties.h"
#include "job_runner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace lineage::ui {

using casefile::TranscriptRow;
using casefile::TranscriptStore;

TranscriptPropertiesDialog::TranscriptPropertiesDialog(CaseSession *session, qint64 transcriptId, QWidget *parent)
    : QDialog(parent), m_session(session), m_id(transcriptId), m_summary(new QLabel(this)),
      m_label(new QLineEdit(this)), m_role(new QComboBox(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("transcriptPropertiesDialog"));
    setWindowTitle(tr("Transcript Properties"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Reading transcript %1...").arg(m_id));
    m_label->setObjectName(QStringLiteral("modelLabelEdit"));
    m_label->setPlaceholderText(tr("The model that produced these answers, e.g. DeepDistill-7B"));
    m_role->setObjectName(QStringLiteral("roleBox"));
    for (const QString &role : TranscriptStore::roles())
        m_role->addItem(roleName(role), role);
    m_role->setToolTip(tr("Not assigned: no claim made yet; analyses that compare models ask for one. Provider: the "
                          "model whose outputs may have been taken. Suspect: the model under "
                          "investigation. Control: a model known not to be trained on the provider's outputs. "
                          "Protected corpus: texts of a rights holder."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Model label:"), m_label);
    form->addRow(tr("&Role in the case:"), m_role);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TranscriptPropertiesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_label, &QLineEdit::textChanged, this, &TranscriptPropertiesDialog::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    resize(480, sizeHint().height());
    updateButtons();
    load();
}

QString TranscriptPropertiesDialog::roleName(const QString &role)
{
    if (role == TranscriptStore::unassignedRole())
        return tr("Not assigned");
    if (role == QLatin1String("provider"))
        return tr("Provider");
    if (role == QLatin1String("suspect"))
        return tr("Suspect");
    if (role == QLatin1String("control"))
        return tr("Control");
    if (role == QLatin1String("protected-corpus"))
        return tr("Protected corpus");
    return role;
}

void TranscriptPropertiesDialog::load()
{
    if (!m_session->isOpen())
        return;
    readItem<TranscriptRow>(
        m_session, this, QStringLiteral("transcript-properties-load"), tr("Reading transcript %1").arg(m_id), m_id,
        [](casefile::Database &db, qint64 id) { return TranscriptStore(db).transcript(id); },
        [this](Result<TranscriptRow> row) {
            if (!row) {
                m_summary->setText(row.error().message);
                showError(this, tr("Transcript %1 could not be read.").arg(m_id), row.error());
                emit loadFailed(row.error());
                return;
            }
            fill(*row);
            emit loaded();
        });
}

void TranscriptPropertiesDialog::fill(const TranscriptRow &row)
{
    m_row = row;
    m_loaded = true;
    m_summary->setText(
        tr("Transcript %1 · %2 turns · from %3%4")
            .arg(row.id)
            .arg(QLocale().toString(row.turnCount))
            .arg(row.sourceName)
            .arg(row.title.isEmpty() || row.title == row.sourceName ? QString() : tr(" · “%1”").arg(row.title)));
    m_label->setText(row.modelLabel);
    m_role->setCurrentIndex(qMax(0, m_role->findData(row.role)));
    updateButtons();
}

void TranscriptPropertiesDialog::updateButtons()
{
    const bool editable = m_loaded && !m_saving && !m_session->isReadOnly();
    m_label->setEnabled(editable);
    m_role->setEnabled(editable);
    m_buttons->setEnabled(!m_saving);
    // The core refuses an empty model label, so the dialog does too.
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(editable && !m_label->text().trimmed().isEmpty());
}

void TranscriptPropertiesDialog::accept()
{
    if (!m_loaded || m_saving)
        return;
    const QString label = m_label->text().trimmed();
    const QString role = m_role->currentData().toString();
    if (label == m_row.modelLabel && role == m_row.role) {
        QDialog::accept();
        return;
    }
    m_saving = true;
    updateButtons();
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const qint64 id = m_id;
    m_session->jobs()->run<Status>(
        QStringLiteral("transcript-properties-save"), tr("Saving transcript %1").arg(id),
        [path, who, id, label, role](Feedback &) -> Status {
            auto file = CaseSession::openWriter(path, who);
            if (!file)
                return file.error();
            return TranscriptStore::updateTranscript(**file, id, label, role);
        },
        this,
        [this](Status status) {
            m_saving = false;
            updateButtons();
            if (!status) {
                showError(this, tr("The transcript's model label and role were not saved."), status.error());
                emit saveFailed(status.error());
                return;
            }
            m_session->notifyContentChanged();
            emit saved();
            QDialog::accept();
        });
}

} // namespace lineage::ui
