// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/format_registry.h"

namespace lineage::ingest {

void registerQueryLogParsers(FormatRegistry &registry)
{
    Q_UNUSED(registry);
}

} // namespace lineage::ingest
