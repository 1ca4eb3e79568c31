# SPDX-License-Identifier: GPL-3.0-or-later
"""Robustness of the kinship measure on the development set:
  - the three variants (shape view, lexical view, both averaged) on all prompts and on random
    halves of the prompts (features computed once on all prompts; idf from all prompts);
  - each provider on its own (the "swap": a variant chosen on one provider, judged on the other);
  - leave-one-student-out choice of the variant: the variant with the best AUC on four students
    is used to rank the fifth against the panel members left out.

  /usr/bin/python3 bench/forensics/robustness.py [--halves N]"""
import argparse
import math

import numpy as np

import devset
from kinship_reference import Kinship, robust_scale, robust_z

VARIANTS = ('shape', 'lexical', 'both')


def values(k, m, prompts):
    refs = [q for q in k.panel if q != m]
    members = [m] + refs
    W = np.ones((1, len(prompts)))
    shp, lex = np.zeros(len(members)), np.zeros(len(members))
    for j, x in enumerate(members):
        C = [q for q in refs if q != x]
        s, l = k.view_values(x, C, prompts, W)
        shp[j], lex[j] = s[0], l[0]
    return shp, lex


def zs(shp, lex):
    ms, ss = robust_scale(shp[1:])
    ml, sl = robust_scale(lex[1:])
    out = {}
    for v in VARIANTS:
        if v == 'shape':
            c = (shp - ms) / ss
        elif v == 'lexical':
            c = (lex - ml) / sl
        else:
            c = 0.5 * ((shp - ms) / ss + (lex - ml) / sl)
        out[v] = robust_z(c[0], c[1:])
    return out


def auc(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    return float((np.sum(pos[:, None] > neg[None, :]) + 0.5 * np.sum(pos[:, None] == neg[None, :]))
                 / (len(pos) * len(neg)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--halves', type=int, default=20)
    a = ap.parse_args()
    labels, answers = devset.load()
    panel = labels['panel']['models']
    providers = labels['providers']
    students = {p: [d['student'] for d in labels['distilled'] if d['teacher'] == p] for p in providers}
    ks = {p: Kinship(answers, p, panel, bootstrap=0) for p in providers}
    K = ks[providers[0]].K
    subsets = [('all', np.arange(K))]
    rng = np.random.default_rng(7)
    for h in range(a.halves):
        subsets.append(('half%d' % h, np.sort(rng.permutation(K)[:K // 2])))
    # z[subset][provider][variant][model]
    table = {}
    for name, prompts in subsets:
        table[name] = {}
        for p in providers:
            table[name][p] = {v: {} for v in VARIANTS}
            for m in ks[p].labels:
                z = zs(*values(ks[p], m, prompts))
                for v in VARIANTS:
                    table[name][p][v][m] = z[v]

    def split_auc(name, v, provs, studs=None):
        pos, neg = [], []
        for p in provs:
            pos += [table[name][p][v][s] for s in students[p] if studs is None or s in studs]
            neg += [table[name][p][v][q] for q in panel]
        return auc(pos, neg)

    print('AUC of z (students vs panel members left out)')
    print('%-8s %8s %8s %8s   (per provider: %s)' % (('variant',) + tuple(('all', 'halves mean', 'halves min')[:3]) + (', '.join(providers),)))
    for v in VARIANTS:
        allp = split_auc('all', v, providers)
        halves = [split_auc(n, v, providers) for n, _ in subsets[1:]]
        per = ' '.join('%.3f' % split_auc('all', v, [p]) for p in providers)
        print('%-8s %8.3f %8.3f %8.3f   %s' % (v, allp, np.mean(halves) if halves else math.nan,
                                               np.min(halves) if halves else math.nan, per))
    print('\nprovider swap: variant chosen on one provider (best AUC), judged on the other')
    for i, p in enumerate(providers):
        q = providers[1 - i]
        best = max(VARIANTS, key=lambda v: split_auc('all', v, [p]))
        print('  chosen on %s: %s -> AUC on %s %.3f' % (p, best, q, split_auc('all', best, [q])))
    print('\nleave-one-student-out choice of the variant')
    allstud = [(p, s) for p in providers for s in students[p]]
    ranks = []
    for p, s in allstud:
        others = [x for _, x in allstud if x != s]
        best = max(VARIANTS, key=lambda v: split_auc('all', v, providers, set(others)))
        zsv = table['all'][p][best][s]
        neg = [table['all'][p][best][q] for q in panel]
        frac = np.mean([zsv > n for n in neg])
        ranks.append(frac)
        print('  %-26s chosen %-8s z %.2f, above %d of %d panel members of %s' % (s, best, zsv, sum(zsv > n for n in neg), len(neg), p))
    print('  leave-one-student-out AUC %.3f' % np.mean(ranks))
    print('\nmax z of a panel member left out, per variant: %s' % ', '.join(
        '%s %.2f' % (v, max(table['all'][p][v][q] for p in providers for q in panel)) for v in VARIANTS))


if __name__ == '__main__':
    main()
