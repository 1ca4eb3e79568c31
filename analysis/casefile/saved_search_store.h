// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>
#include <QString>

namespace lineage::casefile {

class CaseFile;

// A search the analyst keeps by name (saved_searches, schema 8): a full-text query ("text")
// or a table's filter and order as JSON ("table").
struct SavedSearch
{
    qint64 id = 0;
    QString name;
    QString kind; // "text" or "table"
    QString definition;
    qint64 createdUtc = 0;
    bool operator==(const SavedSearch &) const = default;
};

// Saved searches of a case. save() and remove() run in CaseFile::auditedChange (entries
// "search.save" and "search.remove"); restore() puts back a removed search with its id and
// time (the undo of a removal). Names are unique: saving under a name in use replaces that
// search's definition. Errors are returned with a sentence to act on.
class SavedSearchStore
{
public:
    [[nodiscard]] static Result<SavedSearch> save(CaseFile &file, const QString &name, const QString &kind,
                                                  const QString &definition);
    [[nodiscard]] static Status restore(CaseFile &file, const SavedSearch &search);
    [[nodiscard]] static Status remove(CaseFile &file, const QString &name);

    // By name, in name order.
    [[nodiscard]] static Result<QList<SavedSearch>> list(Database &db, const QString &kind = {});
    [[nodiscard]] static Result<std::optional<SavedSearch>> find(Database &db, const QString &name);
};

} // namespace lineage::casefile
