// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/robust_stats.h"

#include "forensics/random_stream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace lineage::forensics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double medianInPlace(std::vector<double> &v)
{
    const size_t n = v.size();
    if (n == 0)
        return kNaN;
    const size_t mid = n / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(mid), v.end());
    const double hi = v[mid];
    if (n % 2 == 1)
        return hi;
    const double lo = *std::max_element(v.begin(), v.begin() + std::ptrdiff_t(mid));
    return 0.5 * (lo + hi);
}

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9),
// refined by one Halley step on the exact tail.
double acklam(double p)
{
    static constexpr double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                    1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00 };
    static constexpr double b[] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                    6.680131188771972e+01, -1.328068155288572e+01 };
    static constexpr double c[] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                    -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00 };
    static constexpr double d[]
        = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
    constexpr double low = 0.02425;
    if (p < low) {
        const double q = std::sqrt(-2.0 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    if (p > 1.0 - low) {
        const double q = std::sqrt(-2.0 * std::log1p(-p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    const double q = p - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

} // namespace

double median(std::span<const double> values)
{
    std::vector<double> v(values.begin(), values.end());
    return medianInPlace(v);
}

RobustScale robustScale(std::span<const double> values)
{
    RobustScale s;
    if (values.empty()) {
        s.centre = s.scale = kNaN;
        return s;
    }
    s.centre = median(values);
    std::vector<double> dev(values.size());
    double meanAbs = 0.0;
    for (size_t i = 0; i < values.size(); ++i) {
        dev[i] = std::abs(values[i] - s.centre);
        meanAbs += dev[i];
    }
    s.scale = medianInPlace(dev) * 1.4826;
    if (s.scale == 0.0)
        s.scale = meanAbs / double(values.size()) * 1.2533;
    return s;
}

double robustZ(double x, std::span<const double> references)
{
    const RobustScale s = robustScale(references);
    if (std::isnan(x) || std::isnan(s.centre))
        return kNaN;
    if (s.scale == 0.0)
        return x == s.centre ? 0.0 : (x > s.centre ? kInf : -kInf);
    return (x - s.centre) / s.scale;
}

double empiricalP(double x, std::span<const double> references)
{
    qint64 atLeast = 0;
    for (const double r : references)
        atLeast += r >= x ? 1 : 0;
    return double(1 + atLeast) / double(1 + references.size());
}

double quantileSorted(std::span<const double> sorted, double q)
{
    if (sorted.empty())
        return kNaN;
    const double h = double(sorted.size() - 1) * q;
    const size_t lo = size_t(std::floor(h));
    if (lo + 1 >= sorted.size())
        return sorted.back();
    return sorted[lo] + (h - double(lo)) * (sorted[lo + 1] - sorted[lo]);
}

double normalUpperTail(double x)
{
    return 0.5 * std::erfc(x / std::numbers::sqrt2);
}

double normalQuantile(double p)
{
    if (!(p > 0.0))
        return p == 0.0 ? -kInf : kNaN;
    if (!(p < 1.0))
        return p == 1.0 ? kInf : kNaN;
    double x = acklam(p);
    // Halley step on f(x) = Phi(x) - p, with Phi from erfc (exact in both tails).
    const double e = (p < 0.5 ? normalUpperTail(-x) - p : (1.0 - p) - normalUpperTail(x));
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    x = x - u / (1.0 + 0.5 * x * u);
    return x;
}

double rankAuc(std::span<const double> positives, std::span<const double> negatives)
{
    if (positives.empty() || negatives.empty())
        return kNaN;
    double wins = 0.0;
    for (const double p : positives)
        for (const double n : negatives)
            wins += p > n ? 1.0 : (p == n ? 0.5 : 0.0);
    return wins / double(positives.size() * negatives.size());
}

RobustZNull::RobustZNull(int references, int draws, quint64 seed) : m_references(references)
{
    const std::vector<double> y = standardNormals(seed ^ 0x6E756C6CULL, qint64(draws) * references);
    m_centre.resize(size_t(2 * draws));
    m_scale.resize(size_t(2 * draws));
    std::vector<double> row(static_cast<size_t>(references));
    for (int d = 0; d < draws; ++d) {
        std::copy_n(y.begin() + std::ptrdiff_t(d) * references, references, row.begin());
        const double m = median(row);
        for (double &v : row)
            v = std::abs(v - m);
        const double s = medianInPlace(row) * 1.4826;
        m_centre[size_t(d)] = m;
        m_centre[size_t(draws + d)] = -m;
        m_scale[size_t(d)] = m_scale[size_t(draws + d)] = s;
    }
}

double RobustZNull::tail(double z) const
{
    if (std::isnan(z) || m_centre.empty())
        return kNaN;
    double sum = 0.0;
    for (size_t i = 0; i < m_centre.size(); ++i)
        sum += normalUpperTail(m_centre[i] + z * m_scale[i]);
    return sum / double(m_centre.size());
}

double RobustZNull::score(double z) const
{
    if (std::isnan(z))
        return kNaN;
    if (z < 0)
        return -score(-z);
    const double t = tail(z);
    if (t <= 0.0)
        return kInf;
    return -normalQuantile(t);
}

} // namespace lineage::forensics
