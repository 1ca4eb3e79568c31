# SPDX-License-Identifier: GPL-3.0-or-later
"""Exploration: teacher attribution between the two providers with nearest-centroid (cosine) and
logistic regression on length-normalized TF-IDF n-grams; folds by prompt."""
import sys
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

import features_cache

F = features_cache.get()
models = F['models']
P = len(F['keys'])
labels = F['labels']
cands = labels['providers']
teacher = {d['student']: d['teacher'] for d in labels['distilled']}
K = 5
fold = np.arange(P) % K
lengths = {m: np.mean([len(a) for a in F['raw'][m]]) for m in models}


def space(names):
    # idf from the candidates' answers only
    ci = [models.index(c) for c in cands]
    rows = np.concatenate([np.arange(i * P, (i + 1) * P) for i in ci])
    blocks = []
    for n in names:
        t = TfidfTransformer(sublinear_tf=True).fit(F[n][rows])
        blocks.append(normalize(t.transform(F[n])))
    X = normalize(sp.hstack(blocks).tocsr())
    return {m: X[i * P:(i + 1) * P] for i, m in enumerate(models)}


def run(names, kind):
    R = space(names)
    # decision per answer of every model; cross-fitted by prompt fold
    dec = {m: np.zeros((P, len(cands))) for m in models}
    for k in range(K):
        tr = fold != k
        if kind == 'centroid':
            C = []
            for c in cands:
                mu = np.asarray(R[c][tr].mean(axis=0)).ravel()
                C.append(mu / np.linalg.norm(mu))
            C = np.array(C).T
            for m in models:
                dec[m][~tr] = R[m][~tr] @ C
        else:
            X = sp.vstack([R[c][tr] for c in cands])
            y = np.concatenate([np.full(tr.sum(), j) for j in range(len(cands))])
            clf = LogisticRegression(C=10, max_iter=3000).fit(X, y)
            for m in models:
                d = clf.decision_function(R[m][~tr])
                dec[m][~tr] = np.c_[-d, d]
    pred = {m: dec[m].argmax(axis=1) for m in models}
    acc = np.mean([np.mean(pred[c] == j) for j, c in enumerate(cands)])
    conf = [[int(np.sum(pred[c] == jj)) for jj in range(len(cands))] for c in cands]
    share = {m: np.bincount(pred[m], minlength=len(cands)) / P for m in models}
    ok = sum(cands[int(np.argmax(share[s]))] == t for s, t in teacher.items())
    print('%-9s %-22s cv acc %.3f conf %s students right %d/5: %s' % (
        kind, '+'.join(names), acc, conf, ok,
        ' '.join('%s=%.2f' % (s[:8], share[s][cands.index(t)]) for s, t in teacher.items())))
    others = [m for m in models if m not in cands and m not in teacher]
    g4 = cands.index('gpt4_0314')
    r = np.corrcoef([lengths[m] for m in others], [share[m][g4] for m in others])[0, 1]
    print('          gpt4 share of non-students: %s; corr(mean length, gpt4 share) = %.2f' % (
        ' '.join('%s=%.2f' % (m[:8], share[m][g4]) for m in sorted(others, key=lambda m: -lengths[m])), r))
    sys.stdout.flush()


if __name__ == "__main__":
  for names in (['char3'], ['char4'], ['word'], ['word', 'word2'], ['char3', 'char4', 'word', 'word2']):
      run(names, "centroid")
      if len(sys.argv) > 1:
          run(names, "logreg")
