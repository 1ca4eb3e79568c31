// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>

#include <memory>

namespace lineage::casefile {

// The journal design of a case file, and what the next program does after a crash.
//
// While a case is written, every change goes to its write-ahead log (CASE-wal): the main
// file is not touched (no automatic checkpoints, none on close). The main file changes
// only when the last program that has the case open closes it: the log is folded into a
// copy of the main file (CASE-fold), which is synced and renamed over the main file, so
// that the main file is at every moment either the case as it was or the case as it is:
// a process killed at any moment leaves a main file that is a consistent case by itself,
// and the log beside it with what was committed since. The next program to open the case
// (a read-only command too) folds what was committed, drops what was not, removes a
// half-made copy, and says so (Recovery). A rollback journal (CASE-journal) left by
// another program or an older Lineage is rolled back the same way.
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

class CaseRecovery
{
public:
    static QString walPath(const QString &path) { return path + QStringLiteral("-wal"); }
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

    // Replaces `path` (which must not exist) by `made`, atomically: a case being created
    // appears complete or not at all.
    [[nodiscard]] static Status publishNew(const QString &made, const QString &path);
};

} // namespace lineage::casefile
