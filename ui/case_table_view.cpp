// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_table_view.h"

#include "annotation_controller.h"
#include "case_session.h"
#include "job_runner.h"
#include "table_model.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

// Rows selected beyond this are not collected one by one: "Tag all rows" serves them.
constexpr int kMaxSelected = 100000;

QString filterHelp(const casefile::TableSpec &spec)
{
    QStringList keys;
    for (const auto &c : spec.columns)
        keys << c.key;
    return QObject::tr("Filter terms, all required, separated by spaces (quote a value with spaces):\n"
                       "  KEY=VALUE  KEY!=VALUE  KEY<N  KEY<=N  KEY>N  KEY>=N  KEY~TEXT (contains)\n"
                       "  tag=NAME  starred  unstarred\n"
                       "Times as ISO 8601, e.g. time>=2025-01-31T12:00Z.\nColumns: %1")
        .arg(keys.join(QStringLiteral(", ")));
}

QString matchHelp()
{
    return QObject::tr("Full-text match (prompts, completions, turns):\n"
                       "  words       every word must occur (case and accents ignored)\n"
                       "  \"a phrase\"  the words in this order\n"
                       "  distil*     a word starting with distil\n"
                       "  我是         Chinese, Japanese and Korean text matches as written, any length\n"
                       "Other tables: a substring of any text column.");
}

} // namespace

CaseTableView::CaseTableView(const casefile::TableSpec &spec, CaseSession *session, AnnotationController *annotations,
                             QWidget *parent)
    : QWidget(parent), m_spec(spec), m_session(session), m_annotations(annotations),
      m_model(new TableModel(spec, session, this)), m_view(new QTableView(this)), m_filter(new QLineEdit(this)),
      m_match(new QLineEdit(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("table_%1").arg(spec.name));
    m_prompt = [this](const QString &title, const QString &label) -> std::optional<QString> {
        bool ok = false;
        const QString text = QInputDialog::getText(this, title, label, QLineEdit::Normal, {}, &ok);
        return ok ? std::optional<QString>(text) : std::nullopt;
    };
    m_filter->setObjectName(QStringLiteral("tableFilter"));
    m_filter->setPlaceholderText(tr("Filter: model=gpt-4o prompt_tokens>=100 tag=suspicious starred"));
    m_filter->setToolTip(filterHelp(spec));
    m_filter->setClearButtonEnabled(true);
    m_match->setObjectName(QStringLiteral("tableMatch"));
    m_match->setPlaceholderText(tr("Text match"));
    m_match->setToolTip(matchHelp());
    m_match->setClearButtonEnabled(true);
    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 3);
    bar->addWidget(m_match, 2);
    bar->addWidget(exportButton);
    m_status->setObjectName(QStringLiteral("tableStatus"));

    m_view->setModel(m_model);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicator(TableModel::FirstDataColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->verticalHeader()->hide();
    m_view->setColumnWidth(TableModel::StarColumn, 28);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->horizontalHeader()->setSectionsMovable(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view);
    layout->addWidget(m_status);

    auto action = [this](const QString &text, const QString &name, const QKeySequence &key) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        return a;
    };
    m_star = action(tr("Star / Unstar"), QStringLiteral("starAction"), QKeySequence(Qt::CTRL | Qt::Key_D));
    m_tag = action(tr("Tag…"), QStringLiteral("tagAction"), QKeySequence(Qt::CTRL | Qt::Key_T));
    m_untag = action(tr("Remove Tag…"), QStringLiteral("untagAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_tagAll = action(tr("Tag Every Row of This Filter…"), QStringLiteral("tagAllAction"), {});
    m_comment = action(tr("Comment…"), QStringLiteral("commentAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_exhibit = action(tr("Add as Exhibit…"), QStringLiteral("exhibitAction"), QKeySequence(Qt::CTRL | Qt::Key_E));
    m_copy = action(tr("Copy as TSV"), QStringLiteral("copyTsvAction"), QKeySequence::Copy);
    m_export = action(tr("Export Table…"), QStringLiteral("exportAction"), {});
    connect(m_star, &QAction::triggered, this, &CaseTableView::toggleStar);
    connect(m_tag, &QAction::triggered, this, [this] { tagSelection(true); });
    connect(m_untag, &QAction::triggered, this, [this] { tagSelection(false); });
    connect(m_tagAll, &QAction::triggered, this, &CaseTableView::tagAll);
    connect(m_comment, &QAction::triggered, this, &CaseTableView::commentSelection);
    connect(m_exhibit, &QAction::triggered, this, &CaseTableView::exhibitSelection);
    connect(m_copy, &QAction::triggered, this, [this] { copyAsTsv(); });
    connect(m_export, &QAction::triggered, this, &CaseTableView::chooseExport);
    connect(exportButton, &QPushButton::clicked, this, &CaseTableView::chooseExport);

    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = buildContextMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_view->horizontalHeader(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = buildColumnMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->horizontalHeader()->mapToGlobal(pos));
    });
    connect(m_filter, &QLineEdit::returnPressed, this, &CaseTableView::applyFilter);
    connect(m_match, &QLineEdit::returnPressed, this, &CaseTableView::applyFilter);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CaseTableView::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CaseTableView::emitCurrent);
    connect(m_model, &TableModel::pageLoaded, this, [this] {
        if (m_view->currentIndex().isValid() && m_model->isRowLoaded(m_view->currentIndex().row()))
            emitCurrent();
    });
    connect(m_model, &TableModel::countFinished, this,
            [this] { m_status->setText(tr("%1 rows").arg(QLocale().toString(m_model->totalRows()))); });
    connect(m_model, &TableModel::reloaded, this, [this] {
        if (!m_model->isComplete())
            m_status->setText(tr("%1+ rows, counting…").arg(QLocale().toString(m_model->totalRows())));
        updateActions();
    });
    connect(m_model, &TableModel::loadFailed, this,
            [this](const Error &e) { m_status->setText(tr("Cannot read the table: %1").arg(e.message)); });
    connect(annotations, &AnnotationController::changed, m_model, &TableModel::refreshMarks);
    updateActions();
}

