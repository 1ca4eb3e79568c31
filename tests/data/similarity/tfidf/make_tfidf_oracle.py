#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Expected TF-IDF values from scikit-learn, for tests/similarity/tst_tfidf.

Reads word_docs.json (documents as lists of tokens, fed to TfidfVectorizer unchanged) and
char_texts.json (raw texts, tokenized by scikit-learn's own analyzer='char'), and writes, for
each configuration, every document's nonzero weights by term, the full cosine matrix and the
top-3 neighbours of each document (itself excluded; best first, ties by lower index).

    /usr/bin/python3 make_tfidf_oracle.py [OUT.json]   (default: expected.json beside it)
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

HERE = os.path.dirname(os.path.abspath(__file__))
K = 3


def run(name, docs, **kwargs):
    vec = TfidfVectorizer(**kwargs)
    x = vec.fit_transform(docs)
    terms = vec.get_feature_names_out()
    weights = []
    for r in range(x.shape[0]):
        row = x.getrow(r)
        weights.append({str(terms[c]): float(v) for c, v in zip(row.indices, row.data)})
    cos = cosine_similarity(x)
    topk = []
    for r in range(cos.shape[0]):
        scores = cos[r].copy()
        scores[r] = -1.0
        order = np.lexsort((np.arange(len(scores)), -scores))
        topk.append([[int(i), float(scores[i])] for i in order[:K] if scores[i] > 0])
    return {"name": name, "weights": weights, "cosine": cos.tolist(), "topk": topk}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "expected.json")
    with open(os.path.join(HERE, "word_docs.json"), encoding="utf-8") as f:
        word_docs = json.load(f)
    with open(os.path.join(HERE, "char_texts.json"), encoding="utf-8") as f:
        char_texts = json.load(f)
    identity = lambda doc: doc  # noqa: E731  the tokens are given
    results = [
        run("word", word_docs, analyzer=identity),
        run("word-sublinear", word_docs, analyzer=identity, sublinear_tf=True),
        run("word-nosmooth", word_docs, analyzer=identity, smooth_idf=False),
        run("char4", char_texts, analyzer="char", ngram_range=(4, 4)),
        run("char4-sublinear", char_texts, analyzer="char", ngram_range=(4, 4), sublinear_tf=True),
    ]
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"sklearn": sklearn.__version__, "k": K, "results": results}, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
