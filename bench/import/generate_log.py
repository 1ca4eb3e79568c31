#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a gateway query log of N exchanges (about 1 KB each) as JSONL, and the same records
as CSV for the sqlite3 shell peer, with each record's line in the JSONL (as Lineage and the
Python peer store it). Deterministic for a given N and seed.

usage: generate_log.py N OUT.jsonl OUT.csv [--seed S]
"""
import csv
import json
import random
import sys

WORDS = ("model output training data distillation query account answer reasoning step careful "
         "explain detail example summary language system provider request response token "
         "evidence analysis compare quality review policy teacher student dataset benchmark").split()
CHINESE = "我是一个由人工智能训练的大型语言模型请逐步解释推理过程并给出答案数据蒸馏模型输出"
SYSTEM = "You are a helpful assistant. Answer precisely and show your reasoning when asked."


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def chinese(rng, n):
    return "".join(rng.choice(CHINESE) for _ in range(n)) + "。"


def main():
    n = int(sys.argv[1])
    out_jsonl, out_csv = sys.argv[2], sys.argv[3]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = random.Random(seed)
    base = 1714500000
    with open(out_jsonl, "w", encoding="utf-8") as fj, open(out_csv, "w", encoding="utf-8", newline="") as fc:
        w = csv.writer(fc)
        w.writerow(["line", "time_utc", "account", "api_key", "org", "ip", "user_agent", "model", "endpoint", "temperature",
                    "top_p", "n", "max_tokens", "logprobs", "top_logprobs", "system_prompt", "prompt", "completion",
                    "finish_reason", "prompt_tokens", "completion_tokens"])
        for i in range(n):
            t = base + i * 13 + rng.randrange(13)
            acct = "acct_%04d" % rng.randrange(400)
            zh = rng.random() < 0.1
            prompt = chinese(rng, 40) if zh else " ".join(sentence(rng, 7) for _ in range(3))
            completion = chinese(rng, 100) if zh else " ".join(sentence(rng, 8) for _ in range(5))
            temp = round(rng.random(), 2)
            ptok, ctok = 40 + rng.randrange(40), 100 + rng.randrange(100)
            ts = "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (*__import__("time").gmtime(t)[:6], rng.randrange(1000))
            rec = {
                "timestamp": ts, "request_id": "req-%d" % i, "account": acct, "api_key_id": "key_%s" % acct[5:],
                "org": "org-%d" % (int(acct[5:]) % 40), "client_ip": "10.%d.%d.%d" % (i % 7, rng.randrange(256), rng.randrange(256)),
                "user_agent": "python-requests/2.31", "endpoint": "/v1/chat/completions", "status": 200,
                "request": {"model": "gpt-4o", "messages": [{"role": "system", "content": SYSTEM},
                                                            {"role": "user", "content": prompt}],
                            "temperature": temp, "top_p": 1, "n": 1, "max_tokens": 512},
                "response": {"id": "chatcmpl-%d" % i, "object": "chat.completion", "created": t, "model": "gpt-4o-2024-05-13",
                             "choices": [{"index": 0, "message": {"role": "assistant", "content": completion},
                                          "finish_reason": "stop"}],
                             "usage": {"prompt_tokens": ptok, "completion_tokens": ctok, "total_tokens": ptok + ctok}},
            }
            fj.write(json.dumps(rec, ensure_ascii=False))
            fj.write("\n")
            ms = t * 1000
            w.writerow([i + 1, ms, acct, rec["api_key_id"], rec["org"], rec["client_ip"], rec["user_agent"], "gpt-4o-2024-05-13",
                        rec["endpoint"], temp, 1, 1, 512, "", "", SYSTEM, prompt, completion, "stop", ptok, ctok])


if __name__ == "__main__":
    main()
