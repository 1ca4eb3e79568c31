# SPDX-License-Identifier: GPL-3.0-or-later
import sys
import numpy as np


def robust_z(x, ref):
    ref = np.asarray(ref)
    med = np.median(ref)
    mad = np.median(np.abs(ref - med)) * 1.4826
    return (x - med) / mad if mad > 0 else np.inf * np.sign(x - med)


def auc(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    return (np.sum(pos[:, None] > neg[None, :]) + 0.5 * np.sum(pos[:, None] == neg[None, :])) / (len(pos) * len(neg))


G = {}


def setup(F):
    labels = F['labels']
    G['models'] = F['models']
    G['P'] = len(F['keys'])
    G['panel'] = labels['panel']['models']
    G['providers'] = labels['providers']
    G['students'] = {p: [d['student'] for d in labels['distilled'] if d['teacher'] == p] for p in G['providers']}
    return G['models'], G['P'], G['panel'], G['providers'], G['students']


def zscores(closeness_fn, prov, panel=None):
    panel = panel or G['panel']
    z = {}
    for m in [m for m in G['models'] if m != prov]:
        ref_panel = [q for q in panel if q != m]
        c = closeness_fn(prov, m, ref_panel)
        refs = [closeness_fn(prov, q, ref_panel) for q in ref_panel]
        z[m] = robust_z(c, refs)
    return z


def evaluate(name, closeness_fn, verbose=True):
    allpos, allneg, lines = [], [], []
    panel, students = G['panel'], G['students']
    for prov in G['providers']:
        z = zscores(closeness_fn, prov)
        others = list(z)
        pos = [z[s] for s in students[prov]]
        neg = [z[q] for q in panel]
        allpos += pos
        allneg += neg
        maxq = max(panel, key=lambda q: z[q])
        lines.append('  %-19s AUC %.3f  students %s  | panel max %.2f (%s) | other %s' % (
            prov, auc(pos, neg), ' '.join('%s=%.2f' % (s[:8], z[s]) for s in students[prov]),
            z[maxq], maxq[:12],
            ' '.join('%s=%.2f' % (m[:8], z[m]) for m in others if m not in panel and m not in students[prov])))
    print('%-34s AUC %.3f  min student z %5.2f  max panel z %5.2f' % (name, auc(allpos, allneg), min(allpos), max(allneg)))
    if verbose:
        for l in lines:
            print(l)
    sys.stdout.flush()
    return auc(allpos, allneg)
