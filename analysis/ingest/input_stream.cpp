// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/input_stream.h"

#include <QFileInfo>

#include <algorithm>
#include <zlib.h>
#include <zstd.h>

namespace lineage::ingest {

QString compressionName(Compression compression)
{
    switch (compression) {
    case Compression::Gzip:
        return QStringLiteral("gzip");
    case Compression::Zstd:
        return QStringLiteral("zstd");
    case Compression::None:
        break;
    }
    return QStringLiteral("");
}

Compression sniffCompression(QByteArrayView head)
{
    const auto *b = reinterpret_cast<const unsigned char *>(head.data());
    if (head.size() >= 2 && b[0] == 0x1f && b[1] == 0x8b)
        return Compression::Gzip;
    if (head.size() >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
        return Compression::Zstd;
    return Compression::None;
}

Result<QByteArray> InputStream::readAll(qint64 limit)
{
    QByteArray out;
    for (;;) {
        if (out.size() > limit)
            return makeError(ErrorCode::Unsupported,
                             QStringLiteral("%1 is larger than %2 bytes, the most this format can read at once.").arg(fileName()).arg(limit));
        const qint64 old = out.size();
        out.resize(old + (1 << 20));
        auto n = read(out.data() + old, 1 << 20);
        if (!n)
            return n.error();
        out.resize(old + *n);
        if (*n == 0)
            return out;
    }
}

// Streaming decoders for gzip (zlib, multi-member aware) and zstd (multi-frame aware).
struct FileInputStream::Decoder
{
    Compression kind = Compression::None;
    z_stream zs{};
    bool zInit = false;
    ZSTD_DStream *zstd = nullptr;

    ~Decoder()
    {
        if (zInit)
            inflateEnd(&zs);
        if (zstd)
            ZSTD_freeDStream(zstd);
    }
};

FileInputStream::FileInputStream() = default;
FileInputStream::~FileInputStream() = default;

QString FileInputStream::fileName() const
{
    return QFileInfo(m_path).fileName();
}

Status FileInputStream::open(const QString &path)
{
    m_path = path;
    m_file.setFileName(path);
    if (!QFileInfo(path).isFile())
        return makeError(ErrorCode::Io, QStringLiteral("%1 is not a file.").arg(path));
    if (!m_file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, m_file.errorString()));
    m_size = m_file.size();
    // Peek at the magic bytes; they are handed out (and tapped) by the first read.
    m_pending = m_file.read(4);
    m_compression = sniffCompression(m_pending);
    if (m_compression != Compression::None) {
        m_decoder = std::make_unique<Decoder>();
        m_decoder->kind = m_compression;
        if (m_compression == Compression::Gzip) {
            if (inflateInit2(&m_decoder->zs, 15 + 32) != Z_OK)
                return makeError(ErrorCode::Internal, QStringLiteral("Cannot start the gzip decoder."));
            m_decoder->zInit = true;
        } else {
            m_decoder->zstd = ZSTD_createDStream();
            if (!m_decoder->zstd || ZSTD_isError(ZSTD_initDStream(m_decoder->zstd)))
                return makeError(ErrorCode::Internal, QStringLiteral("Cannot start the zstd decoder."));
        }
    }
    return {};
}

Result<qint64> FileInputStream::readOriginal(char *buffer, qint64 max)
{
    qint64 n = 0;
    if (!m_pending.isEmpty()) {
        n = std::min<qint64>(max, m_pending.size());
        memcpy(buffer, m_pending.constData(), size_t(n));
        m_pending.remove(0, n);
    }
    if (n < max && !m_eof) {
        const qint64 got = m_file.read(buffer + n, max - n);
        if (got < 0)
            return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(m_path, m_file.errorString()));
        if (got == 0)
            m_eof = true;
        n += got;
    }
    if (n > 0 && m_tap) {
        if (auto s = m_tap(buffer, n); !s)
            return s.error();
    }
    m_position += n;
    return n;
}

