// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/activity_writer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <numeric>

namespace lineage::casefile {

namespace {

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr int kBatch = 16;
constexpr int kKeys = 5; // at most five key columns

qint64 floorTo(qint64 t, qint64 unit)
{
    return t - (((t % unit) + unit) % unit);
}

quint64 mix(quint64 h, quint64 v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h;
}

using KeyValues = std::array<qint64, kKeys>;

} // namespace

// Rows summed in memory, in the order of a table's columns: kKeys key values, then the
// values an upsert adds. Found by key through open addressing in a flat index (no allocation
// per row); the last row found is remembered, as consecutive records often share one.
class ActivityWriter::PackedRows
{
public:
    explicit PackedRows(int valueCount) : m_values(valueCount), m_stride(kKeys + valueCount)
    {
        m_index.assign(1 << 12, 0);
    }

    qint64 *values(const KeyValues &key)
    {
        if (m_last >= 0 && std::equal(key.begin(), key.end(), row(m_last)))
            return row(m_last) + kKeys;
        if ((size() + 1) * 2 > m_index.size())
            grow();
        qint32 &slot = find(m_index, key);
        if (slot == 0) {
            m_data.resize(m_data.size() + size_t(m_stride), 0);
            std::copy(key.begin(), key.end(), m_data.end() - m_stride);
            slot = qint32(size());
        }
        m_last = slot - 1;
        return row(m_last) + kKeys;
    }
    size_t size() const { return m_data.size() / size_t(m_stride); }
    int valueCount() const { return m_values; }
    qint64 *row(qint64 i) { return m_data.data() + i * m_stride; }
    void clear()
    {
        m_data.clear();
        std::fill(m_index.begin(), m_index.end(), 0);
        m_last = -1;
    }

private:
    size_t hash(const qint64 *key) const
    {
        quint64 h = 0;
        for (int i = 0; i < kKeys; ++i)
            h = mix(h, quint64(key[i]));
        return size_t((h * 0xBF58476D1CE4E5B9ULL) >> 17);
    }
    qint32 &find(std::vector<qint32> &index, const KeyValues &key)
    {
        const size_t mask = index.size() - 1;
        for (size_t i = hash(key.data()) & mask;; i = (i + 1) & mask)
            if (index[i] == 0 || std::equal(key.begin(), key.end(), row(index[i] - 1)))
                return index[i];
    }
    void grow()
    {
        std::vector<qint32> bigger(m_index.size() * 2, 0);
        for (size_t r = 0; r < size(); ++r) {
            KeyValues key;
            std::copy(row(qint64(r)), row(qint64(r)) + kKeys, key.begin());
            find(bigger, key) = qint32(r + 1);
        }
        m_index.swap(bigger);
    }

