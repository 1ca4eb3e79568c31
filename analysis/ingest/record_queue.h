// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "ingest/case_sink.h"
#include "ingest/record_sink.h"
#include "ingest/records.h"

#include <QByteArray>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

namespace lineage::ingest {

// Carries what a parser delivers on its own thread (records, diagnostics, and the original
// bytes as they are read) to the thread that owns the database connection, in order, through
// a bounded queue (memory stays flat: the producer waits when the consumer lags). The
// producer side is a RecordSink; calls that need an answer (transcript(), document()) wait
// for it. When the consumer fails (an SQL error, a --strict diagnostic), every later producer
// call returns that error so that the parse stops; the consumer drops what is still queued.
class RecordQueue
{
public:
    static constexpr qint64 kDefaultLimit = 16 * 1024 * 1024;

    // What the consumer does with each item; an error fails the import.
    struct Consumer
    {
        CaseSink &sink;
        std::function<Status(const QByteArray &original)> original;
    };

    // `prepareIndex`: also prepare the full-text index's form of record texts on the producer.
    explicit RecordQueue(bool prepareIndex, qint64 limitBytes = kDefaultLimit)
        : m_limit(limitBytes), m_prepareIndex(prepareIndex) {}

    // Producer side.
    RecordSink &producerSink() { return m_producer; }
    [[nodiscard]] Status pushOriginal(const char *data, qint64 size);
    // The producer is done; `status` is the parse's outcome.
    void finish(const Status &status);

    // Consumer side: runs until the producer finished; returns the first error of either side.
    [[nodiscard]] Status consume(Consumer consumer);

private:
    struct Item
    {
        qint64 id = 0;  // the transcript of a turn, the document of a page
        qint64 weight = 0;
        std::variant<PreparedRecord, TranscriptInfo, Turn, DocumentInfo, Page, Diagnostic, QByteArray> value;
    };
    static constexpr size_t kBatchItems = 256;
    static constexpr qint64 kBatchWeight = 1 << 20;

    class Producer final : public RecordSink
    {
    public:
        explicit Producer(RecordQueue &queue) : m_queue(queue) {}
        Status queryRecord(const QueryRecord &record) override;
        Result<qint64> transcript(const TranscriptInfo &info) override;
        Status turn(qint64 transcriptId, const Turn &turn) override;
        Result<qint64> document(const DocumentInfo &info) override;
        Status page(qint64 documentId, const Page &page) override;
        Status diagnostic(const Diagnostic &diagnostic) override;

    private:
        RecordQueue &m_queue;
    };

    Status push(Item &&item);
    Status flush();
    Result<qint64> pushAndWait(Item &&item);
    Status apply(Consumer &consumer, Item &item);

    qint64 m_limit;
    bool m_prepareIndex;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Item> m_items;
    std::deque<Item> m_spent;       // consumed items, freed by the producer (which allocated them)
    qint64 m_weight = 0;
    bool m_finished = false;
    Status m_producerStatus;
    std::optional<Error> m_consumerError;
    std::optional<Result<qint64>> m_reply;
    std::atomic<bool> m_failed{false};
    std::vector<Item> m_local;      // the producer's batch, handed over whole
    qint64 m_localWeight = 0;
    Producer m_producer{*this};
};

} // namespace lineage::ingest
