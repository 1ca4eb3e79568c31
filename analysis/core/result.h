// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace lineage {

// What went wrong, in words a person can act on. `message` is one sentence for the user
// ("line 1,204: timestamp '2024-13-01' is not a date"); `detail` carries technical context
// (an SQLite message, a file path) for logs and "Details..." buttons.
enum class ErrorCode {
    Io,            // a file could not be read or written
    NotACase,      // the file is not a Lineage case
    TooNew,        // the case was written by a newer Lineage
    Corrupt,       // the case or an input is damaged
    Altered,       // the case was changed outside Lineage (its schema or rows): not written to
    Sql,           // SQLite reported an error
    InvalidInput,  // user input or evidence could not be understood
    Duplicate,     // the same evidence was imported before
    Canceled,      // the user canceled (a status, not a failure; see Feedback)
    Unsupported,   // a format or feature that is not handled
    Internal,      // a defect in Lineage
};

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString detail;
};

// A value or an Error. Fallible core calls return Result<T> (or Status for no value);
// no exception crosses a layer boundary.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result of a call that returns nothing on success.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(ErrorCode code, QString message, QString detail = {})
{
    return Error{code, std::move(message), std::move(detail)};
}

} // namespace lineage
