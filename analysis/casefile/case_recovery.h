// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>

#include <memory>
#include <optional>

namespace lineage::casefile {

// The journal design of a case file, and what the next program does after a crash.
//
// The main file is never written in place. It changes only by whole-file replacement: a
// copy is made, brought up to date, synced and renamed over it. So the main file is at
// every moment either the case as it was or the case as it is, and a process killed at
// any moment leaves a main file that is a consistent case by itself. Two ways lead there:
//  - Shared (the workbench, several connections): every change goes to the write-ahead log
//    (CASE-wal), with no automatic checkpoint and none on close; the last connection to
//    close folds the log into a copy (CASE-fold) that replaces the main file.
//  - Exclusive (a command-line session alone with the case): the case is locked against
//    other programs and copied (CASE-session, with CASE-session-base naming the main file
//    it was copied from); the session writes the copy through a rollback journal, each
//    page once, and the copy replaces the main file when the session closes.
// The next program to open the case (a read-only command too) finishes what a killed one
// left: it folds what was committed to the log, drops what was not, keeps the session's
// completed changes and undoes its unfinished one, removes half-made copies, and says so
// (Recovery). A rollback journal (CASE-journal) left by another program or an older
// Lineage is rolled back the same way.
//
// Functions here work on paths; none keeps state but the registry of this process's open
// connections (thread-safe). Errors are returned.

// What opening a case found and did about a previous program that stopped while writing.
struct Recovery
{
    bool happened = false; // something was left and is now dealt with
    bool undone = false; // an unfinished write was discarded
    qint64 pagesDiscarded = 0; // pages of that unfinished write
    qint64 pagesKept = 0; // committed pages folded into the main file
    QString message; // one sentence for the user; empty when nothing happened
};

// This process's connections to a case file, counted per file so that only the last one
// to close folds the log. A lease is held for as long as its connection is open.
class ConnectionLease
{
public:
    explicit ConnectionLease(const QString &path);
    ~ConnectionLease();
    ConnectionLease(const ConnectionLease &) = delete;
    ConnectionLease &operator=(const ConnectionLease &) = delete;
    // How many other leases of this process are open on the same file.
    int others() const;

private:
    QString m_key;
};

// A command-line write session alone with the case (see above): holds the lock on the
// main file until it ends. Move-only; ends by CaseRecovery::endExclusive() or, if never
// ended (a crash), by the next program's recovery.
class ExclusiveSession
{
public:
    ExclusiveSession() = default;
    ExclusiveSession(QString path, int lockFd) : m_path(std::move(path)), m_lockFd(lockFd) { }
    ~ExclusiveSession();
    ExclusiveSession(ExclusiveSession &&other) noexcept;
    ExclusiveSession &operator=(ExclusiveSession &&other) noexcept;
    ExclusiveSession(const ExclusiveSession &) = delete;
    ExclusiveSession &operator=(const ExclusiveSession &) = delete;

    const QString &path() const { return m_path; }
    bool isActive() const { return m_lockFd >= 0; }

private:
    friend class CaseRecovery;
    void release();
    QString m_path;
    int m_lockFd = -1;
};

// How a whole-file copy (a fold, an exclusive session's copy) was made: a reflink, whose
// blocks are shared with the original until written (Btrfs, XFS, ...), or byte for byte.
enum class CopyKind {
    None,
    Reflink,
    Copy,
};

class CaseRecovery
{
public:
    // How this process made its last whole-file copy.
    static CopyKind lastCopyKind();

    static QString walPath(const QString &path) { return path + QStringLiteral("-wal"); }
    static QString sessionPath(const QString &path) { return path + QStringLiteral("-session"); }
    static QString shmPath(const QString &path) { return path + QStringLiteral("-shm"); }
    static QString journalPath(const QString &path) { return path + QStringLiteral("-journal"); }
    static QString foldPath(const QString &path) { return path + QStringLiteral("-fold"); }

    // True when side files of an earlier program are beside the case.
    static bool hasLeftovers(const QString &path);
    // True when another process holds a lock on the case file (has it open).
    static bool openElsewhere(const QString &path);

    // Deals with what a program that stopped while writing left beside `path`, when no
    // other program has the case open; otherwise leaves everything as it is (that program
    // is alive and will fold its own log). Needs write access to the folder.
    [[nodiscard]] static Result<Recovery> recover(const QString &path);

    // Folds the write-ahead log into the main file as described above. Call with no
    // connection of this process open on the case. Does nothing (and succeeds) when
    // another process has the case open.
    [[nodiscard]] static Result<Recovery> fold(const QString &path);

    // Starts an exclusive session on `path`: locks it against every other program and
    // copies it to CASE-session, which the caller then opens and writes. Nothing (and no
    // error) when another program has the case open: the caller writes shared instead.
    // Call with no connection of this process open on the case.
    [[nodiscard]] static Result<std::optional<ExclusiveSession>> beginExclusive(const QString &path);
    // Ends it: with `wrote`, the synced copy replaces the main file; otherwise the copy is
    // dropped. The session's connection must be closed.
    [[nodiscard]] static Status endExclusive(ExclusiveSession &session, bool wrote);

    // Replaces `path` (which must not exist) by `made`, atomically: a case being created
    // appears complete or not at all.
    [[nodiscard]] static Status publishNew(const QString &made, const QString &path);
};

} // namespace lineage::casefile
