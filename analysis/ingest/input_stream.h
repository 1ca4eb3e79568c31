// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <functional>
#include <memory>

namespace lineage::ingest {

enum class Compression { None, Gzip, Zstd };

QString compressionName(Compression compression);
// Looks at magic bytes only (gzip 1f 8b, zstd 28 b5 2f fd), never at the file name.
Compression sniffCompression(QByteArrayView head);

// The decompressed content of one input, read front to back. Parsers read it directly or
// through a LineReader. Offsets that parsers report are offsets into this decompressed
// content. One reader, one thread. A read error (I/O, a damaged compressed stream, or a
// cancel noticed by the pipeline) is returned and ends the parse.
class InputStream
{
public:
    virtual ~InputStream() = default;

    // Reads up to `max` bytes; returns 0 at the end.
    [[nodiscard]] virtual Result<qint64> read(char *buffer, qint64 max) = 0;
    virtual QString fileName() const = 0;  // for messages and diagnostics
    virtual QString filePath() const = 0;  // may be empty (in-memory input)
    // True when the input was compressed: then a record's byte offset cannot be served from
    // the stored original cheaply, and parsers keep the raw bytes with the record instead
    // (QueryRecord::raw). Either the offset or the raw copy serves the raw object, never both.
    virtual bool isCompressed() const = 0;
    // Bytes of the (compressed) file consumed so far, and its size (0 when unknown).
    virtual qint64 inputPosition() const = 0;
    virtual qint64 inputSize() const = 0;

    // The rest of the content in memory (for formats that need the whole file, such as
    // PDF). Fails when it exceeds `limit` bytes.
    [[nodiscard]] Result<QByteArray> readAll(qint64 limit = qint64(2) * 1024 * 1024 * 1024);

    // How many bytes a reader should ask for at a time: `largest`, or for a small
    // uncompressed input its whole size (at least 4 KiB), so that a small file does not
    // cost a buffer of `largest` bytes.
    qint64 readBlockSize(qint64 largest) const;
};

// A file on disk, decompressed transparently when its first bytes say gzip or zstd.
// The pipeline taps the original (compressed) bytes as they are read, to hash and store
// them, and checks for cancel on every block.
class FileInputStream final : public InputStream
{
public:
    static constexpr qint64 kBlockSize = 1 << 20;
    using Tap = std::function<Status(const char *data, qint64 size)>;

    FileInputStream();
    ~FileInputStream() override;

    [[nodiscard]] Status open(const QString &path);
    // Called with every block of original bytes before it is decompressed; an error stops reading.
    void setTap(Tap tap) { m_tap = std::move(tap); }
    Compression compression() const { return m_compression; }
    // Reads and taps whatever is left of the original (after a parser stopped early).
    [[nodiscard]] Status drain();

    Result<qint64> read(char *buffer, qint64 max) override;
    qint64 contentBytes() const { return m_contentBytes; }  // decompressed bytes handed out
    QString fileName() const override;
    QString filePath() const override { return m_path; }
    bool isCompressed() const override { return m_compression != Compression::None; }
    qint64 inputPosition() const override { return m_position; }
    qint64 inputSize() const override { return m_size; }

private:
    Result<qint64> readOriginal(char *buffer, qint64 max);
    Result<qint64> decode(char *buffer, qint64 max);
    Status fillCompressed();

    struct Decoder;
    QString m_path;
    QFile m_file;
    Compression m_compression = Compression::None;
    QByteArray m_pending;      // bytes read to sniff the compression, not yet handed out
    QByteArray m_compressed;   // compressed block being decoded
    qint64 m_compressedPos = 0;
    qint64 m_position = 0;
    qint64 m_contentBytes = 0;
    qint64 m_size = 0;
    bool m_eof = false;
    bool m_decoderDone = false;
    bool m_frameOpen = false;  // inside a gzip member or zstd frame
    Tap m_tap;
    std::unique_ptr<Decoder> m_decoder;
};

// Content held in memory (tests, previews of pasted text).
class MemoryInputStream final : public InputStream
{
public:
    explicit MemoryInputStream(QByteArray data, QString fileName = QStringLiteral("(memory)"))
        : m_data(std::move(data)), m_name(std::move(fileName)) {}

    Result<qint64> read(char *buffer, qint64 max) override;
    QString fileName() const override { return m_name; }
    QString filePath() const override { return {}; }
    bool isCompressed() const override { return false; }
    qint64 inputPosition() const override { return m_pos; }
    qint64 inputSize() const override { return m_data.size(); }

private:
    QByteArray m_data;
    QString m_name;
    qint64 m_pos = 0;
};

} // namespace lineage::ingest
