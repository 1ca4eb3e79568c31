// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/logging.h"

Q_LOGGING_CATEGORY(lcCase, "lineage.case")
Q_LOGGING_CATEGORY(lcIngest, "lineage.ingest")
Q_LOGGING_CATEGORY(lcText, "lineage.text")
Q_LOGGING_CATEGORY(lcSimilarity, "lineage.similarity")
