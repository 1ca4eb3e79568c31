// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/bundle_archive.h"

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

} // namespace lineage::report
