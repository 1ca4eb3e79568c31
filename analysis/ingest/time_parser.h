// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTimeZone>

#include <optional>
#include <string_view>
#include <unordered_map>

namespace lineage::ingest {

// A point in time as a log wrote it: UTC milliseconds and the offset it was written with.
struct ParsedTime
{
    qint64 utcMs = 0;
    int offsetSeconds = 0;
};

// Reads log times fast: ISO 8601 ("2024-05-01T12:00:00Z", "...+08:00", "2024-05-01 12:00:00.123",
// a date alone), epoch seconds or milliseconds (numbers or digit strings; "auto" tells them
// apart by magnitude), or a Qt date-time format string. Times without an offset take the
// declared zone (an IANA id; UTC when empty) and its offset at that moment. Not thread-safe
// (it caches zone offsets); one per parse.
class TimeParser
{
public:
    enum class Mode { Auto, Iso8601, EpochSeconds, EpochMillis, QtFormat };

    // `format`: "auto" (or empty), "iso8601", "epoch-s", "epoch-ms", or a Qt format string.
    explicit TimeParser(const QString &format = {}, const QString &zone = {});

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString zoneId() const;

    std::optional<ParsedTime> parse(std::string_view text);
    std::optional<ParsedTime> fromNumber(double value);

private:
    std::optional<ParsedTime> parseIso(std::string_view text);
    std::optional<ParsedTime> fromLocal(qint64 localMs);

    Mode m_mode = Mode::Auto;
    QString m_qtFormat;
    QString m_error;
    bool m_utc = true;
    QTimeZone m_zone;
    std::unordered_map<qint64, int> m_offsetCache;  // quarter-hour of local time -> offset
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
qint64 daysFromCivil(int year, int month, int day);

} // namespace lineage::ingest
