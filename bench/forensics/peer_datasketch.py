#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reuse search of bench_reuse written with datasketch (MinHash + MinHashLSH).

   PYTHONPATH=../shared/peers /usr/bin/python3 bench/forensics/peer_datasketch.py DIR

DIR holds suspects.jsonl, corpus.jsonl and truth.jsonl from `bench_reuse --write DIR`.
The same steps as Lineage's reuse search: word 5-shingles, 128-permutation MinHash, LSH of
128 bands of one row over the suspects, a first pass over the corpus counting how many
corpus texts hold each suspect shingle (50 or more: common phrasing), a second pass
querying the index with each corpus text and verifying every candidate exactly (Jaccard
over all shingles >= 0.5, or over the shingles that are not common >= 0.10, or a verbatim
shared run of 20 words or more, found with difflib). The corpus streams from the file
twice, as Lineage streams it from the case.
"""
import difflib
import json
import re
import sys
import time
from collections import Counter

from datasketch import MinHash, MinHashLSH

K, PERM, COMMON, MIN_J, RAW_J, MIN_RUN = 5, 128, 50, 0.10, 0.5, 20
WORD = re.compile(r"\w+")


def words(text):
    return [w.lower() for w in WORD.findall(text)]


def shingles(ws):
    if len(ws) < K:
        return {" ".join(ws)} if ws else set()
    return {" ".join(ws[i:i + K]) for i in range(len(ws) - K + 1)}


def minhash(sh):
    m = MinHash(num_perm=PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def corpus(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            yield row["id"], row["text"]


def longest_run(a, b):
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return m.find_longest_match(0, len(a), 0, len(b)).size


def main(folder):
    start = time.time()
    suspects = [json.loads(l)["text"] for l in open(folder + "/suspects.jsonl", encoding="utf-8")]
    s_words = [words(t) for t in suspects]
    s_sh = [shingles(w) for w in s_words]
    lsh = MinHashLSH(num_perm=PERM, params=(128, 1))
    with lsh.insertion_session() as session:
        for i, sh in enumerate(s_sh):
            if sh:
                session.insert(i, minhash(sh))
    t_index = time.time() - start

    # Pass 1: how many corpus texts hold each suspect shingle.
    t = time.time()
    known = set().union(*s_sh)
    df = Counter()
    for _, text in corpus(folder + "/corpus.jsonl"):
        df.update(shingles(words(text)) & known)
    common = {s for s, n in df.items() if n >= COMMON}
    s_common = [len(sh & common) for sh in s_sh]
    t_count = time.time() - t

    # Pass 2: candidates and exact verification.
    t = time.time()
    found, candidates = set(), 0
    for cid, text in corpus(folder + "/corpus.jsonl"):
        cw = words(text)
        csh = shingles(cw)
        if not csh:
            continue
        c_common = len(csh & common)
        for s in lsh.query(minhash(csh)):
            candidates += 1
            shared = s_sh[s] & csh
            if not shared:
                continue
            n = len(shared)
            spec = n - len(shared & common)
            j = n / (len(s_sh[s]) + len(csh) - n)
            den = (len(s_sh[s]) - s_common[s]) + (len(csh) - c_common) - spec
            js = spec / den if den > 0 else 0.0
            passes = j >= RAW_J or (spec > 0 and js >= MIN_J)
            if not passes and spec >= MIN_RUN - K + 1:
                passes = longest_run(s_words[s], cw) >= MIN_RUN
            if passes:
                found.add((s, cid))
    t_probe = time.time() - t
    total = time.time() - start

    truth = [json.loads(l) for l in open(folder + "/truth.jsonl", encoding="utf-8")]
    by_kind = Counter(r["kind"] for r in truth)
    hit = Counter(r["kind"] for r in truth if (r["suspect"], r["source"]) in found)
    print(f"datasketch peer: {len(suspects)} suspects, index {t_index:.1f} s, pass 1 {t_count:.1f} s, "
          f"pass 2 {t_probe:.1f} s ({candidates} candidates, {len(found)} matches), end to end {total:.1f} s")
    for kind in ("verbatim", "edited", "passage"):
        print(f"planted {kind:8} found with their source: {hit[kind]} of {by_kind[kind]}")


if __name__ == "__main__":
    main(sys.argv[1])