Status FileInputStream::fillCompressed()
{
    m_compressed.resize(kBlockSize);
    auto n = readOriginal(m_compressed.data(), kBlockSize);
    if (!n)
        return n.error();
    m_compressed.resize(*n);
    m_compressedPos = 0;
    return {};
}

Status FileInputStream::drain()
{
    QByteArray block(kBlockSize, Qt::Uninitialized);
    while (!m_eof || !m_pending.isEmpty()) {
        auto n = readOriginal(block.data(), kBlockSize);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
    }
    return {};
}

Result<qint64> FileInputStream::read(char *buffer, qint64 max)
{
    auto n = m_compression == Compression::None ? readOriginal(buffer, max) : decode(buffer, max);
    if (n)
        m_contentBytes += *n;
    return n;
}

Result<qint64> FileInputStream::decode(char *buffer, qint64 max)
{
    if (m_decoderDone || max <= 0)
        return 0;
    const auto corrupt = [this](const char *what) {
        return makeError(ErrorCode::Corrupt,
                         QStringLiteral("%1 is damaged: its %2 stream cannot be decompressed.").arg(fileName(), compressionName(m_compression)),
                         QString::fromUtf8(what));
    };
    for (;;) {
        const qint64 before = m_compressedPos;
        qint64 produced = 0;
        if (m_compression == Compression::Gzip) {
            z_stream &zs = m_decoder->zs;
            zs.next_in = reinterpret_cast<Bytef *>(m_compressed.data() + m_compressedPos);
            zs.avail_in = uInt(m_compressed.size() - m_compressedPos);
            zs.next_out = reinterpret_cast<Bytef *>(buffer);
            zs.avail_out = uInt(std::min<qint64>(max, 1 << 30));
            const int rc = (zs.avail_in == 0 && !m_frameOpen) ? Z_BUF_ERROR : inflate(&zs, Z_NO_FLUSH);
            m_compressedPos = m_compressed.size() - zs.avail_in;
            produced = qint64(reinterpret_cast<char *>(zs.next_out) - buffer);
            if (rc == Z_STREAM_END) {
                inflateReset(&zs); // another member may follow (concatenated .gz files)
                m_frameOpen = false;
            } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
                if (m_compressedPos > before || produced > 0)
                    m_frameOpen = true;
            } else {
                return corrupt(zs.msg ? zs.msg : "inflate failed");
            }
        } else {
            ZSTD_inBuffer in{m_compressed.constData(), size_t(m_compressed.size()), size_t(m_compressedPos)};
            ZSTD_outBuffer out{buffer, size_t(max), 0};
            if (in.pos < in.size || m_frameOpen) {
                const size_t rc = ZSTD_decompressStream(m_decoder->zstd, &out, &in);
                if (ZSTD_isError(rc))
                    return corrupt(ZSTD_getErrorName(rc));
                m_compressedPos = qint64(in.pos);
                produced = qint64(out.pos);
                m_frameOpen = rc != 0;
            }
        }
        if (produced > 0)
            return produced;
        if (m_compressedPos < m_compressed.size()) {
            if (m_compressedPos == before)
                return corrupt("no progress");
            continue;
        }
        if (m_eof && m_pending.isEmpty()) {
            if (m_frameOpen)
                return corrupt("the compressed data ends early (truncated file)");
            m_decoderDone = true;
            return 0;
        }
        if (auto s = fillCompressed(); !s)
            return s.error();
    }
}

Result<qint64> MemoryInputStream::read(char *buffer, qint64 max)
{
    const qint64 n = std::min<qint64>(max, m_data.size() - m_pos);
    memcpy(buffer, m_data.constData() + m_pos, size_t(n));
    m_pos += n;
    return n;
}

qint64 InputStream::readBlockSize(qint64 largest) const
{
    const qint64 size = isCompressed() ? 0 : inputSize();
    return size > 0 ? std::clamp<qint64>(size + 1, std::min<qint64>(4096, largest), largest) : largest;
}

} // namespace lineage::ingest
