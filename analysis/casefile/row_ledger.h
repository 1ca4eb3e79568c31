// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/investigator.h"
#include "casefile/row_digest.h"
#include "casefile/sqlite.h"
#include "casefile/table_layout.h"
#include "core/result.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

#include <array>
#include <map>
#include <memory>
#include <unordered_map>

namespace lineage::casefile {

// The row ledger: makes every row the case holds committed to by the audit chain, for any
// table, without the stores doing anything (see table_classes.h for what a store must do:
// classify its tables and write inside an audited change).
//
// Installed on a read-write connection, it watches every INSERT, UPDATE and DELETE with
// SQLite's pre-update hook and hashes the after-state of each touched row (row_digest.h).
// When the change is sealed (CaseFile::auditedChange, an import's CaseChange), the touched
// chunks' leaves are merged into row_digests and the change's audit entry gets the
// commitment: per table the chunks written and a root over their digests, and the digests
// those chunks had before. Before it merges, it checks that each row the change updates or
// deletes still is what the ledger holds, so that a row altered outside Lineage is not
// laundered into a new entry (the change is refused instead). Memory stays bounded: pending
// rows are merged every 32,768 rows. Writes to committed tables outside an audited change
// are refused at commit (SQLite's commit hook); writes to derived tables in a Transaction
// of their own are sealed with a "derived.update" entry at Transaction::commit().
//
// Owned by the CaseFile (or connection) it watches; used on that connection's thread only.
class RowLedger final : public WriteObserver
{
public:
    RowLedger(Database &db, Investigator who);
    ~RowLedger() override;
    RowLedger(const RowLedger &) = delete;
    RowLedger &operator=(const RowLedger &) = delete;

    // Reads the case's tables (again, after a schema change); called before a change.
    [[nodiscard]] Status refreshLayouts();

    // An audited change starts (inside its transaction, before it writes).
    [[nodiscard]] Status beginScope();
    // Within the scope, rows are not watched one by one; seal() hashes every table again
    // (a schema migration, which rebuilds tables).
    void recommitAllOnSeal() { m_recommitAll = true; }
    // Merges what the change did into row_digests and returns the commitment for its audit
    // entry (compact JSON; empty when no row changed). Errors name the table and row.
    [[nodiscard]] Result<QString> seal();
    // The audit entry is written: the commit may go through.
    void markSealed() { m_sealed = true; }
    // After the scope's transaction ended (committed or not).
    void endScope();

    // Rows counted by the last seal(): "query_records +100000" per table.
    const QStringList &lastSummary() const { return m_lastSummary; }

    // Writes go to the write-ahead log (switched on before the first transaction), except
    // for a case being created, which is private until it is published.
    void setUseWal(bool on) { m_useWal = on; }

    [[nodiscard]] Status beforeBegin() override;
    void statementStepped(int rc) override;
    [[nodiscard]] Status beforeCommit() override;
    QString refusal() const override { return m_refusal; }

private:
    enum Op : unsigned char { Insert, Update, Delete };
    struct Pending
    {
        Op op = Insert;
        bool hasOld = false;
        Leaf oldLeaf {};
        Leaf newLeaf {};
    };
    struct ChunkWrite
    {
        bool hasBefore = false;
        Digest before {};
        Digest after {};
    };
    struct Table
    {
        TableLayout layout;
        bool committed = false; // committed (checked before it changes) or derived
        // Rows inserted in ascending id order and not touched since: the common case of an
        // import, kept without a hash table.
        std::vector<qint64> runIds;
        std::vector<Leaf> runLeaves;
        std::unordered_map<qint64, Pending> pending;
        std::map<qint64, ChunkWrite> written; // chunks written in this scope
        bool wholeTableTouched = false;
        qint64 inserted = 0;
        qint64 updated = 0;
        qint64 deleted = 0;
        Statement selectOne;
    };

    static void preupdateHook(void *self, sqlite3 *db, int op, const char *dbName, const char *table,
                              sqlite3_int64 key1, sqlite3_int64 key2);
    static int commitHook(void *self);
    static void rollbackHook(void *self);
    void onPreupdate(int op, const char *table, qint64 key1, qint64 key2);
    Table *tableFor(const char *name);
    Leaf hashNew(const Table &t, qint64 rowid);
    Leaf hashOld(const Table &t, qint64 rowid);
    void recordInsert(Table &t, qint64 rowid, const Leaf &leaf);
    void recordDelete(Table &t, qint64 rowid, const Leaf &old);
    void recordUpdate(Table &t, qint64 rowid, const Leaf &old, const Leaf &now);
    // The position of `rowid` in the table's run of inserts, or -1.
    static qsizetype inRun(const Table &t, qint64 rowid);
    void leaveRun(Table &t, qsizetype at);

    Status flush();
    Status flushTable(Table &t);
    Status rereadPending(Table &t);
    Status writeChunk(Table &t, qint64 chunk, const QByteArray &leaves, const std::optional<QByteArray> &stored);
    Result<std::optional<QByteArray>> loadChunk(const QByteArray &table, qint64 chunk);
    Status sealWholeTable(Table &t);
    Status recommitTable(Table &t);
    QString buildCommitment();
    void reset();

    Database &m_db;
    Investigator m_who;
    std::map<QByteArray, std::unique_ptr<Table>> m_tables;
    struct Recent
    {
        const char *name = nullptr;
        Table *table = nullptr;
    };
    std::array<Recent, 8> m_recent {};
    int m_nextRecent = 0;
    RowHasher m_hasher;
    Statement m_load;
    Statement m_store;
    qint64 m_schemaCookie = -1;
    qint64 m_pendingRows = 0;
    bool m_useWal = true;
    bool m_walOn = false;
    bool m_scope = false;
    bool m_sealed = false;
    bool m_recommitAll = false;
    bool m_dirty = false; // a statement failed: re-read touched rows when merging
    bool m_inLedger = false; // the ledger's own statements are running
    bool m_committedOutside = false; // a committed table was written outside a scope
    bool m_derivedOutside = false;
    QSet<QByteArray> m_recomputedOutside; // recomputed tables written outside a scope
    QString m_error; // a write the ledger cannot account for
    QString m_refusal;
    QStringList m_lastSummary;
};

} // namespace lineage::casefile
