# SPDX-License-Identifier: GPL-3.0-or-later
"""Exploration: provider-likeness. A classifier learns the provider's answers against the panel's
answers on other prompts (cross-fitted by prompt folds); a model's closeness is the mean score
of its answers. Every model is scored by classifiers that never saw its answers."""
import sys
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

import features_cache
from explore_common import evaluate, setup, robust_z

F = features_cache.get()
models, P, panel, providers, students = setup(F)
idx = {m: i for i, m in enumerate(models)}
K = 5
fold = np.arange(P) % K


def space(names):
    blocks = [TfidfTransformer(sublinear_tf=True).fit_transform(F[n]) for n in names]
    X = normalize(sp.hstack(blocks).tocsr())
    return {m: X[i * P:(i + 1) * P] for i, m in enumerate(models)}


def centroid_scores(R, prov, neg, targets):
    """Mean over answers of cos(x, cP) - cos(x, cN), cross-fitted by folds."""
    out = {t: np.zeros(P) for t in targets}
    for k in range(K):
        tr = fold != k
        cP = np.asarray(R[prov][tr].mean(axis=0)).ravel()
        cN = np.asarray(sp.vstack([R[q][tr] for q in neg]).mean(axis=0)).ravel()
        cP /= np.linalg.norm(cP)
        cN /= np.linalg.norm(cN)
        w = cP - cN
        for t in targets:
            out[t][~tr] = R[t][~tr] @ w
    return {t: v.mean() for t, v in out.items()}


def lr_scores(R, prov, neg, targets, C=1.0, prob=False):
    out = {t: np.zeros(P) for t in targets}
    for k in range(K):
        tr = fold != k
        Xtr = sp.vstack([R[prov][tr]] + [R[q][tr] for q in neg])
        ytr = np.r_[np.ones(tr.sum()), np.zeros(tr.sum() * len(neg))]
        clf = LogisticRegression(C=C, class_weight='balanced', max_iter=2000, solver='liblinear')
        clf.fit(Xtr, ytr)
        for t in targets:
            out[t][~tr] = clf.predict_proba(R[t][~tr])[:, 1] if prob else clf.decision_function(R[t][~tr])
    return {t: v.mean() for t, v in out.items()}


def closeness_table(scorer):
    """score[prov][excluded-set][model]: every model scored by a classifier trained without it."""
    cache = {}

    def fn(prov, m, pan):
        # target m scored by classifier trained on pan (pan never contains m);
        # a reference q in pan scored by the classifier trained on pan - {q}.
        key = (prov, tuple(pan))
        if key not in cache:
            cache[key] = {}
        c = cache[key]
        if m in pan:
            sub = tuple(x for x in pan if x != m)
            k2 = (prov, sub)
            if k2 not in cache:
                cache[k2] = {}
            if ('__score__', m) not in cache[k2]:
                cache[k2][('__score__', m)] = scorer(prov, list(sub), [m])[m]
            return cache[k2][('__score__', m)]
        if ('__score__', m) not in c:
            cache[key][('__score__', m)] = scorer(prov, list(pan), [m])[m]
        return c[('__score__', m)]
    return fn


names = sys.argv[1].split(',')
R = space(names)
evaluate('centroid %s' % '+'.join(names), closeness_table(lambda p, neg, t: centroid_scores(R, p, neg, t)))
if len(sys.argv) > 2:
    evaluate('logreg %s' % '+'.join(names), closeness_table(lambda p, neg, t: lr_scores(R, p, neg, t)))
