// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/cli_command.h"

namespace lineage::cli {

// True when `path` is a case bundle (a ZIP archive) rather than a case file.
bool isBundlePath(const QString &path);
// `verify BUNDLE.zip`: checks a bundle, prints what fails; exit 1 when anything does.
int verifyBundleCommand(const QString &path, bool json, CliContext &ctx);

} // namespace lineage::cli
