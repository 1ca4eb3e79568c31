-- SPDX-License-Identifier: GPL-3.0-or-later
-- The sqlite3 shell peer: the same records as CSV, imported into an equivalent table.
-- Run as: sqlite3 OUT.db < peer_sqlite.sql with the CSV path substituted for @CSV@.
CREATE TABLE query_records (
    line INTEGER, time_utc INTEGER, account TEXT, api_key TEXT, org TEXT, ip TEXT, user_agent TEXT, model TEXT, endpoint TEXT,
    temperature REAL, top_p REAL, n INTEGER, max_tokens INTEGER, logprobs INTEGER, top_logprobs INTEGER,
    system_prompt TEXT, prompt TEXT, completion TEXT, finish_reason TEXT, prompt_tokens INTEGER, completion_tokens INTEGER);
.import --csv --skip 1 @CSV@ query_records
