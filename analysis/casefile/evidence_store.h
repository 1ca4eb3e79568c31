// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>

#include <memory>
#include <thread>

namespace lineage::casefile {

struct BlobInfo
{
    qint64 id = 0;
    QString sha256;  // lowercase hex
    qint64 size = 0;
    qint64 chunkCount = 0;
};

// Streams one original into the evidence store: bytes are hashed (SHA-256) and stored as
// zstd-compressed chunks while they arrive, so memory stays flat whatever the size. Must
// be used inside the caller's transaction; if that transaction rolls back, nothing of the
// blob remains. finish() returns the hash; if the same bytes are already stored, the new
// copy is dropped and the existing blob returned (content addressing).
// Hashing, cutting into chunks and compression run on a helper thread, a few megabytes
// ahead at most (bounded memory); the chunks are inserted on the caller's thread, in order,
// on the next write() or finish(). The caller's thread is the only one that touches the
// database. write(QByteArray) hands the bytes over without copying them.
class EvidenceWriter
{
public:
    static constexpr qint64 kChunkSize = 1 << 20;

    explicit EvidenceWriter(Database &db);
    ~EvidenceWriter();
    EvidenceWriter(const EvidenceWriter &) = delete;
    EvidenceWriter &operator=(const EvidenceWriter &) = delete;

    [[nodiscard]] Status write(const char *data, qint64 size);
    [[nodiscard]] Status write(const QByteArray &data);
    [[nodiscard]] Result<BlobInfo> finish();
    qint64 bytesWritten() const { return m_total; }

private:
    struct Pipeline;
    Status insertReady(bool wait);

    Database &m_db;
    std::unique_ptr<Pipeline> m_pipeline;
    qint64 m_blobId = 0;
    qint64 m_total = 0;
    qint64 m_seq = 0;
    qint64 m_chunkOffset = 0;
    Statement m_insertChunk;
};

// Reads originals back, by whole blob or by byte range. Keeps the last decompressed chunk
// so that sequential reads of nearby records stay cheap. One reader per thread.
class EvidenceReader
{
public:
    explicit EvidenceReader(Database &db) : m_db(db) {}

    [[nodiscard]] Result<BlobInfo> info(const QString &sha256);
    [[nodiscard]] Result<QByteArray> read(const QString &sha256, qint64 offset, qint64 length);
    [[nodiscard]] Result<QByteArray> readAll(const QString &sha256);
    // Streams the whole blob, chunk by chunk, to `sink`; stops when the sink returns false.
    [[nodiscard]] Status forEachChunk(const QString &sha256, const std::function<bool(const QByteArray &)> &sink);

private:
    Result<QByteArray> chunk(qint64 blobId, qint64 seq);

    Database &m_db;
    qint64 m_cachedBlob = -1;
    qint64 m_cachedSeq = -1;
    QByteArray m_cached;
};

struct BlobProblem
{
    QString sha256;
    QString reason;
};

// Recomputes every blob's SHA-256 and size from its stored chunks.
[[nodiscard]] Result<QList<BlobProblem>> verifyEvidence(Database &db, Feedback &feedback);

} // namespace lineage::casefile
