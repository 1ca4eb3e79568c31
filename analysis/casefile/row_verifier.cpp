// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/row_verifier.h"

#include "casefile/row_digest.h"
#include "casefile/table_layout.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <bitset>
#include <cstring>
#include <map>
#include <optional>

namespace lineage::casefile {

namespace {

constexpr int kMaxRowProblemsPerTable = 10;

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("Verification canceled."));
}

QString rangeText(qint64 firstChunk, qint64 lastChunk)
{
    return QStringLiteral("ids %1 to %2").arg(firstChunk * kChunkRows).arg(lastChunk * kChunkRows + kChunkRows - 1);
}

std::optional<Digest> parseDigest(const QString &hex)
{
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    if (bytes.size() != 32)
        return std::nullopt;
    Digest d;
    std::memcpy(d.data(), bytes.constData(), d.size());
    return d;
}

// What each chunk's digest must be right after the entry being looked at (walking the log
// backwards): the digest now, or what the next writer of the chunk found before it wrote.
using Claims = QHash<QString, std::map<qint64, std::optional<Digest>>>;

struct Counter
{
    qint64 rows = 0;
    qint64 problems = 0;
};

class TableChecker
{
public:
    TableChecker(QList<VerificationProblem> &problems, const QString &table) : m_problems(problems), m_table(table) { }

    void report(qint64 rowid, const QString &what)
    {
        ++m_count;
        if (m_count <= kMaxRowProblemsPerTable)
            m_problems.append({ QStringLiteral("rows"), QStringLiteral("%1 row %2").arg(m_table).arg(rowid), what });
    }
    void finish()
    {
        if (m_count > kMaxRowProblemsPerTable)
            m_problems.append({ QStringLiteral("rows"), m_table,
                                QStringLiteral("and %1 more rows of %2 differ from what the audit log committed")
                                    .arg(m_count - kMaxRowProblemsPerTable)
                                    .arg(m_table) });
    }

private:
    QList<VerificationProblem> &m_problems;
    QString m_table;
    qint64 m_count = 0;
};

} // namespace

