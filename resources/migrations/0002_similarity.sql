-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lineage case file, schema version 2: stored text fingerprints for the similarity engine.
-- A fingerprint is derived data: the sorted 64-bit shingle hashes of one text and their
-- MinHash signature, as little-endian uint64 arrays. It is valid only for the exact text
-- (text_sha256, SHA-256 of its UTF-8 bytes), tokenizer version tag and parameters
-- (shingle size, permutations, seed) it was computed with, which are part of the key: a
-- second run over the same texts reuses it, a changed tokenizer or text never does.
CREATE TABLE text_signatures (
    item_kind      TEXT NOT NULL,     -- 'record', 'turn', 'page', or a caller's own kind
    item_id        INTEGER NOT NULL,
    field          TEXT NOT NULL DEFAULT '',  -- 'prompt', 'completion', 'answer', ...
    text_sha256    TEXT NOT NULL,
    tokenizer      TEXT NOT NULL,     -- TokenizerOptions::versionTag()
    parameters     TEXT NOT NULL,     -- "k=3;perm=128;seed=1"
    shingle_count  INTEGER NOT NULL,
    shingles       BLOB NOT NULL,     -- shingle_count x uint64, sorted ascending
    signature      BLOB NOT NULL,     -- num_perm x uint64
    created_utc    INTEGER NOT NULL,
    PRIMARY KEY (item_kind, item_id, field, tokenizer, parameters, text_sha256)
) STRICT, WITHOUT ROWID;
