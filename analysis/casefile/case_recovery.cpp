// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/case_recovery.h"

#include "casefile/sqlite.h"
#include "core/logging.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QtEndian>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/fs.h>
#include <mutex>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lineage::casefile {

namespace {

// SQLite's lock bytes in the database file (os_unix.c, "file locking" in the docs): a
// connection that has the case open holds a read lock in the shared range.
constexpr off_t kPendingByte = 0x40000000;
constexpr off_t kLockSpan = 2 + 510; // PENDING, RESERVED and the SHARED range

std::mutex &registryMutex()
{
    static std::mutex m;
    return m;
}

QHash<QString, int> &registry()
{
    static QHash<QString, int> r;
    return r;
}

QString keyOf(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

Error ioError(const QString &what, const QString &path)
{
    return makeError(ErrorCode::Io, what.arg(QFileInfo(path).fileName()), QString::fromLocal8Bit(std::strerror(errno)));
}

// A file descriptor closed on scope exit.
struct Fd
{
    int fd = -1;
    explicit Fd(int f) : fd(f) { }
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
};

bool lockHeldElsewhere(int fd)
{
    struct flock probe = {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = kPendingByte;
    probe.l_len = kLockSpan;
    if (::fcntl(fd, F_GETLK, &probe) != 0)
        return false;
    return probe.l_type != F_UNLCK;
}

bool syncDirectoryOf(const QString &path)
{
    const QByteArray dir = native(QFileInfo(path).absolutePath());
    Fd d(::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    return d.fd >= 0 && ::fsync(d.fd) == 0;
}

// How the last copyFile() of this process made its copy (for the log and the benchmark).
std::atomic<int> g_lastCopyKind { 0 };

bool copyFile(int from, const QString &to, mode_t mode)
{
    Fd out(::open(native(to).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (out.fd < 0)
        return false;
    struct stat st = {};
    if (::fstat(from, &st) != 0)
        return false;
    // A reflink first (Btrfs, XFS, ...): the copy shares the original's blocks, so making
    // it costs no data and syncing it later writes only the pages changed since.
    if (::ioctl(out.fd, FICLONE, from) == 0) {
        g_lastCopyKind = int(CopyKind::Reflink);
        return true;
    }
    g_lastCopyKind = int(CopyKind::Copy);
    off_t inOffset = 0;
    off_t left = st.st_size;
    while (left > 0) {
        // In the kernel, and a reflink where the file system has them.
        const ssize_t n = ::copy_file_range(from, &inOffset, out.fd, nullptr, size_t(left), 0);
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) {
            char buffer[1 << 16];
            const ssize_t r = ::pread(from, buffer, sizeof buffer, inOffset);
            if (r <= 0)
                return false;
            if (::write(out.fd, buffer, size_t(r)) != r)
                return false;
            inOffset += r;
            left -= r;
            continue;
        }
        if (n <= 0)
            return false;
        left -= n;
    }
    return true;
}

bool exists(const QString &path)
{
    struct stat st = {};
    return ::stat(native(path).constData(), &st) == 0;
}

qint64 sizeOf(const QString &path)
{
    struct stat st = {};
    return ::stat(native(path).constData(), &st) == 0 ? qint64(st.st_size) : -1;
}

void removeFile(const QString &path)
{
    ::unlink(native(path).constData());
}

// Whether the file's header says write-ahead log (bytes 18 and 19 are 2).
bool headerSaysWal(int fd)
{
    unsigned char header[20] = {};
    return ::pread(fd, header, sizeof header, 0) == ssize_t(sizeof header) && header[18] == 2 && header[19] == 2;
}

bool inUseHere(const QString &key)
{
    std::lock_guard lock(registryMutex());
    return registry().value(key) > 0;
}

// The frames of a write-ahead log (https://www.sqlite.org/fileformat.html#walformat): how
// many belong to committed transactions, and how many valid ones follow the last commit
// (a transaction that never committed).
struct WalFrames
{
    qint64 committed = 0;
    qint64 uncommitted = 0;
};

WalFrames inspectWal(const QString &path)
{
    WalFrames frames;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return frames;
    const QByteArray header = file.read(32);
    if (header.size() < 32)
        return frames;
    const auto *h = reinterpret_cast<const uchar *>(header.constData());
    const quint32 magic = qFromBigEndian<quint32>(h);
    if ((magic & 0xFFFFFFFE) != 0x377f0682)
        return frames;
    const bool bigEndianSum = (magic & 1) != 0;
    const quint32 pageSize = qFromBigEndian<quint32>(h + 8);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return frames;
    auto word = [bigEndianSum](const uchar *p) {
        return bigEndianSum ? qFromBigEndian<quint32>(p) : qFromLittleEndian<quint32>(p);
    };
    auto sum = [&](const uchar *p, qsizetype n, quint32 &s1, quint32 &s2) {
        for (qsizetype i = 0; i + 8 <= n; i += 8) {
            s1 += word(p + i) + s2;
            s2 += word(p + i + 4) + s1;
        }
    };
    quint32 s1 = 0;
    quint32 s2 = 0;
    sum(h, 24, s1, s2);
    if (s1 != qFromBigEndian<quint32>(h + 24) || s2 != qFromBigEndian<quint32>(h + 28))
        return frames;
    const quint32 salt1 = qFromBigEndian<quint32>(h + 16);
    const quint32 salt2 = qFromBigEndian<quint32>(h + 20);
    QByteArray frame(24 + qsizetype(pageSize), Qt::Uninitialized);
    qint64 valid = 0;
    qint64 lastCommit = 0;
    for (;;) {
        if (file.read(frame.data(), frame.size()) != frame.size())
            break;
        const auto *f = reinterpret_cast<const uchar *>(frame.constData());
        if (qFromBigEndian<quint32>(f + 8) != salt1 || qFromBigEndian<quint32>(f + 12) != salt2)
            break;
        sum(f, 8, s1, s2);
        sum(f + 24, qsizetype(pageSize), s1, s2);
        if (s1 != qFromBigEndian<quint32>(f + 16) || s2 != qFromBigEndian<quint32>(f + 20))
            break;
        ++valid;
        if (qFromBigEndian<quint32>(f + 4) != 0)
            lastCommit = valid;
    }
    frames.committed = lastCommit;
    frames.uncommitted = valid - lastCommit;
    return frames;
}

QString sessionCopyPath(const QString &path)
{
    return CaseRecovery::sessionPath(path) + QStringLiteral("-copy");
}

QString sessionBasePath(const QString &path)
{
    return CaseRecovery::sessionPath(path) + QStringLiteral("-base");
}

// Which main file a session was copied from: device, inode, size and modification time.
QByteArray identityOf(const QString &path)
{
    struct stat st = {};
    if (::stat(native(path).constData(), &st) != 0)
        return {};
    return QByteArray::number(quint64(st.st_dev)) + ' ' + QByteArray::number(quint64(st.st_ino)) + ' '
        + QByteArray::number(qint64(st.st_size)) + ' ' + QByteArray::number(qint64(st.st_mtim.tv_sec)) + ' '
        + QByteArray::number(qint64(st.st_mtim.tv_nsec));
}

bool syncFile(const QString &path)
{
    Fd fd(::open(native(path).constData(), O_RDWR | O_CLOEXEC));
    return fd.fd >= 0 && ::fsync(fd.fd) == 0;
}

void removeSession(const QString &path)
{
    const QString session = CaseRecovery::sessionPath(path);
    for (const QString &stale : { session, session + QStringLiteral("-journal"), session + QStringLiteral("-wal"),
                                  session + QStringLiteral("-shm"), sessionCopyPath(path) })
        removeFile(stale);
    removeFile(sessionBasePath(path));
}

bool hotJournal(const QString &path)
{
    QFile journal(CaseRecovery::journalPath(path));
    if (!journal.open(QIODevice::ReadOnly))
        return false;
    char first = 0;
    return journal.read(&first, 1) == 1 && first != 0;
}

// Opens the case read-write just long enough for SQLite to roll back a hot journal.
Status rollBackJournal(const QString &path)
{
    auto db = Database::open(path, SQLITE_OPEN_READWRITE);
    if (!db)
        return db.error();
    sqlite3_db_config(db->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    auto n = db->queryInt("SELECT count(*) FROM sqlite_schema");
    if (!n)
        return n.error();
    return {};
}

} // namespace

ConnectionLease::ConnectionLease(const QString &path) : m_key(keyOf(path))
{
    std::lock_guard lock(registryMutex());
    ++registry()[m_key];
}

ConnectionLease::~ConnectionLease()
{
    std::lock_guard lock(registryMutex());
    auto it = registry().find(m_key);
    if (it != registry().end() && --*it <= 0)
        registry().erase(it);
}

int ConnectionLease::others() const
{
    std::lock_guard lock(registryMutex());
    return registry().value(m_key) - 1;
}

CopyKind CaseRecovery::lastCopyKind()
{
    return CopyKind(g_lastCopyKind.load());
}

bool CaseRecovery::hasLeftovers(const QString &path)
{
    if (sizeOf(walPath(path)) > 0 || exists(foldPath(path)) || hotJournal(path) || exists(sessionPath(path))
        || exists(sessionCopyPath(path)) || exists(sessionBasePath(path)))
        return true;
    // A case left in WAL mode with an empty log. Reading the file here would drop this
    // process's locks on it if it had it open; then it is in use and not left over.
    if (inUseHere(keyOf(path)))
        return false;
    Fd fd(::open(native(path).constData(), O_RDONLY | O_CLOEXEC));
    return fd.fd >= 0 && headerSaysWal(fd.fd);
}

bool CaseRecovery::openElsewhere(const QString &path)
{
    // Only when this process has no connection of its own to the case: closing this
    // descriptor drops every POSIX lock the process holds on the file.
    if (inUseHere(keyOf(path)))
        return true;
    Fd fd(::open(native(path).constData(), O_RDONLY | O_CLOEXEC));
    return fd.fd >= 0 && lockHeldElsewhere(fd.fd);
}

Result<Recovery> CaseRecovery::fold(const QString &path)
{
    Recovery recovery;
    if (inUseHere(keyOf(path)))
        return recovery; // another connection of this process: it folds when it closes
    Fd main(::open(native(path).constData(), O_RDWR | O_CLOEXEC));
    if (main.fd < 0)
        return ioError(QStringLiteral("Cannot open %1 to save it."), path);
    // SQLite's exclusive lock, taken by hand: no other program starts reading or writing
    // the case while it is folded (they wait), and none may have it open now.
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = kPendingByte;
    lock.l_len = kLockSpan;
    if (::fcntl(main.fd, F_SETLK, &lock) != 0)
        return recovery; // open elsewhere: the last one to close folds
    const QString wal = walPath(path);
    const QString fold = foldPath(path);
    if (!exists(wal) && !headerSaysWal(main.fd)) {
        removeFile(shmPath(path));
        return recovery; // nothing to fold: the file is the case
    }
    QElapsedTimer timer;
    timer.start();
    const WalFrames frames = sizeOf(wal) > 0 ? inspectWal(wal) : WalFrames {};
    const qint64 inspected = timer.elapsed();
    for (const QString &stale : { fold, walPath(fold), shmPath(fold), journalPath(fold) })
        removeFile(stale);
    if (frames.committed == 0) {
        // Nothing was committed to the log (a write began and wrote nothing, or a program
        // stopped before its first commit): the main file is the case already. No copy; it
        // only goes back to rollback-journal mode, its header changed through a journal
        // the way SQLite changed it when the log was started.
        auto db = Database::open(path, SQLITE_OPEN_READWRITE);
        Status status = db ? Status() : Status(db.error());
        if (status) {
            sqlite3_db_config(db->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            auto mode = Statement::prepare(*db, "PRAGMA journal_mode = DELETE");
            status = mode ? Status() : Status(mode.error());
            if (status) {
                auto row = mode->step();
                if (!row || !*row || mode->text(0) != QLatin1String("delete"))
                    status = makeError(ErrorCode::Io,
                                       QStringLiteral("Cannot save %1: it cannot leave write-ahead log mode.")
                                           .arg(QFileInfo(path).fileName()),
                                       db->lastError());
            }
        }
        db = Database();
        if (!status)
            return status.error();
        removeFile(wal);
        removeFile(shmPath(path));
        qCInfo(lcCase) << "nothing committed to the log of" << QFileInfo(path).fileName()
                       << "; closed without a copy in" << timer.elapsed() << "ms";
        recovery.pagesDiscarded = frames.uncommitted;
        return recovery;
    }
    struct stat st = {};
    if (::fstat(main.fd, &st) != 0)
        return ioError(QStringLiteral("Cannot read %1 to save it."), path);
    if (!copyFile(main.fd, fold, st.st_mode & 0777))
        return ioError(QStringLiteral("Cannot save %1: writing its new copy failed."), path);
    if (exists(wal) && ::link(native(wal).constData(), native(walPath(fold)).constData()) != 0) {
        Fd w(::open(native(wal).constData(), O_RDONLY | O_CLOEXEC));
        if (w.fd < 0 || !copyFile(w.fd, walPath(fold), st.st_mode & 0777)) {
            removeFile(fold);
            return ioError(QStringLiteral("Cannot save %1: copying its write-ahead log failed."), path);
        }
    }
    {
        auto db = Database::open(fold, SQLITE_OPEN_READWRITE);
        Status status = db ? Status() : Status(db.error());
        // The copy is synced once, below, before it replaces the case.
        if (status)
            status = db->exec("PRAGMA synchronous = OFF");
        if (status)
            status = db->exec("PRAGMA wal_checkpoint(PASSIVE)");
        if (status) {
            auto mode = Statement::prepare(*db, "PRAGMA journal_mode = DELETE");
            status = mode ? Status() : Status(mode.error());
            if (status) {
                auto row = mode->step();
                if (!row || !*row || mode->text(0) != QLatin1String("delete"))
                    status = makeError(ErrorCode::Io,
                                       QStringLiteral("Cannot save %1: its log could not be folded in.")
                                           .arg(QFileInfo(path).fileName()),
                                       db->lastError());
            }
        }
        if (!status) {
            db = Database();
            for (const QString &stale : { fold, walPath(fold), shmPath(fold), journalPath(fold) })
                removeFile(stale);
            return status.error();
        }
    }
    {
        Fd copy(::open(native(fold).constData(), O_RDWR | O_CLOEXEC));
        if (copy.fd < 0 || ::fsync(copy.fd) != 0) {
            removeFile(fold);
            return ioError(QStringLiteral("Cannot save %1: syncing its new copy failed."), path);
        }
    }
    removeFile(shmPath(fold));
    if (::rename(native(fold).constData(), native(path).constData()) != 0) {
        removeFile(fold);
        return ioError(QStringLiteral("Cannot save %1: replacing it failed."), path);
    }
    syncDirectoryOf(path);
    qCInfo(lcCase) << "folded" << frames.committed << "log pages into" << QFileInfo(path).fileName() << "in"
                   << timer.elapsed() << "ms (" << inspected << "ms reading the log)";
    // The old log holds nothing the new file lacks: remove it (a program killed just before
    // this finds it, folds it again and gets the same case).
    removeFile(wal);
    removeFile(shmPath(path));
    recovery.pagesKept = frames.committed;
    recovery.pagesDiscarded = frames.uncommitted;
    return recovery;
}

Result<Recovery> CaseRecovery::recover(const QString &path)
{
    Recovery recovery;
    if (inUseHere(keyOf(path)) || !hasLeftovers(path) || openElsewhere(path))
        return recovery;
    // A command-line session that did not end: its copy holds the completed changes (and
    // perhaps an unfinished one, in its journal) if the main file is still the one it was
    // copied from.
    bool sessionUndone = false;
    bool sessionKept = false;
    bool sessionDropped = false;
    if (exists(sessionPath(path))) {
        QFile base(sessionBasePath(path));
        const QByteArray recorded = base.open(QIODevice::ReadOnly) ? base.readAll().trimmed() : QByteArray();
        base.close();
        if (!recorded.isEmpty() && recorded == identityOf(path) && !exists(walPath(path))) {
            sessionUndone = hotJournal(sessionPath(path));
            if (sessionUndone)
                if (auto s = rollBackJournal(sessionPath(path)); !s)
                    return s.error();
            if (!syncFile(sessionPath(path))
                || ::rename(native(sessionPath(path)).constData(), native(path).constData()) != 0)
                return ioError(QStringLiteral("Cannot finish the interrupted write to %1."), path);
            syncDirectoryOf(path);
            sessionKept = true;
        } else {
            sessionDropped = true;
        }
    }
    removeSession(path);
    const bool halfSaved = exists(foldPath(path));
    for (const QString &stale :
         { foldPath(path), walPath(foldPath(path)), shmPath(foldPath(path)), journalPath(foldPath(path)) })
        removeFile(stale);
    bool journalUndone = false;
    if (hotJournal(path)) {
        if (auto s = rollBackJournal(path); !s)
            return s.error();
        journalUndone = true;
    }
    Recovery folded;
    {
        auto f = fold(path);
        if (!f)
            return f.error();
        folded = *f;
    }
    recovery.happened = true;
    recovery.pagesKept = folded.pagesKept;
    recovery.pagesDiscarded = folded.pagesDiscarded;
    recovery.undone = journalUndone || folded.pagesDiscarded > 0 || halfSaved || sessionUndone || sessionDropped;
    if (sessionDropped) {
        recovery.message
            = QStringLiteral("An interrupted write was undone: the program that was writing this case stopped "
                             "before it finished, and the case was changed by another program since, so its "
                             "unfinished copy was dropped.");
    } else if (journalUndone || folded.pagesDiscarded > 0 || sessionUndone) {
        recovery.message
            = QStringLiteral("An interrupted write was undone: the program that was writing this case stopped "
                             "before it finished, and the case is as it was after its last completed change.");
    } else if (halfSaved) {
        recovery.message
            = QStringLiteral("An interrupted save was undone: the program that was saving this case stopped "
                             "before it finished; nothing that was completed is lost.");
    } else {
        recovery.message
            = QStringLiteral("The program that last wrote this case stopped before closing it; its completed "
                             "changes were kept.");
    }
    if ((folded.pagesKept > 0 || sessionKept) && recovery.undone && !sessionDropped)
        recovery.message += QStringLiteral(" Completed changes not yet saved in the file were kept.");
    qCInfo(lcCase) << "recovered" << path << recovery.message << "pages kept" << folded.pagesKept << "discarded"
                   << folded.pagesDiscarded;
    return recovery;
}

ExclusiveSession::~ExclusiveSession()
{
    release();
}

ExclusiveSession::ExclusiveSession(ExclusiveSession &&other) noexcept
    : m_path(std::move(other.m_path)), m_lockFd(std::exchange(other.m_lockFd, -1))
{
}

ExclusiveSession &ExclusiveSession::operator=(ExclusiveSession &&other) noexcept
{
    if (this != &other) {
        release();
        m_path = std::move(other.m_path);
        m_lockFd = std::exchange(other.m_lockFd, -1);
    }
    return *this;
}

void ExclusiveSession::release()
{
    if (m_lockFd >= 0)
        ::close(m_lockFd);
    m_lockFd = -1;
}

Result<std::optional<ExclusiveSession>> CaseRecovery::beginExclusive(const QString &path)
{
    if (inUseHere(keyOf(path)))
        return std::optional<ExclusiveSession>();
    const int fd = ::open(native(path).constData(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return ioError(QStringLiteral("Cannot open %1 for writing."), path);
    ExclusiveSession session(path, fd);
    // SQLite's exclusive lock, held for the whole session: no other program reads or
    // writes the case meanwhile (they wait, then say it is busy).
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = kPendingByte;
    lock.l_len = kLockSpan;
    if (::fcntl(fd, F_SETLK, &lock) != 0)
        return std::optional<ExclusiveSession>(); // open elsewhere: write shared
    if (sizeOf(walPath(path)) > 0 || hotJournal(path))
        return std::optional<ExclusiveSession>(); // not folded (read-only folder?): write shared
    removeSession(path);
    struct stat st = {};
    if (::fstat(fd, &st) != 0)
        return ioError(QStringLiteral("Cannot read %1."), path);
    const QString copy = sessionCopyPath(path);
    if (!copyFile(fd, copy, st.st_mode & 0777)) {
        removeFile(copy);
        return ioError(QStringLiteral("Cannot write a working copy of %1 beside it."), path);
    }
    {
        QFile base(sessionBasePath(path));
        if (!base.open(QIODevice::WriteOnly | QIODevice::Truncate) || base.write(identityOf(path) + '\n') < 0) {
            removeSession(path);
            return ioError(QStringLiteral("Cannot write a working copy of %1 beside it."), path);
        }
    }
    if (::rename(native(copy).constData(), native(sessionPath(path)).constData()) != 0) {
        removeSession(path);
        return ioError(QStringLiteral("Cannot write a working copy of %1 beside it."), path);
    }
    return std::optional<ExclusiveSession>(std::move(session));
}

Status CaseRecovery::endExclusive(ExclusiveSession &session, bool wrote)
{
    if (!session.isActive())
        return {};
    const QString path = session.path();
    Status status;
    if (wrote) {
        if (!syncFile(sessionPath(path)))
            status = ioError(QStringLiteral("Cannot save %1: syncing its new copy failed."), path);
        else if (::rename(native(sessionPath(path)).constData(), native(path).constData()) != 0)
            status = ioError(QStringLiteral("Cannot save %1: replacing it failed."), path);
        else
            syncDirectoryOf(path);
    }
    if (status || !wrote)
        removeSession(path);
    // On failure the copy stays with its base: the next open adopts it.
    session.release();
    return status;
}

Status CaseRecovery::publishNew(const QString &made, const QString &path)
{
    if (::link(native(made).constData(), native(path).constData()) != 0) {
        if (errno == EEXIST)
            return makeError(
                ErrorCode::Io,
                QStringLiteral("%1 already exists; choose another name, Lineage does not overwrite files.").arg(path));
        if (exists(path))
            return makeError(
                ErrorCode::Io,
                QStringLiteral("%1 already exists; choose another name, Lineage does not overwrite files.").arg(path));
        if (::rename(native(made).constData(), native(path).constData()) != 0)
            return ioError(QStringLiteral("Cannot create %1."), path);
        syncDirectoryOf(path);
        return {};
    }
    removeFile(made);
    syncDirectoryOf(path);
    return {};
}

} // namespace lineage::casefile
