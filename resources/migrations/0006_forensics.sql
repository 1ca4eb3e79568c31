-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lineage case file, schema version 6: what analysis runs and findings need beyond 0001.
-- A run is written once, when it ends, in the same audited transaction as its findings:
-- a canceled or failed run is a row with its status and message and no findings.

-- versions: compact JSON of the engine, tokenizer and program versions (and the libraries
-- whose behaviour the result depends on). summary: the kind's run-level result (counts,
-- totals) as compact JSON. audit_seq: the audit entry written with the run.
ALTER TABLE analysis_runs ADD COLUMN versions TEXT NOT NULL DEFAULT '{}';
ALTER TABLE analysis_runs ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
ALTER TABLE analysis_runs ADD COLUMN audit_seq INTEGER;

-- strength: by the documented rule of the finding's kind. subject: what the finding is
-- about in a word (a model label, an account). payload: the kind's own details as compact
-- JSON (matches, passages, counts), from which its JSON report is rebuilt. seq: order in
-- the run.
ALTER TABLE findings ADD COLUMN strength TEXT NOT NULL DEFAULT 'weak'
    CHECK (strength IN ('strong', 'moderate', 'weak'));
ALTER TABLE findings ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN payload TEXT NOT NULL DEFAULT '{}';
ALTER TABLE findings ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

-- A whole item a finding rests on: a record, turn, page, transcript, document or source,
-- and its part in the finding ('suspect', 'source', 'served-by', 'prompt', ...).
CREATE TABLE finding_refs (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings(id),
    item_kind   TEXT NOT NULL,
    item_id     INTEGER NOT NULL,
    relation    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX finding_refs_finding ON finding_refs(finding_id);
CREATE INDEX finding_refs_item ON finding_refs(item_kind, item_id);

-- Spans: which side of a match they are on, and which passage pairs them with a span on
-- the other side (same finding, same passage number).
ALTER TABLE finding_spans ADD COLUMN relation TEXT NOT NULL DEFAULT '';
ALTER TABLE finding_spans ADD COLUMN passage INTEGER;
CREATE INDEX finding_spans_item ON finding_spans(item_kind, item_id);