Result<RowCheck> RowVerifier::verify(Database &db, const QList<AuditEntry> &entries, Feedback &feedback)
{
    RowCheck check;
    // The row digests as they are now.
    Claims claims;
    qint64 expectedRows = 0;
    {
        auto stmt = Statement::prepare(db, "SELECT tbl, chunk, leaves FROM row_digests ORDER BY tbl, chunk");
        if (!stmt)
            return stmt.error();
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            const QByteArray leaves = stmt->blob(2);
            const QString table = stmt->text(0);
            claims[table][stmt->int64(1)] = ChunkLeaves::digest(table.toUtf8(), stmt->int64(1), leaves);
            if (stmt->int64(1) != kWholeTable)
                expectedRows += std::max<qint64>(0, (leaves.size() - kChunkRows / 8) / qint64(sizeof(Leaf)));
        }
    }

    // 1. Every row of every hashed table against its leaf.
    auto layouts = loadTableLayouts(db);
    if (!layouts)
        return layouts.error();
    feedback.setPhase(QStringLiteral("Verifying every row against the audit log"), expectedRows,
                      QStringLiteral("rows"));
    RowHasher hasher;
    QSet<QString> liveTables;
    for (const TableLayout &layout : std::as_const(*layouts)) {
        if (!layout.hashed())
            continue;
        const QString table = QString::fromUtf8(layout.name);
        liveTables.insert(table);
        ++check.tables;
        TableChecker problems(check.problems, table);
        auto digests = Statement::prepare(db, "SELECT chunk, leaves FROM row_digests WHERE tbl = ? ORDER BY chunk");
        auto rows = Statement::prepare(db, layout.selectAll().constData());
        if (!digests)
            return digests.error();
        if (!rows)
            return rows.error();
        digests->bind(1, table);
        if (layout.withoutRowid) {
            StreamDigest all;
            const int columns = rows->columnCount();
            for (;;) {
                auto row = rows->step();
                if (!row)
                    return row.error();
                if (!*row)
                    break;
                hasher.begin(0);
                for (int c = 0; c < columns; ++c)
                    hasher.addColumn(rows->handle(), c,
                                     size_t(c) < layout.realAffinity.size() && layout.realAffinity[size_t(c)]);
                all.add(hasher.data(), hasher.size());
                ++check.rows;
            }
            const Digest now = all.finish();
            QByteArray stored;
            for (;;) {
                auto row = digests->step();
                if (!row)
                    return row.error();
                if (!*row)
                    break;
                if (digests->int64(0) == kWholeTable)
                    stored = digests->blob(1);
            }
            if (stored != QByteArray(reinterpret_cast<const char *>(now.data()), qsizetype(now.size())))
                check.problems.append(
                    { QStringLiteral("rows"), table,
                      stored.isEmpty()
                          ? QStringLiteral("table %1 is not committed to by any audit entry").arg(table)
                          : QStringLiteral(
                                "table %1 differs from what the audit log committed (changed outside Lineage)")
                                .arg(table) });
            continue;
        }
        // Both in id order: the rows, and the chunks of leaves.
        const int columns = int(layout.realAffinity.size());
        std::optional<qint64> storedChunk;
        auto leaves = std::make_unique<ChunkLeaves>();
        std::bitset<kChunkRows> seen;
        bool haveDigests = true;
        auto nextDigests = [&]() -> Status {
            auto row = digests->step();
            if (!row)
                return row.error();
            if (!*row) {
                haveDigests = false;
                storedChunk.reset();
                return {};
            }
            storedChunk = digests->int64(0);
            if (*storedChunk == kWholeTable)
                return Status();
            if (!leaves->parse(digests->blob(1)))
                check.problems.append({ QStringLiteral("rows"), table,
                                        QStringLiteral("the row digests of %1 %2 are damaged")
                                            .arg(table, rangeText(*storedChunk, *storedChunk)) });
            seen.reset();
            return {};
        };
        auto closeChunk = [&]() {
            if (!storedChunk)
                return;
            for (int slot = 0; slot < int(kChunkRows); ++slot)
                if (leaves->contains(slot) && !seen.test(size_t(slot)))
                    problems.report(
                        *storedChunk * kChunkRows + slot,
                        QStringLiteral("is missing: it was deleted outside Lineage (the audit log holds it)"));
        };
        if (auto s = nextDigests(); !s)
            return s.error();
        while (haveDigests && storedChunk && *storedChunk == kWholeTable)
            if (auto s = nextDigests(); !s)
                return s.error();
        for (;;) {
            auto row = rows->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            const qint64 id = rows->int64(0);
            const qint64 chunk = chunkOf(id);
            // Chunks of digests before this row's chunk: their remaining rows are gone.
            while (haveDigests && storedChunk && *storedChunk < chunk) {
                closeChunk();
                if (auto s = nextDigests(); !s)
                    return s.error();
            }
            hasher.begin(id);
            for (int c = 0; c < columns; ++c)
                hasher.addColumn(rows->handle(), c + 1, layout.realAffinity[size_t(c)]);
            const Leaf leaf = hasher.finishLeaf();
            const int slot = slotOf(id);
            if (!storedChunk || *storedChunk != chunk || !leaves->contains(slot)) {
                problems.report(
                    id, QStringLiteral("is not accounted for by any audit entry: it was added outside Lineage"));
            } else {
                seen.set(size_t(slot));
                if (leaves->leaf(slot) != leaf)
                    problems.report(
                        id,
                        QStringLiteral("differs from what the audit log committed: it was changed outside Lineage"));
            }
            if ((++check.rows & 1023) == 0) {
                if (feedback.isCanceled())
                    return canceled();
                feedback.setProgress(check.rows, check.rows);
            }
        }
        while (haveDigests && storedChunk) {
            closeChunk();
            if (auto s = nextDigests(); !s)
                return s.error();
        }
        problems.finish();
    }
    for (auto it = claims.constBegin(); it != claims.constEnd(); ++it)
        if (!liveTables.contains(it.key()))
            check.problems.append(
                { QStringLiteral("rows"), it.key(),
                  QStringLiteral("table %1, whose rows the audit log commits to, is missing").arg(it.key()) });

    // 2. The chunk digests against the audit entries, newest first.
    feedback.setPhase(QStringLiteral("Verifying the row commitments of the audit log"), entries.size(),
                      QStringLiteral("entries"));
    qint64 walked = 0;
    for (auto e = entries.crbegin(); e != entries.crend(); ++e) {
        ++walked;
        if (e->commitment.isEmpty())
            continue;
        const QJsonObject commitment = QJsonDocument::fromJson(e->commitment.toUtf8()).object();
        const QJsonObject tables = commitment.value(QStringLiteral("tables")).toObject();
        const QJsonObject before = commitment.value(QStringLiteral("before")).toObject();
        const QString entryName = QStringLiteral("entry %1").arg(e->seq);
        const QString what = QStringLiteral("%1 (%2 %3)").arg(entryName, e->action, e->target);
        if (tables.isEmpty()) {
            check.problems.append({ QStringLiteral("rows"), entryName,
                                    QStringLiteral("the row commitment of %1 cannot be read").arg(what) });
            continue;
        }
        for (auto t = tables.constBegin(); t != tables.constEnd(); ++t) {
            const QString table = t.key();
            const QJsonObject info = t.value().toObject();
            auto &tableClaims = claims[table];
            const QJsonObject was = before.value(table).toObject();
            if (info.contains(QStringLiteral("whole"))) {
                const auto recorded = parseDigest(info.value(QStringLiteral("whole")).toString());
                const auto it = tableClaims.find(kWholeTable);
                const std::optional<Digest> now = it == tableClaims.end() ? std::nullopt : it->second;
                if (!recorded || now != recorded)
                    check.problems.append(
                        { QStringLiteral("rows"), entryName,
                          QStringLiteral("table %1 as %2 committed it was changed afterwards outside Lineage")
                              .arg(table, what) });
                const auto prior = info.contains(QStringLiteral("whole_before"))
                    ? parseDigest(info.value(QStringLiteral("whole_before")).toString())
                    : std::nullopt;
                tableClaims[kWholeTable] = prior;
            }
            const QJsonArray ranges = info.value(QStringLiteral("chunks")).toArray();
            if (ranges.isEmpty())
                continue;
            StreamDigest root;
            qint64 first = 0;
            qint64 last = 0;
            bool any = false;
            for (const QJsonValue &r : ranges) {
                const QJsonArray pair = r.toArray();
                const qint64 from = pair.at(0).toInteger();
                const qint64 to = pair.at(1).toInteger();
                if (to < from || to - from > (qint64(1) << 40))
                    break;
                for (qint64 chunk = from; chunk <= to; ++chunk) {
                    const auto it = tableClaims.find(chunk);
                    const Digest after = it == tableClaims.end() || !it->second ? Digest {} : *it->second;
                    root.addInt64(chunk);
                    root.add(after.data(), qint64(after.size()));
                    // Before this entry, the chunk was what the entry found (or did not exist).
                    const QJsonValue prior = was.value(QString::number(chunk));
                    tableClaims[chunk] = prior.isString() ? parseDigest(prior.toString()) : std::nullopt;
                    if (!any)
                        first = chunk;
                    last = chunk;
                    any = true;
                }
            }
            const auto recorded = parseDigest(info.value(QStringLiteral("root")).toString());
            if (!recorded || root.finish() != *recorded)
                check.problems.append(
                    { QStringLiteral("rows"), entryName,
                      QStringLiteral("rows of %1 (%2) that %3 committed were changed afterwards outside Lineage")
                          .arg(table, rangeText(first, last), what) });
        }
        if ((walked & 255) == 0 && feedback.isCanceled())
            return canceled();
        feedback.setProgress(walked, walked);
    }
    // Before the first entry the case held no row: a chunk still claimed came from nowhere.
    for (auto t = claims.constBegin(); t != claims.constEnd(); ++t) {
        for (const auto &[chunk, digest] : t.value()) {
            if (!digest)
                continue;
            if (chunk == kWholeTable)
                check.problems.append(
                    { QStringLiteral("rows"), t.key(),
                      QStringLiteral("table %1 is not accounted for by any audit entry").arg(t.key()) });
            else
                check.problems.append({ QStringLiteral("rows"), t.key(),
                                        QStringLiteral("rows of %1 (%2) are not accounted for by any audit entry")
                                            .arg(t.key(), rangeText(chunk, chunk)) });
        }
    }
    return check;
}

} // namespace lineage::casefile
