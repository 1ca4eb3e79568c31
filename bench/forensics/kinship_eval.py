# SPDX-License-Identifier: GPL-3.0-or-later
"""Evaluation of the kinship method on the development set: per-model table for both providers,
AUC of `score` (students of the provider vs panel members left out), false-positive rates of
`flagged` and of p <= 0.05 on panel members left out.

  /usr/bin/python3 bench/forensics/kinship_eval.py [--bootstrap B] [--prompts half:SEED] [--json OUT]"""
import argparse
import json
import sys
import time

import numpy as np

import devset
from kinship_reference import Kinship


def auc(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    return float((np.sum(pos[:, None] > neg[None, :]) + 0.5 * np.sum(pos[:, None] == neg[None, :]))
                 / (len(pos) * len(neg)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bootstrap', type=int, default=1000)
    ap.add_argument('--prompts', default='all', help="'all' or 'half:SEED' (a random half of the prompts)")
    ap.add_argument('--providers', default=None, help='comma-separated (default: both of labels.json)')
    ap.add_argument('--json', default=None)
    ap.add_argument('--views', default='both', help='both, shape or lexical')
    ap.add_argument('--quiet', action='store_true')
    a = ap.parse_args()
    labels, answers = devset.load()
    if a.prompts.startswith('half:'):
        rng = np.random.default_rng(int(a.prompts[5:]))
        keep = set(rng.permutation(805)[:402].tolist())
        answers = {m: [t for i, t in enumerate(v) if i in keep] for m, v in answers.items()}
    panel = labels['panel']['models']
    providers = a.providers.split(',') if a.providers else labels['providers']
    students = {p: [d['student'] for d in labels['distilled'] if d['teacher'] == p] for p in providers}
    report = {}
    pos, neg = [], []
    for prov in providers:
        t0 = time.time()
        res = Kinship(answers, prov, panel, bootstrap=a.bootstrap, views=a.views).run()
        report[prov] = res
        by = {r['label']: r for r in res}
        print('provider %s (panel %d, %d prompts, %.1f s)' % (prov, len(panel), by[panel[0]]['prompts'], time.time() - t0))
        print('  %-28s %-8s %7s %7s %7s %15s %6s %6s %s' % ('model', 'role', 'shape', 'lexical', 'z', 'score [95%]', 'p', 'flag', ''))
        for r in ([] if a.quiet else sorted(res, key=lambda r: -r['score'])):
            role = 'student' if r['label'] in students[prov] else ('panel' if r['in_panel'] else 'other')
            print('  %-28s %-8s %7.3f %7.3f %7.2f %6.2f [%5.2f,%5.2f] %6.3f %6s' % (
                r['label'], role, r['shape'], r['lexical'], r['z'], r['score'], r['interval'][0], r['interval'][1],
                r['p'], 'FLAG' if r['flagged'] else ''))
        ps = [by[s]['score'] for s in students[prov]]
        ns = [by[q]['score'] for q in panel]
        pos += ps
        neg += ns
        print('  AUC(score, students vs panel left out) = %.3f' % auc(ps, ns))
    flagged = sum(r['flagged'] for prov in providers for r in report[prov] if r['in_panel'])
    p05 = sum(r['p'] <= 0.05 for prov in providers for r in report[prov] if r['in_panel'])
    pg05 = sum(r['p_gaussian'] <= 0.05 for prov in providers for r in report[prov] if r['in_panel'])
    nneg = len(neg)
    print('ALL: AUC %.3f (%d students x %d panel-left-out); flagged panel %d/%d = %.1f%%; p<=0.05 panel %d/%d = %.1f%%; '
          'students flagged %d/%d; min student score %.2f, max panel score %.2f' % (
              auc(pos, neg), len(pos), nneg, flagged, nneg, 100.0 * flagged / nneg, p05, nneg, 100.0 * p05 / nneg,
              sum(r['flagged'] for prov in providers for r in report[prov] if r['label'] in students[prov]), len(pos),
              min(pos), max(neg)))
    print('     p_gaussian<=0.05 on panel left out %d/%d = %.1f%% (the empirical p cannot fall below 1/(n+1) = %.3f with %d references)' % (
        pg05, nneg, 100.0 * pg05 / nneg, 1.0 / len(panel), len(panel) - 1))
    if a.json:
        def clean(r):
            return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in r.items()}
        json.dump({p: [clean(r) for r in res] for p, res in report.items()}, open(a.json, 'w'))


if __name__ == '__main__':
    main()
