// SPDX-License-Identifier: GPL-3.0-or-later
// The row ledger's sealing: merging what a change touched into row_digests, chunk by
// chunk, checking that the rows it updated or deleted were what the ledger held, and
// building the commitment its audit entry carries. Watching the rows is in row_ledger.cpp.
#include "casefile/row_ledger.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace lineage::casefile {

namespace {

QString tableName(const QByteArray &name)
{
    return QString::fromUtf8(name);
}

Error altered(const QString &message)
{
    return makeError(
        ErrorCode::Altered,
        message + QStringLiteral(" The change was not made; 'lineage-cli verify' names everything that differs."));
}

} // namespace

Result<std::optional<QByteArray>> RowLedger::loadChunk(const QByteArray &table, qint64 chunk)
{
    if (!m_load.handle()) {
        auto stmt = Statement::prepare(m_db, "SELECT leaves FROM row_digests WHERE tbl = ? AND chunk = ?");
        if (!stmt)
            return stmt.error();
        m_load = std::move(*stmt);
    }
    m_load.bindText(1, table).bind(2, chunk);
    auto row = m_load.step();
    if (!row) {
        m_load.reset();
        return row.error();
    }
    std::optional<QByteArray> stored;
    if (*row)
        stored = m_load.blob(0);
    m_load.reset();
    return stored;
}

Status RowLedger::writeChunk(Table &t, qint64 chunk, const QByteArray &leaves, const std::optional<QByteArray> &stored)
{
    auto [it, fresh] = t.written.try_emplace(chunk);
    if (fresh && stored) {
        it->second.hasBefore = true;
        it->second.before = ChunkLeaves::digest(t.layout.name, chunk, *stored);
    }
    it->second.after = ChunkLeaves::digest(t.layout.name, chunk, leaves);
    if (stored && *stored == leaves)
        return {};
    if (!m_store.handle()) {
        auto stmt = Statement::prepare(m_db,
                                       "INSERT INTO row_digests (tbl, chunk, leaves) VALUES (?, ?, ?) "
                                       "ON CONFLICT (tbl, chunk) DO UPDATE SET leaves = excluded.leaves");
        if (!stmt)
            return stmt.error();
        m_store = std::move(*stmt);
    }
    m_store.bindText(1, t.layout.name).bind(2, chunk).bind(3, leaves);
    return m_store.run();
}

Status RowLedger::rereadPending(Table &t)
{
    if (!t.selectOne.handle()) {
        auto stmt = Statement::prepare(m_db, t.layout.selectOne().constData());
        if (!stmt)
            return stmt.error();
        t.selectOne = std::move(*stmt);
    }
    const int columns = int(t.layout.realAffinity.size());
    for (auto it = t.pending.begin(); it != t.pending.end();) {
        t.selectOne.bind(1, it->first);
        auto row = t.selectOne.step();
        if (!row) {
            t.selectOne.reset();
            return row.error();
        }
        if (*row) {
            m_hasher.begin(it->first);
            for (int c = 0; c < columns; ++c)
                m_hasher.addColumn(t.selectOne.handle(), c + 1, t.layout.realAffinity[size_t(c)]);
            it->second.newLeaf = m_hasher.finishLeaf();
            if (it->second.op == Delete)
                it->second.op = Update;
        } else if (it->second.op == Insert) {
            t.selectOne.reset();
            it = t.pending.erase(it);
            continue;
        } else {
            it->second.op = Delete;
        }
        t.selectOne.reset();
        ++it;
    }
    return {};
}

