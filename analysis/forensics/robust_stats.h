// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <span>
#include <vector>

namespace lineage::forensics {

// Robust statistics of small reference sets (a panel of models), pure functions. The
// numbers equal numpy's and scipy's (tests/forensics checks them).

// Median (the mean of the two middle values for an even count); NaN for no values.
double median(std::span<const double> values);

// Centre and scale of a reference set: the median and the MAD x 1.4826 (consistent with
// the standard deviation for normal data). When the MAD is 0 (more than half the values
// equal), the mean absolute deviation from the median x 1.2533 stands in; the scale is 0
// only when every value is equal.
struct RobustScale
{
    double centre = 0.0;
    double scale = 0.0;
};
RobustScale robustScale(std::span<const double> values);

// (x - median) / scale against `references`; +-infinity when the scale is 0 and x differs,
// 0 when x equals them all.
double robustZ(double x, std::span<const double> references);

// Empirical p-value of "x is at least as high as the references explain":
// (1 + references >= x) / (1 + references). Never below 1 / (n + 1).
double empiricalP(double x, std::span<const double> references);

// The q-quantile of ascending values by linear interpolation between order statistics
// (numpy's default, "type 7").
double quantileSorted(std::span<const double> sorted, double q);

// Standard normal upper tail 1 - Phi(x), and its inverse (the x with upper tail p), accurate
// to about 1e-15 relative over the whole double range.
double normalUpperTail(double x);
double normalQuantile(double p); // Phi^-1(p), p in (0, 1)

// Area under the ROC curve of `positives` against `negatives` (ties count one half).
double rankAuc(std::span<const double> positives, std::span<const double> negatives);

// Null calibration of a robust z against n references: the tail T(c) = P(z > c) when the
// scored value and the n references are independent standard normal draws, estimated as
// the mean of 1 - Phi(m + c s) over `draws` simulated reference sets (m, s their median
// and MAD x 1.4826) and their mirror images, so that T(-c) = 1 - T(c). score(z) is the
// normal deviate with the same tail, Phi^-1(1 - T(z)): with it, one threshold means one
// false-positive rate (under the normal null) whatever the panel size. Deterministic for a
// seed; immutable after construction, so any thread may call it.
class RobustZNull
{
public:
    RobustZNull(int references, int draws, quint64 seed);

    int references() const { return m_references; }
    double tail(double z) const;
    double score(double z) const;

private:
    int m_references = 0;
    std::vector<double> m_centre;
    std::vector<double> m_scale;
};

} // namespace lineage::forensics
