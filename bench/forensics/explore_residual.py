# SPDX-License-Identifier: GPL-3.0-or-later
"""Exploration: per-prompt residual similarity. On each prompt, the panel's consensus answer
(centroid of the panel members' vectors, the scored model excluded) is taken out of both the
provider's and the model's answer; closeness is the mean cosine of the two residuals."""
import sys
import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer

import features_cache
from explore_common import evaluate, setup

F = features_cache.get()
models, P, panel, providers, students = setup(F)
idx = {m: i for i, m in enumerate(models)}
NM = len(models)


def grams(X):
    """G[i] = 19x19 Gram matrix of the models' (row-normalized) vectors on prompt i."""
    G = np.zeros((P, NM, NM))
    rows = [X[i * P:(i + 1) * P] for i in range(NM)]
    for a in range(NM):
        for b in range(a, NM):
            g = np.asarray(rows[a].multiply(rows[b]).sum(axis=1)).ravel()
            G[:, a, b] = g
            G[:, b, a] = g
    return G


def residual_closeness(G, shrink=1.0):
    def fn(p, m, pan):
        S = [idx[q] for q in pan if q != m]
        a, b = idx[p], idx[m]
        k = len(S)
        pc = G[:, a, S].mean(axis=1)
        mc = G[:, b, S].mean(axis=1)
        cc = G[:, S][:, :, S].mean(axis=(1, 2))
        num = G[:, a, b] - shrink * pc - shrink * mc + shrink * shrink * cc
        na = G[:, a, a] - 2 * shrink * pc + shrink * shrink * cc
        nb = G[:, b, b] - 2 * shrink * mc + shrink * shrink * cc
        ok = (na > 1e-12) & (nb > 1e-12)
        r = np.zeros(P)
        r[ok] = num[ok] / np.sqrt(na[ok] * nb[ok])
        return r.mean()
    return fn


def plain_closeness(G):
    return lambda p, m, pan: G[:, idx[p], idx[m]].mean()


for name in [n for n in (sys.argv[1] if __name__ == "__main__" else "").split(",") if n]:
    X = F[name]
    for sub in (True,):
        T = TfidfTransformer(sublinear_tf=sub).fit_transform(X)
        G = grams(T.tocsr())
        evaluate('%s tfidf sub=%s plain' % (name, sub), plain_closeness(G), verbose=False)
        evaluate('%s tfidf sub=%s residual' % (name, sub), residual_closeness(G), verbose=True)
