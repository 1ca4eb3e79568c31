#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The peer an analyst would write instead of Lineage: Python's json and sqlite3 modules, one
transaction, executemany, the same fields as Lineage's query_records.

usage: peer_python.py LOG.jsonl OUT.db
"""
import json
import sqlite3
import sys
from datetime import datetime

SCHEMA = """CREATE TABLE query_records (
    id INTEGER PRIMARY KEY, line INTEGER, time_utc INTEGER, account TEXT, api_key TEXT, org TEXT, ip TEXT,
    user_agent TEXT, model TEXT, endpoint TEXT, temperature REAL, top_p REAL, n INTEGER, max_tokens INTEGER,
    logprobs INTEGER, top_logprobs INTEGER, system_prompt TEXT, prompt TEXT, completion TEXT, finish_reason TEXT,
    prompt_tokens INTEGER, completion_tokens INTEGER)"""


def rows(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            req = r.get("request") or {}
            resp = r.get("response") or {}
            system = [m["content"] for m in req.get("messages", []) if m.get("role") == "system"]
            user = [m["content"] for m in req.get("messages", []) if m.get("role") == "user"]
            choice = (resp.get("choices") or [{}])[0]
            usage = resp.get("usage") or {}
            t = datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00"))
            yield (number, int(t.timestamp() * 1000), r.get("account"), r.get("api_key_id"), r.get("org"),
                   r.get("client_ip"), r.get("user_agent"), resp.get("model") or req.get("model"), r.get("endpoint"),
                   req.get("temperature"), req.get("top_p"), req.get("n"), req.get("max_tokens"), req.get("logprobs"),
                   req.get("top_logprobs"), "\n\n".join(system), "\n\n".join(user),
                   (choice.get("message") or {}).get("content"), choice.get("finish_reason"),
                   usage.get("prompt_tokens"), usage.get("completion_tokens"))


def main():
    db = sqlite3.connect(sys.argv[2])
    db.execute(SCHEMA)
    with db:
        db.executemany("INSERT INTO query_records (line, time_utc, account, api_key, org, ip, user_agent, model, endpoint, "
                       "temperature, top_p, n, max_tokens, logprobs, top_logprobs, system_prompt, prompt, completion, "
                       "finish_reason, prompt_tokens, completion_tokens) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       rows(sys.argv[1]))
    db.close()


if __name__ == "__main__":
    main()
