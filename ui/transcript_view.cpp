// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcript_view.h"

#include "case_session.h"
#include "header_fit.h"
#include "item_properties.h"
#include "transcript_properties_dialog.h"
#include "transcript_turns_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QVBoxLayout>

namespace lineage::ui {

using casefile::TranscriptRow;
using casefile::TranscriptStore;
using casefile::TurnRow;

namespace {

QString section(const QString &title, const QString &text)
{
    return QStringLiteral("<p style=\"margin-top:10px\"><b>%1</b></p><p style=\"white-space: pre-wrap\">%2</p>")
        .arg(title.toHtmlEscaped(), text.toHtmlEscaped());
}

} // namespace

TranscriptView::TranscriptView(CaseSession *session, qint64 transcriptId, QWidget *parent)
    : QWidget(parent), m_session(session), m_id(transcriptId), m_model(new TranscriptTurnsModel(session, this)),
      m_header(new QLabel(tr("Reading transcript %1…").arg(transcriptId), this)),
      m_properties(new QPushButton(tr("&Properties…"), this)), m_search(new QLineEdit(this)),
      m_status(new QLabel(this)), m_table(new QTableView(this)), m_details(new QTextEdit(this))
{
    setObjectName(QStringLiteral("transcriptView"));
    m_header->setObjectName(QStringLiteral("transcriptHeader"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_properties->setToolTip(tr("Change the transcript's model label and role"));
    m_properties->setEnabled(!session->isReadOnly());
    connect(m_properties, &QPushButton::clicked, this, [this] { emit propertiesRequested(m_id); });
    m_search->setObjectName(QStringLiteral("transcriptSearch"));
    m_search->setPlaceholderText(tr("Find in this transcript: turns whose prompt or answer contains the text"));
    m_search->setClearButtonEnabled(true);
    auto *findButton = new QPushButton(tr("Find"), this);
    m_status->setObjectName(QStringLiteral("transcriptStatus"));
    m_status->setTextFormat(Qt::PlainText);

    m_table->setObjectName(QStringLiteral("turnsTable"));
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(false);
    const int widths[] = { 60, 320, 400, 90, 90 };
    for (int column = 0; column < TranscriptTurnsModel::ColumnCount; ++column)
        m_table->setColumnWidth(column, widths[column]);
    keepHeadersReadable(m_table);

    m_details->setObjectName(QStringLiteral("turnDetails"));
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Choose a turn to read it in full."));

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_properties);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(findButton);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_search, &QLineEdit::returnPressed, this, [this] { find(m_search->text()); });
    connect(findButton, &QPushButton::clicked, this, [this] { find(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && !m_model->searchText().isEmpty())
            find({});
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showTurn(current.row()); });
    connect(m_model, &TranscriptTurnsModel::pageLoaded, this, [this] {
        if (m_shownRow >= 0 && m_details->toPlainText().isEmpty())
            showTurn(m_shownRow);
    });
    connect(m_model, &TranscriptTurnsModel::searchFinished, this, [this] {
        updateStatus();
        if (m_model->rowCount() > 0)
            m_table->setCurrentIndex(m_model->index(0, TranscriptTurnsModel::Prompt));
        else
            m_details->clear();
    });
    connect(session, &CaseSession::contentChanged, this, &TranscriptView::load);
    load();
}

QString TranscriptView::headerText() const
{
    return m_header->text();
}

QString TranscriptView::statusText() const
{
    return m_status->text();
}

void TranscriptView::load()
{
    if (!m_session->isOpen())
        return;
    readItem<TranscriptRow>(
        m_session, this, QStringLiteral("transcript-view-%1").arg(m_id), tr("Reading transcript %1").arg(m_id), m_id,
        [](casefile::Database &db, qint64 id) { return TranscriptStore(db).transcript(id); },
        [this](Result<TranscriptRow> row) {
            if (!row) {
                m_header->setText(tr("Transcript %1 could not be read: %2").arg(m_id).arg(row.error().message));
                emit loaded();
                return;
            }
            present(*row);
            emit loaded();
        });
}

void TranscriptView::present(const TranscriptRow &row)
{
    const bool unassigned = row.role == TranscriptStore::unassignedRole();
    const bool sameTranscript = m_model->transcript().id == row.id && m_model->transcript().turnCount == row.turnCount;
    QString header = tr("%1 · %2 · %n turn(s) · %3 (source #%4)", nullptr, int(row.turnCount))
                         .arg(row.modelLabel,
                              unassigned ? tr("role not assigned") : TranscriptPropertiesDialog::roleName(row.role),
                              row.sourceName)
                         .arg(row.sourceId);
    if (unassigned)
        header += tr("\nNo role yet: analyses that compare models need one. Give it with Properties.");
    m_header->setText(header);
    if (sameTranscript) {
        // A label or role edit: the turns are the same.
        return;
    }
    m_model->setTranscript(row);
    m_shownRow = -1;
    m_details->clear();
    updateStatus();
    if (!m_model->searchText().isEmpty() || !m_search->text().trimmed().isEmpty())
        find(m_search->text());
    else if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, TranscriptTurnsModel::Prompt));
}

