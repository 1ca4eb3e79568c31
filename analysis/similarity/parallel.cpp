// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/parallel.h"

#include <atomic>
#include <thread>
#include <vector>

namespace lineage::similarity {

int workerThreads(int requested)
{
    if (requested > 0)
        return requested;
    return int(qMax(1u, std::thread::hardware_concurrency()));
}

bool parallelChunks(qint64 count, qint64 chunkSize, int threads, Feedback &feedback,
                    const std::function<void(qint64 chunk, qint64 begin, qint64 end)> &work)
{
    if (count <= 0)
        return !feedback.isCanceled();
    chunkSize = qMax<qint64>(1, chunkSize);
    const qint64 chunks = (count + chunkSize - 1) / chunkSize;
    std::atomic<qint64> next { 0 };
    std::atomic<qint64> done { 0 };
    auto worker = [&] {
        for (;;) {
            if (feedback.isCanceled())
                return;
            const qint64 chunk = next.fetch_add(1);
            if (chunk >= chunks)
                return;
            const qint64 begin = chunk * chunkSize;
            const qint64 end = qMin(count, begin + chunkSize);
            work(chunk, begin, end);
            feedback.setProgress(done.fetch_add(end - begin) + (end - begin));
        }
    };
    const int n = int(qMin<qint64>(workerThreads(threads), chunks));
    if (n <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        pool.reserve(size_t(n - 1));
        for (int i = 0; i < n - 1; ++i)
            pool.emplace_back(worker);
        worker();
        for (auto &t : pool)
            t.join();
    }
    return !feedback.isCanceled();
}

} // namespace lineage::similarity