void CaseTableView::updateActions()
{
    const bool writable = m_session->isOpen() && !m_session->isReadOnly();
    const bool any = m_view->selectionModel()->hasSelection();
    for (QAction *a : { m_star, m_tag, m_untag, m_comment, m_exhibit })
        a->setEnabled(writable && any);
    m_tagAll->setEnabled(writable && m_model->rowCount() > 0);
    m_copy->setEnabled(any);
    m_export->setEnabled(writable);
}

QMenu *CaseTableView::buildContextMenu(QWidget *parent)
{
    updateActions();
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("tableContextMenu"));
    if (!m_leading.isEmpty()) {
        menu->addActions(m_leading);
        menu->addSeparator();
    }
    menu->addActions({ m_star, m_tag, m_untag, m_comment, m_exhibit });
    menu->addSeparator();
    menu->addAction(m_tagAll);
    menu->addSeparator();
    menu->addActions({ m_copy, m_export });
    menu->addMenu(buildColumnMenu(menu));
    return menu;
}

QMenu *CaseTableView::buildColumnMenu(QWidget *parent)
{
    auto *menu = new QMenu(tr("Columns"), parent);
    menu->setObjectName(QStringLiteral("columnMenu"));
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QAction *a = menu->addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!m_view->isColumnHidden(c));
        connect(a, &QAction::toggled, this, [this, c](bool on) { m_view->setColumnHidden(c, !on); });
    }
    return menu;
}

QList<qint64> CaseTableView::selectedIds() const
{
    QList<int> rows;
    const auto ranges = m_view->selectionModel()->selection();
    for (const auto &range : ranges)
        for (int r = range.top(); r <= range.bottom() && rows.size() < kMaxSelected; ++r)
            rows << r;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<qint64> ids;
    for (int r : std::as_const(rows))
        if (m_model->isRowLoaded(r))
            ids << m_model->row(r)->id;
    return ids;
}

QString CaseTableView::copyAsTsv()
{
    QList<int> rows;
    for (const auto &range : m_view->selectionModel()->selection())
        for (int r = range.top(); r <= range.bottom() && rows.size() < kMaxSelected; ++r)
            rows << r;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<int> columns;
    for (int v = 0; v < m_model->columnCount(); ++v) {
        const int c = m_view->horizontalHeader()->logicalIndex(v);
        if (!m_view->isColumnHidden(c))
            columns << c;
    }
    auto clean = [](QString s) {
        s.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
        return s.remove(QLatin1Char('\r'));
    };
    QStringList lines;
    QStringList header;
    for (int c : std::as_const(columns))
        header << clean(m_model->headerData(c, Qt::Horizontal).toString());
    lines << header.join(QLatin1Char('\t'));
    for (int r : std::as_const(rows)) {
        if (!m_model->isRowLoaded(r))
            continue;
        QStringList cells;
        for (int c : std::as_const(columns))
            cells << clean(m_model->cellText(r, c));
        lines << cells.join(QLatin1Char('\t'));
    }
    const QString tsv = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    QApplication::clipboard()->setText(tsv);
    return tsv;
}

bool CaseTableView::applyFilter()
{
    casefile::TableQuery query;
    query.sortColumn = m_model->query().sortColumn;
    query.descending = m_model->query().descending;
    query.conditions = m_base.conditions;
    for (const QString &term : QProcess::splitCommand(m_filter->text())) {
        if (auto s = query.addFilter(m_spec, term); !s) {
            m_status->setText(s.error().message);
            return false;
        }
    }
    query.match = m_match->text().trimmed();
    m_model->setQuery(query);
    m_status->setText(tr("Reading…"));
    return true;
}

