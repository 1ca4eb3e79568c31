// SPDX-License-Identifier: GPL-3.0-or-later
#include "search_view.h"

#include "annotation_controller.h"
#include "app_settings.h"
#include "batch_search_dialog.h"
#include "case_session.h"
#include "casefile/source_store.h"
#include "header_fit.h"
#include "job_runner.h"
#include "record_details_dialog.h"
#include "search_hit_dialog.h"
#include "search_results_model.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

// Draws a snippet with its [match] in bold instead of brackets.
class SnippetDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QStringList terms;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString snippet = opt.text;
        qsizetype at = -1;
        qsizetype length = 0;
        for (const QString &term : terms) {
            at = snippet.indexOf(QLatin1Char('[') + term + QLatin1Char(']'), 0, Qt::CaseInsensitive);
            if (at >= 0) {
                length = term.size();
                break;
            }
        }
        if (at < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        QTextDocument doc;
        doc.setDocumentMargin(0);
        doc.setDefaultFont(opt.font);
        doc.setHtml(snippet.left(at).toHtmlEscaped() + QStringLiteral("<b>")
                    + snippet.mid(at + 1, length).toHtmlEscaped() + QStringLiteral("</b>")
                    + snippet.mid(at + length + 2).toHtmlEscaped());
        const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
        QAbstractTextDocumentLayout::PaintContext context;
        const bool selected = opt.state & QStyle::State_Selected;
        context.palette.setColor(QPalette::Text,
                                 opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->save();
        painter->translate(rect.left() + 2, rect.top() + (rect.height() - doc.size().height()) / 2);
        painter->setClipRect(QRect(0, 0, rect.width() - 2, rect.height()));
        doc.documentLayout()->draw(painter, context);
        painter->restore();
    }
};

} // namespace

SearchView::SearchView(CaseSession *session, AnnotationController *annotations, QWidget *parent)
    : QWidget(parent), m_session(session), m_annotations(annotations), m_model(new SearchResultsModel(this)),
      m_query(new QLineEdit(this)), m_status(new QLabel(this)), m_table(new QTableView(this)),
      m_findAction(new QAction(tr("&Find…"), this))
{
    setObjectName(QStringLiteral("searchView"));
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setPlaceholderText(tr("Search prompts, completions, transcripts and documents (words, \"phrases\", "
                                   "prefix*, Chinese text)"));
    m_query->setClearButtonEnabled(true);
    m_query->setToolTip(casefile::SearchIndex::syntaxHelp());
    auto *run = new QPushButton(tr("Search"), this);
    run->setObjectName(QStringLiteral("searchRun"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(QStringLiteral("searchStop"));
    m_stop->setToolTip(tr("Stop the running search"));
    m_stop->setEnabled(false);
    m_historyButton = new QToolButton(this);
    m_historyButton->setObjectName(QStringLiteral("searchHistory"));
    m_historyButton->setText(tr("History"));
    m_historyButton->setToolTip(tr("Your recent searches of this case"));
    m_historyButton->setPopupMode(QToolButton::InstantPopup);
    m_historyButton->setMenu(new QMenu(m_historyButton));
    connect(m_historyButton->menu(), &QMenu::aboutToShow, this, &SearchView::fillHistoryMenu);
    m_savedButton = new QToolButton(this);
    m_savedButton->setObjectName(QStringLiteral("savedSearches"));
    m_savedButton->setText(tr("Saved"));
    m_savedButton->setToolTip(tr("Searches kept by name in the case"));
    m_savedButton->setPopupMode(QToolButton::InstantPopup);
    m_savedButton->setMenu(new QMenu(m_savedButton));
    connect(m_savedButton->menu(), &QMenu::aboutToShow, this, &SearchView::fillSavedMenu);
    auto *batch = new QPushButton(tr("Batch…"), this);
    batch->setObjectName(QStringLiteral("batchSearch"));
    batch->setToolTip(tr("Search a list of strings (prompts, keys, IPs, phrases) and count the hits of each"));
    connect(batch, &QPushButton::clicked, this, [this] { openBatchSearch(); });
    connect(m_stop, &QPushButton::clicked, this, &SearchView::stop);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setTextFormat(Qt::PlainText);

    m_table->setObjectName(QStringLiteral("searchResults"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(SearchResultsModel::Snippet, m_snippets = new SnippetDelegate(m_table));
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    // One line a hit: CJK fallback fonts would otherwise make rows taller than the text.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = { 110, 200, 90, 90 };
    for (int column = 0; column < SearchResultsModel::Snippet; ++column)
        m_table->setColumnWidth(column, widths[column]);
    keepHeadersReadable(m_table);

    m_findAction->setObjectName(QStringLiteral("findAction"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_query->setFocus(Qt::ShortcutFocusReason);
        m_query->selectAll();
    });
    addAction(m_findAction);
    connect(m_query, &QLineEdit::returnPressed, this, [this] { search(m_query->text()); });
    connect(run, &QPushButton::clicked, this, [this] { search(m_query->text()); });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) { openHit(index.row()); });
    connect(m_session, &CaseSession::caseClosing, this, &SearchView::reset);
    connect(m_session, &CaseSession::caseOpened, this, &SearchView::reset);
    connect(m_session, &CaseSession::caseOpened, this, &SearchView::reloadSaved);
    if (m_annotations)
        connect(m_annotations, &AnnotationController::changed, this, &SearchView::reloadSaved);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_query, 1);
    bar->addWidget(run);
    bar->addWidget(m_stop);
    bar->addWidget(m_historyButton);
    bar->addWidget(m_savedButton);
    bar->addWidget(batch);
    // The time range brushed on the timeline, when one is set: said above the hits, cleared
    // with one click.
    m_rangeBar = new QWidget(this);
    m_rangeBar->setObjectName(QStringLiteral("searchRangeBar"));
    m_rangeLabel = new QLabel(m_rangeBar);
    m_rangeLabel->setObjectName(QStringLiteral("searchRange"));
    m_rangeLabel->setTextFormat(Qt::PlainText);
    m_rangeLabel->setWordWrap(true);
    auto *clearRange = new QToolButton(m_rangeBar);
    clearRange->setObjectName(QStringLiteral("searchRangeClear"));
    clearRange->setText(tr("Any Time"));
    clearRange->setToolTip(tr("Search every record, transcript and document again"));
    connect(clearRange, &QToolButton::clicked, this, [this] { setTimeRange(std::nullopt); });
    auto *rangeLayout = new QHBoxLayout(m_rangeBar);
    rangeLayout->setContentsMargins(0, 0, 0, 0);
    rangeLayout->addWidget(m_rangeLabel, 1);
    rangeLayout->addWidget(clearRange);
    m_rangeBar->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_rangeBar);
    layout->addWidget(m_status);
    layout->addWidget(m_table);
    reset();
    if (m_session->isOpen())
        reloadSaved();
}

