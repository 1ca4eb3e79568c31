// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/shapiro_wilk.h"

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

double normalQuantile(double p)
{
    // Wichura, Algorithm AS 241: The percentage points of the normal distribution (1988).
    const double q = p - 0.5;
    if (std::fabs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q
            * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                   + 45921.953931549871457)
                      * r
                  + 13731.693765509461125)
                     * r
                 + 1971.5909503065514427)
                    * r
                + 133.14166789178437745)
                   * r
               + 3.387132872796366608)
            / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                   + 21213.794301586595867)
                      * r
                  + 5394.1960214247511077)
                     * r
                 + 687.1870074920579083)
                    * r
                + 42.313330701600911252)
                   * r
               + 1.0);
    }
    double r = q < 0 ? p : 1.0 - p;
    r = std::sqrt(-std::log(r));
    double value;
    if (r <= 5.0) {
        r -= 1.6;
        value = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                     + 1.27045825245236838258)
                        * r
                    + 3.64784832476320460504)
                       * r
                   + 5.7694972214606914055)
                      * r
                  + 4.6303378461565452959)
                     * r
                 + 1.42343711074968357734)
            / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                   + 0.14810397642748007459)
                      * r
                  + 0.68976733498510000455)
                     * r
                 + 1.6763848301838038494)
                    * r
                + 2.05319162663775882187)
                   * r
               + 1.0);
    } else {
        r -= 5.0;
        value = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                     + 0.026532189526576123093)
                        * r
                    + 0.29656057182850489123)
                       * r
                   + 1.7848265399172913358)
                      * r
                  + 5.4637849111641143699)
                     * r
                 + 6.6579046435011037772)
            / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                   + 7.868691311456132591e-4)
                      * r
                  + 0.0148753612908506148525)
                     * r
                 + 0.13692988092273580531)
                    * r
                + 0.59983220655588793769)
                   * r
               + 1.0);
    }
    return q < 0 ? -value : value;
}

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
