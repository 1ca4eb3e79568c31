// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <vector>

namespace lineage::forensics {

struct ShapiroWilk
{
    double w = 1.0; // the statistic, in (0, 1]; near 1 for normally distributed data
    double p = 1.0; // the p-value of normality (small: not normal)
};

// The Shapiro-Wilk test of normality by Royston's algorithm AS R94 (1995), as R's
// shapiro.test and SciPy's scipy.stats.shapiro compute it, for 3 <= n <= 5000 values.
// Nothing when there are too few or too many values, or they are all equal. Pure.
std::optional<ShapiroWilk> shapiroWilk(std::vector<double> values);

} // namespace lineage::forensics
