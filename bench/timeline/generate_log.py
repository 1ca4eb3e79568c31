#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the timeline benchmark's gateway query log: N exchanges over two years
(2023-07-01 to 2025-07-01 UTC) from A accounts, in time order, small records (about 300
bytes: the timeline reads times, accounts and tokens, not texts). Volume follows weekdays
and office hours; accounts are skewed (weight 1/rank); the eight weeks before 2025-03-01 (a
model release) carry a harvesting burst of 40 accounts. Deterministic for N, A and the seed.

usage: generate_log.py N OUT.jsonl [--accounts 5000] [--seed 7]
"""
import datetime
import random
import sys


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    accounts = int(sys.argv[sys.argv.index("--accounts") + 1]) if "--accounts" in sys.argv else 5000
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = random.Random(seed)
    start = datetime.datetime(2023, 7, 1, tzinfo=datetime.timezone.utc)
    days = 731
    release = datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc)
    burst_from = (release - datetime.timedelta(weeks=8) - start).days
    burst_to = (release - start).days
    weights = []
    for d in range(days):
        w = 1.0 if (start + datetime.timedelta(days=d)).weekday() < 5 else 0.45
        w *= 1.0 + d / days  # growth
        if burst_from <= d < burst_to:
            w *= 3.5
        weights.append(w)
    total = sum(weights)
    counts = [int(n * w / total) for w in weights]
    for i in range(n - sum(counts)):
        counts[i % days] += 1
    # account draw: weight 1/rank, by inverse of the cumulative weights
    cum, acc = [], 0.0
    for k in range(accounts):
        acc += 1.0 / (k + 1)
        cum.append(acc)
    import bisect
    burst_accounts = ["acct_%05d" % (accounts - 1 - k) for k in range(40)]
    i = 0
    with open(out, "w", encoding="utf-8", buffering=1 << 20) as f:
        for d in range(days):
            day0 = int((start + datetime.timedelta(days=d)).timestamp())
            in_burst = burst_from <= d < burst_to
            secs = []
            for _ in range(counts[d]):
                # office hours more likely: two of three records between 08:00 and 20:00 UTC
                s = rng.randrange(8 * 3600, 20 * 3600) if rng.random() < 0.66 else rng.randrange(86400)
                secs.append(s * 1000 + rng.randrange(1000))
            secs.sort()
            for ms in secs:
                t = day0 * 1000 + ms
                if in_burst and rng.random() < 0.7:
                    acct = rng.choice(burst_accounts)
                else:
                    acct = "acct_%05d" % bisect.bisect_left(cum, rng.random() * acc)
                tm = datetime.datetime.fromtimestamp(t / 1000, datetime.timezone.utc)
                ts = tm.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t % 1000)
                model = "gpt-4o" if i % 3 else "gpt-4o-mini"
                f.write('{"timestamp":"%s","request_id":"r-%d","account":"%s","request":{"model":"%s",'
                        '"messages":[{"role":"user","content":"Question %d"}]},"response":{"choices":[{"message":'
                        '{"content":"Answer %d"},"finish_reason":"stop"}],"usage":{"prompt_tokens":%d,'
                        '"completion_tokens":%d}}}\n' % (ts, i, acct, model, i, i, 20 + i % 50, 100 + i % 300))
                i += 1


if __name__ == "__main__":
    main()
