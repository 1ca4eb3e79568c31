// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Writes a gateway log of `count` exchanges (about 700 bytes each) for the cancel and
// kill tests, one every `stepSeconds`. Deterministic.

#include <QByteArray>
#include <QFile>
#include <QString>

namespace testing {

inline bool writeBigLog(const QString &path, int count, int stepSeconds = 1)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray block;
    for (int i = 0; i < count; ++i) {
        block += "{\"timestamp\": " + QByteArray::number(1714500000 + qint64(i) * stepSeconds) + ", \"request_id\": \"r-" + QByteArray::number(i)
            + "\", \"account\": \"acct_" + QByteArray::number(i % 97) + "\", \"client_ip\": \"10.0." + QByteArray::number(i % 250)
            + ".1\", \"request\": {\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Question number "
            + QByteArray::number(i) + ": explain the topic in detail, step by step, with examples and caveats.\"}]}, "
            "\"response\": {\"choices\": [{\"message\": {\"content\": \"Answer number " + QByteArray::number(i)
            + ": a long and careful explanation that goes on for a while so that the line has a realistic size; "
              "it mentions several points, lists them, and closes with a summary of what was said.\"}, "
              "\"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 20, \"completion_tokens\": 60}}}\n";
        if (block.size() > (1 << 20)) {
            if (f.write(block) != block.size())
                return false;
            block.clear();
        }
    }
    return f.write(block) == block.size();
}

} // namespace testing
