# SPDX-License-Identifier: GPL-3.0-or-later
"""Study: can a variant of the kinship measure flag documented students at the 1% level without
flagging panel members? Variants, all scored as the analysis scores (panel members left out,
each member's consensus without itself), judged by the calibrated score's AUC (students vs panel
members left out), students and panel members flagged at score >= 2.326, and a
leave-one-pair-out choice of the variant (the variant with the best AUC on four pairs ranks the
fifth student against its provider's panel members left out):
  main           the documented measure: shape and lexical views, robust z, RobustZNull score
  t-prediction   the same views; the score from the classical prediction interval of a new
                 draw against the references, (x - mean) / (sd sqrt(1 + 1/n)) ~ t(n-1) (exact
                 under a normal null and more efficient than the median/MAD z)
  three-VIEW     a third view added to the two: the model-level residual profile, the
                 correlation over all n-grams of the log document frequencies of the provider
                 and of the model, each minus the consensus of the references (char 3-grams,
                 char 4-grams, word unigrams)

  /usr/bin/python3 bench/forensics/explore_lopo.py      (about 4 minutes; caches in /tmp)"""
import os
import pickle

import numpy as np
from scipy import stats

import devset
import features_cache
from kinship_reference import Kinship, NullCalibration, robust_scale, robust_z
from robustness import values

CACHE = '/tmp/lineage_forensics_lopo_values.pkl'
FLAG = 2.326


def auc(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    return float((np.sum(pos[:, None] > neg[None, :]) + 0.5 * np.sum(pos[:, None] == neg[None, :]))
                 / (len(pos) * len(neg)))


def view_values(answers, panel, providers):
    """[provider][model] -> (shape, lexical) of the model and its references (model first)."""
    if os.path.exists(CACHE):
        return pickle.load(open(CACHE, 'rb'))
    out = {}
    for prov in providers:
        k = Kinship(answers, prov, panel, bootstrap=0)
        out[prov] = {m: values(k, m, np.arange(k.K)) for m in answers if m != prov}
    pickle.dump(out, open(CACHE, 'wb'))
    return out


def standardized(views):
    return sum((v - robust_scale(v[1:])[0]) / robust_scale(v[1:])[1] for v in views) / len(views)


def main():
    labels, answers = devset.load()
    panel = labels['panel']['models']
    providers = labels['providers']
    students = {p: [d['student'] for d in labels['distilled'] if d['teacher'] == p] for p in providers}
    V = view_values(answers, panel, providers)
    nulls = {n: NullCalibration(n, 20000, 20240601) for n in (len(panel) - 1, len(panel))}
    F = features_cache.get()
    models, P = F['models'], len(F['keys'])
    idx = {m: i for i, m in enumerate(models)}

    def log_df(name):
        X = F[name]
        C = np.vstack([np.asarray((X[i * P:(i + 1) * P] > 0).sum(axis=0)).ravel() for i in range(len(models))])
        C = C.astype(float)
        return np.log((C + 0.5) / (C.sum(axis=1, keepdims=True) + 0.5 * C.shape[1]))

    def profile(L, prov, x, refs):
        c = L[[idx[q] for q in refs]].mean(axis=0)
        dp, dx = L[idx[prov]] - c, L[idx[x]] - c
        dp, dx = dp - dp.mean(), dx - dx.mean()
        return float(dp @ dx / np.sqrt((dp @ dp) * (dx @ dx)))

    S = {}
    for variant in ['main', 't-prediction', 'three-char3', 'three-char4', 'three-word']:
        L = log_df(variant[6:]) if variant.startswith('three') else None
        S[variant] = {}
        for prov in providers:
            S[variant][prov] = {}
            for m, (shp, lex) in V[prov].items():
                refs = [q for q in panel if q != m]
                views = [np.asarray(shp), np.asarray(lex)]
                if L is not None:
                    views.append(np.array([profile(L, prov, x, [q for q in refs if q != x]) for x in [m] + refs]))
                c = standardized(views)
                if variant == 't-prediction':
                    r, n = c[1:], len(refs)
                    t = (c[0] - r.mean()) / (r.std(ddof=1) * np.sqrt(1 + 1 / n))
                    s = float(stats.norm.isf(stats.t.sf(t, n - 1)))
                else:
                    s = nulls[len(refs)].score(robust_z(c[0], c[1:]))
                S[variant][prov][m] = s
    pairs = [(p, s) for p in providers for s in students[p]]
    print('%-13s %6s %9s %9s  %-34s %s' % ('variant', 'AUC', 'students', 'panel', 'student scores', 'top panel scores'))
    for v, sv in S.items():
        pos = [sv[p][s] for p, s in pairs]
        neg = [sv[p][q] for p in providers for q in panel]
        print('%-13s %6.3f %6d/%d %6d/%d  %-34s %s' % (
            v, auc(pos, neg), sum(x >= FLAG for x in pos), len(pos), sum(x >= FLAG for x in neg), len(neg),
            ' '.join('%.2f' % x for x in pos), ' '.join('%.2f' % x for x in sorted(neg)[-3:])))
        top = max(((p, q) for p in providers for q in panel), key=lambda pq: sv[pq[0]][pq[1]])
        print('%13s highest panel member: %s against %s' % ('', top[1], top[0]))
    print('leave-one-pair-out choice of the variant:')
    held = []
    for hp, hs in pairs:
        best = max(S, key=lambda v: auc([S[v][p][s] for p, s in pairs if s != hs],
                                        [S[v][p][q] for p in providers for q in panel]))
        a = auc([S[best][hp][hs]], [S[best][hp][q] for q in panel])
        held.append((a, S[best][hp][hs] >= FLAG))
        print('  %-26s chosen %-13s score %5.2f  AUC against its provider\'s panel %.3f' % (hs, best, S[best][hp][hs], a))
    main_auc = np.mean([auc([S['main'][p][s]], [S['main'][p][q] for q in panel]) for p, s in pairs])
    print('  mean held-out AUC %.3f (main alone %.3f), held-out students flagged %d/%d' % (
        np.mean([h[0] for h in held]), main_auc, sum(h[1] for h in held), len(held)))


if __name__ == '__main__':
    main()
