// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/search_index.h"

#include "casefile/interrupt_on_cancel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>

namespace lineage::casefile {

namespace {

bool isCjk(char32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF)     // Hiragana, Katakana
        || (c >= 0x3400 && c <= 0x4DBF)     // CJK Extension A
        || (c >= 0x4E00 && c <= 0x9FFF)     // CJK Unified Ideographs
        || (c >= 0xAC00 && c <= 0xD7AF)     // Hangul syllables
        || (c >= 0xF900 && c <= 0xFAFF)     // CJK Compatibility Ideographs
        || (c >= 0x20000 && c <= 0x3134F);  // Extensions B-G
}

QString joinResponse(const QString &completion, const QString &extraJson)
{
    QString text = completion;
    if (!extraJson.isEmpty()) {
        const QJsonArray extra = QJsonDocument::fromJson(extraJson.toUtf8()).array();
        for (const auto &v : extra)
            text += QStringLiteral("\n\n") + v.toString();
    }
    return text;
}

QString joinRequest(const QString &system, const QString &prompt)
{
    if (system.isEmpty())
        return prompt;
    if (prompt.isEmpty())
        return system;
    return system + QStringLiteral("\n\n") + prompt;
}

} // namespace

QString SearchIndex::indexText(QStringView text)
{
    bool any = false;
    for (const QChar c : text) {
        if (c.unicode() >= 0x3040) {
            any = true;
            break;
        }
    }
    if (!any)
        return text.toString();
    QString out;
    out.reserve(text.size() * 2);
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        qsizetype units = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            units = 2;
        }
        if (isCjk(c)) {
            out += QLatin1Char(' ');
            out += text.mid(i, units);
            out += QLatin1Char(' ');
        } else {
            out += text.mid(i, units);
        }
        i += units - 1;
    }
    return out;
}

QByteArray SearchIndex::indexTextUtf8(const QByteArray &utf8)
{
    // CJK code points start with lead bytes E3..ED (3 bytes) or F0 (4 bytes, Extension B+).
    const auto *p = reinterpret_cast<const unsigned char *>(utf8.constData());
    const qsizetype n = utf8.size();
    qsizetype first = 0;
    while (first < n && (p[first] < 0xE3 || p[first] > 0xF0))
        ++first;
    if (first == n)
        return utf8;
    QByteArray out;
    out.reserve(n + n / 2);
    out.append(utf8.constData(), first);
    for (qsizetype i = first; i < n;) {
        const unsigned char c = p[i];
        const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        if (i + len > n) {
            out.append(utf8.constData() + i, n - i);
            break;
        }
        char32_t cp = 0;
        if (len == 3)
            cp = char32_t((c & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F));
        else if (len == 4)
            cp = char32_t((c & 0x07) << 18 | (p[i + 1] & 0x3F) << 12 | (p[i + 2] & 0x3F) << 6 | (p[i + 3] & 0x3F));
        if (len >= 3 && isCjk(cp)) {
            out += ' ';
            out.append(utf8.constData() + i, len);
            out += ' ';
        } else {
            out.append(utf8.constData() + i, len);
        }
        i += len;
    }
    return out;
}

QString SearchIndex::syntaxHelp()
{
    return QStringLiteral(
        "How a search is read:\n"
        "  distill model        both words, anywhere in the same text (every word is required)\n"
        "  \"as an AI model\"     the words in this order, next to each other (a phrase)\n"
        "  distil*              a word starting with distil (distill, distillation, ...)\n"
        "  我是                 Chinese, Japanese or Korean text: its characters in this order\n"
        "Case and accents do not matter (Resume finds résumé). Punctuation separates words;\n"
        "AND, OR and NOT are searched as words, not as operators.\n"
        "Prompts, completions, transcript turns and document pages are searched.");
}

QString SearchIndex::matchExpression(const QString &query)
{
    QStringList terms;
    QString current;
    bool quoted = false;
    auto flush = [&](bool wasQuoted) {
        QString term = current.trimmed();
        current.clear();
        if (term.isEmpty())
            return;
        bool prefix = false;
        if (!wasQuoted && term.endsWith(QLatin1Char('*'))) {
            prefix = true;
            term.chop(1);
        }
        bool searchable = false;
        for (const QChar c : term)
            searchable = searchable || c.isLetterOrNumber();
        if (!searchable)
            return;
        QString phrase = indexText(term).simplified();
        phrase.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        terms << QStringLiteral("\"%1\"%2").arg(phrase, prefix ? QStringLiteral(" *") : QString());
    };
    for (const QChar c : query) {
        if (c == QLatin1Char('"')) {
            flush(quoted);
            quoted = !quoted;
        } else if (c.isSpace() && !quoted) {
            flush(false);
        } else {
            current += c;
        }
    }
    flush(quoted);
    return terms.join(QLatin1Char(' '));
}