void TranscriptView::find(const QString &text)
{
    m_status->setText(text.trimmed().isEmpty() ? QString() : tr("Finding '%1'…").arg(text.trimmed()));
    m_shownRow = -1;
    m_details->clear();
    m_model->search(text);
}

void TranscriptView::updateStatus()
{
    const QLocale locale;
    const qint64 all = m_model->transcript().turnCount;
    if (m_model->searchText().isEmpty()) {
        m_status->setText(tr("%1 turns").arg(locale.toString(all)));
        return;
    }
    const qint64 found = m_model->matchTotal();
    QString text = found == 0
        ? tr("No turn of %1 contains '%2'.").arg(locale.toString(all), m_model->searchText())
        : tr("%1 of %2 turns contain '%3'").arg(locale.toString(found), locale.toString(all), m_model->searchText());
    if (found > m_model->rowCount())
        text += tr(" · the first %1 are shown").arg(locale.toString(m_model->rowCount()));
    m_status->setText(text);
}

void TranscriptView::showTurn(int row)
{
    m_shownRow = row;
    const TurnRow *t = m_model->turn(row);
    if (!t) {
        m_details->clear();
        return;
    }
    QStringList place { tr("Turn %1 of %2").arg(t->seq).arg(m_model->transcript().turnCount) };
    if (t->line)
        place << tr("line %1 of %2").arg(*t->line).arg(m_model->transcript().sourceName);
    if (t->byteOffset && t->byteLength)
        place << tr("bytes %1 to %2").arg(*t->byteOffset).arg(*t->byteOffset + *t->byteLength);
    if (!t->conversation.isEmpty())
        place << tr("conversation %1").arg(t->conversation);
    QString html = QStringLiteral("<p><i>%1</i></p>").arg(place.join(QStringLiteral(" · ")).toHtmlEscaped());
    if (!t->system.isEmpty())
        html += section(tr("System"), t->system);
    html += section(tr("Prompt (%n character(s))", nullptr, int(t->prompt.size())), t->prompt);
    html += section(tr("Answer (%n character(s))", nullptr, int(t->answer.size())), t->answer);
    m_details->setHtml(html);
    // The searched text, marked where it occurs.
    if (!m_model->searchText().isEmpty()) {
        QTextCharFormat mark;
        mark.setFontWeight(QFont::Bold);
        mark.setBackground(QColor(255, 230, 120));
        QTextDocument *document = m_details->document();
        const QString text = m_model->searchText();
        QTextCursor first;
        for (QTextCursor c = document->find(text); !c.isNull(); c = document->find(text, c)) {
            c.mergeCharFormat(mark);
            if (first.isNull())
                first = c;
        }
        if (!first.isNull()) {
            first.clearSelection();
            m_details->setTextCursor(first);
        }
    }
}

} // namespace lineage::ui