Status RowLedger::flushTable(Table &t)
{
    if (t.pending.empty() && t.runIds.empty())
        return {};
    if (m_dirty) {
        // Re-read everything (a statement failed): the run goes to the hash table too.
        if (!t.runIds.empty())
            leaveRun(t, 0);
        if (auto s = rereadPending(t); !s)
            return s;
    }
    // One id-ordered sequence: the run (already sorted) merged with the hash table's ids.
    std::vector<qint64> ids;
    ids.reserve(t.pending.size());
    for (const auto &p : t.pending)
        ids.push_back(p.first);
    std::sort(ids.begin(), ids.end());
    const QString name = tableName(t.layout.name);
    auto leaves = std::make_unique<ChunkLeaves>();
    size_t i = 0; // in ids
    size_t r = 0; // in the run
    auto next = [&]() -> qint64 {
        if (i < ids.size() && (r >= t.runIds.size() || ids[i] < t.runIds[r]))
            return ids[i];
        return t.runIds[r];
    };
    while (i < ids.size() || r < t.runIds.size()) {
        const qint64 chunk = chunkOf(next());
        auto stored = loadChunk(t.layout.name, chunk);
        if (!stored)
            return stored.error();
        if (*stored) {
            if (!leaves->parse(**stored))
                return altered(QStringLiteral("The row digests of %1 rows %2 to %3 are damaged.")
                                   .arg(name)
                                   .arg(chunk * kChunkRows)
                                   .arg(chunk * kChunkRows + kChunkRows - 1));
        } else {
            *leaves = ChunkLeaves();
        }
        while ((i < ids.size() || r < t.runIds.size()) && chunkOf(next()) == chunk) {
            const bool fromRun = !(i < ids.size() && (r >= t.runIds.size() || ids[i] < t.runIds[r]));
            const qint64 id = fromRun ? t.runIds[r] : ids[i];
            const int slot = slotOf(id);
            if (fromRun) {
                ++r;
                if (leaves->contains(slot))
                    return altered(
                        QStringLiteral("Row %1 of %2 was deleted outside Lineage (the audit log still holds it).")
                            .arg(id)
                            .arg(name));
                leaves->set(slot, t.runLeaves[r - 1]);
                ++t.inserted;
                continue;
            }
            ++i;
            const Pending &p = t.pending.at(id);
            if (p.op == Insert) {
                if (leaves->contains(slot))
                    return altered(
                        QStringLiteral("Row %1 of %2 was deleted outside Lineage (the audit log still holds it).")
                            .arg(id)
                            .arg(name));
                leaves->set(slot, p.newLeaf);
                ++t.inserted;
                continue;
            }
            if (!leaves->contains(slot))
                return altered(
                    QStringLiteral("Row %1 of %2 was added outside Lineage (no audit entry accounts for it).")
                        .arg(id)
                        .arg(name));
            if (p.hasOld && leaves->leaf(slot) != p.oldLeaf)
                return altered(
                    QStringLiteral("Row %1 of %2 was changed outside Lineage (it no longer matches the audit log).")
                        .arg(id)
                        .arg(name));
            if (p.op == Update) {
                leaves->set(slot, p.newLeaf);
                ++t.updated;
            } else {
                leaves->remove(slot);
                ++t.deleted;
            }
        }
        if (auto s = writeChunk(t, chunk, leaves->serialize(), *stored); !s)
            return s;
    }
    t.pending.clear();
    t.runIds.clear();
    t.runLeaves.clear();
    return {};
}

Status RowLedger::flush()
{
    const bool wasInLedger = m_inLedger;
    m_inLedger = true;
    Status status;
    for (auto &entry : m_tables) {
        status = flushTable(*entry.second);
        if (!status)
            break;
    }
    m_pendingRows = 0;
    m_dirty = false;
    m_inLedger = wasInLedger;
    return status;
}

Status RowLedger::sealWholeTable(Table &t)
{
    auto stmt = Statement::prepare(m_db, t.layout.selectAll().constData());
    if (!stmt)
        return stmt.error();
    StreamDigest all;
    qint64 rows = 0;
    const int columns = stmt->columnCount();
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        m_hasher.begin(0);
        for (int c = 0; c < columns; ++c)
            m_hasher.addColumn(stmt->handle(), c,
                               size_t(c) < t.layout.realAffinity.size() && t.layout.realAffinity[size_t(c)]);
        all.add(m_hasher.data(), m_hasher.size());
        ++rows;
    }
    const Digest digest = all.finish();
    const QByteArray leaves(reinterpret_cast<const char *>(digest.data()), qsizetype(digest.size()));
    auto stored = loadChunk(t.layout.name, kWholeTable);
    if (!stored)
        return stored.error();
    t.updated = rows;
    return writeChunk(t, kWholeTable, leaves, *stored);
}