QString SearchView::statusText() const
{
    return m_status->text();
}

void SearchView::setRunning(bool running)
{
    m_running = running;
    m_stop->setEnabled(running);
}

void SearchView::stop()
{
    if (!m_running)
        return;
    ++m_serial; // its reply, should it still come, is not shown
    m_session->jobs()->cancelKey(QLatin1String(kJobKey));
    setRunning(false);
    m_status->setText(tr("The search for '%1' was stopped.").arg(m_query->text()));
}

void SearchView::setTimeRange(std::optional<casefile::TimeRange> range)
{
    if (range && range->toUtc <= range->fromUtc)
        range.reset();
    m_range = range;
    if (range) {
        const DisplayZone &zone = m_session->zone();
        m_rangeLabel->setText(tr("Only query records from %1 to %2 (%3; brushed on the timeline). Transcripts and "
                                 "documents have no time and are left out.")
                                  .arg(zone.format(range->fromUtc), zone.format(range->toUtc), zone.name()));
        m_rangeLabel->setToolTip(
            tr("UTC: %1 to %2").arg(DisplayZone::formatUtc(range->fromUtc), DisplayZone::formatUtc(range->toUtc)));
    }
    m_rangeBar->setVisible(bool(range));
    if (m_session->isOpen() && !casefile::SearchIndex::matchExpression(m_query->text()).isEmpty())
        search(m_query->text());
}

void SearchView::reset()
{
    ++m_serial;
    if (m_session->jobs())
        m_session->jobs()->cancelKey(QLatin1String(kJobKey));
    setRunning(false);
    m_saved.clear();
    m_model->clear();
    m_range.reset(); // a brushed range belongs to the case it was brushed on
    if (m_rangeBar)
        m_rangeBar->hide();
    m_status->setText(m_session->isOpen() ? tr("Type words or Chinese text and press Enter.")
                                          : tr("Open a case to search it."));
}

