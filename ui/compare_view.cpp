// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare_view.h"

#include "case_session.h"
#include "casefile/analysis_input_store.h"
#include "casefile/document_store.h"
#include "casefile/query_record_store.h"
#include "casefile/transcript_store.h"
#include "job_runner.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimeZone>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

// The text of an item's field as a finding's span counts it (UTF-16 code units).
Result<QString> fieldText(casefile::Database &db, const QString &kind, qint64 id, const QString &field)
{
    if (kind == QLatin1String("turn")) {
        auto turn = casefile::TranscriptStore(db).turn(id);
        if (!turn)
            return turn.error();
        if (field == QLatin1String("prompt"))
            return turn->prompt;
        if (field == QLatin1String("system"))
            return turn->system;
        return turn->answer;
    }
    if (kind == QLatin1String("record")) {
        if (field == QLatin1String("prompt")) {
            auto record = casefile::QueryRecordStore::get(db, id);
            if (!record)
                return record.error();
            return record->prompt;
        }
        // "completion" is choice 0, "completion:N" choice N of a request with n > 1.
        const int choice = field.startsWith(QLatin1String("completion:")) ? field.mid(11).toInt() : 0;
        auto served = casefile::AnalysisInputStore(db).completions(id - 1, 1);
        if (!served)
            return served.error();
        if (served->isEmpty() || served->front().recordId != id || choice >= served->front().choices.size())
            return Error { ErrorCode::InvalidInput,
                           QStringLiteral("Query record %1 holds no completion %2.").arg(id).arg(choice),
                           {} };
        return served->front().choices[choice];
    }
    if (kind == QLatin1String("page")) {
        auto page = casefile::DocumentStore(db).pageById(id);
        if (!page)
            return page.error();
        return page->text;
    }
    return Error { ErrorCode::Unsupported, QStringLiteral("A %1 has no text to compare.").arg(kind), {} };
}

QString itemTitle(const casefile::ItemRef &item, const QString &field)
{
    return QStringLiteral("%1 %2 (%3)").arg(item.kind).arg(item.id).arg(field);
}

QFont compareFont()
{
    QFont font;
    font.setFamilies(
        { QStringLiteral("DejaVu Sans"), QStringLiteral("WenQuanYi Micro Hei"), QStringLiteral("Noto Sans CJK SC") });
    font.setPointSize(10);
    return font;
}

} // namespace

QColor CompareView::passageColor(int n)
{
    static const QList<QColor> colors { QColor(255, 224, 130), QColor(165, 214, 167), QColor(144, 202, 249),
                                        QColor(244, 143, 177), QColor(206, 147, 216), QColor(255, 171, 145) };
    return colors[n % colors.size()];
}

