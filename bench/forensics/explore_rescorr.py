# SPDX-License-Identifier: GPL-3.0-or-later
"""Exploration: per-prompt residual correlation over many features (most frequent words or
character n-grams), each feature a per-answer value (log1p count or relative frequency)."""
import sys
import numpy as np

import features_cache
from explore_common import evaluate, setup

F = features_cache.get()
models, P, panel, providers, students = setup(F)


def values(name, topn, mode):
    X = F[name]
    tot = np.asarray(X.sum(axis=0)).ravel()
    cols = np.argsort(-tot, kind='stable')[:topn]
    V = {}
    for i, m in enumerate(models):
        R = X[i * P:(i + 1) * P]
        D = R[:, cols].toarray()
        if mode == 'log':
            V[m] = np.log1p(D)
        elif mode == 'rel':
            rs = np.asarray(R.sum(axis=1)).ravel()
            V[m] = D / np.maximum(rs, 1)[:, None]
        elif mode == 'sqrtrel':
            rs = np.asarray(R.sum(axis=1)).ravel()
            V[m] = np.sqrt(D / np.maximum(rs, 1)[:, None])
    return V


def rescorr(V, agg='mean'):
    cache = {}

    def fn(p, m, pan):
        S = tuple(q for q in pan if q != m)
        if S not in cache:
            cache[S] = np.mean([V[q] for q in S], axis=0)
        cons = cache[S]
        rp = V[p] - cons
        rm = V[m] - cons
        rp = rp - rp.mean(axis=0)
        rm = rm - rm.mean(axis=0)
        den = np.sqrt((rp ** 2).sum(axis=0) * (rm ** 2).sum(axis=0))
        ok = den > 0
        r = (rp * rm).sum(axis=0)[ok] / den[ok]
        return r.mean() if agg == 'mean' else np.median(r)
    return fn


for name in sys.argv[1].split(','):
    for topn in [int(x) for x in sys.argv[2].split(',')]:
        for mode in sys.argv[3].split(','):
            V = values(name, topn, mode)
            evaluate('rescorr %s top%d %s' % (name, topn, mode), rescorr(V), verbose=len(sys.argv) > 4)