Status SearchIndexWriter::add(qint64 itemId, SearchPart part, QStringView text)
{
    if (text.isEmpty())
        return {};
    if (!m_insert.handle()) {
        auto stmt = Statement::prepare(m_db, "INSERT INTO search_index (rowid, text) VALUES (?, ?)");
        if (!stmt)
            return stmt.error();
        m_insert = std::move(*stmt);
    }
    m_insert.bind(1, itemId * 8 + int(part)).bind(2, SearchIndex::indexText(text));
    return m_insert.run();
}

Status SearchIndexWriter::addPrepared(qint64 itemId, SearchPart part, const QByteArray &indexText)
{
    if (indexText.isEmpty())
        return {};
    if (!m_insert.handle()) {
        auto stmt = Statement::prepare(m_db, "INSERT INTO search_index (rowid, text) VALUES (?, ?)");
        if (!stmt)
            return stmt.error();
        m_insert = std::move(*stmt);
    }
    m_insert.bind(1, itemId * 8 + int(part));
    sqlite3_bind_text64(m_insert.handle(), 2, indexText.constData(), sqlite3_uint64(indexText.size()), SQLITE_STATIC, SQLITE_UTF8);
    return m_insert.run();
}

Status SearchIndex::indexSource(Database &db, qint64 sourceId, Feedback &feedback)
{
    SearchIndexWriter writer(db);
    // Each pass yields: id, text A, [text B], and for records the extra completions.
    auto run = [&](const char *sql, const std::function<Status(Statement &)> &each) -> Status {
        auto stmt = Statement::prepare(db, sql);
        if (!stmt)
            return stmt.error();
        stmt->bind(1, sourceId);
        qint64 n = 0;
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            if (auto s = each(*stmt); !s)
                return s;
            if ((++n & 1023) == 0 && feedback.isCanceled())
                return makeError(ErrorCode::Canceled, QStringLiteral("Indexing canceled."));
        }
        return {};
    };
    // Records of this source: the halves it contributed (a joined half belongs to the other source).
    auto status = run("SELECT id, system_prompt, prompt, completion, extra_completions, coalesce(joined_side, '') "
                      "FROM query_records WHERE source_id = ?", [&](Statement &s) -> Status {
        const QString joined = s.text(5);
        if (joined != QLatin1String("request"))
            if (auto st = writer.add(s.int64(0), SearchPart::RecordRequest, joinRequest(s.text(1), s.text(2))); !st)
                return st;
        if (joined != QLatin1String("response"))
            if (auto st = writer.add(s.int64(0), SearchPart::RecordResponse, joinResponse(s.text(3), s.text(4))); !st)
                return st;
        return {};
    });
    if (!status)
        return status;
    status = run("SELECT id, system_prompt, prompt, completion, extra_completions, joined_side "
                 "FROM query_records WHERE joined_source_id = ?", [&](Statement &s) -> Status {
        if (s.text(5) == QLatin1String("request"))
            return writer.add(s.int64(0), SearchPart::RecordRequest, joinRequest(s.text(1), s.text(2)));
        return writer.add(s.int64(0), SearchPart::RecordResponse, joinResponse(s.text(3), s.text(4)));
    });
    if (!status)
        return status;
    status = run("SELECT t.id, t.system_prompt, t.prompt, t.answer FROM turns t JOIN transcripts r ON r.id = t.transcript_id "
                 "WHERE r.source_id = ?", [&](Statement &s) -> Status {
        if (auto st = writer.add(s.int64(0), SearchPart::TurnPrompt, joinRequest(s.text(1), s.text(2))); !st)
            return st;
        return writer.add(s.int64(0), SearchPart::TurnAnswer, s.text(3));
    });
    if (!status)
        return status;
    status = run("SELECT p.id, p.text FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.source_id = ?",
                 [&](Statement &s) -> Status { return writer.add(s.int64(0), SearchPart::PageText, s.text(1)); });
    if (!status)
        return status;
    auto mark = Statement::prepare(db, "UPDATE sources SET indexed = 1 WHERE id = ?");
    if (!mark)
        return mark.error();
    mark->bind(1, sourceId);
    return mark->run();
}

