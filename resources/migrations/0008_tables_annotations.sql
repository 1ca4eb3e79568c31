-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lineage case file, schema version 8: the indexes behind sorting and filtering the tables,
-- the item lookup of tags, and saved searches.
--
-- Sorting the query-record table by a column reads the column's index in order (keyset
-- paging: a page starts at its first row's key and id, never at an OFFSET). Each index is
-- over a never-NULL form of the column, so that a page's first row always has a key to seek
-- to; the expressions must stay word for word those of analysis/casefile/table_spec.cpp,
-- or SQLite does not use them. An index also serves equality and range filters on its
-- column. Prompts and completions are not sorted (their text match goes through the
-- full-text index); time filters keep query_records_time and query_records_account_time.
CREATE INDEX query_records_sort_time ON query_records(coalesce(time_utc, -9007199254740992));
CREATE INDEX query_records_sort_model ON query_records(coalesce(model, ''));
CREATE INDEX query_records_sort_endpoint ON query_records(coalesce(endpoint, ''));
CREATE INDEX query_records_sort_ip ON query_records(coalesce(ip, ''));
CREATE INDEX query_records_sort_finish ON query_records(coalesce(finish_reason, ''));
CREATE INDEX query_records_sort_prompt_tokens ON query_records(coalesce(prompt_tokens, -1));
CREATE INDEX query_records_sort_completion_tokens ON query_records(coalesce(completion_tokens, -1));

-- The tags of one item (the details pane, the table's tag column).
CREATE INDEX item_tags_item ON item_tags(item_kind, item_id);

-- Searches the analyst keeps by name: a full-text query, or a table's filter and order.
CREATE TABLE saved_searches (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('text', 'table')),
    definition   TEXT NOT NULL,          -- the query text, or the table query as JSON
    created_utc  INTEGER NOT NULL
) STRICT;
