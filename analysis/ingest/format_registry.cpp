// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/format_registry.h"

#include "ingest/document_parsers.h"
#include "ingest/transcript_parsers.h"

#include <algorithm>

namespace lineage::ingest {

void FormatRegistry::add(std::unique_ptr<Parser> parser)
{
    const QString name = parser->format();
    for (auto &existing : m_parsers) {
        if (existing->format() == name) {
            existing = std::move(parser);
            return;
        }
    }
    m_parsers.push_back(std::move(parser));
}

const Parser *FormatRegistry::find(const QString &format) const
{
    for (const auto &p : m_parsers)
        if (p->format() == format)
            return p.get();
    return nullptr;
}

QList<const Parser *> FormatRegistry::parsers(std::optional<SourceKind> kind) const
{
    QList<const Parser *> out;
    for (const auto &p : m_parsers)
        if (!kind || p->kind() == *kind)
            out.append(p.get());
    return out;
}

QList<FormatRegistry::Match> FormatRegistry::sniff(QByteArrayView head, const QString &fileName,
                                                   std::optional<SourceKind> kind) const
{
    QList<Match> out;
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);  // a UTF-8 byte-order mark says nothing of the format
    for (const auto &p : m_parsers) {
        if (kind && p->kind() != *kind)
            continue;
        const int confidence = p->sniff(head, fileName);
        if (confidence > 0)
            out.append({p.get(), confidence});
    }
    // Stable: among equal confidence, registration order decides.
    std::stable_sort(out.begin(), out.end(), [](const Match &a, const Match &b) { return a.confidence > b.confidence; });
    return out;
}

const FormatRegistry &FormatRegistry::builtin()
{
    static const FormatRegistry *registry = [] {
        auto *r = new FormatRegistry;
        registerBuiltinParsers(*r);
        return r;
    }();
    return *registry;
}

void registerBuiltinParsers(FormatRegistry &registry)
{
    registerQueryLogParsers(registry);
    registerTranscriptParsers(registry);
    registerDocumentParsers(registry);
}

} // namespace lineage::ingest
