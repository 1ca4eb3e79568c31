-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lineage case file, schema version 1.
-- Every evidence row points back to its source and its place in it (line and byte
-- offset, or page). Times are UTC milliseconds since the epoch, with the original
-- offset from UTC in seconds kept beside them.

-- The case itself: exactly one row.
CREATE TABLE case_info (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    title           TEXT NOT NULL,
    case_number     TEXT NOT NULL DEFAULT '',
    investigator    TEXT NOT NULL DEFAULT '',
    classification  TEXT NOT NULL DEFAULT '',
    display_tz      TEXT NOT NULL DEFAULT 'UTC',
    created_utc     INTEGER NOT NULL,
    created_offset  INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    program_version TEXT NOT NULL
) STRICT;

-- Evidence store: originals, content-addressed by SHA-256 (lowercase hex), stored as
-- zstd-compressed chunks of at most 1 MiB of original bytes each. The chunks point to the
-- blob's row id so that a blob can be written while its hash is still being computed.
CREATE TABLE blobs (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT UNIQUE,            -- NULL only while the blob is being written
    size         INTEGER NOT NULL DEFAULT 0,
    chunk_count  INTEGER NOT NULL DEFAULT 0,
    compression  TEXT NOT NULL,
    stored_utc   INTEGER NOT NULL
) STRICT;

CREATE TABLE blob_chunks (
    blob_id     INTEGER NOT NULL REFERENCES blobs(id),
    seq         INTEGER NOT NULL,
    offset      INTEGER NOT NULL,
    raw_size    INTEGER NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (blob_id, seq)
) STRICT;

-- One imported file.
CREATE TABLE sources (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('query-log', 'transcript', 'document')),
    format            TEXT NOT NULL,
    original_name     TEXT NOT NULL,
    original_path     TEXT NOT NULL DEFAULT '',
    sha256            TEXT NOT NULL UNIQUE REFERENCES blobs(sha256),
    size              INTEGER NOT NULL,
    imported_utc      INTEGER NOT NULL,
    imported_offset   INTEGER NOT NULL,
    importer          TEXT NOT NULL,
    importer_version  TEXT NOT NULL,
    declared_tz       TEXT NOT NULL DEFAULT '',
    parameters        TEXT NOT NULL DEFAULT '{}',
    status            TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'partial')),
    record_count      INTEGER NOT NULL DEFAULT 0,
    diagnostic_count  INTEGER NOT NULL DEFAULT 0,
    compression       TEXT NOT NULL DEFAULT '',   -- '', 'gzip', 'zstd': offsets are into the decompressed content
    content_size      INTEGER NOT NULL DEFAULT 0, -- decompressed bytes
    profile           TEXT NOT NULL DEFAULT '',   -- mapping profile name, for generic JSONL/CSV
    indexed           INTEGER NOT NULL DEFAULT 0  -- 1 once its text is in the full-text index
) STRICT;

-- A bad record kept for review: where it was, why it was refused, its raw bytes (truncated).
CREATE TABLE import_diagnostics (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources(id),
    line         INTEGER,
    col          INTEGER,
    byte_offset  INTEGER,
    severity     TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    reason       TEXT NOT NULL,
    raw          BLOB
) STRICT;
CREATE INDEX import_diagnostics_source ON import_diagnostics(source_id);

-- Saved field-mapping profiles for JSONL/CSV query logs.
CREATE TABLE mapping_profiles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    created_utc INTEGER NOT NULL
) STRICT;

-- Accounts as the logs name them, and actors: analyst-made groups of accounts.
CREATE TABLE actors (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    note        TEXT NOT NULL DEFAULT '',
    created_utc INTEGER NOT NULL
) STRICT;

CREATE TABLE accounts (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    actor_id  INTEGER REFERENCES actors(id)
) STRICT;
CREATE INDEX accounts_actor ON accounts(actor_id);

-- One API exchange from a provider's log.
CREATE TABLE query_records (
    id                INTEGER PRIMARY KEY,
    source_id         INTEGER NOT NULL REFERENCES sources(id),
    line              INTEGER NOT NULL,
    byte_offset       INTEGER NOT NULL,
    byte_length       INTEGER NOT NULL,
    time_utc          INTEGER,
    time_offset       INTEGER,
    account_id        INTEGER REFERENCES accounts(id),
    api_key           TEXT,
    org               TEXT,
    ip                TEXT,
    user_agent        TEXT,
    model             TEXT,
    endpoint          TEXT,
    custom_id         TEXT,
    temperature       REAL,
    top_p             REAL,
    n                 INTEGER,
    max_tokens        INTEGER,
    logprobs          INTEGER,
    top_logprobs      INTEGER,
    system_prompt     TEXT,
    prompt            TEXT,
    completion        TEXT,
    extra_completions TEXT,
    finish_reason     TEXT,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    http_status       INTEGER,
    -- The raw object: NULL when it is served from the stored original by source, offset
    -- and length (uncompressed input); kept here when the input was compressed.
    raw               TEXT,
    -- Batch API: the other half of the exchange, from another source, joined on custom_id.
    -- pending_join names the half this record holds while its counterpart is missing.
    pending_join      TEXT CHECK (pending_join IN ('request', 'response')),
    joined_side       TEXT CHECK (joined_side IN ('request', 'response')),
    joined_source_id  INTEGER REFERENCES sources(id),
    joined_line       INTEGER,
    joined_byte_offset INTEGER,
    joined_byte_length INTEGER,
    joined_raw        TEXT
) STRICT;
CREATE INDEX query_records_pending ON query_records(custom_id) WHERE pending_join IS NOT NULL;
CREATE INDEX query_records_joined ON query_records(joined_source_id) WHERE joined_source_id IS NOT NULL;
CREATE INDEX query_records_time ON query_records(time_utc);
CREATE INDEX query_records_account_time ON query_records(account_id, time_utc);
CREATE INDEX query_records_source ON query_records(source_id, line);

