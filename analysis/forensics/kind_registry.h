// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forensics/analysis_kind.h"

#include <memory>
#include <vector>

namespace lineage::forensics {

// Every analysis kind the program knows, in name order. A kind is one adapter file
// analysis/forensics/kinds/NAME_kind.cpp that defines
//     std::unique_ptr<AnalysisKind> lineage::forensics::kinds::NAME();
// the build lists those files and generates the calls (analysis/forensics/CMakeLists.txt),
// so adding a kind touches nothing else. Built once, immutable, readable from any thread.
const std::vector<const AnalysisKind *> &analysisKinds();
// The kind called `name`, or nullptr.
const AnalysisKind *findKind(const QString &name);
QStringList kindNames();

} // namespace lineage::forensics
