-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lineage case file, schema version 11: every row the case holds is committed to by the
-- audit chain (analysis/casefile/row_ledger.h).

-- The row digests: for each table and each chunk of 1,024 row ids, which rows exist and
-- a 16-byte SHA-256 prefix of each one's content (leaves: a 128-byte presence bitmap, then
-- 16 bytes per present row in id order). Every audit entry that changed rows commits to
-- the digests of the chunks it wrote (audit_log.commitment). A table without row ids is
-- committed as a whole under chunk -9223372036854775808 (leaves: one 32-byte digest).
CREATE TABLE row_digests (
    id      INTEGER PRIMARY KEY,
    tbl     TEXT NOT NULL,
    chunk   INTEGER NOT NULL,
    leaves  BLOB NOT NULL,
    UNIQUE (tbl, chunk)
) STRICT;

-- What an entry's change did to the rows: per table, the chunks it wrote and a digest over
-- them, and the digests those chunks had before (empty for entries written before version 11
-- and for changes that wrote no rows). Part of the entry's hash.
ALTER TABLE audit_log ADD COLUMN commitment TEXT NOT NULL DEFAULT '';

-- Tags, stars and fingerprints become tables with row ids, so that the ledger can name the
-- row that differs. Same columns, the same uniqueness and the same indexes (every index and
-- trigger 0001..0010 made on them is made again: tst_migrations compares a migrated case's
-- schema with a fresh one's); the data is kept.
CREATE TABLE item_tags_v11 AS SELECT tag_id, item_kind, item_id FROM item_tags;
DROP TABLE item_tags;
CREATE TABLE item_tags (
    id         INTEGER PRIMARY KEY,
    tag_id     INTEGER NOT NULL REFERENCES tags(id),
    item_kind  TEXT NOT NULL,
    item_id    INTEGER NOT NULL,
    UNIQUE (tag_id, item_kind, item_id)
) STRICT;
INSERT INTO item_tags (tag_id, item_kind, item_id) SELECT tag_id, item_kind, item_id FROM item_tags_v11;
DROP TABLE item_tags_v11;
-- Dropping the old table dropped its indexes: the one of 0008 is made again.
CREATE INDEX item_tags_item ON item_tags(item_kind, item_id);

CREATE TABLE stars_v11 AS SELECT item_kind, item_id FROM stars;
DROP TABLE stars;
CREATE TABLE stars (
    id         INTEGER PRIMARY KEY,
    item_kind  TEXT NOT NULL,
    item_id    INTEGER NOT NULL,
    UNIQUE (item_kind, item_id)
) STRICT;
INSERT INTO stars (item_kind, item_id) SELECT item_kind, item_id FROM stars_v11;
DROP TABLE stars_v11;

CREATE TABLE text_signatures_v11 AS SELECT * FROM text_signatures;
DROP TABLE text_signatures;
CREATE TABLE text_signatures (
    id             INTEGER PRIMARY KEY,
    item_kind      TEXT NOT NULL,     -- 'record', 'turn', 'page', or a caller's own kind
    item_id        INTEGER NOT NULL,
    field          TEXT NOT NULL DEFAULT '',  -- 'prompt', 'completion', 'answer', ...
    text_sha256    TEXT NOT NULL,
    tokenizer      TEXT NOT NULL,     -- TokenizerOptions::versionTag()
    parameters     TEXT NOT NULL,     -- "k=3;perm=128;seed=1"
    shingle_count  INTEGER NOT NULL,
    shingles       BLOB NOT NULL,     -- shingle_count x uint32, sorted ascending
    signature      BLOB NOT NULL,     -- num_perm x uint32
    created_utc    INTEGER NOT NULL,
    UNIQUE (item_kind, item_id, field, tokenizer, parameters, text_sha256)
) STRICT;
INSERT INTO text_signatures (item_kind, item_id, field, text_sha256, tokenizer, parameters, shingle_count, shingles,
                             signature, created_utc)
    SELECT item_kind, item_id, field, text_sha256, tokenizer, parameters, shingle_count, shingles, signature, created_utc
    FROM text_signatures_v11;
DROP TABLE text_signatures_v11;