-- A set of prompt/answer turns produced by one model.
CREATE TABLE transcripts (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources(id),
    model_label  TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('provider', 'suspect', 'control', 'protected-corpus')),
    title        TEXT NOT NULL DEFAULT '',
    turn_count   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX transcripts_source ON transcripts(source_id);

CREATE TABLE turns (
    id            INTEGER PRIMARY KEY,
    transcript_id INTEGER NOT NULL REFERENCES transcripts(id),
    seq           INTEGER NOT NULL,
    conversation  TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    prompt        TEXT NOT NULL DEFAULT '',
    answer        TEXT NOT NULL DEFAULT '',
    line          INTEGER,
    byte_offset   INTEGER,
    byte_length   INTEGER,
    UNIQUE (transcript_id, seq)
) STRICT;

-- Legal or reference documents, page by page.
CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(id),
    doc_type        TEXT NOT NULL DEFAULT 'other'
                    CHECK (doc_type IN ('terms-of-service', 'contract', 'complaint', 'letter', 'other')),
    title           TEXT NOT NULL DEFAULT '',
    author          TEXT NOT NULL DEFAULT '',
    parties         TEXT NOT NULL DEFAULT '',
    effective_date  TEXT,
    created         TEXT,
    modified        TEXT,
    page_count      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX documents_source ON documents(source_id);

CREATE TABLE pages (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    page_no      INTEGER NOT NULL,
    text         TEXT NOT NULL DEFAULT '',
    width        REAL,
    height       REAL,
    words        BLOB,
    UNIQUE (document_id, page_no)
) STRICT;

-- Full-text index over prompts, completions, transcript turns and document pages.
-- Contentless: the text stays in its table; rowid = item id * 8 + part, where part is
-- 0 query record request (system prompt and user messages), 1 query record response
-- (completions), 2 turn prompt, 3 turn answer, 4 page text. Han, kana and Hangul
-- characters are indexed one per token, so a Chinese substring of any length is a phrase
-- query; other text is indexed by words (unicode61, case and diacritics folded).
CREATE VIRTUAL TABLE search_index USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2');

-- Points and spans on the timeline.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    start_utc    INTEGER NOT NULL,
    end_utc      INTEGER,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    item_kind    TEXT,
    item_id      INTEGER,
    item_start   INTEGER,               -- span in the item's text (UTF-16 units), e.g. a date in a page
    item_length  INTEGER,
    created_utc  INTEGER NOT NULL
) STRICT;
CREATE INDEX events_time ON events(start_utc);
CREATE INDEX events_item ON events(item_kind, item_id);

-- One execution of an analysis, and what it found.
CREATE TABLE analysis_runs (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    parameters      TEXT NOT NULL DEFAULT '{}',
    input_hashes    TEXT NOT NULL DEFAULT '{}',
    engine_version  TEXT NOT NULL,
    started_utc     INTEGER NOT NULL,
    finished_utc    INTEGER,
    status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'canceled')),
    message         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE findings (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES analysis_runs(id),
    kind         TEXT NOT NULL,
    score        REAL,
    statistic    REAL,
    p_value      REAL,
    explanation  TEXT NOT NULL DEFAULT '',
    refs         TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX findings_run ON findings(run_id);

-- A text span behind a finding: which item (record, turn, page), which field, where.
CREATE TABLE finding_spans (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings(id),
    item_kind   TEXT NOT NULL CHECK (item_kind IN ('record', 'turn', 'page')),
    item_id     INTEGER NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    start       INTEGER NOT NULL,
    length      INTEGER NOT NULL
) STRICT;
CREATE INDEX finding_spans_finding ON finding_spans(finding_id);

-- Annotations: tags, comments, stars, exhibits. item_kind names the table the item lives in.
CREATE TABLE tags (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    color  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE item_tags (
    tag_id     INTEGER NOT NULL REFERENCES tags(id),
    item_kind  TEXT NOT NULL,
    item_id    INTEGER NOT NULL,
    PRIMARY KEY (tag_id, item_kind, item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    item_kind    TEXT NOT NULL,
    item_id      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    author       TEXT NOT NULL,
    created_utc  INTEGER NOT NULL
) STRICT;
CREATE INDEX comments_item ON comments(item_kind, item_id);

CREATE TABLE stars (
    item_kind  TEXT NOT NULL,
    item_id    INTEGER NOT NULL,
    PRIMARY KEY (item_kind, item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE exhibits (
    id           INTEGER PRIMARY KEY,
    number       INTEGER NOT NULL UNIQUE,
    item_kind    TEXT NOT NULL,
    item_id      INTEGER NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_utc  INTEGER NOT NULL
) STRICT;

-- The chain of custody: append-only and hash-chained. hash = SHA-256 over the previous
-- entry's hash and this entry's canonical form (see analysis/casefile/audit_log.cpp).
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,
    utc_ms        INTEGER NOT NULL,
    local_offset  INTEGER NOT NULL,
    investigator  TEXT NOT NULL,
    os_user       TEXT NOT NULL,
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    parameters    TEXT NOT NULL,
    result        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
