# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-answer count matrices of the development set, cached in /tmp (word unigrams, char 3-grams)."""
import os
import pickle
import re

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

import devset

CACHE = '/tmp/lineage_forensics_features.pkl'
WORD = r"[^\W_]+(?:'[^\W_]+)*"


def build():
    labels, answers = devset.load()
    models = sorted(answers)
    keys, al = devset.aligned(answers, models)
    norm = {m: [devset.normalize(a) for a in al[m]] for m in models}
    alltexts = [t for m in models for t in norm[m]]
    out = {'labels': labels, 'models': models, 'keys': keys, 'raw': al, 'norm': norm}
    for name, vec in (('word', CountVectorizer(token_pattern=WORD, lowercase=False, min_df=5)),
                      ('word2', CountVectorizer(token_pattern=WORD, lowercase=False, ngram_range=(2, 2), min_df=20)),
                      ('char3', CountVectorizer(analyzer='char', ngram_range=(3, 3), lowercase=False, min_df=5)),
                      ('char4', CountVectorizer(analyzer='char', ngram_range=(4, 4), lowercase=False, min_df=20))):
        X = vec.fit_transform(alltexts).tocsr().astype(np.float64)
        out[name] = X
        out[name + '_vocab'] = vec.get_feature_names_out()
        print(name, X.shape, X.nnz, flush=True)
    return out


def get():
    if os.path.exists(CACHE):
        return pickle.load(open(CACHE, 'rb'))
    out = build()
    pickle.dump(out, open(CACHE, 'wb'))
    return out


if __name__ == '__main__':
    get()