Status RowLedger::recommitTable(Table &t)
{
    t.pending.clear();
    t.runIds.clear();
    t.runLeaves.clear();
    if (t.layout.withoutRowid)
        return sealWholeTable(t);
    // What the ledger held before, chunk by chunk (digests only).
    std::map<qint64, QByteArray> existing;
    {
        auto stmt = Statement::prepare(m_db, "SELECT chunk, leaves FROM row_digests WHERE tbl = ? ORDER BY chunk");
        if (!stmt)
            return stmt.error();
        stmt->bindText(1, t.layout.name);
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            existing.emplace(stmt->int64(0), stmt->blob(1));
        }
    }
    auto stmt = Statement::prepare(m_db, t.layout.selectAll().constData());
    if (!stmt)
        return stmt.error();
    const int columns = int(t.layout.realAffinity.size());
    auto leaves = std::make_unique<ChunkLeaves>();
    std::optional<qint64> current;
    auto finishChunk = [&]() -> Status {
        if (!current)
            return {};
        const auto it = existing.find(*current);
        std::optional<QByteArray> stored;
        if (it != existing.end()) {
            stored = it->second;
            existing.erase(it);
        }
        Status s = writeChunk(t, *current, leaves->serialize(), stored);
        *leaves = ChunkLeaves();
        return s;
    };
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const qint64 id = stmt->int64(0);
        if (!current || chunkOf(id) != *current) {
            if (auto s = finishChunk(); !s)
                return s;
            current = chunkOf(id);
        }
        m_hasher.begin(id);
        for (int c = 0; c < columns; ++c)
            m_hasher.addColumn(stmt->handle(), c + 1, t.layout.realAffinity[size_t(c)]);
        leaves->set(slotOf(id), m_hasher.finishLeaf());
        ++t.inserted;
    }
    if (auto s = finishChunk(); !s)
        return s;
    // Chunks the ledger held whose rows are all gone.
    for (const auto &[chunk, stored] : existing)
        if (chunk != kWholeTable)
            if (auto s = writeChunk(t, chunk, ChunkLeaves().serialize(), stored); !s)
                return s;
    return {};
}

Result<QString> RowLedger::seal()
{
    if (!m_scope)
        return makeError(ErrorCode::Internal, QStringLiteral("No audited change is open on this connection."));
    if (!m_error.isEmpty())
        return altered(m_error);
    m_inLedger = true;
    // FTS5 keeps new index entries in memory and writes them when a savepoint opens or the
    // transaction commits: make it write them now, where the hook sees them.
    m_inLedger = false;
    Status status = m_db.exec("SAVEPOINT lineage_ledger; RELEASE lineage_ledger");
    m_inLedger = true;
    if (!status) {
        m_inLedger = false;
        return status.error();
    }
    if (m_recommitAll) {
        m_schemaCookie = -1;
        status = refreshLayouts();
        for (auto &entry : m_tables) {
            if (!status)
                break;
            if (entry.second->layout.hashed())
                status = recommitTable(*entry.second);
        }
    } else {
        status = flush();
        for (auto &entry : m_tables) {
            if (!status)
                break;
            if (entry.second->wholeTableTouched)
                status = sealWholeTable(*entry.second);
        }
    }
    m_inLedger = false;
    if (!status)
        return status.error();
    if (!m_error.isEmpty())
        return altered(m_error);
    return buildCommitment();
}

QString RowLedger::buildCommitment()
{
    QJsonObject tables;
    QJsonObject before;
    m_lastSummary.clear();
    for (const auto &entry : m_tables) {
        const Table &t = *entry.second;
        if (t.written.empty())
            continue;
        QJsonObject table;
        QJsonArray ranges;
        StreamDigest root;
        QJsonObject was;
        qint64 start = 0;
        qint64 previous = 0;
        bool open = false;
        for (const auto &[chunk, write] : t.written) {
            if (chunk == kWholeTable) {
                table.insert(QStringLiteral("whole"), toHex(write.after));
                if (write.hasBefore)
                    table.insert(QStringLiteral("whole_before"), toHex(write.before));
                continue;
            }
            root.addInt64(chunk);
            root.add(write.after.data(), qint64(write.after.size()));
            if (write.hasBefore)
                was.insert(QString::number(chunk), toHex(write.before));
            if (open && chunk == previous + 1) {
                previous = chunk;
                continue;
            }
            if (open)
                ranges.append(QJsonArray { start, previous });
            start = previous = chunk;
            open = true;
        }
        if (open)
            ranges.append(QJsonArray { start, previous });
        const Digest r = root.finish();
        if (!ranges.isEmpty()) {
            table.insert(QStringLiteral("chunks"), ranges);
            table.insert(QStringLiteral("root"), toHex(r));
        }
        table.insert(QStringLiteral("inserted"), t.inserted);
        table.insert(QStringLiteral("updated"), t.updated);
        table.insert(QStringLiteral("deleted"), t.deleted);
        const QString name = tableName(t.layout.name);
        tables.insert(name, table);
        if (!was.isEmpty())
            before.insert(name, was);
        m_lastSummary << QStringLiteral("%1 +%2 ~%3 -%4").arg(name).arg(t.inserted).arg(t.updated).arg(t.deleted);
    }
    if (tables.isEmpty())
        return {};
    QJsonObject commitment { { QStringLiteral("v"), 1 }, { QStringLiteral("tables"), tables } };
    if (!before.isEmpty())
        commitment.insert(QStringLiteral("before"), before);
    return QString::fromUtf8(QJsonDocument(commitment).toJson(QJsonDocument::Compact));
}

} // namespace lineage::casefile
