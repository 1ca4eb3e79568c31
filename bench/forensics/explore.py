# SPDX-License-Identifier: GPL-3.0-or-later
"""Exploration: candidate closeness measures on the development set, model-level evaluation.

For each provider and each measure: the robust z of every model against the panel (panel
members left out in turn), AUC of z (that provider's students vs panel members left out)."""
import re
import sys
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

import devset

labels, answers = devset.load()
models = sorted(answers)
keys, al = devset.aligned(answers, models)
providers = labels['providers']
panel = labels['panel']['models']
students = {p: [d['student'] for d in labels['distilled'] if d['teacher'] == p] for p in providers}
norm = {m: [devset.normalize(a) for a in al[m]] for m in models}
P = len(keys)
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def robust_z(x, ref):
    ref = np.asarray(ref)
    med = np.median(ref)
    mad = np.median(np.abs(ref - med)) * 1.4826
    return (x - med) / mad if mad > 0 else np.inf * np.sign(x - med)


def auc(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    return (np.sum(pos[:, None] > neg[None, :]) + 0.5 * np.sum(pos[:, None] == neg[None, :])) / (len(pos) * len(neg))


def evaluate(name, closeness_fn):
    """closeness_fn(provider, model, panel_used) -> float. Prints per-provider z table."""
    allpos, allneg = [], []
    lines = []
    for prov in providers:
        others = [m for m in models if m != prov]
        z = {}
        for m in others:
            ref_panel = [q for q in panel if q != m]
            c = closeness_fn(prov, m, ref_panel)
            refs = [closeness_fn(prov, q, ref_panel) for q in ref_panel]
            z[m] = robust_z(c, refs)
        pos = [z[s] for s in students[prov]]
        neg = [z[q] for q in panel]
        allpos += pos
        allneg += neg
        maxq = max(panel, key=lambda q: z[q])
        lines.append('  %-19s AUC %.3f  students %s  | panel max %.2f (%s) | other %s' % (
            prov, auc(pos, neg), ' '.join('%s=%.2f' % (s[:8], z[s]) for s in students[prov]),
            z[maxq], maxq[:12],
            ' '.join('%s=%.2f' % (m[:8], z[m]) for m in others if m not in panel and m not in students[prov])))
    print('%-28s AUC %.3f  min student z %.2f  max panel z %.2f' % (name, auc(allpos, allneg), min(allpos), max(allneg)))
    for l in lines:
        print(l)
    sys.stdout.flush()


# ---------------------------------------------------------------- per-prompt measures
def shingles(text, n=5):
    w = WORD.findall(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def per_prompt_cache(fn):
    cache = {}

    def get(prov, m):
        if (prov, m) not in cache:
            cache[(prov, m)] = fn(prov, m)
        return cache[(prov, m)]
    return get


sh = {m: [shingles(t) for t in norm[m]] for m in models}


@per_prompt_cache
def jac5(prov, m):
    v = []
    for a, b in zip(sh[prov], sh[m]):
        u = len(a | b)
        v.append(len(a & b) / u if u else 0.0)
    return np.array(v)


evaluate('jaccard5 (baseline)', lambda p, m, pan: jac5(p, m).mean())

# TF-IDF fit on all answers of all models (per prompt cosine)
alltexts = [t for m in models for t in norm[m]]
for an, ng in (('word', (1, 1)), ('word', (1, 2)), ('char_wb', (3, 5))):
    vec = TfidfVectorizer(analyzer=an, ngram_range=ng, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b", min_df=2)
    X = vec.fit_transform(alltexts)
    rows = {m: X[i * P:(i + 1) * P] for i, m in enumerate(models)}
    cos = per_prompt_cache(lambda p, m: np.asarray(rows[p].multiply(rows[m]).sum(axis=1)).ravel())
    evaluate('tfidf %s %s' % (an, ng), lambda p, m, pan: cos(p, m).mean())
