#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer of bench_similarity's end-to-end near-duplicate step: every pair of the first
--texts corpus texts with word-shingle Jaccard >= --threshold, found with datasketch
(MinHash with 128 permutations, MinHashLSH) and verified exactly on the shingle sets.

    PYTHONPATH=/work/shared/peers /usr/bin/python3 peer_datasketch_lsh.py CORPUS.jsonl --texts 21000

Texts are tokenized as the brute-force peer does (lowercased \\w+ words, word 3-shingles;
on the generated corpus this is what ICU word segmentation gives). The LSH uses the same
false-positive / false-negative weights as Lineage (0.05 / 0.95), so both sides get the
same bands and rows. Timed end to end: shingling, MinHash, LSH insertion, one LSH query
per text, exact Jaccard of every candidate pair. Reading the JSON is not timed.
"""
import argparse
import json
import resource
import re
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--texts", type=int, default=21000)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--shingle", type=int, default=3)
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    texts = []
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            if len(texts) >= a.texts:
                break
            texts.append(json.loads(line)["text"])

    k = a.shingle
    t0 = time.perf_counter()
    sets = []
    for text in texts:
        words = WORD.findall(text.lower())
        grams = {" ".join(words[j:j + k]) for j in range(len(words) - k + 1)} if len(words) >= k else {" ".join(words)}
        sets.append(grams)
    t_shingle = time.perf_counter() - t0

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=a.threshold, num_perm=a.num_perm, weights=(0.05, 0.95))
    hashes = []
    for i, s in enumerate(sets):
        m = MinHash(num_perm=a.num_perm)
        m.update_batch([g.encode("utf-8") for g in s])
        hashes.append(m)
        lsh.insert(i, m)
    t_minhash = time.perf_counter() - t

    t = time.perf_counter()
    candidates = set()
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j > i:
                candidates.add((i, j))
    t_query = time.perf_counter() - t

    t = time.perf_counter()
    pairs = 0
    for i, j in candidates:
        inter = len(sets[i] & sets[j])
        if inter and inter / (len(sets[i]) + len(sets[j]) - inter) >= a.threshold:
            pairs += 1
    t_verify = time.perf_counter() - t
    total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"datasketch on {len(texts)} texts ({lsh.b} bands x {lsh.r} rows): shingles {t_shingle:.2f} s, "
          f"MinHash + insert {t_minhash:.2f} s, query {t_query:.2f} s, verify {t_verify:.2f} s; total {total:.2f} s; "
          f"{len(candidates)} candidates, {pairs} pairs >= {a.threshold}; peak memory {peak:.0f} MiB")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"texts": len(texts), "bands": lsh.b, "rows": lsh.r, "shingle_seconds": t_shingle,
                       "minhash_seconds": t_minhash, "query_seconds": t_query, "verify_seconds": t_verify,
                       "total_seconds": total, "candidates": len(candidates), "pairs": pairs,
                       "peak_memory_mib": peak}, f, indent=1)


if __name__ == "__main__":
    main()
