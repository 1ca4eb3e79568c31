-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lineage case file, schema version 4: a transcript's role may be 'unassigned'.
-- A role is a claim about a model that the analyses rely on; a transcript imported without
-- one keeps none until the analyst gives it. SQLite cannot change a CHECK constraint in
-- place, so the table is rebuilt (new table, copy, drop, rename; migrate() turns foreign
-- keys off around a migration and checks them before it commits). Ids are kept, so the
-- turns and every other reference stay valid. Existing transcripts keep their roles.
CREATE TABLE transcripts_new (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources(id),
    model_label  TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT 'unassigned'
                 CHECK (role IN ('unassigned', 'provider', 'suspect', 'control', 'protected-corpus')),
    title        TEXT NOT NULL DEFAULT '',
    turn_count   INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO transcripts_new (id, source_id, model_label, role, title, turn_count)
    SELECT id, source_id, model_label, role, title, turn_count FROM transcripts;
DROP TABLE transcripts;
ALTER TABLE transcripts_new RENAME TO transcripts;
CREATE INDEX transcripts_source ON transcripts(source_id);
