// SPDX-License-Identifier: GPL-3.0-or-later
// The row ledger: watching the rows a change touches (SQLite's pre-update hook), the scope
// of an audited change and the commit and rollback hooks. Sealing is in row_ledger_seal.cpp.
#include "casefile/row_ledger.h"

#include "casefile/audit_log.h"

#include <QJsonArray>

#include <algorithm>
#include <cstring>

namespace lineage::casefile {

namespace {

constexpr qint64 kFlushRows = 32768;

} // namespace

RowLedger::RowLedger(Database &db, Investigator who) : m_db(db), m_who(std::move(who))
{
    sqlite3_preupdate_hook(m_db.handle(), &RowLedger::preupdateHook, this);
    sqlite3_commit_hook(m_db.handle(), &RowLedger::commitHook, this);
    sqlite3_rollback_hook(m_db.handle(), &RowLedger::rollbackHook, this);
    m_db.setObserver(this);
}

RowLedger::~RowLedger()
{
    m_tables.clear();
    m_load = Statement();
    m_store = Statement();
    if (m_db.isOpen()) {
        sqlite3_preupdate_hook(m_db.handle(), nullptr, nullptr);
        sqlite3_commit_hook(m_db.handle(), nullptr, nullptr);
        sqlite3_rollback_hook(m_db.handle(), nullptr, nullptr);
    }
    if (m_db.observer() == this)
        m_db.setObserver(nullptr);
}

Status RowLedger::refreshLayouts()
{
    auto cookie = m_db.queryInt("PRAGMA schema_version");
    if (!cookie)
        return cookie.error();
    if (*cookie == m_schemaCookie && !m_tables.empty())
        return {};
    auto layouts = loadTableLayouts(m_db);
    if (!layouts)
        return layouts.error();
    m_tables.clear();
    m_recent = {};
    for (TableLayout &layout : *layouts) {
        auto t = std::make_unique<Table>();
        const QByteArray name = layout.name;
        t->committed = layout.rule && layout.rule->tableClass == TableClass::Committed;
        t->layout = std::move(layout);
        m_tables.emplace(name, std::move(t));
    }
    m_load = Statement();
    m_store = Statement();
    m_schemaCookie = *cookie;
    return {};
}

Status RowLedger::beginScope()
{
    if (m_scope)
        return makeError(ErrorCode::Internal, QStringLiteral("An audited change is already open on this connection."));
    if (auto s = refreshLayouts(); !s)
        return s;
    reset();
    m_scope = true;
    m_sealed = false;
    m_recommitAll = false;
    return {};
}

void RowLedger::endScope()
{
    reset();
    m_scope = false;
    m_sealed = false;
    m_recommitAll = false;
}

void RowLedger::reset()
{
    for (auto &entry : m_tables) {
        Table &t = *entry.second;
        t.runIds.clear();
        t.runLeaves.clear();
        t.pending.clear();
        t.written.clear();
        t.wholeTableTouched = false;
        t.inserted = t.updated = t.deleted = 0;
    }
    m_pendingRows = 0;
    m_dirty = false;
    m_committedOutside = false;
    m_derivedOutside = false;
    m_recomputedOutside.clear();
    m_error.clear();
}

RowLedger::Table *RowLedger::tableFor(const char *name)
{
    // The hook names a table by its schema's own string: the same pointer each time.
    for (const Recent &r : m_recent)
        if (r.name == name && r.table && std::strcmp(r.table->layout.name.constData(), name) == 0)
            return r.table;
    const auto it = m_tables.find(QByteArray(name));
    if (it == m_tables.end())
        return nullptr;
    m_recent[size_t(m_nextRecent)] = { name, it->second.get() };
    m_nextRecent = (m_nextRecent + 1) % int(m_recent.size());
    return it->second.get();
}

qsizetype RowLedger::inRun(const Table &t, qint64 rowid)
{
    if (t.runIds.empty() || rowid < t.runIds.front() || rowid > t.runIds.back())
        return -1;
    const auto it = std::lower_bound(t.runIds.begin(), t.runIds.end(), rowid);
    return it != t.runIds.end() && *it == rowid ? qsizetype(it - t.runIds.begin()) : -1;
}

void RowLedger::leaveRun(Table &t, qsizetype at)
{
    // A row of the run is touched again: it and the rows after it go to the hash table.
    for (qsizetype i = at; i < qsizetype(t.runIds.size()); ++i) {
        Pending &p = t.pending[t.runIds[size_t(i)]];
        p.op = Insert;
        p.newLeaf = t.runLeaves[size_t(i)];
    }
    t.runIds.resize(size_t(at));
    t.runLeaves.resize(size_t(at));
}

void RowLedger::preupdateHook(void *self, sqlite3 *, int op, const char *dbName, const char *table, sqlite3_int64 key1,
                              sqlite3_int64 key2)
{
    if (std::strcmp(dbName, "main") != 0)
        return;
    static_cast<RowLedger *>(self)->onPreupdate(op, table, key1, key2);
}

Leaf RowLedger::hashNew(const Table &t, qint64 rowid)
{
    sqlite3 *db = m_db.handle();
    const int n = sqlite3_preupdate_count(db);
    m_hasher.begin(rowid);
    for (int i = 0; i < n; ++i) {
        sqlite3_value *v = nullptr;
        if (sqlite3_preupdate_new(db, i, &v) != SQLITE_OK)
            m_dirty = true;
        m_hasher.addValue(v, size_t(i) < t.layout.realAffinity.size() && t.layout.realAffinity[size_t(i)]);
    }
    if (size_t(n) != t.layout.realAffinity.size())
        m_dirty = true;
    return m_hasher.finishLeaf();
}

Leaf RowLedger::hashOld(const Table &t, qint64 rowid)
{
    sqlite3 *db = m_db.handle();
    const int n = sqlite3_preupdate_count(db);
    m_hasher.begin(rowid);
    for (int i = 0; i < n; ++i) {
        sqlite3_value *v = nullptr;
        if (sqlite3_preupdate_old(db, i, &v) != SQLITE_OK)
            m_dirty = true;
        m_hasher.addValue(v, size_t(i) < t.layout.realAffinity.size() && t.layout.realAffinity[size_t(i)]);
    }
    return m_hasher.finishLeaf();
}

void RowLedger::onPreupdate(int op, const char *table, qint64 key1, qint64 key2)
{
    if (m_inLedger)
        return;
    Table *t = tableFor(table);
    if (!t || !t->layout.rule) {
        if (m_scope && m_recommitAll)
            return; // a migration's work tables
        if (m_error.isEmpty())
            m_error = QStringLiteral(
                          "Lineage wrote to table %1, which is not classified in analysis/casefile/table_classes.cpp.")
                          .arg(QString::fromUtf8(table));
        m_committedOutside = !m_scope;
        return;
    }
    const TableClass cls = t->layout.rule->tableClass;
    if (cls == TableClass::Evidence || cls == TableClass::Ledger)
        return;
    if (t->layout.rule->recomputed) {
        // Verify recomputes it whole: not hashed, but a write outside a change is still
        // recorded by a "derived.update" entry of its own.
        if (!m_scope) {
            m_derivedOutside = true;
            m_recomputedOutside.insert(t->layout.name);
        }
        return;
    }
    if (m_sealed && m_error.isEmpty())
        m_error = QStringLiteral("Rows of %1 were written after the change's audit entry was sealed.")
                      .arg(QString::fromUtf8(table));
    if (!m_scope) {
        if (cls == TableClass::Committed)
            m_committedOutside = true;
        else
            m_derivedOutside = true;
    }
    if (m_scope && m_recommitAll)
        return;
    if (t->layout.withoutRowid) {
        t->wholeTableTouched = true;
        return;
    }
    // A derived row is not checked before it changes (verify checks it, and it can be
    // rebuilt): its old state is not hashed.
    const bool checkOld = t->committed;
    auto oldLeaf = [&](qint64 rowid) {
        if (!checkOld || inRun(*t, rowid) >= 0 || t->pending.count(rowid))
            return Leaf {};
        return hashOld(*t, rowid);
    };
    switch (op) {
    case SQLITE_INSERT:
        recordInsert(*t, key2, hashNew(*t, key2));
        break;
    case SQLITE_DELETE:
        recordDelete(*t, key1, oldLeaf(key1));
        break;
    case SQLITE_UPDATE:
        if (key1 != key2) {
            recordDelete(*t, key1, oldLeaf(key1));
            recordInsert(*t, key2, hashNew(*t, key2));
        } else {
            const Leaf old = oldLeaf(key1);
            recordUpdate(*t, key1, old, hashNew(*t, key2));
        }
        break;
    default:
        break;
    }
}

void RowLedger::recordInsert(Table &t, qint64 rowid, const Leaf &leaf)
{
    if ((t.runIds.empty() || rowid > t.runIds.back()) && (t.pending.empty() || !t.pending.count(rowid))) {
        t.runIds.push_back(rowid);
        t.runLeaves.push_back(leaf);
        ++m_pendingRows;
        return;
    }
    if (const qsizetype at = inRun(t, rowid); at >= 0)
        leaveRun(t, at);
    auto [it, fresh] = t.pending.try_emplace(rowid);
    if (fresh) {
        it->second.op = Insert;
        it->second.newLeaf = leaf;
        ++m_pendingRows;
        return;
    }
    if (it->second.op == Delete)
        it->second.op = Update; // deleted and put back in the same window
    else
        m_dirty = true; // a row inserted twice: SQLite undid something we saw
    it->second.newLeaf = leaf;
}

void RowLedger::recordDelete(Table &t, qint64 rowid, const Leaf &old)
{
    if (const qsizetype at = inRun(t, rowid); at >= 0)
        leaveRun(t, at);
    auto [it, fresh] = t.pending.try_emplace(rowid);
    if (fresh) {
        it->second.op = Delete;
        it->second.hasOld = t.committed;
        it->second.oldLeaf = old;
        ++m_pendingRows;
        return;
    }
    if (it->second.op == Insert) {
        t.pending.erase(it); // came and went within the window
        --m_pendingRows;
    } else if (it->second.op == Update) {
        it->second.op = Delete;
    } else {
        m_dirty = true;
    }
}

void RowLedger::recordUpdate(Table &t, qint64 rowid, const Leaf &old, const Leaf &now)
{
    if (const qsizetype at = inRun(t, rowid); at >= 0) {
        t.runLeaves[size_t(at)] = now; // inserted in this window: still an insert
        return;
    }
    auto [it, fresh] = t.pending.try_emplace(rowid);
    if (fresh) {
        it->second.op = Update;
        it->second.hasOld = t.committed;
        it->second.oldLeaf = old;
        it->second.newLeaf = now;
        ++m_pendingRows;
        return;
    }
    if (it->second.op == Delete)
        m_dirty = true;
    it->second.newLeaf = now;
}

Status RowLedger::beforeBegin()
{
    if (!m_useWal || m_walOn)
        return {};
    auto stmt = Statement::prepare(m_db, "PRAGMA journal_mode = WAL");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row || stmt->text(0) != QLatin1String("wal"))
        return makeError(ErrorCode::Io,
                         QStringLiteral("The case cannot be written: its write-ahead log cannot be used here."),
                         *row ? stmt->text(0) : QString());
    m_walOn = true;
    return {};
}

