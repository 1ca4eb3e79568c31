// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the transcript, document and demo tests: fixture paths and bytes, a
// registry of one family of parsers, a case title.
#pragma once

#include "casefile/case_file.h"
#include "ingest/format_registry.h"

#include <QByteArray>
#include <QFile>
#include <QString>

namespace lineage::testing {

inline QString fixture(const QString &relative)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/ingest_docs/") + relative;
}

// The file's bytes; empty when it cannot be read.
inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// A registry holding the parsers `registerParsers` adds, built once and kept for the run.
template<void (*registerParsers)(ingest::FormatRegistry &)> const ingest::FormatRegistry &registryOf()
{
    static ingest::FormatRegistry *registry = [] {
        auto *r = new ingest::FormatRegistry;
        registerParsers(*r);
        return r;
    }();
    return *registry;
}

inline casefile::CaseInfo titled(const QString &title)
{
    casefile::CaseInfo info;
    info.title = title;
    return info;
}

} // namespace lineage::testing