void SearchView::search(const QString &query)
{
    if (!m_session->isOpen()) {
        m_status->setText(tr("Open a case to search it."));
        return;
    }
    if (casefile::SearchIndex::matchExpression(query).isEmpty()) {
        ++m_serial;
        setRunning(false);
        m_session->jobs()->cancelKey(QLatin1String(kJobKey));
        m_model->clear();
        m_status->setText(query.trimmed().isEmpty()
                              ? tr("Type words or Chinese text and press Enter.")
                              : tr("Nothing to search for in '%1': type a word or a character.").arg(query));
        return;
    }
    m_status->setText(tr("Searching for '%1'…").arg(query));
    if (m_query->text() != query)
        m_query->setText(query);
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    const quint64 serial = ++m_serial;
    const std::optional<casefile::TimeRange> range = m_range;
    setRunning(true);
    m_session->jobs()->run<Reply>(
        QLatin1String(kJobKey), tr("Search"),
        [path, who, query, range](Feedback &feedback) {
            Reply reply;
            QElapsedTimer clock;
            clock.start();
            auto file = CaseSession::openReader(path, who);
            if (!file) {
                reply.hits = file.error();
                return reply;
            }
            // One more than shown, to know whether hits were left out.
            reply.hits = casefile::SearchIndex::search((*file)->db(), query, range, kMaxHits + 1, feedback);
            reply.seconds = double(clock.nsecsElapsed()) / 1e9;
            if (auto pending = casefile::SourceStore::unindexed((*file)->db()))
                reply.unindexed = int(pending->size());
            return reply;
        },
        this,
        [this, query, serial](Reply reply) {
            if (serial != m_serial)
                return; // stopped, or a newer search was started
            setRunning(false);
            present(query, std::move(reply));
        },
        JobRunner::Visibility::Quiet);
}

void SearchView::present(const QString &query, Reply reply)
{
    if (!reply.hits) {
        m_model->clear();
        m_status->setText(tr("The search could not be run: %1").arg(reply.hits.error().message));
        emit searchFinished(query);
        return;
    }
    m_shownQuery = query;
    AppSettings().addSearchHistory(m_session->path(), query);
    static_cast<SnippetDelegate *>(m_snippets)->terms = searchTerms(query);
    QList<casefile::SearchHit> hits = std::move(*reply.hits);
    const bool more = hits.size() > kMaxHits;
    if (more)
        hits.resize(kMaxHits);
    const int count = int(hits.size());
    m_model->setHits(std::move(hits));
    QString text = (count == 1 ? tr("1 hit in %2 s") : tr("%1 hits in %2 s").arg(QLocale().toString(count)))
                       .arg(QLocale().toString(reply.seconds, 'f', reply.seconds < 0.1 ? 3 : 2));
    if (m_range)
        text += tr(" in the time range");
    if (more)
        text += tr(" · only the first %1 are shown; more hits not shown, narrow the search")
                    .arg(QLocale().toString(kMaxHits));
    if (reply.unindexed > 0) {
        // The index is built in the background only for cases open for writing.
        const QString after = m_session->isReadOnly() ? tr(" (the case is open read-only)") : tr("; building…");
        text += (reply.unindexed == 1 ? tr(" · 1 source is not indexed yet")
                                      : tr(" · %1 sources are not indexed yet").arg(reply.unindexed))
            + after;
    }
    m_status->setText(text);
    emit searchFinished(query);
}

QDialog *SearchView::openHit(int row)
{
    const casefile::SearchHit *hit = m_model->hit(row);
    if (!hit || !m_session->isOpen())
        return nullptr;
    QDialog *dialog = nullptr;
    if (hit->itemKind == QLatin1String("record"))
        dialog = new RecordDetailsDialog(m_session, hit->itemId, this);
    else
        dialog = new SearchHitDialog(*hit, m_shownQuery, m_session->zone(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_session, &CaseSession::caseClosing, dialog, &QDialog::reject);
    dialog->show();
    return dialog;
}

QStringList SearchView::history() const
{
    return m_session->isOpen() ? AppSettings().searchHistory(m_session->path()) : QStringList();
}

void SearchView::fillHistoryMenu()
{
    QMenu *menu = m_historyButton->menu();
    menu->clear();
    const QStringList queries = history();
    if (queries.isEmpty())
        menu->addAction(tr("No searches yet"))->setEnabled(false);
    for (const QString &q : queries)
        connect(menu->addAction(q), &QAction::triggered, this, [this, q] { search(q); });
    if (!queries.isEmpty()) {
        menu->addSeparator();
        connect(menu->addAction(tr("Clear History")), &QAction::triggered, this,
                [this] { AppSettings().clearSearchHistory(m_session->path()); });
    }
}

void SearchView::fillSavedMenu()
{
    QMenu *menu = m_savedButton->menu();
    menu->clear();
    const bool writable = m_annotations && m_session->isOpen() && !m_session->isReadOnly();
    QAction *save = menu->addAction(tr("Save This Search…"));
    save->setObjectName(QStringLiteral("saveSearchAction"));
    save->setEnabled(writable && !m_query->text().trimmed().isEmpty());
    connect(save, &QAction::triggered, this, &SearchView::askToSave);
    menu->addSeparator();
    if (m_saved.isEmpty())
        menu->addAction(tr("No saved searches"))->setEnabled(false);
    for (const casefile::SavedSearch &s : std::as_const(m_saved)) {
        QAction *a = menu->addAction(s.name);
        a->setToolTip(s.definition);
        const QString name = s.name;
        connect(a, &QAction::triggered, this, [this, name] { runSaved(name); });
    }
    if (!m_saved.isEmpty() && writable) {
        QMenu *remove = menu->addMenu(tr("Remove"));
        for (const casefile::SavedSearch &s : std::as_const(m_saved)) {
            const QString name = s.name;
            connect(remove->addAction(name), &QAction::triggered, this, [this, name] { removeSavedSearch(name); });
        }
    }
}

void SearchView::askToSave()
{
    const QString query = m_query->text().trimmed();
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save Search"), tr("Name for '%1':").arg(query),
                                               QLineEdit::Normal, query, &ok);
    if (ok && !name.trimmed().isEmpty())
        saveSearch(name.trimmed(), query);
}