namespace {

bool hasRow(Statement &s)
{
    auto r = s.step();
    return r.ok() && *r;
}

QString snippetOf(const QString &text, const QString &query)
{
    // The first query word (or phrase) found, case-insensitively, with context around it.
    QStringList words;
    QString cur;
    bool quoted = false;
    for (const QChar c : query + QLatin1Char(' ')) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            if (!cur.trimmed().isEmpty())
                words << cur.trimmed();
            cur.clear();
        } else if (c.isSpace() && !quoted) {
            if (!cur.trimmed().isEmpty())
                words << cur.trimmed();
            cur.clear();
        } else if (c != QLatin1Char('*')) {
            cur += c;
        }
    }
    qsizetype at = -1;
    qsizetype len = 0;
    for (const QString &w : std::as_const(words)) {
        at = text.indexOf(w, 0, Qt::CaseInsensitive);
        if (at >= 0) {
            len = w.size();
            break;
        }
    }
    constexpr qsizetype kContext = 40;
    if (at < 0)
        return text.left(2 * kContext).simplified();
    const qsizetype from = std::max<qsizetype>(0, at - kContext);
    QString s = text.mid(from, at - from) + QLatin1Char('[') + text.mid(at, len) + QLatin1Char(']')
        + text.mid(at + len, kContext);
    s = s.simplified();
    if (from > 0)
        s.prepend(QStringLiteral("..."));
    if (at + len + kContext < text.size())
        s += QStringLiteral("...");
    return s;
}

} // namespace

Result<QList<SearchHit>> SearchIndex::search(Database &db, const QString &query, int limit, Feedback &feedback)
{
    return search(db, query, std::nullopt, limit, feedback);
}

Result<QList<SearchHit>> SearchIndex::search(Database &db, const QString &query, const std::optional<TimeRange> &range,
                                             int limit, Feedback &feedback)
{
    static_assert(int(SearchPart::RecordRequest) == 0 && int(SearchPart::RecordResponse) == 1,
                  "the time-range query keeps parts 0 and 1");
    if (range && range->toUtc <= range->fromUtc)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The search's time range ends before it begins."));
    InterruptOnCancel stopper(db, feedback);
    const auto canceled = [&] {
        return makeError(ErrorCode::Canceled, QStringLiteral("The search for '%1' was stopped.").arg(query));
    };
    const QString match = matchExpression(query);
    if (match.isEmpty())
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The search '%1' has no word or character to look for.").arg(query));
    // With a time range the matches are joined to their records (rowid = 8 x id + part) and
    // only request and response parts whose record lies in the range are kept, before the limit.
    auto stmt = range
        ? Statement::prepare(db,
                             "SELECT m.rowid FROM (SELECT rowid, rank FROM search_index WHERE search_index "
                             "MATCH ?) m JOIN query_records q ON q.id = m.rowid / 8 "
                             "WHERE m.rowid % 8 IN (0, 1) AND q.time_utc >= ? AND q.time_utc < ? "
                             "ORDER BY m.rank LIMIT ?")
        : Statement::prepare(db, "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?");
    if (!stmt)
        return stmt.error();
    if (range)
        stmt->bind(1, match).bind(2, range->fromUtc).bind(3, range->toUtc).bind(4, qint64(limit));
    else
        stmt->bind(1, match).bind(2, qint64(limit));
    auto record = Statement::prepare(
        db,
        "SELECT q.system_prompt, q.prompt, q.completion, q.extra_completions, q.source_id, q.line, q.joined_side, "
        "q.joined_source_id, q.joined_line, coalesce(q.model, ''), q.time_utc FROM query_records q WHERE q.id = ?");
    auto turn = Statement::prepare(
        db,
        "SELECT t.system_prompt, t.prompt, t.answer, r.source_id, coalesce(t.line, 0), r.id, r.model_label, r.title "
        "FROM turns t JOIN transcripts r ON r.id = t.transcript_id WHERE t.id = ?");
    auto page = Statement::prepare(
        db,
        "SELECT p.text, d.source_id, p.page_no, d.id, d.title FROM pages p JOIN documents d ON d.id = p.document_id "
        "WHERE p.id = ?");
    auto source = Statement::prepare(db, "SELECT original_name FROM sources WHERE id = ?");
    if (!record || !turn || !page || !source)
        return sqlError(db, QStringLiteral("Cannot read search hits."));
    QList<SearchHit> hits;
    for (;;) {
        if (feedback.isCanceled())
            return canceled();
        auto row = stmt->step();
        if (!row) {
            if (feedback.isCanceled())
                return canceled();
            return makeError(ErrorCode::InvalidInput, QStringLiteral("The search '%1' cannot be run.").arg(query), row.error().detail);
        }
        if (!*row)
            break;
        const qint64 rowid = stmt->int64(0);
        const qint64 id = rowid / 8;
        const auto part = SearchPart(rowid % 8);
        SearchHit hit;
        hit.itemId = id;
        QString text;
        Statement *s = nullptr;
        switch (part) {
        case SearchPart::RecordRequest:
        case SearchPart::RecordResponse: {
            s = &*record;
            s->bind(1, id);
            if (!hasRow(*s))
                break;
            const bool request = part == SearchPart::RecordRequest;
            hit.itemKind = QStringLiteral("record");
            hit.field = request ? QStringLiteral("prompt") : QStringLiteral("completion");
            text = request ? joinRequest(s->text(0), s->text(1)) : joinResponse(s->text(2), s->text(3));
            hit.other = request ? s->text(2) : joinRequest(s->text(0), s->text(1));
            hit.modelLabel = s->text(9);
            hit.timeUtc = s->optInt64(10);
            const bool fromJoined = s->text(6) == (request ? QLatin1String("request") : QLatin1String("response"));
            hit.sourceId = fromJoined ? s->int64(7) : s->int64(4);
            hit.line = fromJoined ? s->int64(8) : s->int64(5);
            break;
        }
        case SearchPart::TurnPrompt:
        case SearchPart::TurnAnswer:
            s = &*turn;
            s->bind(1, id);
            if (!hasRow(*s))
                break;
            hit.itemKind = QStringLiteral("turn");
            hit.field = part == SearchPart::TurnPrompt ? QStringLiteral("prompt") : QStringLiteral("answer");
            text = part == SearchPart::TurnPrompt ? joinRequest(s->text(0), s->text(1)) : s->text(2);
            hit.other = part == SearchPart::TurnPrompt ? s->text(2) : joinRequest(s->text(0), s->text(1));
            hit.sourceId = s->int64(3);
            hit.line = s->int64(4);
            hit.parentId = s->int64(5);
            hit.modelLabel = s->text(6);
            hit.parentTitle = s->text(7);
            break;
        case SearchPart::PageText:
            s = &*page;
            s->bind(1, id);
            if (!hasRow(*s))
                break;
            hit.itemKind = QStringLiteral("page");
            hit.field = QStringLiteral("text");
            text = s->text(0);
            hit.sourceId = s->int64(1);
            hit.page = s->int64(2);
            hit.parentId = s->int64(3);
            hit.parentTitle = s->text(4);
            break;
        }
        if (s)
            s->reset();
        if (hit.itemKind.isEmpty())
            continue;  // an entry whose item is gone
        source->bind(1, hit.sourceId);
        if (auto r = source->step(); r.ok() && *r)
            hit.sourceName = source->text(0);
        source->reset();
        hit.snippet = snippetOf(text, query);
        hit.text = text;
        hits.append(hit);
    }
    return hits;
}

