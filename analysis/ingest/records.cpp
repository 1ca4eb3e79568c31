// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/records.h"

#include <array>
#include <utility>

namespace lineage::ingest {

namespace {

template<typename Enum, size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, const char *>, N> &table, const QString &name)
{
    for (const auto &[value, text] : table)
        if (name == QLatin1String(text))
            return value;
    return std::nullopt;
}

template<typename Enum, size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[v, text] : table)
        if (v == value)
            return QString::fromLatin1(text);
    return {};
}

const std::array<std::pair<TranscriptRole, const char *>, 5> kRoles { {
    { TranscriptRole::Unassigned, "unassigned" },
    { TranscriptRole::Provider, "provider" },
    { TranscriptRole::Suspect, "suspect" },
    { TranscriptRole::Control, "control" },
    { TranscriptRole::ProtectedCorpus, "protected-corpus" },
} };

const std::array<std::pair<DocumentType, const char *>, 5> kDocTypes{{
    {DocumentType::TermsOfService, "terms-of-service"},
    {DocumentType::Contract, "contract"},
    {DocumentType::Complaint, "complaint"},
    {DocumentType::Letter, "letter"},
    {DocumentType::Other, "other"},
}};

const std::array<std::pair<SourceKind, const char *>, 3> kKinds{{
    {SourceKind::QueryLog, "query-log"},
    {SourceKind::Transcript, "transcript"},
    {SourceKind::Document, "document"},
}};

} // namespace

QString roleName(TranscriptRole role) { return nameOf(kRoles, role); }
std::optional<TranscriptRole> roleFromName(const QString &name) { return lookup(kRoles, name); }
QString documentTypeName(DocumentType type) { return nameOf(kDocTypes, type); }
std::optional<DocumentType> documentTypeFromName(const QString &name) { return lookup(kDocTypes, name); }
QString sourceKindName(SourceKind kind) { return nameOf(kKinds, kind); }
std::optional<SourceKind> sourceKindFromName(const QString &name) { return lookup(kKinds, name); }

} // namespace lineage::ingest
