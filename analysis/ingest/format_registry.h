// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ingest/parser.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace lineage::ingest {

// The open set of input formats. Built once (registerBuiltinParsers adds Lineage's own and
// calls the transcript and document modules' register functions), then read-only and safe
// to share between threads. FormatRegistry::builtin() is the process-wide instance.
class FormatRegistry
{
public:
    struct Match
    {
        const Parser *parser = nullptr;
        int confidence = 0;
    };

    FormatRegistry() = default;
    FormatRegistry(const FormatRegistry &) = delete;
    FormatRegistry &operator=(const FormatRegistry &) = delete;

    // Adds a parser; a later parser with the same format name replaces the earlier one.
    void add(std::unique_ptr<Parser> parser);

    const Parser *find(const QString &format) const;
    QList<const Parser *> parsers(std::optional<SourceKind> kind = std::nullopt) const;
    // Every parser of `kind` (all kinds when unset) with confidence > 0, best first.
    QList<Match> sniff(QByteArrayView head, const QString &fileName, std::optional<SourceKind> kind = std::nullopt) const;

    static const FormatRegistry &builtin();

private:
    std::vector<std::unique_ptr<Parser>> m_parsers;
};

// Registers the query-log parsers, then the transcript and document parsers.
void registerBuiltinParsers(FormatRegistry &registry);
// The query-log parsers alone (OpenAI Batch input/output, gateway log, generic JSONL/CSV).
void registerQueryLogParsers(FormatRegistry &registry);

} // namespace lineage::ingest
