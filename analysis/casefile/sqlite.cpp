// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/sqlite.h"

#include <algorithm>

namespace lineage::casefile {

Error sqlError(sqlite3 *db, const QString &what)
{
    const QString message = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("no database");
    return makeError(ErrorCode::Sql, what, message);
}

namespace {

// A COMMIT the row ledger refused says why, instead of SQLite's "constraint failed".
Error refusedOr(const Database *owner, int rc, Error error)
{
    if (rc == SQLITE_CONSTRAINT_COMMITHOOK && owner && owner->observer()) {
        const QString why = owner->observer()->refusal();
        if (!why.isEmpty())
            return makeError(ErrorCode::Internal, why, error.detail);
    }
    return error;
}

} // namespace

Error sqlError(const Database &db, const QString &what)
{
    return sqlError(db.handle(), what);
}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_observer = std::exchange(other.m_observer, nullptr);
        m_companion = std::move(other.m_companion);
    }
    return *this;
}

Result<Database> Database::open(const QString &path, int flags)
{
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK) {
        return makeError(ErrorCode::Io, QStringLiteral("Cannot open %1.").arg(path),
                         raw ? QString::fromUtf8(sqlite3_errmsg(raw)) : QString::fromUtf8(sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(raw, 1);
    // A case may come from someone else: treat its schema as untrusted.
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 1, nullptr);
    sqlite3_busy_timeout(raw, 5000);
    return db;
}

Status Database::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (m_observer)
        m_observer->statementStepped(rc == SQLITE_OK ? SQLITE_DONE : rc);
    if (rc != SQLITE_OK) {
        const QString detail = QString::fromUtf8(message ? message : "");
        sqlite3_free(message);
        return refusedOr(this, sqlite3_extended_errcode(m_db),
                         makeError(ErrorCode::Sql, QStringLiteral("A database command failed."), detail));
    }
    return {};
}

Result<QString> Database::boundedText(const char *table, const char *column, qint64 rowid, int maxBytes, bool *truncated)
{
    if (truncated)
        *truncated = false;
    sqlite3_blob *blob = nullptr;
    if (sqlite3_blob_open(m_db, "main", table, column, rowid, 0, &blob) != SQLITE_OK) {
        sqlite3_blob_close(blob);
        // NULL, a number, or no such row: read it the ordinary way (it is small).
        QByteArray sql = QByteArray("SELECT typeof(") + column + "), CAST(" + column + " AS TEXT) FROM " + table
            + " WHERE rowid = ?";
        auto stmt = Statement::prepare(*this, sql.constData());
        if (!stmt)
            return stmt.error();
        stmt->bind(1, rowid);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row || stmt->isNull(1))
            return QString();
        if (stmt->text(0) == QLatin1String("text") || stmt->text(0) == QLatin1String("blob"))
            return sqlError(*this, QStringLiteral("Cannot read %1.%2.").arg(QString::fromUtf8(table), QString::fromUtf8(column)));
        return stmt->text(1);
    }
    const int size = sqlite3_blob_bytes(blob);
    const int take = std::min(size, maxBytes);
    QByteArray bytes(take, Qt::Uninitialized);
    const int rc = take > 0 ? sqlite3_blob_read(blob, bytes.data(), take, 0) : SQLITE_OK;
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK)
        return sqlError(*this, QStringLiteral("Cannot read %1.%2.").arg(QString::fromUtf8(table), QString::fromUtf8(column)));
    if (size > take) {
        if (truncated)
            *truncated = true;
        // Do not end inside a UTF-8 sequence.
        qsizetype end = bytes.size();
        while (end > 0 && (quint8(bytes[end - 1]) & 0xC0) == 0x80)
            --end;
        if (end > 0 && quint8(bytes[end - 1]) >= 0xC0)
            --end;
        bytes.truncate(end);
    }
    return QString::fromUtf8(bytes);
}

Status Database::execScript(const QByteArray &sql)
{
    const QByteArray terminated = sql + '\0';
    return exec(terminated.constData());
}

