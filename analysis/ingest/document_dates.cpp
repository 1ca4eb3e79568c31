// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/document_dates.h"

#include "casefile/document_store.h"
#include "casefile/event_store.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace lineage::ingest {

namespace {

constexpr const char *kMonths
    = "(?<month>January|February|March|April|May|June|July|August|September|October|November|December|"
      "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";

int monthNumber(const QString &name)
{
    static const QStringList kShort { QStringLiteral("jan"), QStringLiteral("feb"), QStringLiteral("mar"),
                                      QStringLiteral("apr"), QStringLiteral("may"), QStringLiteral("jun"),
                                      QStringLiteral("jul"), QStringLiteral("aug"), QStringLiteral("sep"),
                                      QStringLiteral("oct"), QStringLiteral("nov"), QStringLiteral("dec") };
    return int(kShort.indexOf(name.left(3).toLower())) + 1;
}

struct Pattern
{
    QRegularExpression re;
    bool named; // month written as a word
};

const QList<Pattern> &patterns()
{
    static const QList<Pattern> kPatterns = [] {
        const QString months = QString::fromLatin1(kMonths);
        const auto opts = QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption;
        return QList<Pattern> {
            // January 5, 2024 / Jan. 5th 2024
            { QRegularExpression(
                  QStringLiteral(R"(\b%1\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<year>\d{4})\b)").arg(months),
                  opts),
              true },
            // 5 January 2024 / 5th of Jan, 2024
            { QRegularExpression(
                  QStringLiteral(R"(\b(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?%1\.?,?\s+(?<year>\d{4})\b)")
                      .arg(months),
                  opts),
              true },
            // 2024-01-05
            { QRegularExpression(QStringLiteral(R"((?<![\d-])(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?![\d-]))")),
              false },
            // 2024年1月5日
            { QRegularExpression(
                  QStringLiteral(R"((?<year>\d{4})\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*[日号])")),
              false },
        };
    }();
    return kPatterns;
}

QString contextAround(const QString &text, qsizetype start, qsizetype length)
{
    constexpr qsizetype kSpan = 60;
    const qsizetype from = std::max<qsizetype>(0, start - kSpan);
    const qsizetype to = std::min<qsizetype>(text.size(), start + length + kSpan);
    QString context = text.mid(from, to - from).simplified();
    if (from > 0)
        context.prepend(QStringLiteral("…"));
    if (to < text.size())
        context.append(QStringLiteral("…"));
    return context;
}

} // namespace

QList<DateCandidate> findDates(const QString &text, qint32 pageNo, qint64 pageId)
{
    QList<DateCandidate> found;
    for (const Pattern &pattern : patterns()) {
        auto it = pattern.re.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            const int year = m.captured(QStringLiteral("year")).toInt();
            const int month = pattern.named ? monthNumber(m.captured(QStringLiteral("month")))
                                            : m.captured(QStringLiteral("month")).toInt();
            const int day = m.captured(QStringLiteral("day")).toInt();
            const QDate date(year, month, day);
            if (!date.isValid())
                continue;
            const qint32 start = qint32(m.capturedStart());
            const qint32 length = qint32(m.capturedLength());
            const bool overlaps = std::any_of(found.begin(), found.end(), [&](const DateCandidate &c) {
                return start < c.charStart + c.length && c.charStart < start + length;
            });
            if (overlaps)
                continue;
            found.append(DateCandidate { pageId, pageNo, start, length, date, m.captured(),
                                         contextAround(text, start, length) });
        }
    }
    std::sort(found.begin(), found.end(),
              [](const DateCandidate &a, const DateCandidate &b) { return a.charStart < b.charStart; });
    return found;
}

Result<QList<DateCandidate>> documentDateCandidates(casefile::Database &db, qint64 documentId)
{
    casefile::DocumentStore store(db);
    auto pages = store.pages(documentId, true);
    if (!pages)
        return pages.error();
    QList<DateCandidate> all;
    for (const casefile::PageRow &page : *pages)
        all += findDates(page.text, page.pageNo, page.id);
    return all;
}

Result<qint64> acceptDateCandidate(casefile::CaseFile &file, qint64 documentId, const DateCandidate &candidate,
                                   const QString &title)
{
    if (!candidate.date.isValid())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The candidate has no valid date."));
    casefile::DocumentStore store(file.db());
    auto document = store.document(documentId);
    if (!document)
        return document.error();
    if (candidate.pageId) {
        auto page = store.pageById(candidate.pageId);
        if (!page)
            return page.error();
        if (page->documentId != documentId)
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("Page %1 is not part of document %2.").arg(candidate.pageId).arg(documentId));
    }
    casefile::EventRow event;
    event.kind = QStringLiteral("document-date");
    event.startUtc = candidate.date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
    const QString docName = document->title.isEmpty() ? document->sourceName : document->title;
    event.title = title.isEmpty() ? QStringLiteral("%1: %2").arg(docName, candidate.matched) : title;
    event.description = candidate.context;
    if (candidate.pageId) {
        event.itemKind = QStringLiteral("page");
        event.itemId = candidate.pageId;
        event.itemStart = candidate.charStart;
        event.itemLength = candidate.length;
    } else {
        event.itemKind = QStringLiteral("document");
        event.itemId = documentId;
    }
    return casefile::EventStore::addEvent(file, event);
}

} // namespace lineage::ingest
