// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/sqlite.h"
#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lineage::casefile {

// The completions one query record served: choice 0 is `completion`, choices 1.. are the
// extra completions of a request with n > 1.
struct ServedCompletions
{
    qint64 recordId = 0;
    qint64 sourceId = 0;
    QStringList choices; // a null string for a missing choice 0
};

// Where a query record came from and who asked, for linking a finding to the log.
struct RecordProvenance
{
    qint64 recordId = 0;
    QString account;
    std::optional<qint64> timeUtc;
    std::optional<qint64> timeOffset;
    QString ip;
    QString model;
    QString customId;
    qint64 sourceId = 0;
    QString sourceName;
    qint64 line = 0;
    std::optional<qint64> joinedSourceId; // Batch API: the half that brought the completion
    QString joinedSourceName;
    std::optional<qint64> joinedLine;
    QString joinedSide;
};

// An input source of an analysis and its SHA-256.
struct InputSource
{
    qint64 id = 0;
    QString kind;
    QString name;
    QString sha256;
};

// Bulk reads the forensic analyses need beyond the item stores: served completions in id
// order (keyset pages), the provenance of query records, the sources behind a set of items.
// Borrows a connection, used on its thread only. Errors are returned.
class AnalysisInputStore
{
public:
    explicit AnalysisInputStore(Database &db) : m_db(db) { }

    [[nodiscard]] Result<qint64> completionRecordCount();
    // Up to `limit` records with id > afterId that hold a completion, in id order.
    [[nodiscard]] Result<QList<ServedCompletions>> completions(qint64 afterId, int limit);
    [[nodiscard]] Result<QList<RecordProvenance>> provenance(const QList<qint64> &recordIds);
    // Sources holding query records (the query logs and Batch halves joined into them).
    [[nodiscard]] Result<QList<InputSource>> queryLogSources();
    [[nodiscard]] Result<QList<InputSource>> sources(const QList<qint64> &sourceIds);
    // Distinct non-empty model names of the query records.
    [[nodiscard]] Result<QStringList> loggedModels();

private:
    Database &m_db;
};

} // namespace lineage::casefile