CompareView::CompareView(CaseSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_title(new QLabel(this)), m_leftHeader(new QLabel(this)),
      m_rightHeader(new QLabel(this)), m_left(new QPlainTextEdit(this)), m_right(new QPlainTextEdit(this)),
      m_summary(new QLabel(this)), m_previous(new QPushButton(tr("Previous passage"), this)),
      m_next(new QPushButton(tr("Next passage"), this))
{
    setObjectName(QStringLiteral("compareView"));
    m_left->setObjectName(QStringLiteral("compareLeft"));
    m_right->setObjectName(QStringLiteral("compareRight"));
    m_title->setWordWrap(true);
    // Long headers wrap instead of widening their side: both sides stay the same width.
    for (QLabel *header : { m_leftHeader, m_rightHeader }) {
        header->setWordWrap(true);
        header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        header->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        header->setMinimumHeight(2 * fontMetrics().lineSpacing());
    }
    // A finding's explanation runs to several lines; the label keeps room for them.
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->setMinimumHeight(4 * fontMetrics().lineSpacing());
    m_title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_summary->setWordWrap(true);
    for (QPlainTextEdit *edit : { m_left, m_right }) {
        edit->setReadOnly(true);
        edit->setFont(compareFont());
        edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    auto *sides = new QHBoxLayout;
    for (auto [header, edit] : { std::pair { m_leftHeader, m_left }, std::pair { m_rightHeader, m_right } }) {
        auto *column = new QVBoxLayout;
        column->addWidget(header);
        column->addWidget(edit, 1);
        sides->addLayout(column, 1);
    }
    layout->addLayout(sides, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_previous);
    bottom->addWidget(m_next);
    layout->addLayout(bottom);
    m_previous->setEnabled(false);
    m_next->setEnabled(false);
    connect(m_previous, &QPushButton::clicked, this, [this] { showPassage(m_current - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showPassage(m_current + 1); });
    connect(m_left->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { follow(m_left, m_right); });
    connect(m_right->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { follow(m_right, m_left); });
    m_title->setText(tr("Choose a reuse finding to compare its texts."));
}

void CompareView::showFinding(qint64 id, int match)
{
    m_findingId = id;
    m_match = std::max(0, match);
    m_title->setText(tr("Reading finding %1…").arg(id));
    struct Loaded
    {
        casefile::FindingRow finding;
        Side left, right;
    };
    using Reply = Result<Loaded>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Reply>(
        QStringLiteral("compare"), tr("Reading the compared texts"),
        [path, who, id, match](Feedback &) -> Reply {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            casefile::AnalysisStore store((*file)->db());
            auto f = store.finding(id);
            if (!f)
                return f.error();
            Loaded out;
            out.finding = *f;
            // Left: the suspect's spans; right: the spans of the other side (source, provider).
            // Reuse numbers a passage match * 1000 + n: one match (one source text) at a time.
            for (const casefile::FindingSpan &s : std::as_const(f->spans)) {
                if (s.passage && *s.passage / 1000 != match)
                    continue;
                const bool suspect = s.relation == QLatin1String("suspect") || s.relation == QLatin1String("model");
                Side &side = suspect ? out.left : out.right;
                if (side.spans.isEmpty()) {
                    side.item = { s.itemKind, s.itemId };
                    side.field = s.field;
                }
                if (side.item == casefile::ItemRef { s.itemKind, s.itemId } && side.field == s.field)
                    side.spans.append(s);
            }
            for (Side *side : { &out.left, &out.right }) {
                if (side->spans.isEmpty())
                    continue;
                auto text = fieldText((*file)->db(), side->item.kind, side->item.id, side->field);
                if (!text)
                    return text.error();
                side->text = *text;
            }
            if (out.left.spans.isEmpty() && out.right.spans.isEmpty())
                return Error { ErrorCode::InvalidInput,
                               QStringLiteral("Finding %1 has no text spans to compare.").arg(id),
                               {} };
            return out;
        },
        this,
        [this, id](Reply reply) {
            if (id != m_findingId)
                return;
            if (!reply) {
                m_title->setText(reply.error().message);
                emit loadFailed(reply.error().message);
                return;
            }
            render(reply->finding, reply->left, reply->right);
            emit loaded();
        },
        JobRunner::Visibility::Quiet);
}

void CompareView::render(const casefile::FindingRow &finding, const Side &left, const Side &right)
{
    m_leftSide = left;
    m_rightSide = right;
    m_title->setText(
        tr("Finding %1 (%2, %3): %4").arg(finding.id).arg(finding.kind, finding.strength, finding.explanation));
    m_leftHeader->setText(tr("Suspect: %1").arg(left.spans.isEmpty() ? tr("none") : itemTitle(left.item, left.field)));
    m_rightHeader->setText(
        tr("Provider or source: %1").arg(right.spans.isEmpty() ? tr("none") : itemTitle(right.item, right.field)));
    m_left->setPlainText(left.text);
    m_right->setPlainText(right.text);
    highlight(m_left, left);
    highlight(m_right, right);
    m_passages = int(std::max(left.spans.size(), right.spans.size()));
    qint64 longest = 0;
    for (const auto &s : left.spans)
        longest = std::max(longest, s.length);
    QStringList parts { tr("%n shared passage(s)", nullptr, m_passages), tr("longest %1 characters").arg(longest) };
    // The pair's measures and the query record that served it, when the payload holds them.
    const QJsonArray matches = finding.payload.value(QLatin1String("matches")).toArray();
    const QJsonObject match = m_match < matches.size() ? matches[m_match].toObject() : finding.payload;
    for (const char *key : { "jaccard", "containment", "longest_verbatim_tokens" }) {
        const QJsonValue v = match.value(QLatin1String(key));
        if (v.isDouble())
            parts << QStringLiteral("%1 %2").arg(QLatin1String(key)).arg(v.toDouble(), 0, 'g', 3);
    }
    if (matches.size() > 1)
        parts << tr("match %1 of %2").arg(m_match + 1).arg(matches.size());
    QStringList served;
    for (const char *key : { "account", "time_utc", "ip" })
        if (const QJsonValue v = match.value(QLatin1String(key)); !v.isUndefined() && !v.isNull())
            served << (v.isDouble() ? QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), QTimeZone::utc())
                                          .toString(Qt::ISODateWithMs)
                                    : v.toString());
    if (!served.isEmpty())
        m_rightHeader->setText(m_rightHeader->text() + tr(", served to %1").arg(served.join(QStringLiteral(", "))));
    m_summary->setText(parts.join(QStringLiteral(", ")));
    m_current = -1;
    if (m_passages > 0)
        showPassage(0);
    else {
        m_previous->setEnabled(false);
        m_next->setEnabled(false);
    }
}

void CompareView::highlight(QPlainTextEdit *edit, const Side &side)
{
    QTextDocument *doc = edit->document();
    const int end = doc->characterCount() - 1;
    for (int i = 0; i < side.spans.size(); ++i) {
        const casefile::FindingSpan &s = side.spans[i];
        QTextCursor cursor(doc);
        cursor.setPosition(int(std::clamp<qint64>(s.start, 0, end)));
        cursor.setPosition(int(std::clamp<qint64>(s.start + s.length, 0, end)), QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setBackground(passageColor(int(s.passage.value_or(i) % 1000)));
        cursor.mergeCharFormat(format);
    }
}

QStringList CompareView::highlighted(bool leftSide) const
{
    const Side &side = leftSide ? m_leftSide : m_rightSide;
    QPlainTextEdit *edit = leftSide ? m_left : m_right;
    QStringList out;
    for (const casefile::FindingSpan &s : side.spans) {
        // What the widget shows there, read back from its document, and whether it is highlighted.
        QTextCursor cursor(edit->document());
        cursor.setPosition(int(s.start));
        cursor.setPosition(int(s.start + s.length), QTextCursor::KeepAnchor);
        QTextCursor probe(edit->document());
        probe.setPosition(int(s.start) + 1);
        if (probe.charFormat().background().style() == Qt::NoBrush)
            continue;
        out << cursor.selectedText().replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    }
    return out;
}

void CompareView::showPassage(int passage)
{
    if (m_passages == 0)
        return;
    m_current = std::clamp(passage, 0, m_passages - 1);
    m_following = true;
    for (auto [edit, side] : { std::pair { m_left, &m_leftSide }, std::pair { m_right, &m_rightSide } }) {
        if (m_current >= side->spans.size())
            continue;
        QTextCursor cursor(edit->document());
        cursor.setPosition(int(side->spans[m_current].start));
        edit->setTextCursor(cursor);
        edit->centerCursor();
    }
    m_following = false;
    m_previous->setEnabled(m_current > 0);
    m_next->setEnabled(m_current + 1 < m_passages);
}

QString CompareView::summaryText() const
{
    return m_title->text() + QLatin1Char('\n') + m_summary->text();
}

void CompareView::follow(QPlainTextEdit *from, QPlainTextEdit *to)
{
    if (m_following)
        return;
    m_following = true;
    const QScrollBar *a = from->verticalScrollBar();
    QScrollBar *b = to->verticalScrollBar();
    const double at = a->maximum() > 0 ? double(a->value()) / a->maximum() : 0.0;
    b->setValue(int(at * b->maximum() + 0.5));
    m_following = false;
}

} // namespace lineage::ui