void RowLedger::statementStepped(int rc)
{
    if (m_inLedger)
        return;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE && m_pendingRows > 0)
        m_dirty = true; // a failed statement may have undone rows the hook saw
    if (m_pendingRows >= kFlushRows && !sqlite3_get_autocommit(m_db.handle())) {
        if (auto s = flush(); !s && m_error.isEmpty())
            m_error = s.error().message;
    }
}

Status RowLedger::beforeCommit()
{
    if (m_scope)
        return m_sealed ? Status()
                        : makeError(ErrorCode::Internal,
                                    QStringLiteral("An audited change must write its audit entry before it commits."));
    if (m_committedOutside) {
        const QString why = m_error.isEmpty()
            ? QStringLiteral(
                "A change to the case was made outside an audited change (CaseFile::auditedChange); it was undone.")
            : m_error;
        reset();
        return makeError(ErrorCode::Internal, why);
    }
    if (!m_derivedOutside)
        return {};
    // Derived data written in a transaction of its own (a cache, an index): sealed with an
    // entry of its own.
    m_scope = true;
    auto commitment = seal();
    if (!commitment) {
        endScope();
        return commitment.error();
    }
    QJsonArray summary;
    for (const QString &line : std::as_const(m_lastSummary))
        summary.append(line);
    QStringList names;
    for (const auto &entry : m_tables)
        if (!entry.second->written.empty() || m_recomputedOutside.contains(entry.first))
            names << QString::fromUtf8(entry.first);
    auto status = AuditLog::append(m_db, m_who, QStringLiteral("derived.update"), names.join(QLatin1Char(',')),
                                   QJsonObject { { QStringLiteral("rows"), summary } }, {}, *commitment);
    if (!status) {
        endScope();
        return status;
    }
    m_sealed = true;
    return {};
}

int RowLedger::commitHook(void *self)
{
    auto *ledger = static_cast<RowLedger *>(self);
    bool touched = ledger->m_committedOutside || ledger->m_derivedOutside || ledger->m_pendingRows > 0
        || !ledger->m_error.isEmpty();
    for (const auto &entry : ledger->m_tables)
        touched = touched || !entry.second->written.empty() || entry.second->wholeTableTouched;
    if (touched && (!ledger->m_sealed || !ledger->m_error.isEmpty())) {
        ledger->m_refusal = ledger->m_error.isEmpty()
            ? QStringLiteral(
                "A change to the case was made outside an audited change (CaseFile::auditedChange); it was undone.")
            : ledger->m_error;
        return 1;
    }
    ledger->m_refusal.clear();
    ledger->reset();
    ledger->m_sealed = false;
    ledger->m_scope = false;
    return 0;
}

void RowLedger::rollbackHook(void *self)
{
    auto *ledger = static_cast<RowLedger *>(self);
    ledger->reset();
    ledger->m_sealed = false;
}

} // namespace lineage::casefile
