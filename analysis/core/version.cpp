// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/version.h"

#include <poppler-version.h>
#include <simdjson.h>
#include <sqlite3.h>
#include <unicode/uversion.h>
#include <zstd.h>

namespace lineage {

QString programVersion()
{
    return QStringLiteral(LINEAGE_VERSION);
}

QString sqliteVersion()
{
    return QString::fromLatin1(sqlite3_libversion());
}

QString icuVersion()
{
    UVersionInfo info;
    u_getVersion(info);
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(info, text);
    return QString::fromLatin1(text);
}

QString popplerVersion()
{
    return QString::fromLatin1(POPPLER_VERSION);
}

QString zstdVersion()
{
    return QString::fromLatin1(ZSTD_versionString());
}

QString simdjsonVersion()
{
    return QStringLiteral("%1.%2.%3").arg(int(simdjson::SIMDJSON_VERSION_MAJOR)).arg(int(simdjson::SIMDJSON_VERSION_MINOR)).arg(int(simdjson::SIMDJSON_VERSION_REVISION));
}

} // namespace lineage
