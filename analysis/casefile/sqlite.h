// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <sqlite3.h>

#include <memory>
#include <optional>

namespace lineage::casefile {

// Thin RAII wrappers over the SQLite C API (after QGIS's qgssqliteutils.h). One Database
// per thread; Statement and Transaction borrow it and must not outlive it. Errors are
// returned, never thrown. SQL text stays in analysis/casefile.

// Watches the writes made through one connection (the row ledger, row_ledger.h): told when
// each statement step ends and before Transaction::commit(), which it may refuse.
class WriteObserver
{
public:
    virtual ~WriteObserver() = default;
    // Transaction::begin(), before BEGIN (outside any transaction).
    [[nodiscard]] virtual Status beforeBegin() = 0;
    virtual void statementStepped(int rc) = 0;
    [[nodiscard]] virtual Status beforeCommit() = 0;
    // Why the connection's commit hook turned the last COMMIT into a rollback (empty: it did not).
    virtual QString refusal() const = 0;
};

class Database
{
public:
    Database() = default;
    explicit Database(sqlite3 *handle) : m_db(handle) {}
    Database(Database &&other) noexcept
        : m_db(std::exchange(other.m_db, nullptr)), m_observer(std::exchange(other.m_observer, nullptr)),
          m_companion(std::move(other.m_companion))
    {
    }
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database() { close(); }

    // Opens `path` with SQLITE_OPEN_* `flags`, then hardens the connection: defensive
    // mode, no extension loading, trusted_schema off, foreign keys on.
    [[nodiscard]] static Result<Database> open(const QString &path, int flags);

    [[nodiscard]] Status exec(const char *sql);
    [[nodiscard]] Status execScript(const QByteArray &sql);
    // First column of the first row of `sql`, or an error.
    [[nodiscard]] Result<qint64> queryInt(const char *sql);

    sqlite3 *handle() const { return m_db; }
    bool isOpen() const { return m_db != nullptr; }
    QString lastError() const;
    qint64 lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
    int changes() const { return sqlite3_changes(m_db); }
    void interrupt() { sqlite3_interrupt(m_db); }
    void close();

    // The observer of this connection's writes; the Database must not move while it is set.
    void setObserver(WriteObserver *observer) { m_observer = observer; }
    WriteObserver *observer() const { return m_observer; }
    // Something that lives as long as the connection (released after it closes).
    void attach(std::shared_ptr<void> companion) { m_companion = std::move(companion); }

    // At most `maxBytes` of the TEXT in `column` of row `rowid` of `table`, without reading
    // the rest (a hostile case may hold a value of hundreds of megabytes); `truncated` tells
    // whether more was there. A NULL or missing value is a null QString.
    [[nodiscard]] Result<QString> boundedText(const char *table, const char *column, qint64 rowid, int maxBytes,
                                              bool *truncated = nullptr);

private:
    sqlite3 *m_db = nullptr;
    WriteObserver *m_observer = nullptr;
    std::shared_ptr<void> m_companion;
};

class Statement
{
public:
    Statement() = default;
    Statement(Statement &&other) noexcept
        : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db), m_owner(other.m_owner)
    {
    }
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement() { sqlite3_finalize(m_stmt); }

    [[nodiscard]] static Result<Statement> prepare(Database &db, const char *sql);

    // Bind by 1-based index. A null QString / QByteArray binds NULL.
    Statement &bind(int index, qint64 value);
    Statement &bind(int index, int value) { return bind(index, qint64(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, const QByteArray &value);   // as BLOB
    Statement &bindText(int index, const QByteArray &utf8); // UTF-8 as TEXT
    Statement &bindText(int index, const char *utf8, int size); // UTF-8 as TEXT, copied
    Statement &bindNull(int index);
    Statement &bind(int index, std::optional<qint64> value);
    Statement &bind(int index, std::optional<double> value);
    Statement &bindVariant(int index, const QVariant &value);

    // Steps once: true when a row is available, false when done; an error otherwise.
    [[nodiscard]] Result<bool> step();
    // Steps to completion (for INSERT/UPDATE/DELETE) and resets.
    [[nodiscard]] Status run();
    void reset();

    // Steps through every remaining row, mapping each with `map(const Statement &) -> T`.
    template<typename T, typename Map>
    [[nodiscard]] Result<QList<T>> collect(Map &&map)
    {
        QList<T> rows;
        for (;;) {
            auto row = step();
            if (!row)
                return row.error();
            if (!*row)
                return rows;
            rows.append(map(*this));
        }
    }

    // Steps once: the mapped row, or nothing when the statement yields none.
    template<typename T, typename Map>
    [[nodiscard]] Result<std::optional<T>> maybeOne(Map &&map)
    {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            return std::optional<T>();
        return std::optional<T>(map(*this));
    }

    // Steps once: the mapped row, or `missing` when the statement yields none.
    template<typename T, typename Map>
    [[nodiscard]] Result<T> one(Map &&map, Error missing)
    {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            return missing;
        return T(map(*this));
    }

    int columnCount() const { return sqlite3_column_count(m_stmt); }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    qint64 int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    QString text(int col) const;
    QByteArray blob(int col) const;
    QVariant value(int col) const;
    std::optional<qint64> optInt64(int col) const;
    std::optional<double> optReal(int col) const;

    sqlite3_stmt *handle() const { return m_stmt; }
    QString errorMessage() const;

private:
    sqlite3_stmt *m_stmt = nullptr;
    sqlite3 *m_db = nullptr;
    Database *m_owner = nullptr;
};

// BEGIN IMMEDIATE on construction (via begin()), ROLLBACK on destruction unless commit()ed.
class Transaction
{
public:
    explicit Transaction(Database &db) : m_db(db) {}
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    [[nodiscard]] Status begin();
    [[nodiscard]] Status commit();
    void rollback();
    bool isActive() const { return m_active; }

private:
    Database &m_db;
    bool m_active = false;
};

// An Error built from the connection's current message.
Error sqlError(const Database &db, const QString &what);
Error sqlError(sqlite3 *db, const QString &what);

} // namespace lineage::casefile
