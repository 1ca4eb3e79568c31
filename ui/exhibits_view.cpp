// SPDX-License-Identifier: GPL-3.0-or-later
#include "exhibits_view.h"

#include "annotation_controller.h"
#include "case_session.h"
#include "exhibits_model.h"
#include "header_fit.h"
#include "job_runner.h"
#include "report/item_text.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

struct Loaded
{
    QList<casefile::ExhibitRow> exhibits;
    QStringList labels;
};

} // namespace

ExhibitsView::ExhibitsView(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QWidget(parent), m_session(session), m_annotations(annotations), m_model(new ExhibitsModel(this)),
      m_table(new QTableView(this)), m_status(new QLabel(this)), m_up(new QPushButton(tr("Move Up"), this)),
      m_down(new QPushButton(tr("Move Down"), this)), m_remove(new QPushButton(tr("Remove"), this)),
      m_upAction(new QAction(tr("Move &Up"), this)), m_downAction(new QAction(tr("Move &Down"), this)),
      m_captionAction(new QAction(tr("Edit &Caption"), this)), m_removeAction(new QAction(tr("&Remove"), this))
{
    setObjectName(QStringLiteral("exhibitsView"));
    m_model->setZoneFormatter([this](qint64 ms) { return m_session->zone().format(ms); });
    m_table->setObjectName(QStringLiteral("exhibitsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setDragEnabled(true);
    m_table->setAcceptDrops(true);
    m_table->setDropIndicatorShown(true);
    m_table->setDragDropMode(QAbstractItemView::InternalMove);
    m_table->setDefaultDropAction(Qt::MoveAction);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(ExhibitsModel::Caption, QHeaderView::Stretch);
    m_table->setColumnWidth(ExhibitsModel::Number, 90);
    m_table->setColumnWidth(ExhibitsModel::Item, 320);
    m_table->setColumnWidth(ExhibitsModel::Added, 250);
    keepHeadersReadable(m_table);
    m_status->setObjectName(QStringLiteral("exhibitsStatus"));
    m_up->setObjectName(QStringLiteral("exhibitUp"));
    m_down->setObjectName(QStringLiteral("exhibitDown"));
    m_remove->setObjectName(QStringLiteral("exhibitRemove"));

    auto current = [this] {
        const QModelIndex i = m_table->currentIndex();
        return i.isValid() ? i.row() : -1;
    };
    connect(m_up, &QPushButton::clicked, this, [this, current] { moveRow(current(), -1); });
    connect(m_down, &QPushButton::clicked, this, [this, current] { moveRow(current(), +1); });
    connect(m_remove, &QPushButton::clicked, this, [this, current] { removeRow(current()); });
    m_upAction->setObjectName(QStringLiteral("exhibitUpAction"));
    m_downAction->setObjectName(QStringLiteral("exhibitDownAction"));
    m_captionAction->setObjectName(QStringLiteral("exhibitCaptionAction"));
    m_removeAction->setObjectName(QStringLiteral("exhibitRemoveAction"));
    m_upAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    m_downAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    m_captionAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_removeAction->setShortcut(QKeySequence::Delete);
    for (QAction *a : { m_upAction, m_downAction, m_captionAction, m_removeAction }) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_table->addAction(a);
    }
    connect(m_upAction, &QAction::triggered, this, [this, current] { moveRow(current(), -1); });
    connect(m_downAction, &QAction::triggered, this, [this, current] { moveRow(current(), +1); });
    connect(m_removeAction, &QAction::triggered, this, [this, current] { removeRow(current()); });
    connect(m_captionAction, &QAction::triggered, this, [this, current] {
        if (current() >= 0)
            m_table->edit(m_model->index(current(), ExhibitsModel::Caption));
    });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex at = m_table->indexAt(pos);
        if (at.isValid())
            m_table->setCurrentIndex(at);
        contextMenu()->popup(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &ExhibitsView::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ExhibitsView::updateButtons);
    connect(m_model, &ExhibitsModel::moveRequested, this,
            [this](const casefile::ExhibitRow &e, int number) { m_annotations->moveExhibit(e, number); });
    connect(m_model, &ExhibitsModel::captionEdited, this,
            [this](const casefile::ExhibitRow &e, const QString &caption) {
                m_annotations->setExhibitCaption(e, caption);
            });
    connect(m_annotations, &AnnotationController::changed, this, &ExhibitsView::reload);
    connect(m_session, &CaseSession::caseOpened, this, &ExhibitsView::reload);
    connect(m_session, &CaseSession::caseClosing, m_model, &ExhibitsModel::clear);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    updateButtons();
    if (m_session->isOpen())
        reload();
}

QString ExhibitsView::statusText() const
{
    return m_status->text();
}

void ExhibitsView::updateButtons()
{
    const QModelIndex i = m_table->currentIndex();
    const bool writable = m_session->isOpen() && !m_session->isReadOnly();
    const int n = m_model->rowCount();
    m_up->setEnabled(writable && i.isValid() && i.row() > 0);
    m_down->setEnabled(writable && i.isValid() && i.row() < n - 1);
    m_remove->setEnabled(writable && i.isValid());
    m_upAction->setEnabled(m_up->isEnabled());
    m_downAction->setEnabled(m_down->isEnabled());
    m_removeAction->setEnabled(m_remove->isEnabled());
    m_captionAction->setEnabled(writable && i.isValid());
    m_status->setText(!m_session->isOpen() ? tr("Open a case to see its exhibits.")
                          : n == 0         ? tr("No exhibits yet: Ctrl+E on a table row or a finding adds one.")
                          : n == 1         ? tr("1 exhibit; drag a row to renumber, F2 edits a caption.")
                                           : tr("%1 exhibits; drag a row to renumber, F2 edits a caption.").arg(n));
}

QMenu *ExhibitsView::contextMenu()
{
    if (!m_menu) {
        m_menu = new QMenu(this);
        m_menu->setObjectName(QStringLiteral("exhibitsMenu"));
        m_menu->addActions({ m_upAction, m_downAction });
        m_menu->addSeparator();
        m_menu->addAction(m_captionAction);
        m_menu->addSeparator();
        m_menu->addAction(m_removeAction);
    }
    updateButtons();
    return m_menu;
}

void ExhibitsView::reload()
{
    if (!m_session->isOpen())
        return;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Result<Loaded>>(
        QStringLiteral("exhibits"), tr("Exhibits"),
        [path, who](Feedback &) -> Result<Loaded> {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            auto exhibits = casefile::AnnotationStore::exhibits((*file)->db());
            if (!exhibits)
                return exhibits.error();
            Loaded out;
            report::ItemText names((*file)->db());
            for (const auto &e : *exhibits) {
                auto label = names.label(e.item.kind, e.item.id);
                out.labels << (label ? *label : QString());
            }
            out.exhibits = std::move(*exhibits);
            return out;
        },
        this,
        [this](Result<Loaded> loaded) {
            const qint64 current
                = m_table->currentIndex().isValid() ? m_model->exhibit(m_table->currentIndex().row())->id : 0;
            if (!loaded) {
                m_model->clear();
                m_status->setText(tr("The exhibits could not be read: %1").arg(loaded.error().message));
                emit this->loaded();
                return;
            }
            m_model->setExhibits(std::move(loaded->exhibits), std::move(loaded->labels));
            for (int row = 0; row < m_model->rowCount(); ++row)
                if (m_model->exhibit(row)->id == current)
                    m_table->setCurrentIndex(m_model->index(row, ExhibitsModel::Item));
            updateButtons();
            emit this->loaded();
        },
        JobRunner::Visibility::Quiet);
}

void ExhibitsView::moveRow(int row, int delta)
{
    const casefile::ExhibitRow *e = m_model->exhibit(row);
    const casefile::ExhibitRow *other = m_model->exhibit(row + delta);
    if (!e || !other)
        return;
    m_annotations->moveExhibit(*e, other->number);
}

void ExhibitsView::removeRow(int row)
{
    if (const casefile::ExhibitRow *e = m_model->exhibit(row))
        m_annotations->removeExhibit(*e);
}

} // namespace lineage::ui
