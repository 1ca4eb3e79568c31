// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace lineage {

// The program's version, as recorded in sources, analysis runs and the audit log.
QString programVersion();

// Versions of the libraries the core links (Qt, SQLite, ICU, Poppler, zstd, simdjson).
QString sqliteVersion();
QString icuVersion();
QString popplerVersion();
QString zstdVersion();
QString simdjsonVersion();

} // namespace lineage
