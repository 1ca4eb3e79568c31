// SPDX-License-Identifier: GPL-3.0-or-later
#include "search_view.h"

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
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
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
        doc.setHtml(snippet.left(at).toHtmlEscaped() + QStringLiteral("<b>") + snippet.mid(at + 1, length).toHtmlEscaped()
                    + QStringLiteral("</b>") + snippet.mid(at + length + 2).toHtmlEscaped());
        const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
        QAbstractTextDocumentLayout::PaintContext context;
        const bool selected = opt.state & QStyle::State_Selected;
        context.palette.setColor(QPalette::Text, opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->save();
        painter->translate(rect.left() + 2, rect.top() + (rect.height() - doc.size().height()) / 2);
        painter->setClipRect(QRect(0, 0, rect.width() - 2, rect.height()));
        doc.documentLayout()->draw(painter, context);
        painter->restore();
    }
};

} // namespace

SearchView::SearchView(CaseSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new SearchResultsModel(this)), m_query(new QLineEdit(this)),
      m_status(new QLabel(this)), m_table(new QTableView(this)), m_findAction(new QAction(tr("&Find…"), this))
{
    setObjectName(QStringLiteral("searchView"));
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setPlaceholderText(tr("Search prompts, completions, transcripts and documents (words, \"phrases\", "
                                   "prefix*, Chinese text)"));
    m_query->setClearButtonEnabled(true);
    auto *run = new QPushButton(tr("Search"), this);
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
    const int widths[] = {110, 200, 90, 90};
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

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_query, 1);
    bar->addWidget(run);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_table);
    reset();
}

QString SearchView::statusText() const
{
    return m_status->text();
}

void SearchView::reset()
{
    if (m_session->jobs())
        m_session->jobs()->cancelKey(QLatin1String(kJobKey));
    m_model->clear();
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
        m_session->jobs()->cancelKey(QLatin1String(kJobKey));
        m_model->clear();
        m_status->setText(query.trimmed().isEmpty() ? tr("Type words or Chinese text and press Enter.")
                                                    : tr("Nothing to search for in '%1': type a word or a character.").arg(query));
        return;
    }
    m_status->setText(tr("Searching for '%1'…").arg(query));
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Reply>(
        QLatin1String(kJobKey), tr("Search"),
        [path, who, query](Feedback &) {
            Reply reply;
            QElapsedTimer clock;
            clock.start();
            auto file = CaseSession::openReader(path, who);
            if (!file) {
                reply.hits = file.error();
                return reply;
            }
            // One more than shown, to know whether hits were left out.
            reply.hits = casefile::SearchIndex::search((*file)->db(), query, kMaxHits + 1);
            reply.seconds = double(clock.nsecsElapsed()) / 1e9;
            if (auto pending = casefile::SourceStore::unindexed((*file)->db()))
                reply.unindexed = int(pending->size());
            return reply;
        },
        this, [this, query](Reply reply) { present(query, std::move(reply)); }, JobRunner::Visibility::Quiet);
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
    static_cast<SnippetDelegate *>(m_snippets)->terms = searchTerms(query);
    QList<casefile::SearchHit> hits = std::move(*reply.hits);
    const bool more = hits.size() > kMaxHits;
    if (more)
        hits.resize(kMaxHits);
    const int count = int(hits.size());
    m_model->setHits(std::move(hits));
    QString text = (count == 1 ? tr("1 hit in %2 s") : tr("%1 hits in %2 s").arg(QLocale().toString(count)))
                       .arg(QLocale().toString(reply.seconds, 'f', reply.seconds < 0.1 ? 3 : 2));
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

} // namespace lineage::ui
