// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <functional>

struct archive;

namespace lineage::report {

// Writes a ZIP archive through libarchive, entry by entry, streaming: an entry's bytes are
// handed over in pieces and never held whole. Entries get a fixed time (the bundle's
// creation) so that their headers say nothing the manifest does not. One thread; errors
// are returned with the entry's name.
class ZipWriter
{
public:
    ZipWriter() = default;
    ~ZipWriter();
    ZipWriter(const ZipWriter &) = delete;
    ZipWriter &operator=(const ZipWriter &) = delete;

    [[nodiscard]] Status open(const QString &path, qint64 entryTimeUtcSeconds);
    [[nodiscard]] Status beginEntry(const QString &name, qint64 size);
    [[nodiscard]] Status write(const char *data, qint64 size);
    [[nodiscard]] Status write(const QByteArray &data) { return write(data.constData(), data.size()); }
    // Finishes the archive (central directory). Without it, the destructor leaves an unusable file.
    [[nodiscard]] Status close();

private:
    Status fail(const QString &message);

    archive *m_archive = nullptr;
    QString m_path;
    QString m_entry;
    qint64 m_time = 0;
};

// Reads a ZIP archive through libarchive, entry by entry in archive order, streaming each
// entry's bytes to a sink (checking its CRC as it goes). One thread; errors are returned
// with the entry's name.
class ZipReader
{
public:
    struct Entry
    {
        QString name;
        qint64 size = -1; // as the header says (-1 when it does not)
        bool isDirectory = false;
        qint64 mtime = 0;
    };
    // Called per entry: return a sink for its bytes (called with each piece), or none to skip.
    using EntrySink = std::function<bool(const QByteArray &)>;
    using Visitor = std::function<EntrySink(const Entry &)>;
    // `seekable`: read the central directory (names and sizes as the directory lists them);
    // otherwise read the local headers as a stream.
    [[nodiscard]] static Status read(const QString &path, bool seekable, const Visitor &visitor);
};

// The seal of a finished archive: the ZIP comment (the end record's free text) is set to
// "lineage-bundle-sha256:" and the SHA-256 of every byte of the file before the hash itself,
// so a change anywhere in the archive (a header, the central directory, the end record) is
// caught, not only in the entries' contents. Written after ZipWriter::close() by patching the
// end record's comment length (the archive library cannot write a comment); streams the file.
[[nodiscard]] Status sealArchive(const QString &path);

// Checks the seal; false with `why` when it is missing or does not match.
[[nodiscard]] Result<bool> checkSeal(const QString &path, QString *why);

} // namespace lineage::report
