#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer of bench_similarity's TF-IDF step: scikit-learn's TfidfVectorizer and
cosine_similarity, top-k neighbours of query texts against a corpus.

    /usr/bin/python3 peer_sklearn_tfidf.py CORPUS.jsonl QUERIES.jsonl --texts 100000 --queries 10000 --k 10

The corpus is the first --texts lines, the queries the first --queries lines of the query
file, as in bench_similarity. Similarities are computed in chunks of query rows (a dense
100,000-column block per chunk) and the top k taken with argpartition.
"""
import argparse
import json
import resource
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity


def read(path, limit):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    return texts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("queries")
    ap.add_argument("--texts", type=int, default=100000)
    ap.add_argument("--queries", dest="nqueries", type=int, default=10000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    corpus = read(a.corpus, a.texts)
    queries = read(a.queries, a.nqueries)

    t = time.perf_counter()
    vec = TfidfVectorizer()  # default: lowercase, token_pattern (?u)\b\w\w+\b, smooth idf, l2
    x = vec.fit_transform(corpus)
    fit = time.perf_counter() - t
    t = time.perf_counter()
    q = vec.transform(queries)
    transform = time.perf_counter() - t
    t = time.perf_counter()
    top = []
    for start in range(0, q.shape[0], a.chunk):
        sims = cosine_similarity(q[start:start + a.chunk], x)  # dense block
        k = min(a.k, sims.shape[1])
        idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r in range(sims.shape[0]):
            row = idx[r][np.lexsort((idx[r], -sims[r, idx[r]]))]
            top.append([(int(i), float(sims[r, i])) for i in row])
    topk = time.perf_counter() - t
    total = fit + transform + topk
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"sklearn {sklearn.__version__}: {len(corpus)} texts, {len(vec.vocabulary_)} terms; fit (tokenize + weigh) {fit:.2f} s; "
          f"{len(queries)} queries: transform {transform:.2f} s, cosine + top-{a.k} {topk:.2f} s; total {total:.2f} s; "
          f"peak memory {peak:.0f} MiB")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"sklearn": sklearn.__version__, "texts": len(corpus), "queries": len(queries), "k": a.k,
                       "vocabulary": len(vec.vocabulary_), "fit_seconds": fit, "transform_seconds": transform,
                       "topk_seconds": topk, "total_seconds": total, "peak_memory_mib": peak,
                       "first_query_top": top[0][0][0] if top and top[0] else None}, f, indent=1)


if __name__ == "__main__":
    main()
