// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/shapiro_wilk.h"

#include "forensics/robust_stats.h"

#include <algorithm>
#include <cmath>

namespace lineage::forensics {

namespace {

double poly(const double *c, int n, double x)
{
    double result = c[0];
    if (n > 1) {
        double p = x * c[n - 1];
        for (int j = n - 2; j > 0; --j)
            p = (p + c[j]) * x;
        result += p;
    }
    return result;
}

double upperNormalTail(double x, double mean, double sd)
{
    return 0.5 * std::erfc((x - mean) / (sd * std::sqrt(2.0)));
}

} // namespace

std::optional<ShapiroWilk> shapiroWilk(std::vector<double> x)
{
    // Royston (1995), Remark AS R94: A remark on algorithm AS 181, the W test for normality.
    static const double g[2] = { -2.273, 0.459 };
    static const double c1[6] = { 0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056 };
    static const double c2[6] = { 0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633 };
    static const double c3[4] = { 0.544, -0.39978, 0.025054, -6.714e-4 };
    static const double c4[4] = { 1.3822, -0.77857, 0.062767, -0.0020322 };
    static const double c5[4] = { -1.5861, -0.31082, -0.083751, 0.0038915 };
    static const double c6[3] = { -0.4803, -0.082676, 0.0030302 };
    constexpr double kSmall = 1e-19;

    const int n = int(x.size());
    if (n < 3 || n > 5000)
        return std::nullopt;
    std::sort(x.begin(), x.end());
    const double range = x[size_t(n - 1)] - x[0];
    if (range < kSmall)
        return std::nullopt;

    const int nn2 = n / 2;
    std::vector<double> a(size_t(nn2) + 1, 0.0); // 1-based
    const double an = double(n);
    if (n == 3) {
        a[1] = std::sqrt(0.5);
    } else {
        const double an25 = an + 0.25;
        double summ2 = 0.0;
        for (int i = 1; i <= nn2; ++i) {
            a[size_t(i)] = normalQuantile((double(i) - 0.375) / an25);
            summ2 += a[size_t(i)] * a[size_t(i)];
        }
        summ2 *= 2.0;
        const double ssumm2 = std::sqrt(summ2);
        const double rsn = 1.0 / std::sqrt(an);
        const double a1 = poly(c1, 6, rsn) - a[1] / ssumm2;
        int i1;
        double fac;
        if (n > 5) {
            i1 = 3;
            const double a2 = -a[2] / ssumm2 + poly(c2, 6, rsn);
            fac = std::sqrt((summ2 - 2.0 * (a[1] * a[1]) - 2.0 * (a[2] * a[2]))
                            / (1.0 - 2.0 * (a1 * a1) - 2.0 * (a2 * a2)));
            a[2] = a2;
        } else {
            i1 = 2;
            fac = std::sqrt((summ2 - 2.0 * (a[1] * a[1])) / (1.0 - 2.0 * (a1 * a1)));
        }
        a[1] = a1;
        for (int i = i1; i <= nn2; ++i)
            a[size_t(i)] /= -fac;
    }

    // W as the squared correlation between the ordered data and the coefficients.
    double sx = 0.0;
    for (double v : x)
        sx += v / range;
    double sa = 0.0;
    for (int i = 0, j = n - 1; i < n; ++i, --j)
        if (i != j)
            sa += (i - j > 0 ? 1 : -1) * a[size_t(1 + std::min(i, j))];
    sa /= n;
    sx /= n;
    double ssa = 0.0, ssx = 0.0, sax = 0.0;
    for (int i = 0, j = n - 1; i < n; ++i, --j) {
        const double asa = i != j ? (i - j > 0 ? 1 : -1) * a[size_t(1 + std::min(i, j))] - sa : -sa;
        const double xsx = x[size_t(i)] / range - sx;
        ssa += asa * asa;
        ssx += xsx * xsx;
        sax += asa * xsx;
    }
    // w1 = 1 - W, computed so as to avoid rounding error for W near 1.
    const double ssassx = std::sqrt(ssa * ssx);
    const double w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx);
    ShapiroWilk out;
    out.w = 1.0 - w1;

    if (n == 3) {
        constexpr double pi6 = 1.90985931710274; // 6 / pi
        constexpr double stqr = 1.04719755119660; // asin(sqrt(3 / 4))
        out.p = std::max(0.0, pi6 * (std::asin(std::sqrt(out.w)) - stqr));
        return out;
    }
    double y = std::log(w1);
    const double xx = std::log(an);
    double m, s;
    if (n <= 11) {
        const double gamma = poly(g, 2, an);
        if (y >= gamma) {
            out.p = 1e-99;
            return out;
        }
        y = -std::log(gamma - y);
        m = poly(c3, 4, an);
        s = std::exp(poly(c4, 4, an));
    } else {
        m = poly(c5, 4, xx);
        s = std::exp(poly(c6, 3, xx));
    }
    out.p = upperNormalTail(y, m, s);
    return out;
}

} // namespace lineage::forensics
