// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/bundle_archive.h"

#include <QCryptographicHash>
#include <QFile>

#include <archive.h>
#include <archive_entry.h>
#include <memory>

namespace lineage::report {

namespace {

QString archiveError(archive *a)
{
    const char *text = a ? archive_error_string(a) : nullptr;
    return text ? QString::fromUtf8(text) : QStringLiteral("unknown archive error");
}

struct EntryDeleter
{
    void operator()(archive_entry *e) const { archive_entry_free(e); }
};

struct ReadDeleter
{
    void operator()(archive *a) const { archive_read_free(a); }
};

} // namespace

ZipWriter::~ZipWriter()
{
    if (m_archive)
        archive_write_free(m_archive);
}

Status ZipWriter::fail(const QString &message)
{
    return makeError(ErrorCode::Io, message, archiveError(m_archive));
}

Status ZipWriter::open(const QString &path, qint64 entryTimeUtcSeconds)
{
    m_path = path;
    m_time = entryTimeUtcSeconds;
    m_archive = archive_write_new();
    if (!m_archive)
        return makeError(ErrorCode::Internal, QStringLiteral("The archive library could not start."));
    if (archive_write_set_format_zip(m_archive) != ARCHIVE_OK
        || archive_write_set_options(m_archive, "zip:compression=deflate") != ARCHIVE_OK)
        return fail(QStringLiteral("A ZIP archive could not be set up."));
    if (archive_write_open_filename(m_archive, path.toLocal8Bit().constData()) != ARCHIVE_OK)
        return fail(QStringLiteral("%1 could not be created.").arg(path));
    return Status::success();
}

Status ZipWriter::beginEntry(const QString &name, qint64 size)
{
    m_entry = name;
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    const QByteArray utf8 = name.toUtf8();
    archive_entry_set_pathname_utf8(entry.get(), utf8.constData());
    archive_entry_set_size(entry.get(), size);
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_mtime(entry.get(), m_time, 0);
    if (archive_write_header(m_archive, entry.get()) != ARCHIVE_OK)
        return fail(QStringLiteral("The archive entry %1 could not be written.").arg(name));
    return Status::success();
}

Status ZipWriter::write(const char *data, qint64 size)
{
    while (size > 0) {
        const la_ssize_t n = archive_write_data(m_archive, data, size_t(size));
        if (n <= 0)
            return fail(QStringLiteral("Writing %1 into the archive failed.").arg(m_entry));
        data += n;
        size -= n;
    }
    return Status::success();
}

Status ZipWriter::close()
{
    if (!m_archive)
        return Status::success();
    const int rc = archive_write_close(m_archive);
    Status status
        = rc == ARCHIVE_OK ? Status::success() : fail(QStringLiteral("%1 could not be finished.").arg(m_path));
    archive_write_free(m_archive);
    m_archive = nullptr;
    return status;
}

Status ZipReader::read(const QString &path, bool seekable, const Visitor &visitor)
{
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    if (!a)
        return makeError(ErrorCode::Internal, QStringLiteral("The archive library could not start."));
    if (seekable)
        archive_read_support_format_zip_seekable(a.get());
    else
        archive_read_support_format_zip_streamable(a.get());
    if (archive_read_open_filename(a.get(), path.toLocal8Bit().constData(), 1 << 16) != ARCHIVE_OK)
        return makeError(ErrorCode::Corrupt, QStringLiteral("%1 is not a readable ZIP archive.").arg(path),
                         archiveError(a.get()));
    QByteArray buffer(1 << 16, Qt::Uninitialized);
    for (;;) {
        archive_entry *entry = nullptr;
        const int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            return makeError(ErrorCode::Corrupt, QStringLiteral("The archive's entry list is damaged."),
                             archiveError(a.get()));
        Entry e;
        const char *name = archive_entry_pathname_utf8(entry);
        if (!name)
            name = archive_entry_pathname(entry);
        e.name = QString::fromUtf8(name ? name : "");
        e.size = archive_entry_size_is_set(entry) ? qint64(archive_entry_size(entry)) : -1;
        e.isDirectory = archive_entry_filetype(entry) == AE_IFDIR;
        e.mtime = archive_entry_mtime(entry);
        EntrySink sink = visitor(e);
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buffer.data(), size_t(buffer.size()));
            if (n == 0)
                break;
            if (n < 0)
                return makeError(ErrorCode::Corrupt, QStringLiteral("The archive entry %1 is damaged.").arg(e.name),
                                 archiveError(a.get()));
            if (sink && !sink(QByteArray::fromRawData(buffer.constData(), qsizetype(n))))
                return makeError(ErrorCode::Canceled, QStringLiteral("Reading the archive was canceled."));
        }
    }
    return Status::success();
}

namespace {

const QByteArray kSealPrefix = QByteArrayLiteral("lineage-bundle-sha256:");
const qint64 kEndRecord = 22; // the end of central directory record without a comment
const qint64 kSealLength = 22 + 64;

Result<QByteArray> hashRange(QFile &f, qint64 length)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    f.seek(0);
    qint64 left = length;
    while (left > 0) {
        const QByteArray piece = f.read(qMin<qint64>(left, 1 << 20));
        if (piece.isEmpty())
            return makeError(ErrorCode::Io, QStringLiteral("%1 could not be read.").arg(f.fileName()), f.errorString());
        hash.addData(piece);
        left -= piece.size();
    }
    return hash.result().toHex();
}

} // namespace

Status sealArchive(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be sealed.").arg(path), f.errorString());
    const qint64 size = f.size();
    if (size < kEndRecord)
        return makeError(ErrorCode::Internal, QStringLiteral("%1 is not a finished archive.").arg(path));
    f.seek(size - kEndRecord);
    const QByteArray end = f.read(kEndRecord);
    if (!end.startsWith(QByteArray("PK\x05\x06", 4)) || end.at(20) != 0 || end.at(21) != 0)
        return makeError(ErrorCode::Internal, QStringLiteral("%1 does not end in a plain end record.").arg(path));
    // Comment length (little endian), then the prefix; the hash covers all of it.
    f.seek(size - 2);
    const char length[2] = { char(kSealLength & 0xff), char(kSealLength >> 8) };
    f.write(length, 2);
    f.write(kSealPrefix);
    f.flush();
    auto hash = hashRange(f, size + kSealPrefix.size());
    if (!hash)
        return hash.error();
    f.seek(size + kSealPrefix.size());
    if (f.write(*hash) != hash->size() || !f.flush())
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be sealed.").arg(path), f.errorString());
    return Status::success();
}

Result<bool> checkSeal(const QString &path, QString *why)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be read.").arg(path), f.errorString());
    const qint64 size = f.size();
    if (size < kEndRecord + kSealLength) {
        *why = QStringLiteral("The archive has no seal (its end record was changed or cut off).");
        return false;
    }
    f.seek(size - kEndRecord - kSealLength);
    const QByteArray tail = f.read(kEndRecord + kSealLength);
    if (!tail.startsWith(QByteArray("PK\x05\x06", 4)) || tail.at(20) != char(kSealLength & 0xff)
        || tail.at(21) != char(kSealLength >> 8) || tail.mid(kEndRecord, kSealPrefix.size()) != kSealPrefix) {
        *why = QStringLiteral("The archive's seal is missing or damaged (its end record was changed).");
        return false;
    }
    auto hash = hashRange(f, size - 64);
    if (!hash)
        return hash.error();
    if (*hash != tail.right(64)) {
        *why = QStringLiteral("A byte of the archive's structure (a ZIP header, the central directory or the end "
                              "record) was changed.");
        return false;
    }
    return true;
}

} // namespace lineage::report
