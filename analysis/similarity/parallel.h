// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/feedback.h"

#include <QtGlobal>

#include <functional>

namespace lineage::similarity {

// The number of worker threads for `requested` (0 = every core).
int workerThreads(int requested);

// Runs work(chunk, begin, end) over [0, count) in fixed chunks of `chunkSize` items on
// `threads` workers (0 = every core). Chunks are the same whatever the thread count, so a
// caller that writes each chunk's results into its own slot and concatenates the slots in
// chunk order gets output independent of the number of threads. Polls `feedback` between
// chunks and reports progress (done items); returns false when canceled.
bool parallelChunks(qint64 count, qint64 chunkSize, int threads, Feedback &feedback,
                    const std::function<void(qint64 chunk, qint64 begin, qint64 end)> &work);

} // namespace lineage::similarity
