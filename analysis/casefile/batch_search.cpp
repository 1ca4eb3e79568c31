// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/batch_search.h"

#include "casefile/table_export.h"

namespace lineage::casefile {

QStringList BatchSearch::terms(const QString &listText)
{
    QStringList out;
    for (QString line : listText.split(QLatin1Char('\n'))) {
        line = line.trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            out << line;
    }
    return out;
}

QString BatchSearch::phrase(const QString &term)
{
    QString t = term;
    t.remove(QLatin1Char('"'));
    return QLatin1Char('"') + t.trimmed() + QLatin1Char('"');
}

Result<QList<BatchSearchResult>> BatchSearch::run(Database &db, const QStringList &terms, int limit, Feedback &feedback)
{
    auto count = Statement::prepare(db, "SELECT count(*) FROM search_index WHERE search_index MATCH ?");
    if (!count)
        return count.error();
    feedback.setPhase(QStringLiteral("Searching"), terms.size(), QStringLiteral("strings"));
    QList<BatchSearchResult> out;
    for (qsizetype i = 0; i < terms.size(); ++i) {
        if (feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
        BatchSearchResult r;
        r.term = terms[i];
        const QString match = SearchIndex::matchExpression(phrase(terms[i]));
        if (match.isEmpty()) {
            r.error = QStringLiteral("nothing to search for");
        } else {
            count->bind(1, match);
            auto row = count->step();
            if (!row) {
                if (feedback.isCanceled())
                    return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
                r.error = row.error().detail.isEmpty() ? row.error().message : row.error().detail;
            } else {
                r.count = count->int64(0);
            }
            count->reset();
            if (r.error.isEmpty() && r.count > 0) {
                auto hits = SearchIndex::search(db, phrase(terms[i]), limit);
                if (!hits) {
                    if (feedback.isCanceled())
                        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
                    r.error = hits.error().message;
                } else {
                    r.hits = *hits;
                }
            }
        }
        out << r;
        feedback.setProgress(i + 1, i + 1);
    }
    return out;
}

QByteArray BatchSearch::csv(const QList<BatchSearchResult> &results, bool byteOrderMark)
{
    QByteArray out = byteOrderMark ? QByteArray("\xEF\xBB\xBF") : QByteArray();
    out += "term,count,kind,id,field,source,line,page,snippet\r\n";
    auto field = [](const QString &s) { return TableExport::csvField(s); };
    for (const BatchSearchResult &r : results) {
        const QByteArray head = field(r.term) + ',' + QByteArray::number(r.count) + ',';
        if (r.hits.isEmpty()) {
            out += head + ",,,,,," + field(r.error) + "\r\n";
            continue;
        }
        for (const SearchHit &h : r.hits) {
            out += head + field(h.itemKind) + ',' + QByteArray::number(h.itemId) + ',' + field(h.field) + ','
                + field(h.sourceName) + ',' + (h.line ? QByteArray::number(h.line) : QByteArray()) + ','
                + (h.page ? QByteArray::number(h.page) : QByteArray()) + ',' + field(h.snippet) + "\r\n";
        }
    }
    return out;
}

} // namespace lineage::casefile
