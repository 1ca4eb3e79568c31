// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/time_parser.h"

#include <QDateTime>

#include <cmath>

namespace lineage::ingest {

qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * unsigned(m + (m > 2 ? -3 : 9)) + 2) / 5 + unsigned(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

namespace {

bool digits(std::string_view s, size_t at, size_t count, int &out)
{
    if (at + count > s.size())
        return false;
    int v = 0;
    for (size_t i = 0; i < count; ++i) {
        const char c = s[at + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

int daysInMonth(int y, int m)
{
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return kDays[m - 1];
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

TimeParser::TimeParser(const QString &format, const QString &zone)
{
    const QString f = format.trimmed();
    if (f.isEmpty() || f == QLatin1String("auto"))
        m_mode = Mode::Auto;
    else if (f == QLatin1String("iso8601"))
        m_mode = Mode::Iso8601;
    else if (f == QLatin1String("epoch-s"))
        m_mode = Mode::EpochSeconds;
    else if (f == QLatin1String("epoch-ms"))
        m_mode = Mode::EpochMillis;
    else {
        m_mode = Mode::QtFormat;
        m_qtFormat = f;
    }
    if (!zone.isEmpty() && zone != QLatin1String("UTC") && zone != QLatin1String("Z")) {
        m_zone = QTimeZone(zone.toUtf8());
        if (!m_zone.isValid())
            m_error = QStringLiteral("'%1' is not a time zone; use an IANA name such as Asia/Shanghai.").arg(zone);
        m_utc = false;
    }
}

QString TimeParser::zoneId() const
{
    return m_utc ? QStringLiteral("UTC") : QString::fromUtf8(m_zone.id());
}

std::optional<ParsedTime> TimeParser::fromLocal(qint64 localMs)
{
    if (m_utc)
        return ParsedTime{localMs, 0};
    const qint64 bucket = localMs >= 0 ? localMs / 900000 : (localMs - 899999) / 900000;
    int offset;
    if (auto it = m_offsetCache.find(bucket); it != m_offsetCache.end()) {
        offset = it->second;
    } else {
        const QDateTime asUtc = QDateTime::fromMSecsSinceEpoch(bucket * 900000, Qt::UTC);
        const QDateTime local(asUtc.date(), asUtc.time(), m_zone);
        offset = local.isValid() ? local.offsetFromUtc() : m_zone.offsetFromUtc(asUtc);
        if (m_offsetCache.size() > 100000)
            m_offsetCache.clear();
        m_offsetCache.emplace(bucket, offset);
    }
    return ParsedTime{localMs - qint64(offset) * 1000, offset};
}

std::optional<ParsedTime> TimeParser::fromNumber(double value)
{
    if (!std::isfinite(value) || value < 0)
        return std::nullopt;
    bool millis = m_mode == Mode::EpochMillis;
    if (m_mode == Mode::Auto)
        millis = value >= 1e11;  // 1e11 s is year 5138; 1e11 ms is 1973
    else if (m_mode != Mode::EpochSeconds && m_mode != Mode::EpochMillis)
        return std::nullopt;
    const double ms = millis ? value : value * 1000.0;
    if (ms > 253402300799999.0)  // beyond 9999-12-31
        return std::nullopt;
    return ParsedTime{qint64(std::llround(ms)), 0};
}

std::optional<ParsedTime> TimeParser::parseIso(std::string_view s)
{
    int y, mo, d;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
        return std::nullopt;
    int h = 0, mi = 0, sec = 0, ms = 0;
    size_t i = 10;
    bool hasOffset = false;
    int offset = 0;
    if (i < s.size()) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
            return std::nullopt;
        ++i;
        if (!digits(s, i, 2, h) || i + 2 >= s.size() || s[i + 2] != ':' || !digits(s, i + 3, 2, mi))
            return std::nullopt;
        i += 5;
        if (i < s.size() && s[i] == ':') {
            if (!digits(s, i + 1, 2, sec))
                return std::nullopt;
            i += 3;
            if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
                ++i;
                int scale = 100;
                size_t n = 0;
                while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                    ms += (s[i] - '0') * scale;
                    scale /= 10;
                    ++i;
                    ++n;
                }
                if (n == 0)
                    return std::nullopt;
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return std::nullopt;
        if (sec == 60)
            sec = 59;  // a leap second is kept in the same minute
        if (i < s.size()) {
            if (s[i] == 'Z' || s[i] == 'z') {
                hasOffset = true;
                ++i;
            } else if (s[i] == '+' || s[i] == '-') {
                const int sign = s[i] == '-' ? -1 : 1;
                int oh, om = 0;
                if (!digits(s, i + 1, 2, oh))
                    return std::nullopt;
                i += 3;
                if (i < s.size() && s[i] == ':')
                    ++i;
                if (i < s.size()) {
                    if (!digits(s, i, 2, om))
                        return std::nullopt;
                    i += 2;
                }
                if (oh > 18 || om > 59)
                    return std::nullopt;
                hasOffset = true;
                offset = sign * (oh * 3600 + om * 60);
            }
        }
        if (i != s.size())
            return std::nullopt;
    }
    const qint64 local = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000LL + sec * 1000LL + ms;
    if (hasOffset)
        return ParsedTime{local - qint64(offset) * 1000, offset};
    return fromLocal(local);
}

std::optional<ParsedTime> TimeParser::parse(std::string_view text)
{
    const std::string_view s = trimmed(text);
    if (s.empty())
        return std::nullopt;
    switch (m_mode) {
    case Mode::QtFormat: {
        const QString str = QString::fromUtf8(s.data(), qsizetype(s.size()));
        QDateTime t = QDateTime::fromString(str, m_qtFormat);
        if (!t.isValid())
            return std::nullopt;
        if (t.timeSpec() == Qt::LocalTime) {
            // The format had no offset: the time is naive, in the declared zone.
            t.setTimeSpec(Qt::UTC);
            return fromLocal(t.toMSecsSinceEpoch());
        }
        return ParsedTime{t.toMSecsSinceEpoch(), t.offsetFromUtc()};
    }
    case Mode::EpochSeconds:
    case Mode::EpochMillis:
    case Mode::Auto: {
        bool allDigits = true;
        bool dot = false;
        for (char c : s) {
            if (c == '.' && !dot)
                dot = true;
            else if (c < '0' || c > '9')
                allDigits = false;
        }
        if (allDigits)
            return fromNumber(std::strtod(std::string(s).c_str(), nullptr));
        if (m_mode != Mode::Auto)
            return std::nullopt;
        return parseIso(s);
    }
    case Mode::Iso8601:
        return parseIso(s);
    }
    return std::nullopt;
}

} // namespace lineage::ingest
