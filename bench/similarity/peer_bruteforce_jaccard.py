#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer of bench_similarity's accuracy step: exact Jaccard of every pair of the sample
(the first --sample corpus texts), by brute force with NumPy/SciPy.

    /usr/bin/python3 peer_bruteforce_jaccard.py CORPUS.jsonl --sample 20000 --thresholds 0.3,0.5,0.8

Texts are tokenized as Lineage does for the generated corpus (lowercased words; the
generator writes ASCII words, spaces and periods, on which ICU word segmentation and
\\w+ agree) and cut into word 3-shingles. The shingle incidence matrix X (texts x
shingles, binary) gives every pair's intersection in X @ X.T; Jaccard = |A & B| /
(|A| + |B| - |A & B|). It prints the number of pairs at each threshold, which must equal
bench_similarity's "exact" counts.
"""
import argparse
import json
import re
import resource
import time

import numpy as np
import scipy.sparse as sp

WORD = re.compile(r"\w+")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--sample", type=int, default=20000)
    ap.add_argument("--shingle", type=int, default=3)
    ap.add_argument("--thresholds", default="0.3,0.5,0.8")
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    texts = []
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            if len(texts) >= a.sample:
                break
            texts.append(json.loads(line)["text"])

    t = time.perf_counter()
    vocab = {}
    rows, cols = [], []
    k = a.shingle
    for i, text in enumerate(texts):
        words = WORD.findall(text.lower())
        grams = {tuple(words[j:j + k]) for j in range(len(words) - k + 1)} if len(words) >= k else {tuple(words)}
        for g in grams:
            rows.append(i)
            cols.append(vocab.setdefault(g, len(vocab)))
    x = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(texts), len(vocab)))
    shingle_time = time.perf_counter() - t

    t = time.perf_counter()
    sizes = np.asarray(x.sum(axis=1)).ravel()
    inter = sp.triu(x @ x.T, k=1).tocoo()  # every pair sharing a shingle; all other pairs have Jaccard 0
    jac = inter.data / (sizes[inter.row] + sizes[inter.col] - inter.data)
    pair_time = time.perf_counter() - t
    counts = {}
    for th in [float(s) for s in a.thresholds.split(",")]:
        counts[th] = int(np.count_nonzero(jac >= th))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"brute force on {len(texts)} texts: shingles {shingle_time:.2f} s, all pairs {pair_time:.2f} s "
          f"({inter.nnz} pairs share a shingle); peak memory {peak:.0f} MiB")
    for th, n in counts.items():
        print(f"  Jaccard >= {th}: {n} pairs")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"texts": len(texts), "shingle_seconds": shingle_time, "pair_seconds": pair_time,
                       "sharing_pairs": int(inter.nnz), "pairs": {str(k): v for k, v in counts.items()},
                       "peak_memory_mib": peak}, f, indent=1)


if __name__ == "__main__":
    main()