    int m_values;
    int m_stride;
    std::vector<qint64> m_data;
    std::vector<qint32> m_index; // row + 1, 0: empty
    qint64 m_last = -1;
};

// One summary table: its name, its key columns in primary-key order (the model column holds
// the model's index, bound as its text), its value columns (which an upsert adds to) and the
// SQL of a row's record count (a removal deletes the row when it reaches 0).
struct ActivityWriter::Table
{
    const char *name;
    std::vector<QByteArray> keys;
    int modelColumn = -1;
    std::vector<QByteArray> values;
    QByteArray recordsSum;
};

namespace {

std::vector<QByteArray> slotColumns(char prefix, int count)
{
    std::vector<QByteArray> columns;
    for (int i = 0; i < count; ++i)
        columns.push_back(prefix + QByteArray::number(i).rightJustified(2, '0'));
    return columns;
}

QByteArray sumOf(const std::vector<QByteArray> &columns)
{
    QByteArray sql;
    for (const QByteArray &c : columns)
        sql += (sql.isEmpty() ? "(" : " + ") + c;
    return sql + ")";
}

std::vector<QByteArray> joined(std::initializer_list<std::vector<QByteArray>> parts)
{
    std::vector<QByteArray> all;
    for (const auto &p : parts)
        all.insert(all.end(), p.begin(), p.end());
    return all;
}

} // namespace

ActivityWriter::ActivityWriter(Database &db)
    : m_db(db), m_days(std::make_unique<PackedRows>(48)), m_hours(std::make_unique<PackedRows>(2 + 120))
{
}

ActivityWriter::~ActivityWriter() = default;

int ActivityWriter::modelIndex(const QByteArray &model)
{
    if (m_lastModel >= 0) {
        const QByteArray &last = m_models.at(m_lastModel);
        if (last.size() == model.size() && std::memcmp(last.constData(), model.constData(), size_t(model.size())) == 0)
            return m_lastModel;
    }
    for (int i = 0; i < m_models.size(); ++i) {
        if (m_models.at(i) == model) {
            m_lastModel = i;
            return i;
        }
    }
    // A deep copy (`model` may be a view into a record's buffer); none is '', never NULL.
    m_models.append(model.isEmpty() ? QByteArray("") : QByteArray(model.constData(), model.size()));
    m_lastModel = int(m_models.size()) - 1;
    return m_lastModel;
}

void ActivityWriter::accumulate(const ActivityContribution &c, int sign)
{
    const qint64 model = modelIndex(c.model);
    const qint64 hour = floorTo(c.timeUtc, kHourMs);
    const qint64 day = floorTo(hour, kDayMs);
    const int hourOfDay = int((hour - day) / kHourMs);
    const int minuteOfHour = int((c.timeUtc - hour) / kMinuteMs);
    // account_activity_days: r00..r23, t00..t23.
    qint64 *d = m_days->values({ c.accountId, day, c.sourceId, c.joinedSourceId, model });
    d[hourOfDay] += sign;
    d[24 + hourOfDay] += sign * c.tokens;
    // activity_hours: records, tokens, r00..r59, t00..t59.
    qint64 *h = m_hours->values({ hour, c.sourceId, c.joinedSourceId, model, 0 });
    h[0] += sign;
    h[1] += sign * c.tokens;
    h[2 + minuteOfHour] += sign;
    h[62 + minuteOfHour] += sign * c.tokens;
}

Status ActivityWriter::write(const Table &table, PackedRows &rows)
{
    const size_t n = rows.size();
    if (n == 0)
        return {};
    const int keyCount = int(table.keys.size());
    const int valueCount = int(table.values.size());
    Q_ASSERT(valueCount == rows.valueCount());
    // In the table's key order: the b-tree is written from left to right.
    std::vector<qint32> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](qint32 a, qint32 b) {
        const qint64 *x = rows.row(a);
        const qint64 *y = rows.row(b);
        return std::lexicographical_compare(x, x + keyCount, y, y + keyCount);
    });

    QByteArray columns;
    QByteArray tuple = "(";
    QByteArray where;
    QByteArray conflict = " ON CONFLICT (";
    for (int i = 0; i < keyCount; ++i) {
        const QByteArray &c = table.keys[size_t(i)];
        columns += (i ? ", " : "") + c;
        tuple += i ? ", ?" : "?";
        where += (i ? " AND " : "") + c + " = ?";
        conflict += (i ? ", " : "") + c;
    }
    conflict += ") DO UPDATE SET ";
    for (int i = 0; i < valueCount; ++i) {
        const QByteArray &c = table.values[size_t(i)];
        columns += ", " + c;
        tuple += ", ?";
        conflict += (i ? ", " : "") + c + " = " + c + " + excluded." + c;
    }
    tuple += ")";
    const QByteArray head = QByteArray("INSERT INTO ") + table.name + " (" + columns + ") VALUES ";
    auto prepare = [&](int count) -> Result<Statement> {
        QByteArray sql = head + tuple;
        for (int i = 1; i < count; ++i)
            sql += ", " + tuple;
        return Statement::prepare(m_db, (sql + conflict).constData());
    };
    auto batch = prepare(kBatch);
    if (!batch)
        return batch.error();
    auto single = prepare(1);
    if (!single)
        return single.error();
    const QByteArray deleteSql
        = QByteArray("DELETE FROM ") + table.name + " WHERE " + where + " AND " + table.recordsSum + " = 0";
    auto erase = Statement::prepare(m_db, deleteSql.constData());
    if (!erase)
        return erase.error();

    auto bindKey = [&](Statement &s, int first, const qint64 *key) {
        for (int c = 0; c < keyCount; ++c) {
            if (c == table.modelColumn) {
                // The model names live as long as the writer: bound without a copy.
                const QByteArray &name = m_models.at(int(key[c]));
                sqlite3_bind_text(s.handle(), first + c, name.constData(), int(name.size()), SQLITE_STATIC);
            } else {
                sqlite3_bind_int64(s.handle(), first + c, key[c]);
            }
        }
    };
    const int perRow = keyCount + valueCount;
    auto bindRow = [&](Statement &s, int first, const qint64 *row) {
        bindKey(s, first, row);
        for (int v = 0; v < valueCount; ++v)
            sqlite3_bind_int64(s.handle(), first + keyCount + v, row[kKeys + v]);
    };
    size_t at = 0;
    while (n - at >= size_t(kBatch)) {
        for (int r = 0; r < kBatch; ++r)
            bindRow(*batch, 1 + r * perRow, rows.row(order[at + size_t(r)]));
        if (auto s = batch->run(); !s)
            return s;
        at += kBatch;
    }
    for (; at < n; ++at) {
        bindRow(*single, 1, rows.row(order[at]));
        if (auto s = single->run(); !s)
            return s;
    }
    // A removal may leave a row with no record: it goes, as a recomputation has none.
    for (size_t r = 0; r < n; ++r) {
        const qint64 *row = rows.row(qint64(r));
        if (std::none_of(row + kKeys, row + kKeys + valueCount, [](qint64 v) { return v < 0; }))
            continue;
        bindKey(*erase, 1, row);
        if (auto s = erase->run(); !s)
            return s;
    }
    return {};
}

