# SPDX-License-Identifier: GPL-3.0-or-later
"""Exploration: answer-structure features per answer; profiles and per-prompt residual correlation."""
import re
import sys
import numpy as np

import features_cache
from explore_common import evaluate, setup

F = features_cache.get()
models, P, panel, providers, students = setup(F)
idx = {m: i for i, m in enumerate(models)}

FEATS = [
    ('log_chars', lambda t: np.log1p(len(t))),
    ('log_words', lambda t: np.log1p(len(re.findall(r"[^\W_]+", t)))),
    ('lines', lambda t: np.log1p(t.count('\n'))),
    ('paragraphs', lambda t: np.log1p(len(re.findall(r'\n\s*\n', t)))),
    ('numbered', lambda t: np.log1p(len(re.findall(r'(?m)^\s*\d+[.)]\s', t)))),
    ('bullets', lambda t: np.log1p(len(re.findall(r'(?m)^\s*[-*•]\s', t)))),
    ('headings', lambda t: np.log1p(len(re.findall(r'(?m)^\s*#{1,6}\s', t)))),
    ('bold', lambda t: np.log1p(t.count('**'))),
    ('code', lambda t: np.log1p(t.count('```'))),
    ('colon_lines', lambda t: np.log1p(len(re.findall(r'(?m):\s*$', t)))),
    ('sent_len', lambda t: np.log1p(len(re.findall(r"[^\W_]+", t)) / max(1, len(re.findall(r'[.!?](\s|$)', t))))),
    ('questions', lambda t: np.log1p(t.count('?'))),
    ('exclaim', lambda t: np.log1p(t.count('!'))),
    ('opener_sure', lambda t: float(bool(re.match(r'\s*(sure|certainly|of course|absolutely|great question)', t, re.I)))),
    ('opener_here', lambda t: float(bool(re.match(r'\s*here (is|are)', t, re.I)))),
    ('as_an_ai', lambda t: float(bool(re.search(r'as an ai|language model', t, re.I)))),
    ('sorry', lambda t: float(bool(re.search(r"i'?m sorry|i apologi[sz]e|i cannot|i can't|i am unable|i'm unable", t, re.I)))),
    ('closer', lambda t: float(bool(re.search(r'(?m)^\s*(in conclusion|overall|in summary|ultimately)\b', t, re.I)))),
    ('hope', lambda t: float(bool(re.search(r'i hope (this|that)|let me know if|hope this helps|feel free to', t, re.I)))),
    ('note', lambda t: float(bool(re.search(r"it'?s important to|it is important to|note that|keep in mind", t, re.I)))),
    ('first_person', lambda t: np.log1p(len(re.findall(r"\bi\b|\bi'm\b|\bmy\b", t, re.I)))),
    ('you', lambda t: np.log1p(len(re.findall(r"\byou\b|\byour\b", t, re.I)))),
    ('quotes', lambda t: np.log1p(t.count('"'))),
    ('parens', lambda t: np.log1p(t.count('('))),
    ('digits', lambda t: np.log1p(len(re.findall(r'\d', t)))),
]
names = [n for n, _ in FEATS]
V = {m: np.array([[f(t) for _, f in FEATS] for t in F['raw'][m]]) for m in models}  # P x K


def profile_fn(std_by_panel=True, which=None):
    cols = [names.index(w) for w in which] if which else list(range(len(names)))
    prof = {m: V[m][:, cols].mean(axis=0) for m in models}

    def fn(p, m, pan):
        M = np.array([prof[q] for q in pan])
        mu, sd = M.mean(axis=0), M.std(axis=0, ddof=1) + 1e-9
        a, b = (prof[p] - mu) / sd, (prof[m] - mu) / sd
        return -np.mean(np.abs(a - b))
    return fn


def residual_corr_fn(which=None, agg='mean'):
    cols = [names.index(w) for w in which] if which else list(range(len(names)))

    def fn(p, m, pan):
        S = [q for q in pan if q != m]
        cons = np.mean([V[q][:, cols] for q in S], axis=0)
        rp = V[p][:, cols] - cons
        rm = V[m][:, cols] - cons
        rp = rp - rp.mean(axis=0)
        rm = rm - rm.mean(axis=0)
        den = np.sqrt((rp ** 2).sum(axis=0) * (rm ** 2).sum(axis=0))
        r = np.where(den > 0, (rp * rm).sum(axis=0) / np.where(den > 0, den, 1), 0)
        return r.mean()
    return fn


def raw_corr_fn(which):
    c = names.index(which)
    return lambda p, m, pan: np.corrcoef(V[p][:, c], V[m][:, c])[0, 1]


evaluate('structure profile delta', profile_fn())
evaluate('structure residual corr', residual_corr_fn())
if len(sys.argv) > 1:
    for n in names:
        evaluate('resid corr %s' % n, residual_corr_fn([n]), verbose=False)
    for n in names:
        evaluate('profile %s' % n, profile_fn(which=[n]), verbose=False)