void CaseTableView::setBaseQuery(const casefile::TableQuery &base)
{
    m_base = base;
    if (!m_model->query().sortColumn.isEmpty() || base.sortColumn.isEmpty()) {
        applyFilter();
        return;
    }
    // The first order: the header shows it too.
    casefile::TableQuery query = m_model->query();
    query.sortColumn = base.sortColumn;
    query.descending = base.descending;
    m_model->setQuery(query);
    const int column = m_model->modelColumn(base.sortColumn);
    if (column >= 0)
        m_view->horizontalHeader()->setSortIndicator(column, base.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    applyFilter();
}

void CaseTableView::toggleStar()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    // All starred: take the stars off; else star them all.
    bool allStarred = true;
    for (const auto &index : m_view->selectionModel()->selectedRows())
        allStarred = allStarred && m_model->isStarred(index.row());
    m_annotations->setStar(m_spec.itemKind, ids, !allStarred);
}

void CaseTableView::tagSelection(bool on)
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const auto tag = m_prompt(on ? tr("Tag") : tr("Remove Tag"),
                              on ? tr("Tag for %n row(s):", nullptr, int(ids.size()))
                                 : tr("Tag to remove from %n row(s):", nullptr, int(ids.size())));
    if (tag && !tag->trimmed().isEmpty())
        m_annotations->setTag(tag->trimmed(), m_spec.itemKind, ids, on);
}

void CaseTableView::tagAll()
{
    const auto tag
        = m_prompt(tr("Tag Every Row"),
                   tr("Tag for every row of this filter (%1 rows):").arg(QLocale().toString(m_model->totalRows())));
    if (tag && !tag->trimmed().isEmpty())
        m_annotations->setTagWhere(tag->trimmed(), m_spec, m_model->query(), true);
}

void CaseTableView::commentSelection()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const auto body = m_prompt(tr("Comment"), tr("Comment on %1 %2:").arg(m_spec.itemKind).arg(ids.front()));
    if (body && !body->trimmed().isEmpty())
        m_annotations->addComment({ m_spec.itemKind, ids.front() }, *body);
}

void CaseTableView::exhibitSelection()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const auto caption = m_prompt(tr("Add as Exhibit"), tr("Caption for %1 %2:").arg(m_spec.itemKind).arg(ids.front()));
    if (caption)
        m_annotations->addExhibit({ m_spec.itemKind, ids.front() }, *caption);
}

void CaseTableView::chooseExport()
{
    QString selected;
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export %1").arg(m_spec.title), m_spec.name + QStringLiteral(".csv"),
                                       tr("CSV (*.csv);;CSV with byte-order mark, for spreadsheets "
                                          "(*.csv);;JSON Lines (*.jsonl)"),
                                       &selected);
    if (path.isEmpty())
        return;
    const bool jsonl = selected.startsWith(QLatin1String("JSON")) || path.endsWith(QLatin1String(".jsonl"));
    exportTo(path, jsonl ? casefile::ExportFormat::JsonLines : casefile::ExportFormat::Csv,
             selected.contains(QLatin1String("byte-order")));
}

void CaseTableView::exportTo(const QString &path, casefile::ExportFormat format, bool byteOrderMark)
{
    const QString casePath = m_session->path();
    const auto who = m_session->investigator();
    const casefile::TableSpec *spec = &m_spec;
    const casefile::TableQuery query = m_model->query();
    casefile::TableExportOptions options { format, path, byteOrderMark };
    using Done = Result<casefile::TableExportSummary>;
    m_session->jobs()->run<Done>(
        QStringLiteral("export-%1").arg(m_spec.name), tr("Exporting %1").arg(m_spec.title),
        [casePath, who, spec, query, options](Feedback &feedback) -> Done {
            auto file = CaseSession::openWriter(casePath, who);
            if (!file)
                return file.error();
            return casefile::TableExport::run(**file, *spec, query, options, feedback);
        },
        this,
        [this, path](Done done) {
            if (!done) {
                m_status->setText(tr("Export not written: %1").arg(done.error().message));
                emit exportFailed(done.error());
                return;
            }
            m_status->setText(tr("Exported %1 rows to %2 (SHA-256 %3).")
                                  .arg(QLocale().toString(done->rows), path, done->sha256.left(16)));
            emit exportFinished(*done, path);
        });
}

void CaseTableView::emitCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_model->isRowLoaded(current.row()))
        return;
    const casefile::TableRow *row = m_model->row(current.row());
    QList<QPair<QString, QString>> fields;
    const QList<int> shown = m_spec.shownColumns();
    for (int i = 0; i < shown.size(); ++i) {
        const auto &c = m_spec.columns[shown[i]];
        fields.append({ c.title, m_model->cellText(current.row(), TableModel::FirstDataColumn + i) });
        if (c.type == casefile::ColumnType::Text) // the whole text, not the one-line cell
            fields.last().second = row->values.value(i).toString();
    }
    emit currentItemChanged({ m_spec.itemKind, row->id }, fields);
}

} // namespace lineage::ui
