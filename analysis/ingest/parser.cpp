// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/parser.h"

#include <simdjson.h>

namespace lineage::ingest::parsing {

Diagnostic lineDiagnostic(qint64 line, qint64 column, qint64 offset, const QString &reason, QByteArrayView raw, bool warning)
{
    Diagnostic d;
    d.line = line;
    d.column = column;
    d.byteOffset = offset;
    d.reason = reason;
    d.raw = raw.first(std::min<qsizetype>(raw.size(), kRawKeep)).toByteArray();
    d.warning = warning;
    return d;
}

bool isValidUtf8(QByteArrayView bytes)
{
    return simdjson::validate_utf8(bytes.data(), size_t(bytes.size()));
}

} // namespace lineage::ingest::parsing
