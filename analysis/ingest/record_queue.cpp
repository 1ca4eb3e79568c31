// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/record_queue.h"

namespace lineage::ingest {

namespace {

qint64 textWeight(const PreparedRecord &r)
{
    const auto &t = r.text;
    return 512 + t.prompt.size() + t.completion.size() + t.systemPrompt.size() + t.raw.size() + r.requestIndex.size()
        + r.responseIndex.size();
}

} // namespace

Status RecordQueue::push(Item &&item)
{
    if (m_failed.load(std::memory_order_relaxed))
        return flush();  // reports the consumer's error
    m_localWeight += item.weight;
    m_local.push_back(std::move(item));
    if (m_local.size() >= kBatchItems || m_localWeight >= kBatchWeight)
        return flush();
    return {};
}

Status RecordQueue::flush()
{
    std::deque<Item> spent;
    std::unique_lock lock(m_mutex);
    spent.swap(m_spent);
    if (!m_consumerError && !m_local.empty()) {
        m_changed.wait(lock, [&] { return m_consumerError || m_weight < m_limit || m_items.empty(); });
        if (!m_consumerError) {
            for (Item &item : m_local)
                m_items.push_back(std::move(item));
            m_weight += m_localWeight;
        }
    }
    m_local.clear();
    m_localWeight = 0;
    if (m_consumerError)
        return *m_consumerError;
    lock.unlock();
    m_changed.notify_all();
    return {};
}

Result<qint64> RecordQueue::pushAndWait(Item &&item)
{
    if (auto s = push(std::move(item)); !s)
        return s.error();
    if (auto s = flush(); !s)
        return s.error();
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_consumerError || m_reply.has_value(); });
    if (m_consumerError)
        return *m_consumerError;
    Result<qint64> reply = std::move(*m_reply);
    m_reply.reset();
    return reply;
}

Status RecordQueue::pushOriginal(const char *data, qint64 size)
{
    Item item;
    item.value = QByteArray(data, size);
    item.weight = size;
    return push(std::move(item));
}

void RecordQueue::finish(const Status &status)
{
    (void)flush();
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
        m_producerStatus = status;
    }
    m_changed.notify_all();
}

Status RecordQueue::apply(Consumer &consumer, Item &item)
{
    if (auto *r = std::get_if<PreparedRecord>(&item.value))
        return consumer.sink.storeRecord(*r);
    if (auto *b = std::get_if<QByteArray>(&item.value))
        return consumer.original(*b);
    if (auto *t = std::get_if<Turn>(&item.value))
        return consumer.sink.turn(item.id, *t);
    if (auto *p = std::get_if<Page>(&item.value))
        return consumer.sink.page(item.id, *p);
    if (auto *d = std::get_if<Diagnostic>(&item.value))
        return consumer.sink.diagnostic(*d);
    Result<qint64> id = std::holds_alternative<TranscriptInfo>(item.value)
        ? consumer.sink.transcript(std::get<TranscriptInfo>(item.value))
        : consumer.sink.document(std::get<DocumentInfo>(item.value));
    if (!id)
        return id.error();
    {
        std::lock_guard lock(m_mutex);
        m_reply = std::move(id);
    }
    m_changed.notify_all();
    return {};
}

Status RecordQueue::consume(Consumer consumer)
{
    std::deque<Item> batch;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_finished || !m_items.empty(); });
            if (m_items.empty() && m_finished)
                break;
            batch.swap(m_items);
            m_weight = 0;
        }
        m_changed.notify_all();
        for (Item &item : batch) {
            if (m_consumerError)
                break;
            if (auto s = apply(consumer, item); !s) {
                std::lock_guard lock(m_mutex);
                m_consumerError = s.error();
                m_failed.store(true, std::memory_order_relaxed);
            }
        }
        // The sink may keep pointers into the batch's records until it flushes.
        if (!m_consumerError) {
            if (auto s = consumer.sink.flush(); !s) {
                std::lock_guard lock(m_mutex);
                m_consumerError = s.error();
                m_failed.store(true, std::memory_order_relaxed);
            }
        }
        {
            // Memory is cheapest to free on the thread that allocated it: hand the batch back
            // (whole, when the producer took the last one: no item is moved or destroyed here).
            std::lock_guard lock(m_mutex);
            if (m_finished) {
                batch.clear();
            } else if (m_spent.empty()) {
                m_spent.swap(batch);
            } else {
                for (Item &item : batch)
                    m_spent.push_back(std::move(item));
                batch.clear();
            }
        }
        if (m_consumerError)
            m_changed.notify_all();
    }
    if (m_consumerError)
        return *m_consumerError;
    return m_producerStatus;
}

Status RecordQueue::Producer::queryRecord(const QueryRecord &record)
{
    Item item;
    item.value = prepareRecord(record, m_queue.m_prepareIndex);
    item.weight = textWeight(std::get<PreparedRecord>(item.value));
    return m_queue.push(std::move(item));
}

Result<qint64> RecordQueue::Producer::transcript(const TranscriptInfo &info)
{
    Item item;
    item.value = info;
    item.weight = 256;
    return m_queue.pushAndWait(std::move(item));
}

Status RecordQueue::Producer::turn(qint64 transcriptId, const Turn &turn)
{
    Item item;
    item.id = transcriptId;
    item.weight = 256 + 2 * (turn.prompt.size() + turn.answer.size() + turn.system.size());
    item.value = turn;
    return m_queue.push(std::move(item));
}

Result<qint64> RecordQueue::Producer::document(const DocumentInfo &info)
{
    Item item;
    item.value = info;
    item.weight = 256;
    return m_queue.pushAndWait(std::move(item));
}

Status RecordQueue::Producer::page(qint64 documentId, const Page &page)
{
    Item item;
    item.id = documentId;
    item.weight = 256 + 2 * page.text.size() + 48 * page.words.size();
    item.value = page;
    return m_queue.push(std::move(item));
}

Status RecordQueue::Producer::diagnostic(const Diagnostic &diagnostic)
{
    Item item;
    item.weight = 256 + diagnostic.raw.size();
    item.value = diagnostic;
    return m_queue.push(std::move(item));
}

} // namespace lineage::ingest
