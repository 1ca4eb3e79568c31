// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ingest/records.h"

#include <QJsonObject>
#include <QString>

namespace lineage::ingest {

// What the analyst chose for one import. Plain value, copied freely; read by the pipeline
// and by parsers (parsers only read it).
struct ImportOptions
{
    static constexpr qint64 kDefaultMaxLineBytes = 16 * 1024 * 1024;

    SourceKind kind = SourceKind::QueryLog;
    QString format;            // a registered format name; empty: sniff from content
    QString profile;           // name of a saved mapping profile (generic JSONL/CSV)
    QJsonObject profileDefinition; // the profile itself; filled by the pipeline from `profile`
    QString timeZone;          // IANA id applied to naive times; empty means UTC
    QString modelLabel;        // transcripts: the model that produced them
    TranscriptRole role = TranscriptRole::Unassigned; // transcripts: none unless the analyst gives one
    DocumentType docType = DocumentType::Other;
    bool strict = false;       // stop at the first diagnostic
    bool buildIndex = true;    // add the source's text to the full-text index now
    qint64 maxLineBytes = kDefaultMaxLineBytes; // longer lines become diagnostics
    // Write through a rollback journal when no other connection has the case open (data
    // written once instead of twice; see casefile::BulkWrite). Off: the case stays in WAL so
    // that other connections keep reading during the import (the GUI).
    bool rollbackJournal = false;
};

} // namespace lineage::ingest