Result<qint64> Database::queryInt(const char *sql)
{
    auto stmt = Statement::prepare(*this, sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::Sql, QStringLiteral("A query returned no row."), QString::fromUtf8(sql));
    return stmt->int64(0);
}

QString Database::lastError() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString();
}

void Database::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    m_companion.reset();
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
        m_owner = other.m_owner;
    }
    return *this;
}

Result<Statement> Statement::prepare(Database &db, const char *sql)
{
    Statement stmt;
    stmt.m_db = db.handle();
    stmt.m_owner = &db;
    if (sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt.m_stmt, nullptr) != SQLITE_OK)
        return sqlError(db, QStringLiteral("Cannot prepare a database statement."));
    return stmt;
}

Statement &Statement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, const QString &value)
{
    if (value.isNull())
        return bindNull(index);
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &value)
{
    if (value.isNull())
        return bindNull(index);
    sqlite3_bind_blob64(m_stmt, index, value.constData(), sqlite3_uint64(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindText(int index, const QByteArray &utf8)
{
    if (utf8.isNull())
        return bindNull(index);
    sqlite3_bind_text64(m_stmt, index, utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bindText(int index, const char *utf8, int size)
{
    if (!utf8)
        return bindNull(index);
    sqlite3_bind_text(m_stmt, index, utf8, size, SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement &Statement::bind(int index, std::optional<qint64> value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement &Statement::bind(int index, std::optional<double> value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement &Statement::bindVariant(int index, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return bindNull(index);
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return bind(index, value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        return bind(index, value.toDouble());
    case QMetaType::QByteArray:
        return bind(index, value.toByteArray());
    default:
        return bind(index, value.toString());
    }
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (m_owner && m_owner->observer())
        m_owner->observer()->statementStepped(rc);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = refusedOr(m_owner, sqlite3_extended_errcode(m_db), sqlError(m_db, QStringLiteral("A database statement failed.")));
    sqlite3_reset(m_stmt);
    return error;
}

Status Statement::run()
{
    for (;;) {
        auto row = step();
        if (!row) {
            reset();
            return row.error();
        }
        if (!*row)
            break;
    }
    reset();
    return {};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

QString Statement::text(int col) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    if (!data)
        return {};
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, col));
}

QByteArray Statement::blob(int col) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, col));
    const int size = sqlite3_column_bytes(m_stmt, col);
    if (!data)
        return sqlite3_column_type(m_stmt, col) == SQLITE_NULL ? QByteArray() : QByteArray("");
    return QByteArray(data, size);
}

QVariant Statement::value(int col) const
{
    switch (sqlite3_column_type(m_stmt, col)) {
    case SQLITE_INTEGER:
        return QVariant(int64(col));
    case SQLITE_FLOAT:
        return QVariant(real(col));
    case SQLITE_TEXT:
        return QVariant(text(col));
    case SQLITE_BLOB:
        return QVariant(blob(col));
    default:
        return {};
    }
}

std::optional<qint64> Statement::optInt64(int col) const
{
    if (isNull(col))
        return std::nullopt;
    return int64(col);
}

std::optional<double> Statement::optReal(int col) const
{
    if (isNull(col))
        return std::nullopt;
    return real(col);
}

QString Statement::errorMessage() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString();
}

Transaction::~Transaction()
{
    rollback();
}

Status Transaction::begin()
{
    Q_ASSERT(!m_active);
    if (m_db.observer())
        if (auto s = m_db.observer()->beforeBegin(); !s)
            return s;
    auto status = m_db.exec("BEGIN IMMEDIATE");
    if (status)
        m_active = true;
    return status;
}

Status Transaction::commit()
{
    if (!m_active)
        return makeError(ErrorCode::Internal, QStringLiteral("No transaction to commit."));
    if (m_db.observer())
        if (auto s = m_db.observer()->beforeCommit(); !s) {
            rollback();
            return s;
        }
    auto status = m_db.exec("COMMIT");
    if (status)
        m_active = false;
    return status;
}

void Transaction::rollback()
{
    if (m_active) {
        (void)m_db.exec("ROLLBACK");
        m_active = false;
    }
}

} // namespace lineage::casefile