void SearchView::reloadSaved()
{
    if (!m_session->isOpen() || !m_annotations)
        return; // saved searches are kept through the window's undo stack
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    using Saved = Result<QList<casefile::SavedSearch>>;
    m_session->jobs()->run<Saved>(
        QStringLiteral("saved-searches"), tr("Saved searches"),
        [path, who](Feedback &) -> Saved {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return casefile::SavedSearchStore::list((*file)->db(), QStringLiteral("text"));
        },
        this,
        [this](Saved saved) {
            if (saved)
                m_saved = std::move(*saved);
            emit savedSearchesChanged();
        },
        JobRunner::Visibility::Quiet);
}

void SearchView::saveSearch(const QString &name, const QString &query)
{
    if (!m_annotations)
        return;
    const QString text = tr("Save search '%1'").arg(name);
    m_annotations->change(text, [name, query, text](casefile::CaseFile &file) -> Result<CaseStep> {
        using casefile::SavedSearchStore;
        auto before = SavedSearchStore::find(file.db(), name);
        if (!before)
            return before.error();
        auto saved = SavedSearchStore::save(file, name, QStringLiteral("text"), query);
        if (!saved)
            return saved.error();
        const std::optional<casefile::SavedSearch> old = *before;
        const QString kind = QStringLiteral("text");
        return CaseStep { text,
                          [=](casefile::CaseFile &f) -> Status {
                              auto r = SavedSearchStore::save(f, name, kind, query);
                              return r ? Status() : Status(r.error());
                          },
                          [=](casefile::CaseFile &f) -> Status {
                              // Undo: the search as it was before (or no search of that name).
                              return old ? SavedSearchStore::restore(f, *old) : SavedSearchStore::remove(f, name);
                          } };
    });
}

void SearchView::removeSavedSearch(const QString &name)
{
    if (!m_annotations)
        return;
    const QString text = tr("Remove saved search '%1'").arg(name);
    m_annotations->change(text, [name, text](casefile::CaseFile &file) -> Result<CaseStep> {
        using casefile::SavedSearchStore;
        auto before = SavedSearchStore::find(file.db(), name);
        if (!before)
            return before.error();
        if (!*before)
            return makeError(ErrorCode::InvalidInput, QObject::tr("There is no saved search '%1'.").arg(name));
        if (auto s = SavedSearchStore::remove(file, name); !s)
            return s.error();
        const casefile::SavedSearch old = **before;
        return CaseStep { text, [=](casefile::CaseFile &f) { return SavedSearchStore::remove(f, name); },
                          [=](casefile::CaseFile &f) { return SavedSearchStore::restore(f, old); } };
    });
}

bool SearchView::runSaved(const QString &name)
{
    for (const casefile::SavedSearch &s : std::as_const(m_saved)) {
        if (s.name == name) {
            search(s.definition);
            return true;
        }
    }
    return false;
}

QDialog *SearchView::openBatchSearch()
{
    if (!m_session->isOpen())
        return nullptr;
    auto *dialog = new BatchSearchDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_session, &CaseSession::caseClosing, dialog, &QDialog::reject);
    dialog->show();
    return dialog;
}

} // namespace lineage::ui