Result<QString> SearchIndex::checkIntegrity(Database &db, Feedback &feedback)
{
    auto rows = db.queryInt("SELECT count(*) FROM search_index_data");
    if (!rows)
        return QStringLiteral("its tables cannot be read (%1)").arg(rows.error().detail);
    feedback.setPhase(QStringLiteral("Checking the full-text index"), *rows, QStringLiteral("index pages"));
    (void)db.exec("DROP TABLE IF EXISTS temp.lineage_index_check");
    auto drop = qScopeGuard([&db] { (void)db.exec("DROP TABLE IF EXISTS temp.lineage_index_check"); });
    if (auto s = db.exec("CREATE VIRTUAL TABLE temp.lineage_index_check USING fts5(text, content='', "
                         "tokenize='unicode61 remove_diacritics 2')"); !s)
        return s.error();
    // The copy holds the case's index exactly: its pages, its page index, its document sizes
    // and its configuration.
    const char *copy =
        "DELETE FROM temp.lineage_index_check_data; DELETE FROM temp.lineage_index_check_idx; "
        "DELETE FROM temp.lineage_index_check_docsize; DELETE FROM temp.lineage_index_check_config; "
        "INSERT INTO temp.lineage_index_check_data SELECT * FROM main.search_index_data; "
        "INSERT INTO temp.lineage_index_check_idx SELECT * FROM main.search_index_idx; "
        "INSERT INTO temp.lineage_index_check_docsize SELECT * FROM main.search_index_docsize; "
        "INSERT INTO temp.lineage_index_check_config SELECT * FROM main.search_index_config";
    // Shadow tables are read-only to SQL in defensive mode; this copy is the connection's own.
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_DEFENSIVE, 0, nullptr);
    auto copied = db.exec(copy);
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    if (!copied)
        return QStringLiteral("its tables cannot be read (%1)").arg(copied.error().detail);
    if (feedback.isCanceled())
        return makeError(ErrorCode::Canceled, QStringLiteral("Verification canceled."));
    if (auto s = db.exec("INSERT INTO temp.lineage_index_check(lineage_index_check) VALUES ('integrity-check')"); !s)
        return QStringLiteral("FTS5's integrity check failed (%1)").arg(s.error().detail);
    feedback.setProgress(*rows, *rows);
    return QString();
}

Status SearchIndex::clear(Database &db)
{
    if (auto s = db.exec("INSERT INTO search_index(search_index) VALUES ('delete-all')"); !s)
        return s;
    return db.exec("UPDATE sources SET indexed = 0 WHERE indexed <> 0");
}

} // namespace lineage::casefile
