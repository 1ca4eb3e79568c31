# SPDX-License-Identifier: GPL-3.0-or-later
"""Exploration: model-level stylometric profiles (pooled relative frequencies of the most
frequent words / character n-grams) compared with the provider's profile."""
import sys
import numpy as np

import features_cache
from explore_common import evaluate, setup

F = features_cache.get()
models, P, panel, providers, students = setup(F)


def profiles(name, topn, mode):
    X = F[name]
    tot = np.asarray(X.sum(axis=0)).ravel()
    cols = np.argsort(-tot, kind='stable')[:topn]
    prof = {}
    for i, m in enumerate(models):
        R = X[i * P:(i + 1) * P][:, cols]
        if mode == 'pooled':
            v = np.asarray(R.sum(axis=0)).ravel()
            prof[m] = v / v.sum()
        else:  # mean of per-answer relative frequencies (every answer weighs the same)
            rs = np.asarray(X[i * P:(i + 1) * P].sum(axis=1)).ravel()
            rs[rs == 0] = 1
            prof[m] = np.asarray(R.multiply(1 / rs[:, None]).mean(axis=0)).ravel()
    return prof


def cos(a, b):
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def measures(prof):
    def std(pan):
        M = np.array([prof[q] for q in pan])
        return M.mean(axis=0), M.std(axis=0, ddof=1) + 1e-12

    cache = {}

    def zs(pan):
        k = tuple(pan)
        if k not in cache:
            cache[k] = std(pan)
        return cache[k]

    def cosdelta(p, m, pan):
        mu, sd = zs(pan)
        return cos((prof[m] - mu) / sd, (prof[p] - mu) / sd)

    def delta(p, m, pan):
        mu, sd = zs(pan)
        return -np.mean(np.abs((prof[m] - prof[p]) / sd))

    def proj(p, m, pan):
        mu, _ = zs(pan)
        d = prof[p] - mu
        return float((prof[m] - mu) @ d / (d @ d))

    return {'cos': lambda p, m, pan: cos(prof[m], prof[p]), 'cosdelta': cosdelta, 'delta': delta, 'proj': proj}


for name in [n for n in (sys.argv[1] if __name__ == "__main__" else "").split(",") if n]:
    for topn in [int(x) for x in sys.argv[2].split(',')]:
        for mode in sys.argv[3].split(','):
            prof = profiles(name, topn, mode)
            for mname, fn in measures(prof).items():
                evaluate('%s top%d %s %s' % (name, topn, mode, mname), fn, verbose=len(sys.argv) > 4)