Status ActivityWriter::writeIfFull()
{
    return m_days->size() + m_hours->size() >= kMaxRows ? finish() : Status();
}

Status ActivityWriter::finish()
{
    if (m_days->size() == 0 && m_hours->size() == 0)
        return {};
    static const std::vector<QByteArray> dayRecords = slotColumns('r', 24);
    static const std::vector<QByteArray> dayTokens = slotColumns('t', 24);
    static const Table days { "account_activity_days",
                              { "account_id", "day_utc", "source_id", "joined_source_id", "model" },
                              4,
                              joined({ dayRecords, dayTokens }),
                              sumOf(dayRecords) };
    static const Table hours { "activity_hours",
                               { "start_utc", "source_id", "joined_source_id", "model" },
                               3,
                               joined({ { "records", "tokens" }, slotColumns('r', 60), slotColumns('t', 60) }),
                               "records" };
    static const Table totals { "account_activity_totals", { "account_id" }, -1, { "records", "tokens" }, "records" };

    PackedRows accountTotals(2);
    for (size_t r = 0; r < m_days->size(); ++r) {
        const qint64 *row = m_days->row(qint64(r));
        qint64 *t = accountTotals.values({ row[0], 0, 0, 0, 0 });
        for (int h = 0; h < 24; ++h) {
            t[0] += row[kKeys + h];
            t[1] += row[kKeys + 24 + h];
        }
    }
    const std::pair<const Table *, PackedRows *> writes[]
        = { { &days, m_days.get() }, { &hours, m_hours.get() }, { &totals, &accountTotals } };
    for (const auto &[table, rows] : writes)
        if (auto s = write(*table, *rows); !s)
            return s;
    m_days->clear();
    m_hours->clear();
    return {};
}

Result<std::optional<ActivityContribution>> ActivityWriter::contributionOf(qint64 id)
{
    if (!m_contribution.handle()) {
        auto stmt
            = Statement::prepare(m_db,
                                 "SELECT time_utc, coalesce(account_id, 0), source_id, coalesce(joined_source_id, 0), "
                                 "coalesce(model, ''), coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0) "
                                 "FROM query_records WHERE id = ?");
        if (!stmt)
            return stmt.error();
        m_contribution = std::move(*stmt);
    }
    m_contribution.bind(1, id);
    auto row = m_contribution.maybeOne<ActivityContribution>([](const Statement &s) {
        ActivityContribution c;
        c.timeUtc = s.isNull(0) ? std::numeric_limits<qint64>::min() : s.int64(0);
        c.accountId = s.int64(1);
        c.sourceId = s.int64(2);
        c.joinedSourceId = s.int64(3);
        c.model = s.blob(4);
        c.tokens = s.int64(5);
        return c;
    });
    m_contribution.reset();
    if (!row)
        return row.error();
    if (!*row || (*row)->timeUtc == std::numeric_limits<qint64>::min())
        return std::optional<ActivityContribution>();
    return std::optional<ActivityContribution>(std::move(**row));
}

} // namespace lineage::casefile
