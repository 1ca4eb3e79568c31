# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference implementation of teacher attribution (analysis/forensics/attribution.cpp).

Nearest centroid by cosine on length-normalized n-grams: each answer is the l2-normalized
concatenation of two l2-normalized sublinear TF-IDF blocks (word unigrams + bigrams, character
n-grams of the normalized text; idf of each block from the candidates' answers). Accuracy by
k-fold cross-validation with folds by prompt; a suspect answer is scored against centroids
without the candidates' answers to the same prompt; shares with percentile bootstrap intervals."""
import math

import numpy as np
import scipy.sparse as sp

import style_features as sf
from kinship_reference import bootstrap_indices

DEFAULTS = dict(folds=5, char_n=4, max_words=0, leave_out_same_prompt=True, bootstrap=1000, confidence=0.95,
                seed=20240601)


def answer_terms(prompt, answer, par):
    text = sf.normalize(answer)
    ends = []
    w = sf.words(text, ends)
    if par['max_words'] > 0 and len(w) > par['max_words']:
        text = text[:ends[par['max_words'] - 1]]
        w = w[:par['max_words']]
    return sf.word_terms(w), sf.char_ngrams(text, par['char_n']), sf.normalize(prompt), len(w)


def tfidf_block(fit_docs, docs):
    vocab = {}
    for d in fit_docs:
        for t in d:
            vocab.setdefault(t, len(vocab))
    df = np.zeros(len(vocab))
    for d in fit_docs:
        for t in set(d):
            df[vocab[t]] += 1
    idf = np.log((1 + len(fit_docs)) / (1 + df)) + 1
    indptr, indices, data = [0], [], []
    for d in docs:
        cnt = {}
        for t in d:
            i = vocab.get(t)
            if i is not None:
                cnt[i] = cnt.get(i, 0) + 1
        ids = sorted(cnt)
        w = np.array([(1 + math.log(cnt[i])) * idf[i] for i in ids])
        if len(ids):
            w = w / np.linalg.norm(w)
        indices += ids
        data += w.tolist()
        indptr.append(len(indices))
    return sp.csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)))


def quantile(v, q):
    return float(np.quantile(np.sort(v), q))


def attribute(candidates, suspects, **params):
    """candidates, suspects: lists of (label, [(prompt, answer), ...])."""
    par = dict(DEFAULTS, **params)
    C = len(candidates)
    rows, owner = [], []
    for c, (_, turns) in enumerate(candidates):
        for p, a in turns:
            rows.append(answer_terms(p, a, par))
            owner.append(c)
    ncand = len(rows)
    for s, (_, turns) in enumerate(suspects):
        for p, a in turns:
            rows.append(answer_terms(p, a, par))
            owner.append(C + s)
    Wb = tfidf_block([r[0] for r in rows[:ncand]], [r[0] for r in rows])
    Cb = tfidf_block([r[1] for r in rows[:ncand]], [r[1] for r in rows])
    X = sp.hstack([Wb, Cb]).tocsr()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sp.diags(1 / np.where(norms > 0, norms, 1)) @ X
    X = X.tocsr()
    nonempty = norms > 0
    cls = np.array(owner[:ncand])
    groups = {}
    group = np.array([groups.setdefault(r[2], len(groups)) for r in rows[:ncand]])
    train = np.where(nonempty[:ncand])[0]
    total = np.array([np.asarray(X[train[cls[train] == c]].sum(axis=0)).ravel() for c in range(C)])
    words_mean = [float(np.mean([rows[i][3] for i in train[cls[train] == c]])) for c in range(C)]
    confusion = np.zeros((C, C), dtype=int)
    for f in range(par['folds']):
        test = train[group[train] % par['folds'] == f]
        cent = total.copy()
        for c in range(C):
            cent[c] -= np.asarray(X[test[cls[test] == c]].sum(axis=0)).ravel()
        cn = np.linalg.norm(cent, axis=1)
        cos = (X[test] @ cent.T) / np.where(cn > 0, cn, np.inf)
        pred = np.argmax(cos, axis=1)
        for t, p in zip(cls[test], pred):
            confusion[t, p] += 1
    out = dict(cv_accuracy=float(np.trace(confusion) / confusion.sum()),
               balanced_accuracy=float(np.mean(np.diag(confusion) / confusion.sum(axis=1))),
               confusion=confusion.tolist(), mean_words=words_mean, suspects=[])
    tn2 = (total * total).sum(axis=1)
    base = ncand
    alpha = (1 - par['confidence']) / 2
    for s, (label, turns) in enumerate(suspects):
        n = len(turns)
        preds, cosines, wsum = [], [], 0
        for i in range(n):
            r = base + i
            if not nonempty[r]:
                continue
            x = X[r]
            xs = np.asarray(x @ total.T).ravel()
            n2 = tn2.copy()
            g = groups.get(rows[r][2]) if par['leave_out_same_prompt'] else None
            if g is not None:
                for c in range(C):
                    mine = train[(group[train] == g) & (cls[train] == c)]
                    if len(mine):
                        v = np.asarray(X[mine].sum(axis=0)).ravel()
                        xs[c] -= float(np.asarray(x @ v).ravel()[0])
                        n2[c] += -2 * float(total[c] @ v) + float(v @ v)
            cos = np.where(n2 > 1e-18, xs / np.sqrt(np.where(n2 > 1e-18, n2, 1)), 0.0)
            preds.append(int(np.argmax(cos)))
            cosines.append(cos.tolist())
            wsum += rows[r][3]
        preds = np.array(preds)
        k = len(preds)
        shares = np.bincount(preds, minlength=C) / k
        boot = np.zeros((par['bootstrap'], C))
        for b in range(par['bootstrap']):
            cnt = np.bincount(bootstrap_indices(par['seed'], b, k), minlength=k)
            boot[b] = np.bincount(preds, weights=cnt, minlength=C) / k
        intervals = [[quantile(boot[:, c], alpha), quantile(boot[:, c], 1 - alpha)] for c in range(C)] \
            if par['bootstrap'] else [[0.0, 0.0]] * C
        top = int(np.argmax(shares))
        out['suspects'].append(dict(label=label, answers=k, skipped=n - k, shares=shares.tolist(), intervals=intervals,
                                    attributed=candidates[top][0], mean_words=wsum / k if k else 0.0,
                                    predicted=preds.tolist(), cosines=cosines))
        base += n
    return out
